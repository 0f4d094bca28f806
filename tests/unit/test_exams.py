"""Exam files: validated with file:line errors, drawn by seed, scored 200-800."""

import pytest

from maillab import exams
from maillab.errors import LabFileError, LabNotFound


def test_every_exam_loads_with_two_or_more_tasks_of_its_server():
    found = exams.load_all()
    assert {exam.id for exam in found} >= {"dovecot", "courier", "postfix"}
    for exam in found:
        assert exam.draw >= 2
        assert all(lab.server == exam.server for lab in exam.labs.values())


def test_a_seed_draws_the_same_tasks_and_never_two_of_a_group():
    exam = exams.load("dovecot")
    assert exam.drawn(7) == exam.drawn(7)
    draws = {tuple(exam.drawn(seed)) for seed in range(200)}
    assert len(draws) > 1
    for draw in draws:
        assert len(draw) == exam.draw
        assert not {"dovecot-maildir", "dovecot-mbox"} <= set(draw)
        assert list(draw) == [t.lab for t in exam.tasks if t.lab in draw]


def test_combinations_take_one_of_each_group():
    combos = exams.load("courier").combinations()
    assert len(combos) == 3
    assert all({"courier-aliases", "courier-pop"} <= set(combo) for combo in combos)


@pytest.mark.parametrize(("points", "scaled"), [(0, 200), (100, 400), (150, 500), (300, 800)])
def test_scaled_score(points, scaled):
    assert exams.Scored(points, 300).scaled == scaled


def _write(tmp_path, text):
    path = tmp_path / "exams" / "broken.yaml"
    path.parent.mkdir()
    path.write_text(text)
    return path


BASE = "id: broken\ntitle: t\nserver: dovecot\nminutes: 30\npass_mark: 500\n"


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ("draw: 2\ntasks:\n  - {lab: dovecot-ssl}\n  - {lab: nosuch-lab}\n", 9, "no lab named"),
        ("draw: 2\ntasks:\n  - {lab: dovecot-ssl}\n  - {lab: courier-pop}\n", 9, "is a courier lab"),
        ("draw: 3\ntasks:\n  - {lab: dovecot-ssl}\n  - {lab: dovecot-pam}\n", 1, "cannot be drawn"),
        ("draw: 1\ntasks:\n  - {lab: dovecot-ssl}\n  - {lab: dovecot-pam}\n", 6, "draw"),
    ],
)
def test_broken_exam_file_names_file_and_line(tmp_path, body, where, words):
    path = _write(tmp_path, BASE + body)
    with pytest.raises(LabFileError) as error:
        exams.load_file(path)
    assert f"{path}:{where}:" in str(error.value) and words in str(error.value)


def test_unknown_exam_names_the_closest():
    with pytest.raises(LabNotFound, match="did you mean dovecot"):
        exams.load("dovecott")


def test_a_sitting_is_one_lab_of_every_drawn_task():
    exam = exams.load("postfix")
    lab = exam.sitting_lab(["postfix-basics", "postfix-relay"])
    basics, relay = exam.labs["postfix-basics"], exam.labs["postfix-relay"]
    assert lab.id == "exam-postfix" and lab.restart == ["postfix"]
    assert [c.id for c in lab.checks] == [f"postfix-basics-{c.id}" for c in basics.checks] + [
        f"postfix-relay-{c.id}" for c in relay.checks
    ]
    assert lab.setup_script == ["# postfix-basics", *basics.setup_script, "# postfix-relay", *relay.setup_script]


def test_exam_archive_names_exam_seed_and_tasks(tmp_path):
    from maillab.instructor import archive, submissions
    from tests import hostile

    source = hostile.source_tar({"etc/postfix/main.cf": (b"myhostname = mail.example.lab\n", 0o644)})
    seat = {"exam": "postfix", "seed": 5, "tasks": ["postfix-basics", "postfix-relay"]}
    data, _ = archive.pack(source, "exam-postfix", "x", "ann", sitting=seat)
    path = tmp_path / "ann.tar.gz"
    path.write_bytes(data)
    sub = submissions.read(path)
    assert (sub.lab.id, sub.manifest.seed, sub.manifest.tasks) == ("exam-postfix", 5, seat["tasks"])
    forged, _ = archive.pack(source, "exam-postfix", "x", "ann", sitting={**seat, "tasks": ["dovecot-ssl"]})
    path.write_bytes(forged)
    with pytest.raises(submissions.Invalid, match="has no such sitting"):
        submissions.read(path)


def test_exam_result_json_shape_and_exit_status():
    from maillab import grader
    from maillab.sitting import ExamResult, TaskResult

    exam = exams.load("postfix")
    lab = exam.labs["postfix-relay"]

    def result(passed):
        checks = [
            grader.CheckResult(c.id, c.title, passed, c.points if passed else 0, c.points, "seen") for c in lab.checks
        ]
        return grader.Result(lab.id, checks)

    tasks = [TaskResult(lab, result(True), 100), TaskResult(lab, result(False), 100)]
    graded = ExamResult(exam, 3, tasks, 600.4)
    shown = graded.to_dict()
    assert list(shown) == ["exam", "seed", "scaled", "pass_mark", "passed", "time_used", "tasks"]
    assert (shown["scaled"], shown["passed"], shown["time_used"], graded.exit_status) == (500, True, 600, 0)
    assert list(shown["tasks"][1]) == ["lab", "passed", "points", "max_points", "checks"]
    assert shown["tasks"][1]["points"] == 0 and not shown["tasks"][1]["passed"]
    assert ExamResult(exam, 3, tasks[1:], 1).exit_status == 1
