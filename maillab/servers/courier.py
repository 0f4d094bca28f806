"""Courier's code (see containers/courier/server.yaml)."""

import re
import shlex
from typing import Any

# --- quiz claims ---
# What the quiz's claims ask of Courier (maillab/quiz/claims.py, ClaimCode): a variable of one of its
# shell-style files (/etc/courier/imapd and the like), present or commented out, and the value it is set to.


def claim_problem(claim: Any) -> str | None:
    """A Courier setting claim names the file that holds it; Courier has no table of built-in defaults."""
    if claim.setting is not None and not claim.file:
        return "a Courier setting claim names the file that holds it (file:)"
    if claim.default is not None:
        return "Courier has no table of built-in defaults: claim the value its file sets (value:)"
    return None


def claim_shell(claim: Any) -> list[str]:
    """Whether the file names the variable (set or commented out), then the last value it sets."""
    name, path = re.escape(claim.setting), shlex.quote(claim.file)
    return [
        f"grep -Eq '^#* *{name}=' {path} && echo exists || echo missing",
        f"sed -n 's/^{name}=//p' {path} | tail -n 1",
    ]


def claim_verdict(claim: Any, lines: list[str], sections: dict[str, list[str]]) -> tuple[bool, str]:
    """(holds, what was seen) for a variable of a shell-style file."""
    first = lines[0] if lines else "no output"
    exists = first == "exists"
    if exists != claim.exists:
        return False, f"{claim.file} has {claim.setting} {first}"
    value = lines[1].strip("\"'") if len(lines) > 1 else ""
    if claim.value is not None and value != claim.value:
        return False, f"{claim.file} sets {claim.setting}={value}"
    return True, f"{claim.setting}={value}"
