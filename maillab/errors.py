"""Exit statuses and the errors maillab reports to users as one line."""

from enum import IntEnum


class ExitStatus(IntEnum):
    """What `lab` returns to the shell."""

    SUCCESS = 0
    CHECKS_FAILED = 1
    ERROR = 2
    INTERRUPTED = 130


class MaillabError(Exception):
    """An expected problem, shown to the user as one line (no traceback)."""

    status = ExitStatus.ERROR


class UsageError(MaillabError):
    """The command line asks for something that cannot be done."""


class LabNotFound(MaillabError):
    """No lab has the given id."""


class LabFileError(MaillabError):
    """A lab.yaml, quiz bank or other content file is broken."""

    def __init__(self, path: object, line: int | None, problem: str):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.problem = path, line, problem


class EngineError(MaillabError):
    """No container engine answers, or it refused what was asked."""


class NotRunning(MaillabError):
    """The lab has no running container."""


class ConfirmationRequired(MaillabError):
    """A command would discard work and nobody confirmed it."""
