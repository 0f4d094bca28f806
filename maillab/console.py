"""All terminal input and output goes through one Env, so tests can swap in their own."""

import sys
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class Env:
    """The terminal maillab talks to: two rich consoles and whether a person is there."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout_file: TextIO = field(default_factory=lambda: sys.stdout)
    stderr_file: TextIO = field(default_factory=lambda: sys.stderr)
    colour: bool | None = None

    @property
    def interactive(self) -> bool:
        """True when a person can answer questions on stdin."""
        return bool(getattr(self.stdin, "isatty", lambda: False)())

    @property
    def out(self) -> Any:
        if not hasattr(self, "_out"):
            self._out = _console(self.stdout_file, self.colour)
        return self._out

    @property
    def err(self) -> Any:
        if not hasattr(self, "_err"):
            self._err = _console(self.stderr_file, self.colour)
        return self._err

    def say(self, text: str) -> None:
        """A progress or status line for people, on stderr so stdout stays machine-readable."""
        self.err.print(f"[bold cyan]maillab:[/] {text}", highlight=False)

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question; only called when `interactive`."""
        self.err.print(f"{question} [y/N] ", end="")
        answer = self.stdin.readline().strip().lower()
        return answer in ("y", "yes")


def _console(file: TextIO, colour: bool | None) -> Any:
    from rich.console import Console

    if colour is None:
        return Console(file=file, highlight=False, soft_wrap=False)
    return Console(file=file, highlight=False, force_terminal=colour, no_color=not colour)
