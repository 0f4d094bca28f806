"""What one check returns: passed or failed, with a message naming what it saw."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check and the evidence behind it."""

    passed: bool
    message: str


def passed(message: str) -> Outcome:
    """A passing outcome, e.g. ``passed("logged in as student over IMAPS")``."""
    return Outcome(True, message)


def failed(message: str) -> Outcome:
    """A failing outcome that says what was wrong, e.g. ``failed("ssl = no in 10-ssl.conf")``."""
    return Outcome(False, message)
