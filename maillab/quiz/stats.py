"""Counts of the banks and the student's mastery per objective and per topic, from the fsrs cards."""

from collections import Counter
from typing import Any

from maillab.console import Env
from maillab.quiz import history, scheduler
from maillab.quiz.model import Question

BAR_WIDTH = 20


def collect(questions: list[Question]) -> dict[str, Any]:
    """{"questions", "by_type", "by_objective", "by_topic", "mastery", "mastery_by_objective", "due"}; mastery
    is the mean chance of recalling a question now, 0..1 (a question never answered counts 0)."""
    now = scheduler.utcnow()
    cards = history.cards()
    known = {q.id for q in questions}
    recall = {q.id: scheduler.retrievability(cards[q.id], now) if q.id in cards else 0.0 for q in questions}
    by_topic: Counter[str] = Counter(t for q in questions for t in q.topics)
    by_objective: Counter[str] = Counter(q.objective for q in questions)
    topic_recall: Counter[str] = Counter()
    objective_recall: Counter[str] = Counter()
    for question in questions:
        objective_recall[question.objective] += recall[question.id]
        for topic in question.topics:
            topic_recall[topic] += recall[question.id]
    return {
        "questions": len(questions),
        "by_type": dict(sorted(Counter(q.type for q in questions).items())),
        "by_objective": dict(sorted(by_objective.items())),
        "by_topic": dict(sorted(by_topic.items())),
        "mastery": {topic: round(topic_recall[topic] / count, 3) for topic, count in sorted(by_topic.items())},
        "mastery_by_objective": {o: round(objective_recall[o] / n, 3) for o, n in sorted(by_objective.items())},
        "due": len([qid for qid in history.due(now) if qid in known]),
    }


def render(data: dict[str, Any], env: Env) -> None:
    """Two tables, by objective then by topic, each row with a bar of its mastery."""
    kinds = ", ".join(f"{count} {kind}" for kind, count in data["by_type"].items())
    env.out.print(f"[bold]{data['questions']} questions[/] ({kinds}); {data['due']} due for review")
    env.out.print(_table("mastery by objective", "Objective", data["by_objective"], data["mastery_by_objective"]))
    env.out.print(_table("mastery by topic", "Topic", data["by_topic"], data["mastery"]))


def _table(title: str, heading: str, counts: dict[str, int], mastery: dict[str, float]) -> Any:
    from rich.bar import Bar
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in (heading, "Questions", "Mastery", ""):
        table.add_column(column, justify="right" if column in ("Questions", "Mastery") else "left")
    for name, count in counts.items():
        share = mastery[name]
        table.add_row(name, str(count), f"{share:.0%}", Bar(size=1.0, begin=0.0, end=share, width=BAR_WIDTH))
    return table
