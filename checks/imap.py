"""IMAP checks: real logins from a client, as a mail program would do them."""

from maillab.checks import _protocol
from maillab.outcome import Outcome, failed, passed
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


def mechanisms(target: Target, expect: str, port: int = 143, tls: str = "starttls") -> Outcome:
    """The IMAP server on `port` offers exactly the SASL mechanisms in `expect` (e.g. "plain login cram-md5").

    With tls=starttls the capabilities after STARTTLS count, as a client would see them before logging in.
    """
    report = target.client("imap", port, tls=tls)
    place = _protocol.where(target, port)
    if report.get("error") or "capabilities" not in report:
        return failed(f"IMAP on {place}: {report.get('error', 'no capabilities')}")
    offered = sorted(c.removeprefix("AUTH=").upper() for c in report["capabilities"] if c.upper().startswith("AUTH="))
    wanted = sorted(word.upper() for word in expect.split())
    if offered != wanted:
        return failed(f"{place} offers AUTH={' '.join(offered) or 'nothing'}; expected {' '.join(wanted)}")
    return passed(f"{place} offers AUTH={' '.join(offered)}")


def greeting(target: Target, expect: str, port: int = 993, tls: str = "implicit") -> Outcome:
    """The IMAP server's greeting on `port` contains `expect` (login_greeting)."""
    report = target.client("imap", port, tls=tls)
    place = _protocol.where(target, port)
    if not report.get("greeting"):
        return failed(f"IMAP on {place}: {report.get('error', 'no greeting')}")
    text = report["greeting"].split("]", 1)[-1].strip()
    if expect not in text:
        return failed(f"{place} greets with '{text}'; expected '{expect}'")
    return passed(f"{place} greets with '{text}'")


def refuses_wrong_password(
    target: Target, port: int = 143, tls: str = "none", user: str = "student", password: str = "wrong-password"
) -> Outcome:
    """The IMAP server on `port` answers but refuses `user` with a wrong password."""
    return _protocol.refuses_wrong_password(target, "imap", port, user, password, tls)
