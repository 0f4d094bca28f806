"""Pure quiz logic: parse a reply, judge it, draw questions, scale an exam score."""

import random
import re
from collections import defaultdict

from maillab.quiz.model import Question

OBJECTIVE_WEIGHTS = {"211.1": 4, "211.2": 2, "211.3": 2}
PASS_FRACTION = 0.65


ASSIGNMENT = re.compile(r"^([A-Za-z_][\w.]*)(\s*)=(\s*)(.*)$")
QUOTES = ('"', "'", "`")


def _unquoted(text: str) -> str:
    """Text without one pair of quotes or backticks around all of it."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in QUOTES:
        return text[1:-1].strip()
    return text


def fill_form(text: str, ignore_case: bool = False) -> tuple[str, bool]:
    """A fill reply (or accepted spelling) as it is compared, and whether it has spaces around its `=`.

    Runs of spaces count as one; quotes or backticks around the whole reply, or around a setting's
    value, are dropped; a path's trailing slash is dropped. `ignore_case` folds the case of the value
    of `name = value` (a setting's name keeps its case) or of the whole reply.
    """
    text = _unquoted(" ".join(text.split()))
    text = re.sub(r"(?<=[^\s/])/(?=\s|$)", "", text)
    match = ASSIGNMENT.match(text)
    if not match:
        return (text.casefold() if ignore_case else text), False
    name, before, after, value = match.groups()
    value = _unquoted(value)
    return f"{name}={value.casefold() if ignore_case else value}", bool(before or after)


def letters(reply: str) -> str:
    """A choice reply as it is compared: its letters, sorted, without spaces or commas."""
    return "".join(sorted({c for c in reply.lower() if not c.isspace() and c != ","}))


def is_correct(question: Question, reply: str) -> bool:
    """Right or wrong. A fill reply matches an accepted spelling in `fill_form`; spaces around `=` are
    allowed where the spelling has them (Dovecot's `name = value`), not where it has none (a shell
    variable, `NAME=value`)."""
    if question.type != "fill":
        return letters(reply) == question.answer
    given, spaced = fill_form(reply, question.ignore_case)
    for accepted in question.accepted:
        form, accepted_spaced = fill_form(accepted, question.ignore_case)
        if given == form and (accepted_spaced or not spaced):
            return True
    return False


def shown_answer(question: Question) -> str:
    """The right answer as a student reads it."""
    if question.type == "fill":
        return " or ".join(f"`{a}`" for a in question.accepted)
    return ", ".join(f"{letter}) {question.choices[ord(letter) - 97]}" for letter in question.accepted[0])


def draw(questions: list[Question], count: int, seed: int | None, topic: str | None = None) -> list[Question]:
    """`count` questions at random (reproducible with `seed`), optionally only those on `topic`."""
    pool = [q for q in questions if topic is None or _on_topic(q, topic)]
    rng = random.Random(seed)
    return rng.sample(pool, min(count, len(pool)))


def _on_topic(question: Question, topic: str) -> bool:
    wanted = topic.lower()
    return any(wanted in t.lower() for t in question.topics) or question.objective == topic


def exam_scope(objective: str | None = None) -> str:
    """What a mock exam stands for: LPIC-2 topic 211 by the objectives' weights, never the whole 202 exam."""
    weights = ", ".join(f"{o}: {w}" for o, w in OBJECTIVE_WEIGHTS.items())
    scope = f"A mock of LPIC-2 topic 211, e-mail services (weights {weights}), not of the whole 202 exam"
    if objective:
        return f"{scope}; narrowed to objective {objective} (weight {OBJECTIVE_WEIGHTS[objective]})."
    return f"{scope}: questions are drawn by those weights."


def exam_draw(questions: list[Question], count: int, seed: int | None) -> list[Question]:
    """An exam paper: objectives share `count` by their LPI weight, topics take turns within each."""
    rng = random.Random(seed)
    by_objective: dict[str, list[Question]] = defaultdict(list)
    for question in questions:
        by_objective[question.objective].append(question)
    weights = {o: OBJECTIVE_WEIGHTS.get(o, 1) for o in by_objective}
    total = sum(weights.values())
    shares = {o: min(len(by_objective[o]), count * w // total) for o, w in weights.items()}
    for objective in sorted(weights, key=lambda o: -weights[o]):
        while sum(shares.values()) < count and shares[objective] < len(by_objective[objective]):
            shares[objective] += 1
    paper: list[Question] = []
    for objective in sorted(by_objective):
        paper += _topic_turns(by_objective[objective], shares[objective], rng)
    rng.shuffle(paper)
    return paper


def _topic_turns(questions: list[Question], count: int, rng: random.Random) -> list[Question]:
    by_topic: dict[str, list[Question]] = defaultdict(list)
    for question in questions:
        by_topic[question.topics[0]].append(question)
    for group in by_topic.values():
        rng.shuffle(group)
    order = sorted(by_topic)
    rng.shuffle(order)
    chosen: list[Question] = []
    while len(chosen) < count:
        for topic in order:
            if by_topic[topic] and len(chosen) < count:
                chosen.append(by_topic[topic].pop())
    return chosen


def scaled(correct: int, total: int) -> int:
    """LPI-style scaled score 200..800; PASS_FRACTION of the questions right maps to 500."""
    if total <= 0:
        return 200
    fraction = correct / total
    if fraction <= PASS_FRACTION:
        return round(200 + 300 * fraction / PASS_FRACTION)
    return round(500 + 300 * (fraction - PASS_FRACTION) / (1 - PASS_FRACTION))


def passed(score: int) -> bool:
    return score >= 500
