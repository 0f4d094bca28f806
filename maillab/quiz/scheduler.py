"""Spaced repetition with fsrs: a wrong or slow answer brings the question back soon."""

from datetime import UTC, datetime, timedelta

AGAIN_AFTER = timedelta(minutes=10)

SLOW_SECONDS = 45.0


def _scheduler():
    from fsrs import Scheduler

    # one short step: a missed question returns in the next session, a known one graduates to days at once
    return Scheduler(enable_fuzzing=False, learning_steps=(AGAIN_AFTER,), relearning_steps=(AGAIN_AFTER,))


def rating(correct: bool, seconds: float):
    """Again when wrong, Hard when right but slow, Good otherwise."""
    from fsrs import Rating

    if not correct:
        return Rating.Again
    return Rating.Hard if seconds > SLOW_SECONDS else Rating.Good


def review(card_json: str | None, correct: bool, seconds: float, now: datetime) -> tuple[str, float]:
    """The card after this answer, as JSON, and when it is next due (a Unix time)."""
    from fsrs import Card

    card = Card.from_json(card_json) if card_json else Card(due=now)
    card, _ = _scheduler().review_card(card, rating(correct, seconds), review_datetime=now)
    return card.to_json(), card.due.timestamp()


def retrievability(card_json: str, now: datetime) -> float:
    """How likely the student still knows the answer now (0..1)."""
    from fsrs import Card

    return float(_scheduler().get_card_retrievability(Card.from_json(card_json), current_datetime=now))


def utcnow() -> datetime:
    return datetime.now(UTC)
