"""Quiz logic without a terminal: answers, scaling, drawing, scheduling on a fake clock, GIFT escaping."""

import io
from datetime import UTC, datetime, timedelta

import pytest

from maillab.console import Env
from maillab.quiz import gift, history, model, scheduler, scoring
from maillab.quiz.session import Session

SINGLE = model.Question("q-single", "single", "Pick one", "b", "because", "211.3", ["t"], ["x", "y", "z"])
MULTI = model.Question("q-multi", "multi", "Pick two", "ac", "because", "211.3", ["t"], ["x", "y", "z"])
FILL = model.Question("q-fill", "fill", "Type it", ["doveconf -n", "dovecot -n"], "because", "211.3", ["t"])
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
SETTING = model.Question(
    "q-setting", "fill", "Type it", ["mail_location = maildir:~/Maildir"], "because", "211.3", ["t"]
)
SHELL = model.Question("q-shell", "fill", "Type it", ["IMAP_TLS_REQUIRED=1"], "because", "211.3", ["t"])
MECHANISMS = model.Question(
    "q-mechs", "fill", "Type it", ["auth_mechanisms = plain login"], "because", "211.3", ["t"], ignore_case=True
)
FOLDER = model.Question("q-folder", "fill", "Type it", ["/etc/courier"], "because", "211.3", ["t"])


@pytest.mark.parametrize(
    ("question", "reply", "correct"),
    [
        (SINGLE, "b", True),
        (SINGLE, " B ", True),
        (SINGLE, "a", False),
        (SINGLE, "ab", False),
        (SINGLE, "", False),
        (MULTI, "ac", True),
        (MULTI, "ca", True),
        (MULTI, "a, c", True),
        (MULTI, "a", False),
        (MULTI, "abc", False),
        (FILL, "doveconf -n", True),
        (FILL, "  dovecot   -n ", True),
        (FILL, "doveconf", False),
        (FILL, "DOVECONF -N", False),
        (SETTING, "mail_location=maildir:~/Maildir", True),
        (SETTING, 'mail_location = "maildir:~/Maildir"', True),
        (SETTING, "`mail_location   =  maildir:~/Maildir`", True),
        (SETTING, "mail_location = maildir:~/maildir", False),
        (SETTING, "Mail_Location = maildir:~/Maildir", False),
        (SHELL, "IMAP_TLS_REQUIRED=1", True),
        (SHELL, "IMAP_TLS_REQUIRED = 1", False),
        (SHELL, 'IMAP_TLS_REQUIRED="1"', True),
        (MECHANISMS, "auth_mechanisms = PLAIN LOGIN", True),
        (MECHANISMS, "AUTH_MECHANISMS = plain login", False),
        (MECHANISMS, "auth_mechanisms = plain,login", False),
        (FOLDER, "/etc/courier/", True),
        (FOLDER, "/ETC/COURIER", False),
    ],
)
def test_replies_are_judged(question, reply, correct):
    assert scoring.is_correct(question, reply) is correct


def test_scaled_score_runs_200_to_800_with_500_at_the_pass_mark():
    assert scoring.scaled(0, 60) == 200
    assert scoring.scaled(60, 60) == 800
    assert scoring.scaled(39, 60) == 500  # 65 %
    assert scoring.passed(scoring.scaled(39, 60)) and not scoring.passed(scoring.scaled(38, 60))
    scores = [scoring.scaled(n, 60) for n in range(61)]
    assert scores == sorted(scores)


def test_exam_paper_is_60_distinct_questions_spread_over_topics():
    questions = model.questions()
    paper = scoring.exam_draw(questions, 60, seed=3)
    assert len({q.id for q in paper}) == 60
    first_topics = {q.topics[0] for q in paper}
    assert len(first_topics) >= 0.8 * len({q.topics[0] for q in questions})
    assert [q.id for q in scoring.exam_draw(questions, 60, seed=3)] == [q.id for q in paper]


def test_exam_shares_follow_objective_weights():
    make = lambda i, objective: model.Question(f"q{i}", "fill", "p", ["a"], "e", objective, ["t"])  # noqa: E731
    pool = [make(i, "211.1") for i in range(50)] + [make(i + 50, "211.3") for i in range(50)]
    paper = scoring.exam_draw(pool, 30, seed=1)
    assert sum(q.objective == "211.1" for q in paper) == 20  # weights 4 : 2


