"""Postfix's code: effective settings through postconf, each with the main.cf line or master.cf
service that sets it; delivery over LMTP into Dovecot; a loopback-only XCLIENT twin of the smtp
service that lets the grader pose as any client address without sending a packet to it."""

import contextlib
import re
import threading
from collections.abc import Iterator
from typing import Any

from maillab.servers import Delivered, dovecot
from maillab.shellwait import PAUSE
from maillab.target import Target

MAIN_CF = "/etc/postfix/main.cf"
MASTER_CF = "/etc/postfix/master.cf"


def postconf(target: Target, name: str, expand: bool = True, service: str | None = None) -> str | None:
    """The value Postfix uses for `name` (`$names` expanded unless told not to), for the master.cf
    `service` (e.g. "smtp/inet") when given and it overrides the setting; None when postconf fails."""

    def compute() -> str | None:
        if service:
            override = target.host.run("postconf -Ph %s", f"{service}/{name}")
            if override.rc == 0 and override.stdout.strip() and not override.stderr.strip():
                value = override.stdout.strip()
                if not expand or "$" not in value:
                    return value
                expanded = target.host.run("postconf -xh -o %s %s", f"{name}={value}", name)
                return expanded.stdout.strip() if expanded.rc == 0 else value
        result = target.host.run(f"postconf {'-xh' if expand else '-h'} %s", name)
        value = result.stdout.strip() if result.rc == 0 else None
        if expand and name == "myorigin" and value and value.startswith("/"):
            value = _first_line(target, value)
        return value

    return target.cached(f"postfix.postconf.{service}.{name}.{expand}", compute)


def _first_line(target: Target, path: str) -> str:
    """The first line of a file, as Debian's Postfix reads `myorigin = /etc/mailname`."""
    return target.host.run("head -n 1 %s", path).stdout.strip()


