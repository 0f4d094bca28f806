"""Counts of the banks and the student's mastery per topic, from the fsrs cards."""

from collections import Counter
from typing import Any

from maillab.console import Env
from maillab.quiz import history, scheduler
from maillab.quiz.model import Question


def collect(questions: list[Question]) -> dict[str, Any]:
    """{"questions", "by_type", "by_objective", "by_topic", "mastery", "due"} (mastery: mean recall 0..1)."""
    now = scheduler.utcnow()
    cards = history.cards()
    known = {q.id for q in questions}
    by_topic: Counter[str] = Counter(t for q in questions for t in q.topics)
    recall: Counter[str] = Counter()
    for question in questions:
        if question.id in cards:
            chance = scheduler.retrievability(cards[question.id], now)
            for topic in question.topics:
                recall[topic] += chance
    return {
        "questions": len(questions),
        "by_type": dict(sorted(Counter(q.type for q in questions).items())),
        "by_objective": dict(sorted(Counter(q.objective for q in questions).items())),
        "by_topic": dict(sorted(by_topic.items())),
        "mastery": {topic: round(recall[topic] / count, 3) for topic, count in sorted(by_topic.items())},
        "due": len([qid for qid in history.due(now) if qid in known]),
    }


def render(data: dict[str, Any], env: Env) -> None:
    from rich.table import Table

    kinds = ", ".join(f"{count} {kind}" for kind, count in data["by_type"].items())
    env.out.print(f"[bold]{data['questions']} questions[/] ({kinds}); {data['due']} due for review")
    table = Table(title="mastery by topic", title_justify="left")
    for column in ("Topic", "Questions", "Mastery"):
        table.add_column(column)
    for topic, count in data["by_topic"].items():
        mastery = data["mastery"][topic]
        table.add_row(topic, str(count), f"{mastery:.0%}")
    env.out.print(table)
