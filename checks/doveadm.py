"""Checks that read the server's real mail state through doveadm (users, mailboxes, messages)."""

from maillab.checks import _dovecot
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target


def _last_line(text: str, fallback: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else fallback


def _home(target: Target, user: str) -> str | None:
    result = target.host.run("doveadm user -f home %s", user)
    return result.stdout.strip() or None if result.rc == 0 else None


def mailbox_path(target: Target, user: str = "student", mailbox: str = "INBOX", path: str = "~/Maildir") -> Outcome:
    """`user`'s `mailbox` lives at `path` (`~` is the user's home), as `doveadm mailbox path` reports it."""
    result = target.host.run("doveadm mailbox path -u %s %s", user, mailbox)
    if result.rc != 0:
        return failed(f"doveadm mailbox path -u {user} {mailbox} fails: {_last_line(result.stderr, str(result.rc))}")
    actual = result.stdout.strip().rstrip("/")
    expected = path
    if path.startswith("~"):
        home = _home(target, user)
        if home is None:
            return failed(f"doveadm user {user} finds no home directory")
        expected = home.rstrip("/") + path[1:]
    expected = expected.rstrip("/")
    location = _dovecot.described(target, "mail_location")
    if actual != expected:
        return failed(f"{user}'s {mailbox} is at {actual} (doveadm mailbox path, {location}); expected {expected}")
    return passed(f"{user}'s {mailbox} is at {actual} ({location})")