def postconf_error(target: Target) -> str | None:
    """postconf's complaint about main.cf or master.cf (a line it cannot read), or None."""

    def compute() -> str | None:
        result = target.host.run("postconf -n")
        lines = [line.removeprefix("postconf: ") for line in result.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else (None if result.rc == 0 else f"postconf -n exited {result.rc}")

    return target.cached("postfix.postconf_error", compute)


def where_set(target: Target, name: str, service: str | None = None) -> str:
    """`main.cf:LINE`, or the master.cf service whose `-o` sets `name`, or `the built-in default`."""

    def compute() -> str:
        if service:
            entry = target.host.run("postconf -M %s", service).stdout
            if re.search(rf"-o \{{?\s*{re.escape(name)}\s*=", entry):
                line = _master_line(target, service)
                return f"-o {name}= of the {service} service in {MASTER_CF}{f':{line}' if line else ''}"
        found = target.host.run("grep -nE %s %s", f"^{re.escape(name)}[[:space:]]*=", MAIN_CF).stdout.splitlines()
        return f"{MAIN_CF}:{found[-1].split(':', 1)[0]}" if found else "the built-in default"

    return target.cached(f"postfix.where_set.{service}.{name}", compute)


def _master_line(target: Target, service: str) -> str:
    """The master.cf line number where `service` (name/type) starts, or ""."""
    name, _, kind = service.partition("/")
    pattern = f"^{re.escape(name)}[[:space:]]+{re.escape(kind)}[[:space:]]"
    found = target.host.run("grep -nE %s %s", pattern, MASTER_CF).stdout.split(":", 1)
    return found[0] if found[0].isdigit() else ""


def described(target: Target, name: str, service: str | None = None) -> str:
    """`name = raw value (where), i.e. expanded` for messages."""
    raw = postconf(target, name, expand=False, service=service)
    value = postconf(target, name, service=service)
    shown = raw if raw not in (None, "") else "(empty)"
    expanded = f", i.e. {value}" if value and raw and value != raw else ""
    return f"{name} = {shown} ({where_set(target, name, service)}){expanded}"


def items(value: str | None) -> list[str]:
    """A Postfix list value (commas and/or blanks) as its items."""
    return [item for item in re.split(r"[\s,]+", value or "") if item]


def file_path(target: Target, spec: Any, port: int) -> tuple[str | None, str]:
    """(path, where it is set) of a file setting: Postfix's through postconf, Dovecot's (ssl_*) through doveconf."""
    if spec.setting.startswith("ssl_"):
        return dovecot.file_path(target, spec, port)
    value = postconf(target, spec.setting)
    return value or None, described(target, spec.setting)


# The last fatal error an smtpd logged since Postfix last started or reloaded, from the mail log $1.
_SMTPD_FATAL = r"""
awk '/postfix\/master\[[0-9]+\]: (daemon started|reload)/ { said = "" }
/postfix[^ ]*\/smtpd\[[0-9]+\]: fatal: / { said = $0 } END { print said }' "$1"
"""


def startup_error(target: Target, protocol: str) -> str | None:
    """Why smtpd gave a client no banner: the fatal error it logged at its start (a restriction list
    Postfix refuses, a file it cannot read...), after which Postfix also holds the service back; or
    None (and for other protocols)."""
    if protocol != "smtp":
        return None
    line = target.host.run("sh -c %s sh %s", _SMTPD_FATAL, target.server.log).stdout.strip()
    return re.sub(r"^.*?/smtpd\[\d+\]: ", "", line)[:300] or None


def local_domains(target: Target) -> list[str]:
    """The domains this server delivers or accepts for itself: mydestination and the virtual domains,
    the latter also as keys of the tables they name (virtual_alias_domains = $virtual_alias_maps)."""
    names = ("mydestination", "virtual_alias_domains", "virtual_mailbox_domains")
    found: list[str] = []
    for name in names:
        for item in items(postconf(target, name)):
            found += _table_domains(target, item) if "/" in item else [item.lower()]
    return found


def _table_domains(target: Target, table: str) -> list[str]:
    """The keys of a lookup table (type:/path) that are domain names, as `postmap -s` lists them."""
    listed = target.host.run("postmap -s %s", table)
    keys = [line.split()[0].lower() for line in listed.stdout.splitlines() if line.strip()] if listed.rc == 0 else []
    return [key for key in keys if "@" not in key and "." in key and "/" not in key]


# --- quiz claims ---
# What the quiz's claims ask of Postfix (maillab/quiz/claims.py, ClaimCode): a parameter's existence,
# its built-in default (postconf -d) and the value Debian's package gives it, read from the main.cf and
# master.cf the image saved right after the install (postconf -c DEBIAN_CONFIG), so the lab image's own
# changes never count as Debian's. A name postconf does not know is a Dovecot setting on the same image.

DEBIAN_CONFIG = "/usr/share/maillab/postfix-debian"
# Values that depend on the machine (its host name, its addresses): no claim asserts them.
MACHINE_DEPENDENT = frozenset(["myhostname", "mydomain", "myorigin", "mydestination", "mynetworks"])
SUBCOMMAND_TOOLS = dovecot.SUBCOMMAND_TOOLS


def claim_problem(claim: Any) -> str | None:
    """A Postfix claim names no file, and asserts no value that depends on the machine."""
    if claim.file is not None:
        return "a Postfix setting claim names no file: postconf knows where each parameter is"
    if claim.setting in MACHINE_DEPENDENT and (claim.default is not None or claim.value is not None):
        return f"{claim.setting}'s value depends on the machine: claim only that it exists"
    return None


def claim_sections(claims: list[Any]) -> dict[str, str]:
    """postconf's defaults and Debian's values, and Dovecot's sections, once per image."""
    sections = dovecot.claim_sections(claims)
    if any(claim.setting for claim in claims):
        sections |= {"postconf-defaults": "postconf -d", "postconf-debian": f"postconf -c {DEBIAN_CONFIG}"}
    return sections


def claim_shell(claim: Any) -> list[str]:
    """Nothing per claim: the shared sections say it all."""
    return []


def claim_verdict(claim: Any, lines: list[str], sections: dict[str, list[str]]) -> tuple[bool, str]:
    """(holds, what was seen) for a Postfix parameter, else for Dovecot's setting or doveadm subcommand."""
    defaults = dovecot.table(sections.get("postconf-defaults", []))
    name = claim.setting
    if claim.subcommand or name not in defaults:
        return dovecot.claim_verdict(claim, lines, sections)
    debian = dovecot.table(sections.get("postconf-debian", []))
    if not claim.exists:
        return False, f"postconf -d has {name}"
    if claim.default is not None and defaults[name] != claim.default:
        return False, f"postconf -d: {name} = {defaults[name]}"
    if claim.value is not None and debian.get(name) != claim.value:
        return False, f"Debian's main.cf: {name} = {debian.get(name)}"
    return True, f"{name} = {defaults[name]} (Debian: {debian.get(name)})"


# --- delivery: through sendmail, stored by Dovecot's LMTP, looked up with doveadm ---

DELIVERY_WAIT_SECONDS = 20
# Hand one message to sendmail, then wait until doveadm finds it in the user's INBOX; print the
# mail log's last word on it when it does not arrive. Halfway, the queue is flushed once: a message
# that met a reload (the XCLIENT twin's) in the queue manager is then tried again at once.
_SEND_AND_WAIT = PAUSE + """
user=$1 subject=$2 wait=$3 log=$4
printf 'From: grader@mail.example.lab\\nTo: %s\\nSubject: %s\\n\\nA test message.\\n' "$user" "$subject" \\
  | /usr/sbin/sendmail -f grader@mail.example.lab "$user" || { echo "sendmail exited $?"; exit 2; }
flushed=
while [ "$waited" -lt $((wait * 10)) ]; do
  [ -n "$(doveadm search -u "$user" mailbox INBOX header subject "$subject" 2>/dev/null)" ] && exit 0
  [ -z "$flushed" ] && [ "$waited" -ge $((wait * 5)) ] && flushed=1 && postqueue -f 2>/dev/null
  pause
done
grep -F "to=<$user@" "$log" | tail -n 1 | sed 's/^.*: to=/to=/'
exit 1
"""


def deliver_test(target: Target, user: str, subject: str) -> Delivered:
    """A message through Postfix's sendmail to `user`, found in the INBOX by doveadm (see ServerModule)."""
    result = target.host.run(
        "sh -c %s sh %s %s %s %s", _SEND_AND_WAIT, user, subject, str(DELIVERY_WAIT_SECONDS), target.server.log
    )
    if result.rc == 0:
        return Delivered(None)
    said = result.stdout.strip() or result.stderr.strip() or "no log line"
    return Delivered(f"a message to {user} did not reach {user}'s INBOX within {DELIVERY_WAIT_SECONDS} s: {said}")


# Wait until qmgr removes queue id $1 from the queue or defers it, then print its status lines.
# A reload (another check's XCLIENT twin) during the delivery leaves the message to the new queue
# manager, which skips it while the old delivery runs and looks again only at its next queue scan
# (measured: 10 s after the delivery was logged): once the delivery has logged a status, the message
# is asked for again (postqueue -i); halfway, it is asked for once more, as after _SEND_AND_WAIT's flush.
_AWAIT = PAUSE + """
id=$1 wait=$2 log=$3 kicked= rescued=
while [ "$waited" -lt $((wait * 10)) ]; do
  grep -qE "postfix/qmgr\\[[0-9]+\\]: $id: removed|: $id: .*status=deferred" "$log" && break
  [ -z "$rescued" ] && grep -q "postfix/qmgr\\[[0-9]*\\]: $id: skipped, still being delivered" "$log" \\
    && grep -q ": $id: .*status=" "$log" && rescued=1 && postqueue -i "$id" 2>/dev/null
  [ -z "$kicked" ] && [ "$waited" -ge $((wait * 5)) ] && kicked=1 && postqueue -i "$id" 2>/dev/null
  pause
done
grep -F " $id: " "$log" | grep -E 'status=|removed' | sed 's/^.*: to=/to=/' | cut -c 1-300
"""
_LOG_NOISE = re.compile(r"(relay|delay|delays|dsn)=[^,]*, ")


def await_delivery(target: Target, reply: str) -> str:
    """Wait until the message SMTP queued (`250 2.0.0 Ok: queued as ID`) has left the queue or was
    deferred, at most DELIVERY_WAIT_SECONDS; its status lines from the mail log."""
    queued = re.search(r"queued as ([0-9A-Za-z]+)", reply)
    if not queued:
        return f"no queue id in '{reply}'"
    result = target.host.run(
        "sh -c %s sh %s %s %s", _AWAIT, queued.group(1), str(DELIVERY_WAIT_SECONDS), target.server.log
    )
    lines = [_LOG_NOISE.sub("", line) for line in result.stdout.splitlines() if "status=" in line]
    return " / ".join(lines) or f"no delivery of {queued.group(1)} is logged"


def left_behind(target: Target, user: str, subject: str) -> str | None:
    """Where a message with this subject is still in `user`'s INBOX, or None."""
    return dovecot.left_behind(target, user, subject)


def discard(target: Target, user: str, subject: str) -> None:
    """Expunge test messages with this subject from `user`'s INBOX."""
    dovecot.discard(target, user, subject)


# --- XCLIENT: pose as any client address on a loopback-only twin of an smtpd service ---

# The master.cf service a client of each port reaches (its name in /etc/services); a service named
# after the port number, or with a host in front (`0.0.0.0:587`), is found as well.
SERVICE_NAMES = {25: "smtp", 465: "submissions", 587: "submission"}
TWIN_OFFSET = 10000  # the twin of port 25 listens on 127.0.0.1:10025, of 587 on 127.0.0.1:10587
# Copy the inet entry that serves the port as postconf -M prints it (every -o kept, braces
# included), on 127.0.0.1 only, allow XCLIENT from the grader's own address alone, reload, and
# wait until it listens.
_ADD_TWIN = """
twin=$1 port=$2 grader=$3 name=$4 number=$5
said=$(mktemp)
entries=$(postconf -M 2>"$said") || { sed -n '$s/^postconf: //p' "$said"; rm -f "$said"; exit 3; }
rm -f "$said"
entry=$(printf '%s\\n' "$entries" | awk -v a="$name" -v b="$number" \\
  '$2 == "inet" { s = $1; sub(/^.*:/, "", s); if (s == a || s == b) { print; exit } }')
[ -n "$entry" ] || { echo "master.cf has no $name inet service (port $number)"; exit 3; }
set -f; set -- $entry
[ "$8" = smtpd ] || { echo "the $name inet service runs $8, not smtpd"; exit 3; }
postconf -MX "$twin" 2>/dev/null
postconf -M "$twin=127.0.0.1:$port ${entry#* } -o smtpd_authorized_xclient_hosts=$grader" || exit 4
postfix reload >/dev/null 2>&1 || { echo "postfix reload failed"; exit 4; }
for _ in $(seq 100); do
  [ -n "$(ss -Hltn "src 127.0.0.1 and sport = :$port")" ] && exit 0
  sleep 0.05
done
echo "the twin service did not listen on 127.0.0.1:$port"; exit 5
"""
_REMOVE_TWIN = 'postconf -MX "$1" 2>/dev/null; postfix reload >/dev/null 2>&1; true'


class _Twin:
    """The twin's state in one grading run: how many checks use it, and why it could not be made."""

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.users = 0
        self.problem: str | None = None


@contextlib.contextmanager
def posing(target: Target, port: int = 25) -> Iterator[tuple[str | None, int]]:
    """(why no client can pose, or None; the twin's port) while the twin of `port`'s service listens
    (see ServerModule)."""
    with xclient_twin(target, port) as problem:
        yield problem, TWIN_OFFSET + port


@contextlib.contextmanager
def xclient_twin(target: Target, port: int = 25) -> Iterator[str | None]:
    """While inside, a twin of the service on `port` listens on 127.0.0.1:(10000 + port) and trusts
    XCLIENT from the server's `clients_from` address alone; yields None, or why no twin could be made.

    Checks running at the same time share one twin per port; the last one out removes it. Twins of
    two ports may live at once (each its own master.cf entry), but master.cf is edited by one at a time.
    """
    twin_port = TWIN_OFFSET + port
    service = f"127.0.0.1:{twin_port}/inet"
    twin = target.cached(f"postfix.xclient_twin.{port}", _Twin)
    editing = target.cached("postfix.master_cf_lock", threading.Lock)  # one postconf -M at a time
    with twin.guard:
        if twin.users == 0:
            name = SERVICE_NAMES.get(port, str(port))
            with editing:
                made = target.host.run(
                    "sh -c %s sh %s %s %s %s %s",
                    _ADD_TWIN, service, str(twin_port), target.server.clients_from, name, str(port),
                )
            twin.problem = None if made.rc == 0 else (made.stdout.strip() or f"exit {made.rc}")
        twin.users += 1
    try:
        yield twin.problem
    finally:
        with twin.guard:
            twin.users -= 1
            if twin.users == 0:
                with editing:
                    target.host.run("sh -c %s sh %s", _REMOVE_TWIN, service)
