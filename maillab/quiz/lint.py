"""Bank lint beyond the schema: named facts need claims, reference-layout rules, near-duplicate prompts."""

import difflib
import re
from dataclasses import dataclass
from functools import cache

from maillab.quiz.model import Located, Question

GENERIC_TOOLS = frozenset(["openssl"])
PROSE_AFTER_TOOL = frozenset(
    ["subcommand", "subcommands", "command", "commands", "cannot", "must", "needs", "talks", "is", "has", "and", "or"]
)
# What a server does (README of quizzes/): a question with one of these topics carries a behaviour claim.
BEHAVIOUR_TOPICS = frozenset(["restart", "which-file", "client-view", "output", "precedence", "delivery"])
BEHAVIOUR_WORDS = re.compile(r"\b(restart(s|ed|ing)?|reload(s|ed|ing)?|what happens)\b", re.I)
# Sieve (211.2): a snippet is a block of indented prompt lines or a choice ending in ; or }; each is compiled
# by a behaviour claim (the `sieve` or `sieve_test` helper). An error a claim expects may be a missing
# require only where the question is about require: a name of an extension, unknown without its require.
SIEVE_OBJECTIVE = "211.2"
SIEVE_HELPER = re.compile(r"\bsieve(_test)?\b")
EXTENSION_NAMES = (
    "fileinto|reject|ereject|envelope|vacation|addflag|setflag|removeflag|hasflag|set|include|notify|body|date"
    "|:create|:copy|:regex|:value|:count|:detail|:user|:flags|:mailboxid"
)
REQUIRE_ERROR = re.compile(rf"unknown (command|test|tagged argument) '({EXTENSION_NAMES})'|unknown Sieve capability")
PATH = re.compile(r"(?<![\w.~%$/-])/(?:etc|usr|var|run|home|lib|opt|srv|root)(?:/[\w.%+*-]+)*/?")


