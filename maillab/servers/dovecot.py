"""Dovecot's code: its effective settings through doveconf, with the file:line that sets each, and local delivery."""

import fnmatch
import posixpath
import re
from typing import Any

from maillab.servers import Delivered
from maillab.target import Target

MAIN_CONFIG = "/etc/dovecot/dovecot.conf"


def doveconf_n(target: Target) -> Any:
    """The result of `doveconf -n` (status, output, complaints), run once per grading run."""
    return target.cached("dovecot.doveconf_n", lambda: target.host.run("doveconf -n"))


def config_error(target: Target) -> str | None:
    """doveconf's complaint about the configuration, or None when it parses."""
    result = doveconf_n(target)
    if result.rc == 0:
        return None
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return (lines[-1] if lines else f"doveconf -n exited {result.rc}").removeprefix("doveconf: ")


def start_error(target: Target) -> str | None:
    """What keeps Dovecot from starting although `doveconf -n` parses the configuration: the master
    expands every $variable (`doveconf -x`), and an unknown one is fatal. None when it expands."""

    def compute() -> str | None:
        result = target.host.run("doveconf -x >/dev/null")
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        return None if result.rc == 0 else (lines[-1] if lines else f"exit {result.rc}").removeprefix("doveconf: ")

    return target.cached("dovecot.start_error", compute)


def setting(target: Target, name: str) -> str | None:
    """The effective value of one setting (doveconf -h), or None when doveconf fails."""

    def compute() -> str | None:
        result = target.host.run("doveconf -P -h %s", name)
        return result.stdout.strip() if result.rc == 0 else None

    return target.cached(f"dovecot.setting.{name}", compute)


def _layout(target: Target) -> tuple[list[str], dict[str, list[tuple[int, str]]]]:
    """Every file under /etc/dovecot and each file's `!include` lines as (line, pattern)."""

    def compute() -> tuple[list[str], dict[str, list[tuple[int, str]]]]:
        script = (
            "find /etc/dovecot -type f | sort; echo '#'; "
            "grep -rnHE '^[[:space:]]*!include(_try)?[[:space:]]' /etc/dovecot 2>/dev/null"
        )
        files_part, _, include_part = target.host.run(script).stdout.partition("#\n")
        includes: dict[str, list[tuple[int, str]]] = {}
        for row in include_part.splitlines():
            path, line, text = row.split(":", 2)
            includes.setdefault(path, []).append((int(line), text.split(None, 1)[1].strip()))
        return files_part.split(), includes

    return target.cached("dovecot.layout", compute)


def setting_lines(target: Target, name: str, value: str = "") -> list[str]:
    """`file:line` of every place that sets `name` (to a value starting with `value`, a regex),
    in the order Dovecot reads them (last one wins).

    Follows `!include` and `!include_try` from dovecot.conf, so files the configuration
    does not include are ignored.
    """

    def compute() -> list[str]:
        files, includes = _layout(target)
        pattern = f"^[[:space:]]*{name}[[:space:]]*=[[:space:]]*{value}"
        found = target.host.run("grep -rnHE %s /etc/dovecot 2>/dev/null", pattern).stdout
        settings: dict[str, list[int]] = {}
        for row in found.splitlines():
            path, line, _ = row.split(":", 2)
            settings.setdefault(path, []).append(int(line))
        ordered: list[str] = []

        def walk(path: str, depth: int) -> None:
            events = [(line, "set", "") for line in settings.get(path, [])]
            events += [(line, "include", pattern) for line, pattern in includes.get(path, [])]
            for line, kind, pattern in sorted(events):
                if kind == "set":
                    ordered.append(f"{path}:{line}")
                elif depth < 8:
                    full = pattern if pattern.startswith("/") else posixpath.join(posixpath.dirname(path), pattern)
                    for match in sorted(f for f in files if fnmatch.fnmatchcase(f, full)):
                        walk(match, depth + 1)

        walk(MAIN_CONFIG, 0)
        return ordered

    return target.cached(f"dovecot.setting_lines.{name}={value}", compute)


