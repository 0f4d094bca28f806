"""POP3 checks: real logins from a client, as a mail program would do them."""

import uuid

from maillab.checks import _protocol, check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target


@check
def login(
    target: Target,
    port: int = 110,
    tls: str = "none",
    user: str = "student",
    password: str = "student",
) -> Outcome:
    """`user` logs in over POP3 on `port` (tls: implicit, starttls or none)."""
    return _protocol.login(target, "pop3", port, tls, user, password)


@check
def refuses_plaintext(target: Target, port: int = 110, user: str = "student", password: str = "student") -> Outcome:
    """USER/PASS before STLS is refused on `port`, and works after STLS."""
    return _protocol.refuses_plaintext(target, "pop3", port, user, password)


@check
def dele_removes(
    target: Target, port: int = 995, tls: str = "implicit", user: str = "bob", password: str = "bob"
) -> Outcome:
    """A message deleted with DELE and committed with QUIT is gone from the mailbox.

    The check delivers its own message with a unique subject, so give it a user no
    other check logs in as (POP3 allows one session per mailbox at a time).
    """
    subject = f"maillab DELE test {uuid.uuid4().hex[:12]}"
    problem = _dovecot.deliver(target, user, subject)
    if problem:
        return failed(f"could not deliver a test message: {problem}")
    try:
        report = target.client("pop3", port, tls=tls, user=user, password=password, delete_subject=subject)
        place = _protocol.where(target, port)
        login = report.get("login") or {}
        if not login.get("ok"):
            return failed(f"POP3 on {place}: {report.get('error') or login.get('reply') or 'no login'}")
        if not report.get("deleted"):
            why = report.get("error") or "it was not in the listing"
            return failed(f"POP3 on {place} could not DELE the test message '{subject}' of {user}: {why}")
        left, error = _dovecot.uids_with_subject(target, user, subject)
        if error:
            return failed(f"after DELE and QUIT, doveadm cannot read {user}'s INBOX: {error}")
        if left:
            flag = _dovecot.setting(target, "pop3_deleted_flag")
            why = f"; {_dovecot.described(target, 'pop3_deleted_flag')} only hides it from POP3" if flag else ""
            return failed(f"after DELE and QUIT the test message is still in {user}'s INBOX (doveadm fetch){why}")
        return passed(f"DELE and QUIT on {place} removed the test message from {user}'s INBOX")
    finally:
        target.host.run("doveadm expunge -u %s mailbox INBOX header subject %s", user, subject)


@check
def not_served(target: Target, port: int = 110) -> Outcome:
    """No POP3 server answers on `port` (e.g. plain 110 closed when only POP3S is wanted)."""
    report = target.client("pop3", port, tls="none")
    place = _protocol.where(target, port)
    if report.get("greeting"):
        return failed(f"POP3 still answers on {place}: {report['greeting']}")
    return passed(f"nothing answers POP3 on {place}: {report.get('error', 'no greeting')}")


@check
def refuses_wrong_password(
    target: Target, port: int = 110, tls: str = "none", user: str = "student", password: str = "wrong-password"
) -> Outcome:
    """The POP3 server on `port` answers but refuses `user` with a wrong password."""
    return _protocol.refuses_wrong_password(target, "pop3", port, user, password, tls)
