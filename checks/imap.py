"""IMAP checks: real logins from a client, as a mail program would do them."""

from maillab.checks import _protocol
from maillab.outcome import Outcome
from maillab.target import Target


def login(
    target: Target,
    port: int = 143,
    tls: str = "none",
    user: str = "student",
    password: str = "student",
    server: str = "dovecot",
    mechanism: str = "login",
) -> Outcome:
    """`user` logs in over IMAP on `port` (tls: implicit, starttls or none)."""
    return _protocol.login(target, "imap", port, tls, user, password, server, mechanism)


def refuses_plaintext(target: Target, port: int = 143, user: str = "student", password: str = "student") -> Outcome:
    """LOGIN before STARTTLS is refused on `port`, and works after STARTTLS."""
    return _protocol.refuses_plaintext(target, "imap", port, user, password)


def refuses_wrong_password(
    target: Target, port: int = 143, user: str = "student", password: str = "wrong-password"
) -> Outcome:
    """The IMAP server on `port` answers but refuses `user` with a wrong password."""
    return _protocol.refuses_wrong_password(target, "imap", port, user, password)