def _sections(target: Target) -> list[tuple[str, tuple[str, ...], str, str]]:
    """Every `name = value` line Dovecot reads, in reading order (a later one wins), as
    (file:line, the sections around it such as ("protocol pop3", "namespace inbox"), name, value).

    Follows `!include` and `!include_try` from dovecot.conf, inside sections too.
    """

    def compute() -> list[tuple[str, tuple[str, ...], str, str]]:
        files, _ = _layout(target)
        dump = target.host.run('find /etc/dovecot -type f -exec sh -c \'echo "==> $1"; cat -- "$1"; echo\' _ {} \\;')
        texts: dict[str, list[str]] = {}
        current = None
        for row in dump.stdout.splitlines():
            if row.startswith("==> ") and row[4:] in files:
                current = row[4:]
                texts[current] = []
            elif current is not None:
                texts[current].append(row)
        found: list[tuple[str, tuple[str, ...], str, str]] = []

        def walk(path: str, stack: list[str], depth: int) -> None:
            for number, raw in enumerate(texts.get(path, []), 1):
                text = raw.split("#", 1)[0].strip() if not raw.strip().startswith('"') else raw.strip()
                include = re.match(r"^!include(?:_try)?\s+(\S+)", text)
                if include and depth < 8:
                    pattern = include.group(1).strip('"')
                    full = pattern if pattern.startswith("/") else posixpath.join(posixpath.dirname(path), pattern)
                    for match in sorted(f for f in files if fnmatch.fnmatchcase(f, full)):
                        walk(match, stack, depth + 1)
                elif text.endswith("{"):
                    stack.append(" ".join(text[:-1].split()))
                elif text.startswith("}") and stack:
                    stack.pop()
                elif "=" in text:
                    key, _, value = text.partition("=")
                    found.append((f"{path}:{number}", tuple(stack), key.strip(), value.strip().strip('"')))

        walk(MAIN_CONFIG, [], 0)
        return found

    return target.cached("dovecot.sections", compute)


def _applies(sections: tuple[str, ...], protocol: str | None, within: tuple[str, ...]) -> tuple[bool, int]:
    """Whether a line inside `sections` counts for `protocol` within the sections `within`,
    and how specific it is (a `protocol` block beats the global line whatever the order)."""
    rest, specific = [], 0
    for section in sections:
        kind, _, argument = section.partition(" ")
        if kind == "protocol":
            names = argument.split()
            if protocol is None or not names:
                return False, 0
            negated = names[0].startswith("!")
            if (names[0].lstrip("!") == protocol) == negated:
                return False, 0
            specific += 1
        elif kind in ("local", "remote"):
            return False, 0
        else:
            rest.append(section)
    return tuple(rest) == within, specific


def where_set(target: Target, name: str, protocol: str | None = None, within: tuple[str, ...] = ()) -> str | None:
    """`file:line` of the line that sets `name` in force for `protocol` (None: the global value),
    inside the sections `within` such as ("namespace inbox",); None when no line sets it."""
    best: tuple[int, int, str] | None = None
    for order, (place, sections, key, _) in enumerate(_sections(target)):
        if key != name:
            continue
        counts, specific = _applies(sections, protocol, within)
        if counts and (best is None or (specific, order) >= best[:2]):
            best = (specific, order, place)
    return best[2] if best else None


def setting_for(target: Target, name: str, protocol: str | None) -> str | None:
    """The effective value of a setting for logins over `protocol` (doveconf -f protocol=...)."""
    if protocol is None:
        return setting(target, name)

    def compute() -> str | None:
        result = target.host.run("doveconf -P -f protocol=%s -h %s", protocol, name)
        return result.stdout.strip() if result.rc == 0 else None

    return target.cached(f"dovecot.setting.{protocol}.{name}", compute)


