"""Sieve helpers (not checks): a user's active script, and a test message sent through the real path
(SMTP → Postfix → LMTP → Sieve) and waited for until the server is done with it."""

import secrets
import threading
from dataclasses import dataclass, field

from maillab.servers import dovecot
from maillab.shellwait import PAUSE
from maillab.target import Target
from maillab.transcript import Transcript

from . import _mailbox, _smtp

DOMAIN = "mail.example.lab"
SETTLE_SECONDS = 20
# Wait until this run's message is done with: Postfix removed its queue id $1, Dovecot logged a line
# with its Message-ID $2, and Postfix holds no mail on its way (maildrop, incoming or active queue:
# a redirect, a rejection or a reply that Sieve handed to sendmail). Prints "settled", or what is
# still missing, then the lines of the Dovecot sessions that logged the Message-ID. A reload (another
# check's XCLIENT twin) can leave the message to a new queue manager that skips it while an agent of
# before the reload holds its file, and dates it 60 s ahead: the message is asked for again
# (postqueue -i) every 2 s once that is logged, and the whole queue is flushed once halfway.
_SETTLE = PAUSE + """
id=$1 msgid=$2 wait=$3 log=$4
state="" flushed= retry=0
while [ "$waited" -lt $((wait * 10)) ]; do
  state=""
  grep -qE "postfix/qmgr\\[[0-9]+\\]: $id: removed" "$log" || state="Postfix still holds queue id $id"
  [ -z "$state" ] && { grep -F "msgid=$msgid" "$log" | grep -q ' lmtp(' || state="Dovecot logged nothing for $msgid"; }
  [ -z "$state" ] && postqueue -j 2>/dev/null | grep -qE '"queue_name": *"(maildrop|incoming|active)"' \\
    && state="Postfix still has mail on its way"
  [ -z "$state" ] && break
  [ "$waited" -ge "$retry" ] && grep -q "postfix/qmgr\\[[0-9]*\\]: $id: skipped, still being delivered" "$log" \\
    && retry=$((waited + 20)) && postqueue -i "$id" 2>/dev/null
  [ -z "$flushed" ] && [ "$waited" -ge $((wait * 5)) ] && flushed=1 && postqueue -f 2>/dev/null
  pause
done
echo "${state:-settled}"
for session in $(grep -F "msgid=$msgid" "$log" | sed -n 's/^.* lmtp([^)]*)<[0-9]*><\\([^>:]*\\).*$/\\1/p' | sort -u); do
  grep -F "><$session" "$log"
done | grep -v 'Disconnect\\|Connect from' | sed 's/^.*dovecot: //' | cut -c 1-300
grep -F " $id: " "$log" | grep -E 'status=(deferred|bounced)' | sed 's/^.*: to=/to=/' | cut -c 1-300
"""


@dataclass
class Sent:
    """One test message: its subject and Message-ID, and what became of it."""

    subject: str
    message_id: str
    token: str
    sender: str
    problem: str | None = None  # why it never got to Sieve (refused, not settled)
    log: list[str] = field(default_factory=list)


def address(name: str, token: str) -> str:
    """`name` as a full address: a bare local part gets mail.example.lab; `{run}` is the run's token."""
    name = name.replace("{run}", token)
    return name if "@" in name else f"{name}@{DOMAIN}"


def send(
    target: Target,
    recipient: str,
    sender: str,
    subject: str = "",
    headers: dict[str, str] | None = None,
    kilobytes: int = 0,
    port: int = 25,
    part: str = "",
) -> Sent:
    """Send one message with a subject and Message-ID of this run over SMTP, envelope and From header
    alike, and wait (at most SETTLE_SECONDS) until Postfix, Dovecot and Sieve are done with it.

    `part` tells apart several messages of one check (it joins the token in both)."""
    token = secrets.token_hex(4)
    mark = f"{token}-{part}" if part else token
    title = f"maillab check {mark} {subject}".strip()
    message_id = f"<maillab.{mark}@grader.example.net>"
    sent = Sent(title, message_id, token, address(sender, token))
    report, place = _smtp.session(
        target,
        port,
        None,
        sender=sent.sender,
        recipients=[recipient],
        message=title,
        headers={"Message-ID": message_id, **(headers or {})},
        kilobytes=kilobytes,
    )
    sent.problem = _smtp.delivery_problem(report, place, sent.sender)
    if sent.problem is None:
        sent.problem, sent.log = _settle(target, report, sent)
    return sent


