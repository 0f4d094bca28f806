"""Check `debian` claims against a real server image: one shell script per image, judged in Python."""

import re
import shlex
from dataclasses import dataclass

from maillab.quiz.model import Claim, Question

MARK = "@@maillab-claim"


@dataclass(frozen=True)
class Verdict:
    question: str
    claim: Claim
    ok: bool
    seen: str


def debian_claims(questions: list[Question], server: str) -> list[tuple[str, Claim]]:
    return [(q.id, c) for q in questions for c in q.claims if c.system == "debian" and c.server == server]


def script(claims: list[tuple[str, Claim]]) -> str:
    """A POSIX sh script printing one marked line per claim (plus doveconf's tables once, for settings)."""
    lines = ["exec 2>/dev/null"]
    if any(claim.setting and claim.server == "dovecot" for _, claim in claims):
        lines += [f"echo '{MARK} defaults'", "doveconf -d", f"echo '{MARK} effective'", "doveconf -P"]
    if any(claim.subcommand for _, claim in claims):
        lines += [f"echo '{MARK} doveadm-help'", "doveadm help 2>&1"]
    for index, (_, claim) in enumerate(claims):
        lines.append(f"echo '{MARK} {index}'")
        if claim.path:
            path = shlex.quote(claim.path)
            lines.append(f"if test -e {path}; then echo exists; else echo missing; fi")
            if claim.package:
                lines.append(f"dpkg -S {path} | cut -d: -f1 | tr -d ' ' | tr ',' '\\n'")
        elif claim.command:
            lines.append(f"command -v {shlex.quote(claim.command)} || echo missing")
        elif claim.setting and claim.file:
            name, path = re.escape(claim.setting), shlex.quote(claim.file)
            lines.append(f"grep -Eq '^#* *{name}=' {path} && echo exists || echo missing")
            lines.append(f"sed -n 's/^{name}=//p' {path} | tail -n 1")
    return "\n".join(lines) + "\n"


def _sections(output: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in output.splitlines():
        if line.startswith(MARK + " "):
            current = sections.setdefault(line[len(MARK) + 1 :].strip(), [])
        else:
            current.append(line)
    return sections


def _table(lines: list[str]) -> dict[str, str]:
    """Top-level `name = value` lines of doveconf's output."""
    table = {}
    for line in lines:
        match = re.match(r"^([a-z0-9_]+) = ?(.*)$", line)
        if match:
            table[match.group(1)] = match.group(2).strip()
    return table


def judge(claims: list[tuple[str, Claim]], output: str) -> list[Verdict]:
    """One verdict per claim, from the script's output."""
    sections = _sections(output)
    defaults, effective = _table(sections.get("defaults", [])), _table(sections.get("effective", []))
    subcommands = _doveadm_help(sections.get("doveadm-help", []))
    verdicts = []
    for index, (question, claim) in enumerate(claims):
        if claim.subcommand:
            verdicts.append(Verdict(question, claim, *_subcommand(claim, subcommands)))
            continue
        lines = [line.strip() for line in sections.get(str(index), [])]
        verdicts.append(Verdict(question, claim, *_one(claim, lines, defaults, effective)))
    return verdicts


def _doveadm_help(lines: list[str]) -> dict[str, set[str]]:
    """`doveadm help` as {subcommand: its sub-subcommands} ("auth" -> {"cache", "login", "lookup", "test"})."""
    table: dict[str, set[str]] = {}
    for line in lines:
        match = re.match(r"^\s+([a-z][a-z0-9-]*)(?:\s+(\S+))?", line)
        if match:
            rest = match.group(2) or ""
            table[match.group(1)] = set(rest.split("|")) if re.fullmatch(r"[a-z0-9|-]+", rest) else set()
    return table


def _subcommand(claim: Claim, table: dict[str, set[str]]) -> tuple[bool, str]:
    words = (claim.subcommand or "").split()
    exists = bool(words) and words[0] in table and (len(words) == 1 or words[1] in table[words[0]])
    return exists == claim.exists, f"doveadm help {'lists' if exists else 'lacks'} {' '.join(words)}"


def _one(claim: Claim, lines: list[str], defaults: dict, effective: dict) -> tuple[bool, str]:
    first = lines[0] if lines else "no output"
    if claim.path:
        exists = first == "exists"
        if exists != claim.exists:
            return False, f"test -e says {first}"
        if claim.package and claim.package not in lines[1:]:
            return False, f"dpkg -S names {', '.join(lines[1:]) or 'no package'}"
        return True, first
    if claim.command:
        exists = first != "missing" and first.startswith("/")
        return exists == claim.exists, f"command -v says {first}"
    if claim.file:
        exists = first == "exists"
        if exists != claim.exists:
            return False, f"{claim.file} has {claim.setting} {first}"
        value = lines[1].strip("\"'") if len(lines) > 1 else ""
        if claim.value is not None and value != claim.value:
            return False, f"{claim.file} sets {claim.setting}={value}"
        return True, f"{claim.setting}={value}"
    name = claim.setting or ""
    if (name in defaults) != claim.exists:
        return False, f"doveconf -d {'has' if name in defaults else 'lacks'} {name}"
    if claim.default is not None and defaults.get(name) != claim.default:
        return False, f"doveconf -d: {name} = {defaults.get(name)}"
    if claim.value is not None and effective.get(name) != claim.value:
        return False, f"doveconf: {name} = {effective.get(name)}"
    return True, f"{name} = {defaults.get(name)}"
