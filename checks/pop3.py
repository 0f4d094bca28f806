"""POP3 checks: real logins from a client, as a mail program would do them."""

import secrets
import time

from maillab import servers
from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

from . import _protocol


@check
def login(
    target: Target,
    port: int = 110,
    tls: str = "none",
    user: str = "student",
    password: str = "student",
    sees: str = "",
) -> Outcome:
    """A POP3 client logs in as `user` on `port` (tls: implicit, starttls or none), checking that
    a TLS server presents its configured certificate; with `sees`, the maildrop must also hold a
    message whose subject contains it, so the user really reaches their own mail.

    Example::

        - {id: pop3-login, check: pop3.login, with: {port: 110, tls: none, user: student, password: student,
           sees: Welcome 1 to the lab}, points: 3}
    """
    return _protocol.login(target, "pop3", port, tls, user, password, sees=sees)


@check
def refuses_plaintext(target: Target, port: int = 110, user: str = "student", password: str = "student") -> Outcome:
    """USER/PASS before STLS is refused on `port`, and works after STLS.

    Example::

        - {id: pop3-tls-only, check: pop3.refuses_plaintext, with: {port: 110, user: alice, password: alice}, points: 2}
    """
    return _protocol.refuses_plaintext(target, "pop3", port, user, password)


@check
def dele_removes(
    target: Target, port: int = 995, tls: str = "implicit", user: str = "bob", password: str = "bob"
) -> Outcome:
    """Over POP3 a message delivered here is counted (STAT and LIST agree), read (RETR) and, deleted
    with DELE and committed with QUIT, gone from the mailbox for good, not merely hidden from POP3.

    The check delivers its own message with a unique subject, so give it a user no
    other check logs in as (POP3 allows one session per mailbox at a time).

    Example::

        - {id: dele-removes, check: pop3.dele_removes, with: {port: 995, tls: implicit, user: bob, password: bob},
           points: 3}
    """
    subject = f"maillab DELE test {secrets.token_hex(6)}"
    delivery = servers.deliver_test(target, user, subject)
    if delivery.problem:
        return failed(f"could not deliver a test message: {delivery.problem}")
    try:
        report = target.client(
            "pop3", port, tls=tls, user=user, password=password, inspect=True, delete_subject=subject
        )
        place = _protocol.where(target, port)
        if not report.logged_in:
            return failed(f"POP3 on {place}: {report.said('no login')}")
        if report.error or report.stat is None:
            return failed(f"POP3 session of {user} on {place} failed: {report.error or 'no STAT answer'}")
        count, size = report.stat
        if count != len(report.listing) or size != sum(report.listing.values()):
            return failed(f"STAT says {count} messages, {size} octets but LIST shows {report.listing}")
        if len(report.retr) != count:
            return failed(f"RETR returned {len(report.retr)} of {count} messages")
        if not report.deleted:
            return failed(f"the test message '{subject}' of {user} is not among the {count} messages POP3 lists")
        left = _still_there(target, user, subject)
        if left:
            return failed(f"after DELE and QUIT on {place} the test message is not gone: {left}")
        return passed(f"STAT/LIST agree on {count} messages, RETR read them all, DELE and QUIT removed the test one")
    finally:
        servers.discard(target, user, subject)


def _still_there(target: Target, user: str, subject: str, bound: float = 3.0) -> str | None:
    """Where the deleted message still is, once `bound` seconds have passed, or None when it went.
    Courier's pop3d answers QUIT first and removes the messages after (pop3dserver.C), so on a busy
    machine the files may still be there when the answer arrives."""
    deadline, pause = time.monotonic() + bound, 0.05
    while (left := servers.left_behind(target, user, subject)) and time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 2, 0.5)
    return left


@check
def not_served(target: Target, port: int = 110) -> Outcome:
    """No POP3 server answers on `port` (e.g. plain 110 closed when only POP3S is wanted).

    Example::

        - {id: pop3-plain-closed, check: pop3.not_served, with: {port: 110}, points: 2}
    """
    report = target.client("pop3", port, tls="none")
    place = _protocol.where(target, port)
    if report.greeting:
        return failed(f"POP3 still answers on {place}: {report.greeting}")
    return passed(f"nothing answers POP3 on {place}: {report.error or 'no greeting'}")


@check
def refuses_wrong_password(
    target: Target, port: int = 110, tls: str = "none", user: str = "student", password: str = "wrong-password"
) -> Outcome:
    """The POP3 server on `port` answers but refuses `user` with a wrong password.

    Example::

        - {id: wrong-password-refused, check: pop3.refuses_wrong_password, with: {port: 110, user: student}, points: 1}
    """
    return _protocol.refuses_wrong_password(target, "pop3", port, user, password, tls)