def _settle(target: Target, report: Transcript, sent: Sent) -> tuple[str | None, list[str]]:
    """(why the message is not done with yet, or None; the Dovecot and Postfix lines about it)."""
    reply = report.data.reply if report.data else ""
    queue_id = reply.rpartition("queued as ")[2].strip()
    if not queue_id or " " in queue_id:
        return f"no queue id in '{reply}'", []
    result = target.host.run(
        "sh -c %s sh %s %s %s %s",
        _SETTLE,
        queue_id,
        sent.message_id,
        str(SETTLE_SECONDS),
        target.server.log,
    )
    lines = result.stdout.splitlines()
    state = lines[0] if lines else f"the wait failed: {result.stderr.strip()[:200]}"
    if state == "settled":
        return None, lines[1:]
    return f"after {SETTLE_SECONDS} s, {state}", lines[1:]


def one_at_a_time(target: Target, user: str) -> threading.Lock:
    """A lock for deliveries to `user` whose Sieve run remembers senders (vacation): each LMTP session
    rewrites the user's duplicate database (~/.dovecot.lda-dupes) with what it read at its start, so
    two deliveries at once can lose one another's record and answer a sender twice."""
    return target.cached(f"sieve.one_at_a_time.{user}", threading.Lock)


def said(sent: Sent) -> str:
    """The log lines about a message, for a message."""
    return " / ".join(sent.log) or "nothing about it"


def look(target: Target, user: str, password: str, subject: str, port: int = 143) -> Transcript:
    """IMAP (STARTTLS) as `user`: every mailbox holding a message with `subject`, with its flags."""
    return target.client("imap", port, tls="starttls", user=user, password=password, search_all=subject)


def clean(target: Target, user: str, token: str) -> None:
    """Expunge this run's test messages from every mailbox of `user`."""
    target.host.run("doveadm expunge -u %s mailbox '*' header subject %s", user, f"maillab check {token}")


# --- the active script ---


def active_path(target: Target, user: str) -> tuple[str | None, str]:
    """(the path Dovecot runs as `user`'s active script, `~`-expanded; how the setting reads)."""
    value = dovecot.setting(target, "plugin/sieve") or ""
    home = _mailbox.home(target, user) or f"/home/{user}"
    spec = value.removeprefix("file:")
    parts = spec.split(";")
    options = dict(part.split("=", 1) for part in parts[1:] if "=" in part)
    path = options.get("active") or (parts[0] if parts[0].endswith(".sieve") else "")
    shown = f"plugin sieve = {value or '(unset)'}"
    return (_mailbox.expand(path, user, home) if path else None), shown


def describe_active(target: Target, user: str) -> str:
    """`alice's active script is ~/.dovecot.sieve -> sieve/rules.sieve` (or that there is none)."""

    def compute() -> str:
        path, shown = active_path(target, user)
        if path is None:
            return f"{user} has no active script ({shown})"
        home = _mailbox.home(target, user) or ""
        short = "~" + path[len(home) :] if home and path.startswith(home + "/") else path
        link = target.host.run("readlink %s", path)
        if link.rc == 0 and link.stdout.strip():
            return f"{user}'s active script is {short} -> {link.stdout.strip()}"
        if target.host.run("test -e %s", path).rc == 0:
            return f"{user}'s active script is {short}"
        return f"{user} has no active script: {short} does not exist ({shown})"

    return target.cached(f"sieve.active.{user}", compute)


def not_sent(sent: Sent) -> str:
    """Why `sent` never reached Sieve (SMTP refused it or Postfix kept it), with what the log says."""
    return f"'{sent.subject}' from <{sent.sender}>: {sent.problem}; the log says: {said(sent)}"


def clean_replies(target: Target, user: str, sent: Sent) -> None:
    """Expunge every reply to `sent` (In-Reply-To its Message-ID) from all of `user`'s mailboxes."""
    target.host.run("doveadm expunge -u %s mailbox '*' header In-Reply-To %s", user, sent.message_id)
