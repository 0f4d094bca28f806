"""POP3 checks: real logins from a client, as a mail program would do them."""

from maillab.checks import _protocol
from maillab.outcome import Outcome
from maillab.target import Target


def login(
    target: Target,
    port: int = 110,
    tls: str = "none",
    user: str = "student",
    password: str = "student",
    server: str = "dovecot",
) -> Outcome:
    """`user` logs in over POP3 on `port` (tls: implicit, starttls or none)."""
    return _protocol.login(target, "pop3", port, tls, user, password, server)


def refuses_plaintext(target: Target, port: int = 110, user: str = "student", password: str = "student") -> Outcome:
    """USER/PASS before STLS is refused on `port`, and works after STLS."""
    return _protocol.refuses_plaintext(target, "pop3", port, user, password)


def refuses_wrong_password(
    target: Target, port: int = 110, user: str = "student", password: str = "wrong-password"
) -> Outcome:
    """The POP3 server on `port` answers but refuses `user` with a wrong password."""
    return _protocol.refuses_wrong_password(target, "pop3", port, user, password)
