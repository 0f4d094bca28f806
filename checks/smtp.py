"""SMTP checks: a real client (smtplib) on the grading machine, or inside a sandbox, talks to the server."""

import base64
import hashlib
import secrets

from maillab import servers
from maillab.checks import after_others, check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target
from maillab.transcript import Transcript

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
    problem = _smtp.delivery_problem(report, place)
    if problem:
        return failed(problem)
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


def _starttls_session(target: Target, port: int) -> Transcript:
    """One session on `port` that asks for STARTTLS and says EHLO again over TLS (once per grading run)."""
    return target.cached(
        f"smtp.starttls.{port}", lambda: target.client("smtp", port, tls="starttls", timeout=_smtp.TIMEOUT)
    )


def _fingerprint(der_base64: str) -> str:
    """The SHA-256 fingerprint of a base64 DER certificate, as openssl prints it (AB:CD:...), shortened."""
    digest = hashlib.sha256(base64.b64decode(der_base64)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, 16, 2)) + ":…"


@check
def starttls(target: Target, port: int = 25) -> Outcome:
    """EHLO on `port` offers STARTTLS, the TLS handshake completes, EHLO works over it, and the
    certificate presented is the one the server is configured with (same SHA-256 fingerprint).

    Postfix still offers STARTTLS when it cannot load its certificate, and then answers the command
    with 454; only a real handshake tells.

    Example::

        - {id: starttls, check: smtp.starttls, with: {port: 25}, points: 4}
    """
    report = _starttls_session(target, port)
    place = _protocol.where(target, port)
    if not report.greeting:
        return failed(f"SMTP on {place}: {report.error or 'no banner'}")
    offered = "STARTTLS" in (report.capabilities_before_tls or [])
    if report.error or not (report.tls and report.tls.cert):
        said = report.error or "no TLS session"
        return failed(f"{place} {'offers' if offered else 'does not offer'} STARTTLS in EHLO; {said}")
    if not report.capabilities:
        return failed(f"the TLS handshake on {place} completed, but EHLO over TLS got no answer")
    path, expected = _protocol.configured_cert_der(target, port)
    served = _fingerprint(report.tls.cert)
    if expected is None:
        configured = path or "none"
        return failed(f"TLS works on {place} (SHA256 {served}), but no certificate is readable in {configured}")
    if report.tls.cert != expected:
        wanted = _fingerprint(expected)
        return failed(f"{place} presents the certificate SHA256 {served}, not the configured {path} (SHA256 {wanted})")
    return passed(f"STARTTLS on {place} gives {report.tls.version} with the configured {path} (SHA256 {served})")


@check
def certificate_names(target: Target, name: str = "mail.example.lab", port: int = 25) -> Outcome:
    """The certificate presented after STARTTLS on `port` is valid now and matches the host `name`
    (its subjectAltName, or its subject's CN when it has none), as openssl's host check judges it.

    Example::

        - {id: cert-name, check: smtp.certificate_names, with: {name: mail.example.lab, port: 25}, points: 2}
    """
    report = _starttls_session(target, port)
    place = _protocol.where(target, port)
    if not (report.tls and report.tls.cert):
        return failed(f"no certificate can be seen on {place}: {report.error or 'no TLS session'}")
    result = target.host.run("sh -c %s sh %s %s", _NAMES, report.tls.cert, name)
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    subject = lines.get("subject", "?").strip()
    names = lines.get("names", "").strip() or "no subjectAltName"
    seen = f"the certificate on {place} is for {subject} ({names})"
    if lines.get("valid") != "yes":
        return failed(f"{seen}, and it is not valid now ({lines.get('dates', 'dates unreadable').strip()})")
    if lines.get("match") != "yes":
        return failed(f"{seen}: it does not match {name}")
    return passed(f"{seen}: it matches {name}")


# The served certificate (base64 DER, $1) checked against the host name $2 by openssl itself.
_NAMES = """
pem=$(printf '%s' "$1" | base64 -d | openssl x509 -inform DER) || { echo "subject=unreadable"; exit 1; }
echo "subject=$(printf '%s\\n' "$pem" | openssl x509 -noout -subject -nameopt oneline | sed 's/^subject=//')"
echo "names=$(printf '%s\\n' "$pem" | openssl x509 -noout -ext subjectAltName 2>/dev/null | sed 1d | tr -d ' ')"
echo "dates=$(printf '%s\\n' "$pem" | openssl x509 -noout -startdate -enddate | tr '\\n' ' ')"
printf '%s\\n' "$pem" | openssl x509 -noout -checkend 0 >/dev/null && echo valid=yes || echo valid=no
printf '%s\\n' "$pem" | openssl x509 -noout -checkhost "$2" | grep -q 'does match' && echo match=yes || echo match=no
"""


@check
def size_limit(target: Target, limit: int, port: int = 25, client: str | None = None) -> Outcome:
    """The server takes messages of exactly `limit` bytes and no more: EHLO announces SIZE `limit`,
    MAIL FROM with SIZE=`limit` gets 250 and with SIZE=`limit`+1 a 552 (RFC 1870); no message is sent.
    `client` as for accepts.

    Example::

        - {id: size-limit, check: smtp.size_limit, with: {limit: 5242880, client: 203.0.113.9}, points: 3}
    """
    report, place = _smtp.session(target, port, client, sender=_smtp.SENDER, sizes=[limit, limit + 1])
    problem = _smtp.session_problem(report, place)
    if problem:
        return failed(problem)
    announced = next((word for word in report.capabilities or [] if word.startswith("SIZE")), "no SIZE")
    replies = {item.size: item for item in report.sized_mail}
    at, over = replies.get(limit), replies.get(limit + 1)
    if at is None or over is None:
        return failed(f"{place} did not answer MAIL FROM with SIZE= ({report.error or 'no reply'})")
    seen = f"EHLO says {announced}; SIZE={limit}: {at.reply}; SIZE={limit + 1}: {over.reply}"
    if not at.ok:
        return failed(f"{place} refuses a message of {limit} bytes ({seen})")
    if over.ok or _smtp.code(over.reply) != "552":
        return failed(f"{place} does not refuse {limit + 1} bytes with 552 ({seen})")
    return passed(f"{place}: {seen}")
