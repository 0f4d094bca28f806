"""Check `debian` claims against a real server image: one shell script per image, judged in Python.

Paths and commands are checked here for every server. Settings and subcommands are the server's
own: its module (maillab/servers/<server>.py) offers them through the functions of `ClaimCode`.
A server without such code still has its path and command claims checked.
"""

import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from maillab import servers
from maillab.quiz.model import Claim, Question

MARK = "@@maillab-claim"


class ClaimCode(Protocol):
    """What a server's module offers the quiz, under its `# --- quiz claims ---` header (all optional)."""

    SUBCOMMAND_TOOLS: tuple[str, ...]  # commands whose subcommands it can check

    def claim_problem(self, claim: Any) -> str | None:
        """Why this server cannot check the claim as written (its settings, subcommands), or None."""
        ...

    def claim_sections(self, claims: list[Claim]) -> dict[str, str]:
        """Shell commands whose output judging these claims needs, run once per image: {section: command}."""
        ...

    def claim_shell(self, claim: Claim) -> list[str]:
        """Shell lines printing what judging this claim needs."""
        ...

    def claim_verdict(self, claim: Claim, lines: list[str], sections: dict[str, list[str]]) -> tuple[bool, str]:
        """(holds, what was seen) for a setting or subcommand claim, from its lines and the sections."""
        ...


@dataclass(frozen=True)
class Verdict:
    question: str
    claim: Claim
    ok: bool
    seen: str


@cache
def lab_server(lab: str) -> str:
    """The server a lab runs (its lab.yaml's `server`)."""
    from maillab import catalog

    return catalog.load(lab).server


def _code(server: str) -> Any:
    return servers.get(server).module


def _own_kind(claim: Any) -> bool:
    """A claim only the server's module can check: a setting or a subcommand."""
    return claim.setting is not None or claim.subcommand is not None


def problem(claim: Any, server: str) -> str | None:
    """Why `server` cannot check `claim`, or None (asked by the schema)."""
    code = _code(server)
    if _own_kind(claim) and not hasattr(code, "claim_verdict"):
        kind = "setting" if claim.setting is not None else "subcommand"
        return f"{server} has no quiz claim code for a {kind} (maillab/servers/{server}.py)"
    tools = getattr(code, "SUBCOMMAND_TOOLS", ())
    if claim.subcommand is not None and claim.command not in tools:
        return f"{server}'s claim code checks the subcommands of {', '.join(tools) or 'no command'} only"
    if hasattr(code, "claim_problem") and claim.system == "debian":
        return code.claim_problem(claim)
    return None


def subcommand_tools() -> set[str]:
    """Every command whose subcommands some server's claim code checks."""
    return {tool for name in servers.names() for tool in getattr(_code(name), "SUBCOMMAND_TOOLS", ())}


def debian_claims(questions: Iterable[Question], server: str, behaviour: bool = False) -> list[tuple[str, Claim]]:
    """(question id, claim) of every claim checked on `server`'s image: behaviours, or every other kind."""
    return [
        (q.id, c)
        for q in questions
        for c in q.claims
        if c.system == "debian" and c.server == server and (c.behaviour is not None) == behaviour
    ]


def script(claims: list[tuple[str, Claim]], server: str) -> str:
    """A POSIX sh script printing one marked section per claim (and the server's shared sections once)."""
    code = _code(server)
    lines = ["exec 2>/dev/null"]
    own = [claim for _, claim in claims if _own_kind(claim)]
    if own and hasattr(code, "claim_sections"):
        for name, command in code.claim_sections(own).items():
            lines += [f"echo '{MARK} {name}'", command]
    for index, (_, claim) in enumerate(claims):
        lines.append(f"echo '{MARK} {index}'")
        if _own_kind(claim):
            lines += code.claim_shell(claim) if hasattr(code, "claim_shell") else []
        elif claim.path:
            path = shlex.quote(claim.path)
            lines.append(f"if test -e {path}; then echo exists; else echo missing; fi")
            if claim.package:
                lines.append(f"dpkg -S {path} | cut -d: -f1 | tr -d ' ' | tr ',' '\\n'")
        elif claim.command:
            lines.append(f"command -v {shlex.quote(claim.command)} || echo missing")
    return "\n".join(lines) + "\n"


def sections(output: str) -> dict[str, list[str]]:
    """The script's output cut at its marks: {section name or claim index: lines}."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in output.splitlines():
        if line.startswith(MARK + " "):
            current = found.setdefault(line[len(MARK) + 1 :].strip(), [])
        else:
            current.append(line)
    return found


def judge(claims: list[tuple[str, Claim]], output: str, server: str) -> list[Verdict]:
    """One verdict per claim, from the script's output."""
    code, cut = _code(server), sections(output)
    verdicts = []
    for index, (question, claim) in enumerate(claims):
        lines = [line.strip() for line in cut.get(str(index), [])]
        if _own_kind(claim):
            ok, seen = code.claim_verdict(claim, lines, cut)
        else:
            ok, seen = _generic(claim, lines)
        verdicts.append(Verdict(question, claim, ok, seen))
    return verdicts


def _generic(claim: Claim, lines: list[str]) -> tuple[bool, str]:
    first = lines[0] if lines else "no output"
    if claim.path:
        exists = first == "exists"
        if exists != claim.exists:
            return False, f"test -e says {first}"
        if claim.package and claim.package not in lines[1:]:
            return False, f"dpkg -S names {', '.join(lines[1:]) or 'no package'}"
        return True, first
    exists = first != "missing" and first.startswith("/")
    return exists == claim.exists, f"command -v says {first}"
