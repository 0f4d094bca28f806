"""Checks of local delivery: a message sent with the server's sendmail reaches a Maildir, and clients see it."""

import re
import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

WAIT_SECONDS = 10
# Send one message with sendmail, then wait for it in the user's Maildir (new/ or cur/).
# Prints the file found (exit 0) or the mail log lines the delivery wrote (exit 1).
_SEND_AND_WAIT = """
recipient=$1 user=$2 subject=$3 wait=$4 sender=$5
home=$(getent passwd "$user" | cut -d: -f6)
[ -n "$home" ] || { echo "no such user $user"; exit 2; }
before=$(wc -l < /var/log/mail.log 2>/dev/null || echo 0)
printf 'From: %s\\nTo: %s\\nSubject: %s\\n\\nSent by lab grade.\\n' "$sender" "$recipient" "$subject" \\
  | /usr/sbin/sendmail -f "$sender" "$recipient" >/dev/null 2>&1 || { echo "sendmail failed"; exit 2; }
ours() { tail -n +"$((before + 1))" /var/log/mail.log | grep -F "from=<$sender>"; }
tries=$((wait * 10)) settle=5
while [ "$tries" -gt 0 ] && [ "$settle" -gt 0 ]; do
  found=$(grep -rlsF "Subject: $subject" "$home/Maildir/new" "$home/Maildir/cur" | head -n 1)
  [ -n "$found" ] && { echo "$found"; exit 0; }
  ours | grep -qE 'status:|success:|failed' && settle=$((settle - 1))
  sleep 0.1; tries=$((tries - 1))
done
ours | grep -E 'addr=' | tail -n 2 | sed 's/^.*mail\\.[a-z]* //' | cut -c 1-200
exit 1
"""
# Queue ids and our own envelope sender make log lines long without telling the student anything.
_LOG_NOISE = re.compile(r"id=[^,]*,|from=<[^>]*>,")
_FIND_IN_MAILDIR = 'grep -rlsF "$1" "$(getent passwd "$2" | cut -d: -f6)/Maildir"'


def _subject() -> str:
    return f"maillab check {secrets.token_hex(6)}"


def _deliver(target: Target, recipient: str, user: str, subject: str) -> tuple[bool, str]:
    """(delivered, the Maildir file or what the mail log said)."""
    sender = f"maillab-{subject.split()[-1]}@localhost"
    result = target.host.run(
        "sh -c %s sh %s %s %s %s %s", _SEND_AND_WAIT, recipient, user, subject, str(WAIT_SECONDS), sender
    )
    said = " / ".join(_LOG_NOISE.sub("", line).strip() for line in result.stdout.splitlines() if line.strip())
    return result.rc == 0, said


@check
def reaches_maildir(target: Target, recipient: str, user: str) -> Outcome:
    """Mail sent with sendmail to `recipient` lands in `user`'s ~/Maildir, with a subject chosen here."""
    subject = _subject()
    delivered, said = _deliver(target, recipient, user, subject)
    if delivered:
        return passed(f"a message to {recipient} ({subject!r}) reached {said}")
    log = f"; the mail log says: {said}" if said else "; the mail log has no line about it"
    return failed(f"a message to {recipient} ({subject!r}) did not reach {user}'s Maildir{log}")


@check
def visible_over_imap(target: Target, user: str = "student", password: str = "student", port: int = 143) -> Outcome:
    """A message delivered to `user` shows up in the INBOX an IMAP client opens."""
    subject = _subject()
    delivered, said = _deliver(target, user, user, subject)
    if not delivered:
        return failed(f"a message to {user} did not reach ~{user}/Maildir: {said or 'no log line'}")
    report = target.client("imap", port, user=user, password=password, subject=subject)
    if report.get("error") and not report.get("login"):
        return failed(f"IMAP on port {port}: {report['error']}")
    if not (report.get("login") or {}).get("ok"):
        return failed(f"{user} cannot log in over IMAP on port {port}: {(report.get('login') or {}).get('reply')}")
    if not report.get("found"):
        return failed(f"{user}'s INBOX over IMAP ({report.get('messages')} messages) lacks {subject!r} in {said}")
    return passed(f"{subject!r}, delivered to {user}, is in the INBOX over IMAP ({report.get('messages')} messages)")


@check
def pop3_session(target: Target, user: str = "student", password: str = "student", port: int = 110) -> Outcome:
    """Over POP3 a delivered message is counted (STAT, LIST), read (RETR) and removed for good (DELE, QUIT)."""
    subject = _subject()
    delivered, said = _deliver(target, user, user, subject)
    if not delivered:
        return failed(f"a message to {user} did not reach ~{user}/Maildir: {said or 'no log line'}")
    report = target.client("pop3", port, user=user, password=password, inspect=True, delete_subject=subject)
    if report.get("error") or not (report.get("login") or {}).get("ok"):
        reply = report.get("error") or (report.get("login") or {}).get("reply")
        return failed(f"POP3 session for {user} on port {port} failed: {reply}")
    count, size = report["stat"]
    if count != len(report["list"]) or size != sum(report["list"].values()):
        return failed(f"STAT says {count} messages, {size} octets but LIST shows {report['list']}")
    if len(report["retr"]) != count:
        return failed(f"RETR returned {len(report['retr'])} of {count} messages")
    if not report.get("deleted"):
        return failed(f"{subject!r} was delivered to {said} but is not among the {count} messages POP3 lists")
    left = target.host.run("sh -c %s sh %s %s", _FIND_IN_MAILDIR, f"Subject: {subject}", user)
    if left.stdout.strip():
        return failed(f"DELE and QUIT left {subject!r} in place: {left.stdout.strip()}")
    return passed(f"STAT/LIST agree on {count} messages, RETR read them all, DELE removed {subject!r} on QUIT")
