"""Helpers for unit tests: run `lab` in-process and capture what the user sees."""

import io
from dataclasses import dataclass

from maillab.cli import main
from maillab.console import Env


@dataclass
class Ran:
    status: int
    stdout: str
    stderr: str


def run_lab(*argv: str, stdin: str = "") -> Ran:
    """Run `lab ARGV...` with fake terminals; return exit status and output."""
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(stdin), stdout_file=out, stderr_file=err, colour=False)
    status = main(list(argv), env)
    return Ran(int(status), out.getvalue(), err.getvalue())
