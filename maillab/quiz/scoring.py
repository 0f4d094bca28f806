"""Pure quiz logic: parse a reply, judge it, draw questions, scale an exam score."""

import random
from collections import defaultdict

from maillab.quiz.model import Question

OBJECTIVE_WEIGHTS = {"211.1": 4, "211.2": 2, "211.3": 2}
PASS_FRACTION = 0.65


def normalise(question: Question, reply: str) -> str:
    """A reply as it is compared: letters sorted for choices, whitespace collapsed for fill."""
    if question.type == "fill":
        return " ".join(reply.split())
    letters = [c for c in reply.lower() if not c.isspace() and c != ","]
    return "".join(sorted(set(letters)))


def is_correct(question: Question, reply: str) -> bool:
    given = normalise(question, reply)
    if question.type == "fill":
        return given in {" ".join(a.split()) for a in question.accepted}
    return given == question.answer


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