def inbox_namespace(target: Target, protocol: str | None = None) -> str | None:
    """The name of the namespace that holds INBOX (`inbox = yes`), or None."""
    filtered = f"-f protocol={protocol} " if protocol else ""
    listing = target.cached(f"dovecot.namespaces.{protocol}", lambda: target.host.run(f"doveconf {filtered}namespace"))
    for name in re.findall(r"^namespace (\S+) \{", listing.stdout, re.M):
        if setting_for(target, f"namespace/{name}/inbox", protocol) == "yes":
            return name
    return None


def userdb_mail(target: Target, user: str, protocol: str | None = None) -> str:
    """The mail field the userdb itself returns for `user` (a userdb's override_fields, a column
    of its own), which overrides mail_location; "" when it returns none."""
    result = target.host.run("doveadm user -u -f mail -x service=%s %s", protocol or "imap", user)
    return result.stdout.strip() if result.rc == 0 else ""


def mail_location(target: Target, protocol: str | None = None, user: str | None = None) -> tuple[str | None, str]:
    """The location INBOX really comes from for `protocol` (and `user`) - the inbox namespace's
    `location` when set, else the userdb's mail field for `user`, else mail_location - and
    `name = value (file:line)` naming the line in force."""
    namespace = inbox_namespace(target, protocol)
    if namespace:
        value = setting_for(target, f"namespace/{namespace}/location", protocol)
        if value:
            place = where_set(target, "location", protocol, (f"namespace {namespace}",))
            return value, f"namespace {namespace} location = {value} ({place or 'doveconf'})"
    from_userdb = userdb_mail(target, user, protocol) if user else ""
    if from_userdb:
        return from_userdb, f"the userdb's mail = {from_userdb} for {user} (doveadm user -u; wins over mail_location)"
    value = setting_for(target, "mail_location", protocol)
    place = where_set(target, "mail_location", protocol) or "the built-in default"
    shown = value if value not in (None, "") else "(empty)"
    return value, f"mail_location = {shown} ({place}{f', for {protocol}' if protocol else ''})"


def source(target: Target, name: str) -> str:
    """Where a setting is last written, as `file:line`, or `the built-in default`."""
    return where_set(target, name) or "the built-in default"


def described(target: Target, name: str) -> str:
    """`name = value (file:line)` for messages."""
    value = setting(target, name)
    return f"{name} = {value if value not in (None, '') else '(empty)'} ({source(target, name)})"


def file_setting(target: Target, name: str) -> str | None:
    """The path of a `<file` setting such as ssl_cert, or None when it names no file."""
    value = setting(target, name) or ""
    return value[1:].strip() if value.startswith("<") else None


def file_path(target: Target, spec: Any, port: int) -> tuple[str | None, str]:
    """(path, where it is set) of a file setting the server description names, e.g. ssl_key; the
    global value serves every port of the lab (no lab sets TLS files per protocol)."""
    return file_setting(target, spec.setting), f"{spec.setting} in doveconf"


# --- mail state through doveadm and the local delivery agent ---

