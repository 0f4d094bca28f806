"""SMTP checks: a real client (smtplib) on the grading machine, or inside a sandbox, talks to the server."""

import secrets

from maillab import servers
from maillab.checks import after_others, check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

from . import _protocol, _smtp


@check
def banner(target: Target, expect: str = "mail.example.lab", port: int = 25) -> Outcome:
    """The server greets on `port` with a 220 banner whose host name is `expect`.

    An empty read means nothing listens in the server, whatever the engine's proxy accepted.

    Example::

        - {id: banner, check: smtp.banner, with: {expect: mail.example.lab, port: 25}, points: 2}
    """
    report = target.client("smtp", port)
    place = _protocol.where(target, port)
    if not report.greeting:
        return failed(f"SMTP on {place}: {report.error or 'no banner'}")
    words = report.greeting.split()
    if words[0] != "220" or len(words) < 2:
        return failed(f"{place} greets with '{report.greeting}', not 220")
    if words[1].lower() != expect.lower():
        return failed(f"{place} greets as {words[1]} ('{report.greeting}'); expected {expect}")
    return passed(f"{place} greets with '{report.greeting}'")


@check
def accepts(
    target: Target,
    recipients: list[str],
    port: int = 25,
    client: str | None = None,
    user: str | None = None,
    password: str = "",
) -> Outcome:
    """A client on `port` gets 250 for every RCPT TO in `recipients` (no message is sent).

    With `client` the session poses as that address (Postfix: XCLIENT on a loopback twin of the
    service), the same way in every grading mode; without it, it comes from where the grader is.
    With `user`, the client first logs in (STARTTLS, then AUTH PLAIN), as a user's mail program does.

    Example::

        - {id: accepts-local, check: smtp.accepts,
           with: {recipients: [alice@example.lab, alice@mail.example.lab], port: 25, client: 203.0.113.9}, points: 2}
    """
    login = {"tls": "starttls", "user": user, "password": password} if user else {}
    report, place = _smtp.session(target, port, client, sender=_smtp.SENDER, recipients=recipients, **login)
    if user and not (report.error and report.login is None) and not report.logged_in:
        return failed(f"{user} cannot log in on {place}: {report.login.reply if report.login else 'no reply'}")
    problem = _smtp.session_problem(report, place)
    if problem:
        return failed(problem)
    refused = [item for item in report.rcpt if not item.ok]
    if refused:
        return failed(f"{place} refuses " + "; ".join(f"<{item.address}>: {item.reply}" for item in refused))
    return passed(f"{place} accepts " + ", ".join(f"<{item.address}>" for item in report.rcpt))


@check
def refuses(
    target: Target,
    recipients: list[str],
    reply: str = "550",
    words: str = "",
    port: int = 25,
    client: str | None = None,
) -> Outcome:
    """A client on `port` gets a reply starting with `reply` (e.g. 550, or 5 for any permanent
    refusal) for every RCPT TO in `recipients`, with `words` in it when given; `client` as for accepts.

    Example::

        - {id: unknown-user, check: smtp.refuses,
           with: {recipients: [nosuchuser@example.lab], reply: "550", words: User unknown, client: 203.0.113.9},
           points: 2}
    """
    report, place = _smtp.session(target, port, client, sender=_smtp.SENDER, recipients=recipients)
    problem = _smtp.session_problem(report, place)
    if problem:
        return failed(problem)
    wrong = [item for item in report.rcpt if not (item.reply.startswith(reply) and words in item.reply)]
    if wrong:
        wanted = f"{reply}{'xx'[: 3 - len(reply)]}{f' with {words!r}' if words else ''}"
        seen = "; ".join(f"<{item.address}>: {item.reply}" for item in wrong)
        return failed(f"{place} answers {seen}; expected {wanted}")
    return passed(f"{place} answers {_smtp.replies(report)}")


@check
def delivered(
    target: Target,
    recipient: str,
    user: str,
    password: str,
    mailbox: str = "INBOX",
    port: int = 25,
    imap_port: int = 143,
    client: str | None = None,
) -> Outcome:
    """A message with a subject picked per run, sent over SMTP to `recipient`, shows up in `user`'s
    `mailbox` over IMAP (STARTTLS) within a bounded wait: the whole path from SMTP to the mailbox works.

    The message goes only to a domain the server keeps for itself (mydestination and the like);
    `client` as for accepts.

    Example::

        - {id: root-reaches-admin, check: smtp.delivered,
           with: {recipient: root@mail.example.lab, user: admin, password: admin, client: 203.0.113.9}, points: 3}
    """
    domain = recipient.rpartition("@")[2].lower()
    local = servers.local_domains(target)
    if local is None or domain not in local:
        known = ", ".join(local or []) or "none it can name"
        return failed(f"no message is sent to {recipient}: {domain} is not a domain this server keeps ({known})")
    subject = f"maillab delivery check {secrets.token_hex(4)}"
    report, place = _smtp.session(target, port, client, sender=_smtp.SENDER, recipients=[recipient], message=subject)
    problem = _smtp.session_problem(report, place)
    if problem:
        return failed(problem)
    if not all(item.ok for item in report.rcpt):
        return failed(f"{place} refuses {_smtp.replies(report)}")
    if not (report.data and report.data.ok):
        return failed(f"{place} did not take the message: {report.data.reply if report.data else report.error}")
    outcome = servers.await_delivery(target, report.data.reply)
    seen = target.client(
        "imap", imap_port, tls="starttls", user=user, password=password, mailbox=mailbox, subject=subject
    )
    problem = _protocol.mailbox_problem(seen, target, imap_port, user, mailbox)
    if problem is None and seen.found:
        servers.discard(target, user, subject)
        return passed(f"'{subject}' to <{recipient}> is in {user}'s {mailbox} over IMAP ({outcome or 'delivered'})")
    lacks = problem or f"{user}'s {mailbox} over IMAP ({seen.messages} messages) lacks it"
    return failed(
        f"'{subject}' to <{recipient}> was accepted ({report.data.reply}), but {lacks}; "
        f"the mail log says: {outcome or 'nothing'}"
    )


