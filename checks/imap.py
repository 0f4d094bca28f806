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
    timeout: float | None = None,
) -> Outcome:
    """`user` logs in over IMAP on `port` (tls: implicit, starttls or none); `timeout` in seconds if slow."""
    return _protocol.login(target, "imap", port, tls, user, password, server, mechanism, timeout)


def refuses_plaintext(target: Target, port: int = 143, user: str = "student", password: str = "student") -> Outcome:
    """LOGIN before STARTTLS is refused on `port`, and works after STARTTLS."""
    return _protocol.refuses_plaintext(target, "imap", port, user, password)
