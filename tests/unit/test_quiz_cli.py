"""`lab quiz ...` end to end: scripted practice and exam on stdin, review, stats, export, a kill mid-session."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from maillab.quiz import cli, history, model, scoring
from tests.helpers import run_lab

LAB = Path(sys.executable).parent / "lab"


def right(question: model.Question) -> str:
    return question.accepted[0]


def wrong(question: model.Question) -> str:
    if question.type == "fill":
        return "no such answer"
    return next(c for c in "abcde" if c not in question.accepted[0])


def test_practice_reads_one_answer_per_line_and_explains(maillab_home):
    drawn = scoring.draw(model.questions(), 3, seed=7)
    lines = [right(drawn[0]), wrong(drawn[1]), right(drawn[2])]
    ran = run_lab("quiz", "practice", "--count", "3", "--seed", "7", stdin="\n".join(lines) + "\n")
    assert ran.status == 0, ran.stderr
    assert ran.stdout.count("Correct.") == 2 and ran.stdout.count("Wrong.") == 1
    assert f"Question 1/3 {drawn[0].id}" in ran.stdout
    assert f"Practise this in `lab start {drawn[1].lab}`" in ran.stdout
    assert "2/3 correct." in ran.stdout
    database = sqlite3.connect(maillab_home / "maillab.sqlite3")
    rows = database.execute("SELECT question, correct FROM quiz_answers ORDER BY id").fetchall()
    assert rows == [(drawn[0].id, 1), (drawn[1].id, 0), (drawn[2].id, 1)]


def test_practice_with_the_documented_pipe_runs_the_real_command(maillab_home):
    env = {**os.environ, "MAILLAB_HOME": str(maillab_home)}
    ran = subprocess.run(
        [str(LAB), "quiz", "practice", "--count", "3", "--seed", "7"],
        input="b\nac\ndoveadm\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Question 3/3" in ran.stdout and "correct." in ran.stdout


def test_practice_stops_cleanly_when_input_ends(maillab_home):
    ran = run_lab("quiz", "practice", "--count", "5", "--seed", "1", stdin="a\n")
    assert ran.status == 0
    assert "Stopped after 1 of 5: no more answers on input." in ran.stdout


def test_practice_unknown_topic_is_one_line_error():
    ran = run_lab("quiz", "practice", "--topic", "qmail")
    assert ran.status == 2 and "no question has the topic 'qmail'" in ran.stderr


def test_scripted_exam_all_right_passes_with_800():
    paper = scoring.exam_draw(model.questions(), 60, seed=11)
    ran = run_lab("quiz", "exam", "--seed", "11", stdin="".join(right(q) + "\n" for q in paper))
    assert ran.status == 0, ran.stderr
    assert "Mock exam: 60 questions, 90 minutes" in ran.stdout
    assert "Exam: 60/60 correct, scaled score 800 (500 to pass): PASS" in ran.stdout
    assert "Correct." not in ran.stdout, "no feedback during the exam"
    assert "time left 89:" in ran.stdout


def test_scripted_exam_is_a_mock_of_topic_211_drawn_by_weight():
    paper = scoring.exam_draw(model.questions(), 40, seed=21)
    ran = run_lab("quiz", "exam", "--seed", "21", "--count", "40", stdin="".join(right(q) + "\n" for q in paper))
    assert ran.status == 0, ran.stderr
    assert "mock of LPIC-2 topic 211" in ran.stdout and "not of the whole 202 exam" in ran.stdout
    assert "211.1: 4, 211.2: 2, 211.3: 2" in ran.stdout
    assert "Paper: 211.1: 20 questions, 211.2: 10 questions, 211.3: 10 questions" in ran.stdout
    assert "Exam: 40/40 correct" in ran.stdout


def test_exam_objective_narrows_the_paper():
    questions = [q for q in model.questions() if q.objective == "211.2"]
    paper = scoring.exam_draw(questions, 12, seed=22)
    ran = run_lab(
        "quiz",
        "exam",
        "--objective",
        "211.2",
        "--count",
        "12",
        "--seed",
        "22",
        stdin="".join(wrong(q) + "\n" for q in paper),
    )
    assert "narrowed to objective 211.2 (weight 2)" in ran.stdout
    assert "Paper: 211.2: 12 questions" in ran.stdout
    missed = {q.id for q in model.questions() if f"{q.id}: " in ran.stdout}
    assert missed == {q.id for q in paper} and all(q.objective == "211.2" for q in paper)
    assert run_lab("quiz", "exam", "--objective", "202.1").status == 2
    assert list(cli.OBJECTIVES) == sorted(scoring.OBJECTIVE_WEIGHTS)


def test_scripted_exam_fails_and_reviews_each_miss():
    paper = scoring.exam_draw(model.questions(), 60, seed=12)
    answers = [right(q) if i < 30 else wrong(q) for i, q in enumerate(paper)]
    ran = run_lab("quiz", "exam", "--seed", "12", stdin="\n".join(answers) + "\n")
    assert ran.status == 1
    assert f"Exam: 30/60 correct, scaled score {scoring.scaled(30, 60)} (500 to pass): FAIL" in ran.stdout
    assert "Review of the 30 missed question(s):" in ran.stdout
    for question in paper[30:]:
        assert f"{question.id}: " in ran.stdout


def test_exam_input_ending_early_counts_the_rest_as_wrong():
    paper = scoring.exam_draw(model.questions(), 60, seed=13)
    ran = run_lab("quiz", "exam", "--seed", "13", stdin="".join(right(q) + "\n" for q in paper[:45]))
    assert "unanswered questions count as wrong" in ran.stdout
    assert f"Exam: 45/60 correct, scaled score {scoring.scaled(45, 60)}" in ran.stdout


def test_review_asks_what_is_due_and_stats_show_mastery():
    questions = {q.id: q for q in model.questions()}
    past = datetime.now(UTC) - timedelta(hours=1)
    history.record("old", "practice", "dc-doveadm-who", "when", False, 5, now=past)
    history.record("old", "practice", "dm-maildir-line", "x", False, 5, now=past)
    stats = json.loads(run_lab("quiz", "stats", "--format", "json").stdout)
    assert stats["due"] == 2 and stats["questions"] == len(questions)
    assert set(stats) == {"questions", "by_type", "by_objective", "by_topic", "mastery", "mastery_by_objective", "due"}
    assert all(isinstance(count, int) for count in stats["by_objective"].values())
    assert set(stats["mastery_by_objective"]) == set(stats["by_objective"])
    replies = [right(questions["dc-doveadm-who"]), right(questions["dm-maildir-line"])]
    ran = run_lab("quiz", "review", stdin="\n".join(replies) + "\n")
    assert ran.status == 0 and ran.stdout.count("Correct.") == 2
    assert json.loads(run_lab("quiz", "stats", "--format", "json").stdout)["due"] == 0
    assert "Nothing is due for review" in run_lab("quiz", "review").stdout


def test_mastery_rises_for_a_topic_answered_right():
    before = json.loads(run_lab("quiz", "stats", "--format", "json").stdout)["mastery"]["aliases"]
    history.record("s", "practice", "co-alias-syntax", "x", True, 5)
    after = json.loads(run_lab("quiz", "stats", "--format", "json").stdout)["mastery"]["aliases"]
    assert before == 0 and after > 0


def test_stats_table_shows_a_bar_per_objective_and_topic():
    history.record("s", "practice", "co-alias-syntax", "x", True, 5)
    ran = run_lab("quiz", "stats")
    assert "mastery by objective" in ran.stdout and "mastery by topic" in ran.stdout
    rows = {line.split("│")[1].strip(): line for line in ran.stdout.splitlines() if line.count("│") >= 5}
    assert {"211.1", "211.2", "211.3", "aliases", "sieve"} <= set(rows)
    assert "█" in rows["aliases"] and "█" not in rows["211.1"], (rows["aliases"], rows["211.1"])
    mastery = json.loads(run_lab("quiz", "stats", "--format", "json").stdout)["mastery_by_objective"]
    assert mastery["211.3"] > 0 and mastery["211.1"] == 0


def test_export_gift_writes_every_question(tmp_path):
    out = tmp_path / "bank.gift"
    ran = run_lab("quiz", "export", "--format", "gift", "--out", str(out))
    assert ran.status == 0
    text = out.read_text()
    assert text.count("\n::") + text.startswith("::") == len(model.questions())
    assert "::dc-main-file::" in text


def test_killed_session_keeps_every_answer_given(maillab_home):
    drawn = scoring.draw(model.questions(), 3, seed=5)
    env = {**os.environ, "MAILLAB_HOME": str(maillab_home)}
    process = subprocess.Popen(
        [str(LAB), "quiz", "practice", "--count", "3", "--seed", "5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin and process.stdout
    process.stdin.write(f"{right(drawn[0])}\n{wrong(drawn[1])}\n")
    process.stdin.flush()
    seen = ""
    deadline = time.monotonic() + 30
    while "Question 3/3" not in seen and time.monotonic() < deadline:
        seen += process.stdout.readline()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    database = sqlite3.connect(maillab_home / "maillab.sqlite3")
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = database.execute("SELECT question, correct FROM quiz_answers ORDER BY id").fetchall()
    assert rows == [(drawn[0].id, 1), (drawn[1].id, 0)]
    cards = {row[0] for row in database.execute("SELECT question FROM quiz_cards")}
    assert cards == {drawn[0].id, drawn[1].id}


def test_every_quiz_command_has_help():
    from maillab.cli import build_parser

    verbs = next(a for a in build_parser()._actions if a.dest == "verb")
    quiz = verbs.choices["quiz"]
    commands = next(a for a in quiz._actions if a.dest == "quiz_verb").choices
    assert set(commands) == {"practice", "exam", "review", "stats", "validate", "export"}
    assert all(sub.description for sub in commands.values())


def test_count_below_one_is_a_usage_error():
    assert run_lab("quiz", "practice", "--count", "0").status == 2
    assert run_lab("quiz", "exam", "--minutes", "-5").status == 2