SIZE_UNITS = {"B": 1, "k": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def size_bytes(text: str) -> int | None:
    """A doveconf size such as `0`, `1000 B`, `100 k` or `10M` in bytes; None when it is not one."""
    match = re.fullmatch(r"\s*(\d+)\s*([BkKMGT]?)\s*", text)
    if not match:
        return None
    return int(match.group(1)) * SIZE_UNITS[match.group(2).replace("K", "k") or "B"]


def uids_with_subject(target: Target, user: str, subject: str, mailbox: str | None = "INBOX") -> tuple[list[str], str]:
    """UIDs of the messages in `user`'s `mailbox` (None: every mailbox) whose Subject contains `subject`,
    and doveadm's error."""
    if mailbox is None:
        result = target.host.run("doveadm fetch -u %s 'mailbox uid' header subject %s", user, subject)
    else:
        result = target.host.run("doveadm fetch -u %s uid mailbox %s header subject %s", user, mailbox, subject)
    if result.rc != 0:
        return [], (result.stderr.strip().splitlines() or [f"doveadm fetch exited {result.rc}"])[-1]
    return [line.split(":", 1)[1].strip() for line in result.stdout.splitlines() if line.startswith("uid:")], ""


def deliver_test(target: Target, user: str, subject: str) -> Delivered:
    """Hand a small message to dovecot-lda for `user` (see maillab.servers.ServerModule).

    The complaint reads `dovecot-lda -d USER exited N: WHY`, WHY taken from the LDA's stderr
    or, when it says nothing, from its last line in the mail log.
    """
    message = f"From: grader@mail.example.lab\nTo: {user}@mail.example.lab\nSubject: {subject}\n\nA test message.\n"
    log = target.server.log
    result = target.host.run("sh -c %s sh %s %s %s", _LDA, message, user, log)
    if result.rc == 0:
        return Delivered(None)
    logged = result.stdout.strip()
    logged = logged[logged.find("Error: ") :] if "Error: " in logged else logged.split(": ", 1)[-1]
    said = (result.stderr.strip().splitlines() or [logged or f"see {log}"])[-1]
    return Delivered(f"dovecot-lda -d {user} exited {result.rc}: {said}")


# Deliver message $1 to user $2 with dovecot-lda and exit with its status; when it fails, print the
# first line it logged in $3 for that user, waiting (at most 3 s) for syslog to write it.
_LDA = """
before=$(wc -l < "$3")
printf '%s' "$1" | /usr/lib/dovecot/dovecot-lda -d "$2" -f grader@mail.example.lab
rc=$?
[ "$rc" -eq 0 ] && exit 0
for _ in $(seq 30); do
  line=$(tail -n +"$((before + 1))" "$3" | grep -F "lda($2)" | tail -n 1)
  [ -n "$line" ] && break
  sleep 0.1
done
echo "$line"
exit "$rc"
"""


def left_behind(target: Target, user: str, subject: str) -> str | None:
    """Where a message with this subject is still in `user`'s INBOX (doveadm fetch), or None."""
    left, error = uids_with_subject(target, user, subject)
    if error:
        return f"doveadm cannot read {user}'s INBOX: {error}"
    if not left:
        return None
    flag = setting(target, "pop3_deleted_flag")
    why = f"; {described(target, 'pop3_deleted_flag')} only hides it from POP3" if flag else ""
    return f"it is still in {user}'s INBOX (doveadm fetch){why}"


def discard(target: Target, user: str, subject: str) -> None:
    """Expunge test messages with this subject from `user`'s INBOX."""
    target.host.run("doveadm expunge -u %s mailbox INBOX header subject %s", user, subject)


AUTH_LOG = re.compile(r"dovecot: auth(?:-worker)?(?:\(\d+\))?: (?:Error|Fatal|Warning): (.*)$")
DRIVER_ERROR = re.compile(r"^(?:sqlite|mysql|pgsql|ldap|db-ldap)\b")  # e.g. sqlite: open(...) failed: ...
WORKER_CONN = re.compile(r"^conn unix:[^ ]+ \([^)]*\): auth-worker<\d+>: ")
# The log since Dovecot last started; with a user, first waiting (at most 2 s) until a line names them,
# since the log process and syslog write a moment after the client has its answer.
SINCE_START = """since() { start=$(grep -n 'starting up' "$1" | tail -n 1 | cut -d: -f1); tail -n +"${start:-1}" "$1"; }
[ -n "$2" ] && for _ in $(seq 10); do since "$1" | grep -qF "($2)" && break; sleep 0.2; done
since "$1"
"""


def auth_complaint(target: Target, user: str = "") -> str | None:
    """The auth process's newest error since Dovecot last started, one naming `user` first, with the
    driver's own words when it gave some, e.g. `sql(carol@example.lab): User query failed: Cannot
    connect to database (sqlite: open(/etc/dovecot/users.sqlite) failed: unable to open database file)`."""
    log = target.server.log
    found = target.host.run("sh -c %s - %s %s", SINCE_START, log, user).stdout.splitlines()
    said = [WORKER_CONN.sub("", match.group(1)).strip() for match in map(AUTH_LOG.search, found) if match]
    naming = [line for line in said if user and f"({user})" in line]
    driver = [line for line in said if DRIVER_ERROR.match(line)]
    newest = (naming or said or [None])[-1]
    if newest and driver and driver[-1] != newest:
        return f"{newest} ({driver[-1]})"
    return newest


def config_warnings(target: Target) -> tuple[int, list[str]]:
    """doveconf -n's exit status and its warnings and errors, without the `doveconf:` prefix or its NOTE."""
    result = doveconf_n(target)
    lines = [line.removeprefix("doveconf: ").strip() for line in result.stderr.splitlines() if line.strip()]
    return result.rc, [line for line in lines if "NOTE: You can get a new clean config" not in line]


# --- quiz claims ---
# What the quiz's claims ask of Dovecot (maillab/quiz/claims.py, ClaimCode): a setting's existence,
# built-in default (doveconf -d) and Debian's value (doveconf -P), and doveadm's subcommands (doveadm help).

SUBCOMMAND_TOOLS = ("doveadm",)


def claim_problem(claim: Any) -> str | None:
    """A Dovecot claim needs no file: doveconf knows every setting."""
    if claim.file is not None:
        return "a Dovecot setting claim names no file: doveconf knows where each setting is"
    return None


def claim_sections(claims: list[Any]) -> dict[str, str]:
    """doveconf's defaults and effective values, and doveadm's help, once per image."""
    sections = {}
    if any(claim.setting for claim in claims):
        sections |= {"defaults": "doveconf -d", "effective": "doveconf -P"}
    if any(claim.subcommand for claim in claims):
        sections["doveadm-help"] = "doveadm help 2>&1"
    return sections


def claim_shell(claim: Any) -> list[str]:
    """Nothing per claim: the shared sections say it all."""
    return []


def table(lines: list[str]) -> dict[str, str]:
    """Top-level `name = value` lines of doveconf's output."""
    table = {}
    for line in lines:
        match = re.match(r"^([a-z0-9_]+) = ?(.*)$", line)
        if match:
            table[match.group(1)] = match.group(2).strip()
    return table


def _doveadm_help(lines: list[str]) -> dict[str, set[str]]:
    """`doveadm help` as {subcommand: its sub-subcommands} ("auth" -> {"cache", "login", "lookup", "test"})."""
    table: dict[str, set[str]] = {}
    for line in lines:
        match = re.match(r"^\s+([a-z][a-z0-9-]*)(?:\s+(\S+))?", line)
        if match:
            rest = match.group(2) or ""
            table[match.group(1)] = set(rest.split("|")) if re.fullmatch(r"[a-z0-9|-]+", rest) else set()
    return table


def claim_verdict(claim: Any, lines: list[str], sections: dict[str, list[str]]) -> tuple[bool, str]:
    """(holds, what was seen) for a doveadm subcommand or a setting claim."""
    if claim.subcommand:
        helps = _doveadm_help(sections.get("doveadm-help", []))
        words = claim.subcommand.split()
        exists = bool(words) and words[0] in helps and (len(words) == 1 or words[1] in helps[words[0]])
        return exists == claim.exists, f"doveadm help {'lists' if exists else 'lacks'} {' '.join(words)}"
    defaults, effective = table(sections.get("defaults", [])), table(sections.get("effective", []))
    name = claim.setting
    if (name in defaults) != claim.exists:
        return False, f"doveconf -d {'has' if name in defaults else 'lacks'} {name}"
    if claim.default is not None and defaults.get(name) != claim.default:
        return False, f"doveconf -d: {name} = {defaults.get(name)}"
    if claim.value is not None and effective.get(name) != claim.value:
        return False, f"doveconf: {name} = {effective.get(name)}"
    return True, f"{name} = {defaults.get(name)}"