@check
def requires_tls(target: Target, port: int = 587) -> Outcome:
    """The server on `port` offers STARTTLS and refuses MAIL FROM until the client has started TLS.

    Example::

        - {id: tls-required, check: smtp.requires_tls, with: {port: 587}, points: 2}
    """
    report = target.client("smtp", port, sender=_smtp.SENDER, recipients=[], timeout=_smtp.TIMEOUT)
    place = _protocol.where(target, port)
    if report.mail is None:
        return failed(f"SMTP on {place}: {report.error or 'no reply to MAIL FROM'}")
    offered = [item.split()[0] for item in report.capabilities_before_tls or []]
    if "STARTTLS" not in offered:
        return failed(f"EHLO on {place} does not offer STARTTLS ({' '.join(offered) or 'no keywords'})")
    if report.mail.ok:
        return failed(f"{place} accepts MAIL FROM without TLS ({report.mail.reply}): TLS is optional there")
    return passed(f"{place} offers STARTTLS and refuses MAIL before it: {report.mail.reply}")


@check
def auth_after_tls(target: Target, port: int = 587) -> Outcome:
    """EHLO on `port` offers no AUTH before STARTTLS (no password ever crosses in cleartext) and
    offers AUTH PLAIN after it.

    Example::

        - {id: auth-after-tls, check: smtp.auth_after_tls, with: {port: 587}, points: 2}
    """
    report = target.client("smtp", port, tls="starttls", timeout=_smtp.TIMEOUT)
    place = _protocol.where(target, port)
    if report.capabilities_before_tls is None:
        return failed(f"SMTP on {place}: {report.error or 'no EHLO reply'}")
    before = [item for item in report.capabilities_before_tls if item.split()[0] == "AUTH"]
    if before:
        return failed(f"EHLO on {place} offers {before[0]} before STARTTLS: a password may cross in cleartext")
    if report.error:
        return failed(f"{place} offers no AUTH before TLS, but {report.error}")
    after = [item for item in report.capabilities or [] if item.split()[0] == "AUTH"]
    if not after or "PLAIN" not in after[0].split()[1:]:
        return failed(f"{place} offers {after[0] if after else 'no AUTH'} after STARTTLS, not AUTH PLAIN")
    return passed(f"{place} offers no AUTH before STARTTLS and {after[0]} after it")


@check
def login(target: Target, user: str, password: str, port: int = 587) -> Outcome:
    """`user` logs in with SMTP AUTH PLAIN after STARTTLS on `port`, which presents the configured certificate.

    Example::

        - {id: login, check: smtp.login, with: {user: alice, password: alice, port: 587}, points: 3}
    """
    return _protocol.login(target, "smtp", port, "starttls", user, password, timeout=_smtp.TIMEOUT)


@check
@after_others
def refuses_wrong_password(target: Target, user: str, password: str = "wrong-password", port: int = 587) -> Outcome:
    """After STARTTLS on `port`, AUTH PLAIN as `user` with a wrong password gets 535 (authentication
    failed), not another refusal: the server does check passwords. Runs after the other checks.

    Example::

        - {id: wrong-password, check: smtp.refuses_wrong_password, with: {user: alice, port: 587}, points: 1}
    """
    report = target.client("smtp", port, tls="starttls", user=user, password=password, timeout=_smtp.TIMEOUT)
    place = _protocol.where(target, port)
    if report.login is None:
        return failed(f"SMTP on {place}: {report.error or 'no reply to AUTH'}")
    if report.login.ok:
        return failed(f"{user} logged in with the wrong password {password!r} on {place}: {report.login.reply}")
    if _smtp.code(report.login.reply) != "535":
        return failed(f"{place} answers the wrong password with {report.login.reply}, not 535: is AUTH enabled there?")
    return passed(f"the wrong password for {user} is refused on {place}: {report.login.reply}")
