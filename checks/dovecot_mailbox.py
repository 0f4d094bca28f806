"""Checks that read the server's real mail state through doveadm (users, mailboxes, messages)."""

import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target


def _last_line(text: str, fallback: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else fallback


def _home(target: Target, user: str) -> str | None:
    result = target.host.run("doveadm user -f home %s", user)
    return result.stdout.strip() or None if result.rc == 0 else None


@check
def mailbox_path(target: Target, user: str = "student", mailbox: str = "INBOX", path: str = "~/Maildir") -> Outcome:
    """`user`'s `mailbox` lives at `path` (`~` is the user's home), as `doveadm mailbox path` reports it, and
    with a `~` path so does a new account's of the check's own, which has no mail yet: without mail_location
    Dovecot guesses each user's format from what their home holds, so only a user without mail shows
    whether the location is really configured.

    Example::

        - {id: maildir, check: dovecot_mailbox.mailbox_path, with: {user: student, mailbox: INBOX, path: ~/Maildir},
           points: 2}
    """
    value, location = _dovecot.mail_location(target)
    seen = _path_of(target, user, mailbox, path)
    if isinstance(seen, Outcome):
        return seen
    actual, expected = seen
    if actual != expected:
        return failed(f"{user}'s {mailbox} is at {actual} (doveadm mailbox path, {location}); expected {expected}")
    if path.startswith("~"):
        fresh = _fresh_account_path(target, mailbox, path, location, guessing=not value)
        if fresh is not None:
            return fresh
    return passed(f"{user}'s {mailbox} is at {actual} ({location})")


def _path_of(target: Target, user: str, mailbox: str, path: str) -> tuple[str, str] | Outcome:
    """(where doveadm puts `user`'s `mailbox`, where `path` says it belongs), or the failure that stops the check."""
    result = target.host.run("doveadm mailbox path -u %s %s", user, mailbox)
    if result.rc != 0:
        return failed(f"doveadm mailbox path -u {user} {mailbox} fails: {_last_line(result.stderr, str(result.rc))}")
    expected = path
    if path.startswith("~"):
        home = _home(target, user)
        if home is None:
            return failed(f"doveadm user {user} finds no home directory")
        expected = home.rstrip("/") + path[1:]
    return result.stdout.strip().rstrip("/"), expected.rstrip("/")


def _fresh_account_path(target: Target, mailbox: str, path: str, location: str, guessing: bool) -> Outcome | None:
    """The failure when a new account without mail gets `mailbox` elsewhere than `path`; None when it does not."""
    user = f"mlloc{secrets.token_hex(3)}"
    made = target.host.run("useradd -m %s", user)
    if made.rc != 0:
        return failed(f"could not make a test account {user}: {(made.stderr or made.stdout).strip()[:160]}")
    try:
        seen = _path_of(target, user, mailbox, path)
    finally:
        target.host.run("userdel -r %s", user)
    guessed = f"({location}{': Dovecot guesses the location from what each home already holds' if guessing else ''})"
    if isinstance(seen, Outcome):
        return failed(f"a new account without mail has no {mailbox}: {seen.message} {guessed}")
    actual, expected = seen
    if actual != expected:
        return failed(f"a new account without mail gets its {mailbox} at {actual}, not at {expected} {guessed}")
    return None


@check
def mailbox_for_users(target: Target, users: list[str], mailbox: str = "Archive", subscribed: bool = True) -> Outcome:
    """Every one of `users` has `mailbox` (doveadm mailbox list), subscribed too when `subscribed`.

    Example::

        - {id: archive-everywhere, check: dovecot_mailbox.mailbox_for_users, with: {mailbox: Archive, users: [student,
           alice, bob, admin], subscribed: true}, points: 3}
    """
    missing, unsubscribed = [], []
    for user in users:
        result = target.host.run("doveadm mailbox list -u %s", user)
        if result.rc != 0:
            return failed(f"doveadm mailbox list -u {user} fails: {_last_line(result.stderr, str(result.rc))}")
        if mailbox not in result.stdout.splitlines():
            missing.append(user)
            continue
        if subscribed and mailbox not in target.host.run("doveadm mailbox list -s -u %s", user).stdout.splitlines():
            unsubscribed.append(user)
    if missing:
        return failed(f"no mailbox {mailbox} for {', '.join(missing)} (doveadm mailbox list)")
    if unsubscribed:
        return failed(f"{mailbox} exists but is not subscribed for {', '.join(unsubscribed)} (doveadm mailbox list -s)")
    return passed(f"{mailbox} exists{' and is subscribed' if subscribed else ''} for {', '.join(users)}")


@check
def no_message_with_subject(target: Target, subject: str, users: list[str]) -> Outcome:
    """No mailbox of any of `users` holds a message whose Subject contains `subject`.

    Example::

        - {id: phishing-gone, check: dovecot_mailbox.no_message_with_subject, with: {subject: verify your password,
           users: [student, alice, bob, admin]}, points: 3}
    """
    left = []
    for user in users:
        uids, error = _dovecot.uids_with_subject(target, user, subject, mailbox=None)
        if error:
            return failed(f"doveadm fetch -u {user} fails: {error}")
        if uids:
            left.append(f"{user} ({len(uids)})")
    if left:
        return failed(f"messages with '{subject}' in the subject remain for {', '.join(left)} (doveadm fetch)")
    return passed(f"no message with '{subject}' in the subject is left for {', '.join(users)}")


@check
def messages_with_subject(target: Target, subject: str, users: list[str], at_least: int = 1) -> Outcome:
    """Each of `users` still has at least `at_least` messages whose Subject contains `subject`.

    Example::

        - {id: policy-kept, check: dovecot_mailbox.messages_with_subject, with: {subject: Password policy, users:
           [student, alice, bob, admin], at_least: 1}, points: 2}
    """
    short = []
    for user in users:
        uids, error = _dovecot.uids_with_subject(target, user, subject, mailbox=None)
        if error:
            return failed(f"doveadm fetch -u {user} fails: {error}")
        if len(uids) < at_least:
            short.append(f"{user} has {len(uids)}")
    if short:
        return failed(f"expected at least {at_least} with '{subject}' each; {', '.join(short)} (doveadm fetch)")
    return passed(f"every user keeps at least {at_least} messages with '{subject}' in the subject")
