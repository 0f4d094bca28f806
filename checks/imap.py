"""IMAP checks: real logins from a client, as a mail program would do them."""

import secrets

from maillab import servers
from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

from . import _protocol


@check
def login(
    target: Target,
    port: int = 143,
    tls: str = "none",
    user: str = "student",
    password: str = "student",
    mechanism: str = "login",
    timeout: float | None = None,
    sees: str = "",
) -> Outcome:
    """An IMAP client logs in as `user` on `port` (tls: implicit, starttls or none) with
    `mechanism`, checking that a TLS server presents its configured certificate; with `sees`,
    the INBOX must also hold a message whose subject contains it, so the user really reaches
    their own mail. `timeout` in seconds where the server is slow on purpose.

    Example::

        - {id: imap-login, check: imap.login, with: {port: 143, tls: none, user: student, password: student,
           sees: Welcome 1 to the lab}, points: 3}
    """
    return _protocol.login(target, "imap", port, tls, user, password, mechanism, timeout, sees)


@check
def refuses_plaintext(target: Target, port: int = 143, user: str = "student", password: str = "student") -> Outcome:
    """LOGIN before STARTTLS is refused on `port`, and works after STARTTLS.

    Example::

        - {id: imap-tls-required, check: imap.refuses_plaintext, with: {port: 143, user: student, password: student},
           points: 3}
    """
    return _protocol.refuses_plaintext(target, "imap", port, user, password)


@check
def mechanisms(target: Target, expect: str, port: int = 143, tls: str = "starttls") -> Outcome:
    """The IMAP server on `port` offers exactly the SASL mechanisms in `expect` (e.g. "plain login cram-md5").

    With tls=starttls the capabilities after STARTTLS count, as a client would see them before logging in.

    Example::

        - {id: mechanisms, check: imap.mechanisms, with: {expect: plain login cram-md5, port: 143, tls: starttls},
           points: 2}
    """
    report = target.client("imap", port, tls=tls)
    place = _protocol.where(target, port)
    if report.error or report.capabilities is None:
        return failed(f"IMAP on {place}: {report.error or 'no capabilities'}")
    offered = sorted(c.removeprefix("AUTH=").upper() for c in report.capabilities if c.upper().startswith("AUTH="))
    wanted = sorted(word.upper() for word in expect.split())
    if offered != wanted:
        return failed(f"{place} offers AUTH={' '.join(offered) or 'nothing'}; expected {' '.join(wanted)}")
    return passed(f"{place} offers AUTH={' '.join(offered)}")


@check
def greeting(target: Target, expect: str, port: int = 993, tls: str = "implicit") -> Outcome:
    """The IMAP server's greeting on `port` contains `expect` (login_greeting).

    Example::

        - {id: greeting, check: imap.greeting, with: {expect: mail.example.lab ready., port: 993, tls: implicit},
           points: 2}
    """
    report = target.client("imap", port, tls=tls)
    place = _protocol.where(target, port)
    if not report.greeting:
        return failed(f"IMAP on {place}: {report.error or 'no greeting'}")
    text = report.greeting.split("]", 1)[-1].strip()
    if expect not in text:
        return failed(f"{place} greets with '{text}'; expected '{expect}'")
    return passed(f"{place} greets with '{text}'")


@check
def refuses_wrong_password(
    target: Target, port: int = 143, tls: str = "none", user: str = "student", password: str = "wrong-password"
) -> Outcome:
    """The IMAP server on `port` answers but refuses `user` with a wrong password.

    Example::

        - {id: wrong-password-refused, check: imap.refuses_wrong_password, with: {port: 143, user: student}, points: 1}
    """
    return _protocol.refuses_wrong_password(target, "imap", port, user, password, tls)


@check
def mechanism_offered(target: Target, mechanism: str = "CRAM-MD5", port: int = 143, tls: str = "none") -> Outcome:
    """The IMAP CAPABILITY on `port` lists AUTH=<mechanism> (after STARTTLS when tls is starttls).

    Example::

        - {id: cram-md5-offered, check: imap.mechanism_offered, with: {mechanism: CRAM-MD5, port: 143, tls: none},
           points: 2}
    """
    report = target.client("imap", port, tls=tls)
    place = _protocol.where(target, port)
    if report.error:
        return failed(f"IMAP on {place}: {report.error}")
    capabilities = [item.upper() for item in report.capabilities or []]
    offered = sorted(item for item in capabilities if item.startswith("AUTH="))
    if f"AUTH={mechanism.upper()}" not in capabilities:
        listed = " ".join(offered) or "no AUTH= mechanism"
        return failed(
            f"CAPABILITY over {_protocol.TLS_WORDS[tls]} on {place} lists {listed}, not AUTH={mechanism.upper()}"
        )
    return passed(f"CAPABILITY over {_protocol.TLS_WORDS[tls]} on {place} lists {' '.join(offered)}")


@check
def delivered(
    target: Target, user: str = "student", password: str = "student", port: int = 143, tls: str = "starttls"
) -> Outcome:
    """A message delivered to `user` the server's own way (dovecot-lda, Courier's sendmail) shows up in
    the INBOX an IMAP client opens: delivery and the IMAP server agree on where the mail is.

    Example::

        - {id: mail-visible, check: imap.delivered, with: {user: alice, password: alice, port: 143, tls: starttls},
           points: 3}
    """
    subject = f"maillab delivery check {secrets.token_hex(4)}"
    delivery = servers.deliver_test(target, user, subject)
    if delivery.problem:
        return failed(delivery.problem)
    stored = f" (stored as {delivery.stored})" if delivery.stored else ""
    report = target.client("imap", port, tls=tls, user=user, password=password, subject=subject)
    problem = _protocol.mailbox_problem(report, target, port, user, "INBOX")
    if problem:
        return failed(f"'{subject}' was delivered{stored}, but {problem}")
    if not report.found:
        count = report.messages
        return failed(f"'{subject}' was delivered{stored}, but {user}'s INBOX over IMAP ({count} messages) lacks it")
    return passed(f"'{subject}', delivered to {user}, shows in the INBOX over IMAP")
