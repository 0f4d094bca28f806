"""Bank lint beyond the schema: named facts need claims, reference-layout rules, near-duplicate prompts."""

import difflib
import re
from functools import cache
from pathlib import Path

from maillab.quiz.model import Located, Question

COURIER_SETTINGS = frozenset(
    [
        "IMAPDSTARTTLS",
        "IMAPDSSLSTART",
        "IMAP_TLS_REQUIRED",
        "POP3DSTARTTLS",
        "POP3DSSLSTART",
        "POP3_TLS_REQUIRED",
        "TLS_CERTFILE",
        "TLS_PROTOCOL",
        "TLS_VERIFYPEER",
        "TLS_TRUSTCERTS",
        "MAXDAEMONS",
        "MAXPERIP",
        "PORT",
        "SSLPORT",
        "ADDRESS",
        "IMAP_CAPABILITY",
        "POP3AUTH",
        "MAILDIRPATH",
        "authmodulelist",
        "IMAP_EMPTYTRASH",
        "DEBUG_LOGIN",
        "IMAPDSTART",
        "POP3DSTART",
        "SSLADDRESS",
        "TLS_CIPHER_LIST",
    ]
)
UTILITIES = frozenset(
    [
        "doveadm",
        "doveconf",
        "makealiases",
        "makeuserdb",
        "userdbpw",
        "authtest",
        "authenumerate",
        "mkimapdcert",
        "mkpop3dcert",
        "couriertls",
        "maildirmake",
        "mkdhparams",
        "openssl",
        "courier-config",
        "authpasswd",
    ]
)
PROSE_AFTER_DOVEADM = frozenset(
    ["subcommand", "subcommands", "command", "commands", "cannot", "must", "needs", "talks", "is", "has", "and", "or"]
)
PATH = re.compile(r"(?<![\w.~%$/-])/(?:etc|usr|var|run|home|lib|opt|srv|root)(?:/[\w.%+*-]+)*/?")


@cache
def dovecot_settings() -> frozenset[str]:
    """Top-level setting names of Dovecot 2.3 (from `doveconf -d` on the Dovecot image)."""
    return frozenset((Path(__file__).with_name("dovecot-settings.txt")).read_text().split())


def _clean_path(found: str) -> str:
    """A path as a claim names it: no trailing dot or slash, cut before a variable or wildcard part."""
    parts = found.rstrip(".,;:").split("/")
    kept = []
    for part in parts:
        if any(sign in part for sign in "%*~$"):
            break
        kept.append(part)
    return "/".join(kept).rstrip("/") or "/"


def named_facts(question: Question) -> set[tuple[str, str]]:
    """(kind, subject) pairs the question's prompt, choices or fill answer name: settings, paths, utilities."""
    text = question.text
    if question.type == "fill":
        text += "\n" + "\n".join(question.accepted)
    found: set[tuple[str, str]] = set()
    for match in PATH.finditer(text):
        found.add(("path", _clean_path(match.group())))
    for word in set(re.findall(r"(?<![\w./-])[A-Za-z][\w.-]*[A-Za-z0-9]", text)):
        if ("_" in word and word in dovecot_settings()) or word in COURIER_SETTINGS:
            found.add(("setting", word))
        elif word in UTILITIES:
            found.add(("command", word))
    for name in re.findall(r"\bdoveadm\s+([a-z][a-z-]*)", text):
        if name not in PROSE_AFTER_DOVEADM:
            found.add(("doveadm subcommand", name))
    for word in re.findall(r"`([a-z_]+)`|^\s*([a-z_]+) =|\b([a-z]+) = ", text, re.M):
        name = next(w for w in word if w)
        if name in dovecot_settings():
            found.add(("setting", name))
    return found


def claimed(question: Question) -> set[tuple[str, str]]:
    covered = set()
    for claim in question.claims:
        if claim.setting:
            covered.add(("setting", claim.setting))
            for value in (claim.default, claim.value):
                if value and value.startswith("/"):
                    covered.add(("path", value.rstrip("/")))
        elif claim.path:
            covered.add(("path", claim.path.rstrip("/") or "/"))
        elif claim.command:
            covered.add(("command", claim.command))
            if claim.subcommand:
                covered.add(("doveadm subcommand", claim.subcommand.split()[0]))
    return covered


def problems(items: list[Located]) -> list[str]:
    """Every lint problem as 'file:line: id: problem'."""
    found = []
    for item in items:
        question = item.question
        where = f"{item.path}:{item.line}: {question.id}"
        for kind, subject in sorted(named_facts(question) - claimed(question)):
            found.append(f"{where}: names the {kind} {subject!r} but has no claim for it")
        if any(claim.system == "reference" for claim in question.claims):
            if not re.search(r"source|reference", question.prompt, re.I):
                found.append(f"{where}: has a reference claim, so its prompt must say it means the source-built layout")
            if "/etc/" not in question.explanation:
                found.append(f"{where}: has a reference claim, so its explanation must give the Debian path")
    found.extend(_near_duplicates(items))
    return found


def _near_duplicates(items: list[Located]) -> list[str]:
    found = []
    prompts = [(item, " ".join(item.question.prompt.lower().split())) for item in items]
    for index, (item, text) in enumerate(prompts):
        for other, other_text in prompts[index + 1 :]:
            matcher = difflib.SequenceMatcher(None, text, other_text, autojunk=False)
            if matcher.real_quick_ratio() > 0.9 and matcher.quick_ratio() > 0.9 and matcher.ratio() > 0.9:
                found.append(
                    f"{other.path}:{other.line}: {other.question.id}: prompt nearly repeats "
                    f"{item.question.id} ({item.path.name}:{item.line})"
                )
    return found