@dataclass(frozen=True)
class Vocabulary:
    """The words that name a setting of some server (maillab.servers), each server's tools, and the tools
    whose subcommands some server's claim code checks."""

    settings: frozenset[str]
    tools: dict[str, frozenset[str]]
    subcommand_tools: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    """Every server's settings (the file its description names) and tools."""
    from maillab import paths, servers
    from maillab.quiz import claims

    settings: set[str] = set()
    tools: dict[str, frozenset[str]] = {}
    for name in servers.names():
        server = servers.get(name)
        tools[name] = frozenset(server.tools)
        if server.settings:
            text = (paths.containers_dir() / name / server.settings).read_text(encoding="utf-8")
            settings.update(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
    return Vocabulary(frozenset(settings), tools, frozenset(claims.subcommand_tools()))


def _tools(question: Question) -> frozenset[str]:
    """The tools a question is held to: its own server's (its lab's) and the generic ones. Another server's
    tool may be a word of this one (Courier's `userdb` command, Dovecot's userdb)."""
    from maillab.quiz import claims

    own = vocabulary().tools.get(claims.lab_server(question.lab), frozenset()) if question.lab else frozenset()
    return own | GENERIC_TOOLS


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
    """(kind, subject) pairs the question's prompt, choices or fill answer name: settings, paths, tools,
    subcommands. A plain word names a setting when it has an underscore or a capital (Courier's MAXPERIP);
    any other setting name counts when it is `quoted`, or assigned (`name =`, `name=`)."""
    words, tools = vocabulary(), _tools(question)
    text = question.text
    if question.type == "fill":
        text += "\n" + "\n".join(question.accepted)
    found: set[tuple[str, str]] = set()
    for match in PATH.finditer(text):
        found.add(("path", _clean_path(match.group())))
    for word in set(re.findall(r"(?<![\w./-])[A-Za-z][\w.-]*[A-Za-z0-9]", text)):
        if word in words.settings and ("_" in word or word != word.lower()):
            found.add(("setting", word))
        elif word in tools:
            found.add(("command", word))
    for tool in words.subcommand_tools & tools:
        for name in re.findall(rf"\b{re.escape(tool)}\s+([a-z][a-z-]*)", text):
            if name not in PROSE_AFTER_TOOL:
                found.add((f"{tool} subcommand", name))
    for word in re.findall(r"`([A-Za-z_]+)`|^\s*([A-Za-z_]+) ?=|\b([A-Za-z_]+) = |\b([A-Za-z_]+)=", text, re.M):
        name = next(w for w in word if w)
        if name in words.settings:
            found.add(("setting", name))
    return found


def claimed(question: Question) -> set[tuple[str, str]]:
    """What the question's claims cover (a path claim covers the tool it names, e.g. /usr/lib/dovecot/deliver;
    a behaviour claim that waits for a log line covers the server's log)."""
    covered = set()
    for claim in question.claims:
        if claim.setting:
            covered.add(("setting", claim.setting))
            for value in (claim.default, claim.value):
                if value and value.startswith("/"):
                    covered.add(("path", value.rstrip("/")))
        elif claim.path:
            covered.add(("path", claim.path.rstrip("/") or "/"))
            covered.add(("command", claim.path.rstrip("/").rsplit("/", 1)[-1]))
        elif claim.command:
            covered.add(("command", claim.command))
            if claim.subcommand:
                covered.add((f"{claim.command} subcommand", claim.subcommand.split()[0]))
        elif claim.run and re.search(r"^\s*logged\b", claim.run, re.M):
            covered.add(("path", _server_log(claim.server)))
    return covered


def _server_log(server: str) -> str:
    """The log a scenario's `logged` waits on: it exists only once the server has started, so a behaviour
    claim that finds a line there is what shows the path."""
    from maillab import servers

    return servers.get(server).log


def problems(items: list[Located]) -> list[str]:
    """Every lint problem as 'file:line: id: problem'."""
    found = []
    for item in items:
        question = item.question
        where = f"{item.path}:{item.line}: {question.id}"
        for kind, subject in sorted(named_facts(question) - claimed(question)):
            found.append(f"{where}: names the {kind} {subject!r} but has no claim for it")
        own = _reference_problems(question) + _behaviour_problems(question) + _sieve_problems(question)
        found += [f"{where}: {problem}" for problem in own]
    found.extend(_near_duplicates(items))
    return found


def _reference_problems(question: Question) -> list[str]:
    """A question on the source-built layout maps it to Debian's: it gives the old path or syntax in its
    prompt, says it is the source-built one, and its explanation names a Debian fact it claims."""
    old = [claim for claim in question.claims if claim.system == "reference"]
    if not old:
        return []
    found = []
    if not re.search(r"source|reference", question.prompt, re.I):
        found.append("has a reference claim, so its prompt must say it means the source-built layout")
    for claim in old:
        if claim.subject.rstrip("/") not in question.prompt:
            found.append(f"gives no {claim.subject!r} in its prompt: a question on the old layout maps it to Debian's")
    debian = [claim.subject for claim in question.claims if claim.system == "debian" and claim.behaviour is None]
    if not any(subject.rstrip("/") in question.explanation for subject in debian):
        found.append("has a reference claim, so its explanation names the Debian counterpart, with a claim for it")
    return found


def _behaviour_problems(question: Question) -> list[str]:
    """A question whose topics say it is about what a server does carries a behaviour claim; one whose
    prompt speaks of a restart, a reload or what happens has such a topic."""
    topics = BEHAVIOUR_TOPICS & set(question.topics)
    if topics and not any(claim.behaviour for claim in question.claims):
        return [f"has the behaviour topic {sorted(topics)[0]!r}, so it carries a behaviour claim"]
    if not topics and BEHAVIOUR_WORDS.search(question.prompt):
        return [f"asks {BEHAVIOUR_WORDS.search(question.prompt).group()!r}: give it a behaviour topic and claim"]
    return []


def sieve_snippets(question: Question) -> list[str]:
    """The Sieve code a 211.2 question shows: each block of indented prompt lines, each choice ending in ; or }."""
    if question.objective != SIEVE_OBJECTIVE:
        return []
    blocks: list[list[str]] = []
    previous_indented = False
    for line in question.prompt.splitlines():
        indented = line.startswith("  ") and bool(line.strip())
        if indented and previous_indented:
            blocks[-1].append(line)
        elif indented:
            blocks.append([line])
        previous_indented = indented
    snippets = ["\n".join(block) for block in blocks]
    return snippets + [choice for choice in question.choices if choice.rstrip().endswith((";", "}"))]


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _sieve_problems(question: Question) -> list[str]:
    """Every Sieve snippet is compiled by a claim; every failure a claim expects comes with sievec's error,
    which is not a missing require unless the question is about require."""
    runs = [_squeeze(c.run or "") for c in question.claims if c.behaviour and SIEVE_HELPER.search(c.run or "")]
    found = [
        f"shows the Sieve snippet {_squeeze(snippet)[:40]!r}... that no claim compiles (sieve or sieve_test)"
        for snippet in sieve_snippets(question)
        if not any(_squeeze(snippet) in run for run in runs)
    ]
    for claim in question.claims:
        failures = [p for p in claim.expect if "sievec: failed" in p]
        errors = [p for p in claim.expect if "sievec: " in p and "sievec: failed" not in p and "compiled" not in p]
        if len(errors) < len(failures):
            found.append("expects sievec to fail without naming the error it must print, for each failure")
        if "require" not in question.topics:
            found += [
                f"expects the missing-require error {p!r}: not the intended error"
                for p in errors
                if REQUIRE_ERROR.search(p)
            ]
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