def test_practice_draw_filters_by_topic_and_is_reproducible():
    questions = model.questions()
    drawn = scoring.draw(questions, 5, seed=7, topic="courier")
    assert len(drawn) == 5 and all(any("courier" in t for t in q.topics) for q in drawn)
    assert drawn == scoring.draw(questions, 5, seed=7, topic="courier")


def test_wrong_answers_come_back_sooner_than_right_ones():
    _, due_wrong = scheduler.review(None, False, 5, T0)
    _, due_right = scheduler.review(None, True, 5, T0)
    assert due_wrong - T0.timestamp() == 600
    assert due_right - T0.timestamp() >= 86400


def test_slow_right_answer_comes_back_sooner_than_a_quick_one():
    _, due_slow = scheduler.review(None, True, scheduler.SLOW_SECONDS + 1, T0)
    _, due_quick = scheduler.review(None, True, 5, T0)
    assert due_slow < due_quick


def test_slow_right_answer_is_rated_hard():
    from fsrs import Rating

    assert scheduler.rating(True, scheduler.SLOW_SECONDS + 1) == Rating.Hard
    assert scheduler.rating(True, 3) == Rating.Good
    assert scheduler.rating(False, 3) == Rating.Again


def test_known_card_moves_days_ahead_after_repeated_right_answers():
    card, due = None, T0.timestamp()
    now = T0
    for _ in range(4):
        card, due = scheduler.review(card, True, 5, now)
        now = datetime.fromtimestamp(due, UTC)
    assert due - T0.timestamp() > 3 * 86400
    assert 0.0 < scheduler.retrievability(card, now + timedelta(days=30)) < 1.0


def test_history_makes_a_missed_question_due_on_a_fake_clock():
    history.record("s1", "practice", "q-missed", "a", False, 4.0, now=T0)
    history.record("s1", "practice", "q-known", "b", True, 4.0, now=T0)
    assert history.due(T0) == []
    assert history.due(T0 + timedelta(minutes=11)) == ["q-missed"]
    assert set(history.due(T0 + timedelta(days=60))) == {"q-missed", "q-known"}
    assert [row["question"] for row in history.answers("s1")] == ["q-missed", "q-known"]


class SlowReader(io.StringIO):
    """stdin of a student who takes 60 s per answer, on a fake clock."""

    def __init__(self, text: str, now: list[float]):
        super().__init__(text)
        self.now = now

    def readline(self, *args) -> str:  # type: ignore[override]
        self.now[0] += 60
        return super().readline(*args)


def test_exam_stops_when_time_is_up():
    now = [0.0]
    env = Env(stdin=SlowReader("b\nac\ndoveconf -n\n", now), stdout_file=io.StringIO(), colour=False)
    sitting = Session(env, "exam", feedback=False, clock=lambda: now[0])
    sitting.deadline = 100
    answered = sitting.run([SINGLE, MULTI, FILL])
    assert [a.question.id for a in answered] == ["q-single"]
    assert sitting.ended_early == "time ran out before that answer"
    assert "time left 00:40" in env.stdout_file.getvalue()


TRICKY = model.Question(
    "tricky-gift",
    "single",
    "In `a = {b}` what does ~/x: #1 mean? Path C:\\dir",
    "a",
    "Escapes: = ~ # { } : and \\ must not break GIFT.",
    "211.3",
    ["t"],
    ["x = {y}", "~tilde", "#hash: colon"],
)


def test_gift_escapes_every_special_character():
    text = gift.question(TRICKY)
    assert "::tricky-gift::In `a \\= \\{b\\}` what does \\~/x\\: \\#1 mean? Path C\\:\\\\dir {" in text
    assert "\t=x \\= \\{y\\}" in text
    assert "\t~\\~tilde" in text
    assert "\t~\\#hash\\: colon" in text
    assert "####Escapes\\: \\= \\~ \\# \\{ \\} \\: and \\\\ must not break GIFT." in text
    body = text.split("::tricky-gift::", 1)[1]
    unescaped = [c for i, c in enumerate(body) if c in "{}" and body[i - 1] != "\\"]
    assert unescaped == ["{", "}"], "only the answer block's own braces stay unescaped"


def test_gift_multi_weights_and_fill_spellings():
    multi = gift.question(MULTI)
    assert "\t~%50%x" in multi and "\t~%-100%y" in multi and "\t~%50%z" in multi
    fill = gift.question(FILL)
    assert "\t=doveconf -n" in fill and "\t=dovecot -n" in fill
