"""Judging IMAP and POP3 client transcripts (helpers shared by imap.py and pop3.py)."""

import base64
import ssl

from maillab import servers
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target
from maillab.transcript import Transcript

REFUSAL_TIMEOUT = 25
TLS_WORDS = {"implicit": "implicit TLS", "starttls": "STARTTLS", "none": "a plaintext connection"}


def configured_cert_der(target: Target, port: int) -> tuple[str | None, str | None]:
    """(path, base64 DER) of the first certificate in the file configured for `port` (read once per run)."""
    path = servers.tls_paths(target, port).cert
    if not path:
        return None, None

    def compute() -> tuple[str | None, str | None]:
        result = target.host.run("cat -- %s", path)
        pem = result.stdout
        start, end = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"
        if result.rc != 0 or start not in pem or end not in pem:
            return path, None
        block = pem[pem.index(start) : pem.index(end) + len(end)] + "\n"
        return path, base64.b64encode(ssl.PEM_cert_to_DER_cert(block)).decode()

    return target.cached(f"protocol.cert_der.{path}", compute)


def where(target: Target, port: int) -> str:
    point = target.endpoint(port)
    return f"port {port} (reached at {point.address}:{point.port})"


def login(
    target: Target,
    protocol: str,
    port: int,
    tls: str,
    user: str,
    password: str,
    mechanism: str = "login",
    timeout: float | None = None,
    sees: str = "",
) -> Outcome:
    """A client logs in on `port` using `tls`; with TLS the server must present its configured certificate.

    With `sees`, the user's INBOX must also hold a message whose subject contains it: a login
    alone does not prove the user reads their own mail. `timeout` (seconds) replaces the
    client's default where a server may be slow on purpose.
    """
    extra: dict = {"timeout": timeout} if timeout else {}
    if sees:
        extra["subject"] = sees
    report = target.client(protocol, port, tls=tls, user=user, password=password, mechanism=mechanism, **extra)
    place = where(target, port)
    if report.error and report.login is None:
        return failed(f"{protocol.upper()} on {place}: {report.error}")
    if tls != "none":
        path, expected = configured_cert_der(target, port)
        if not (report.tls and report.tls.cert):
            return failed(f"no TLS session on {place}")
        if expected is None:
            return failed(f"TLS works on {place} but no readable certificate is configured ({path or 'none'})")
        if report.tls.cert != expected:
            return failed(f"the certificate presented on {place} is not the configured one ({path})")
    if not report.logged_in:
        reply = report.login.reply if report.login else "no reply"
        return failed(f"{user} cannot log in over {TLS_WORDS[tls]} on {place}: {reply}")
    version = report.tls.version if report.tls else None
    how = f"over {TLS_WORDS[tls]}{f' ({version})' if version else ''} on {place}"
    if sees and report.select and not report.select.ok:
        return failed(f"{user} logged in {how}, but SELECT INBOX failed: {report.select.reply or 'no reply'}")
    if sees and not report.found:
        return failed(f"{user} logged in {how}, but their INBOX ({report.messages} messages) has no '{sees}'")
    return passed(f"{user} logged in {how}" + (f" and sees '{sees}' in the INBOX" if sees else ""))


def refuses_plaintext(target: Target, protocol: str, port: int, user: str, password: str) -> Outcome:
    """Before STARTTLS the server refuses the password; after STARTTLS the same login works."""
    report = target.client(protocol, port, tls="starttls", user=user, password=password, login_before_tls=True)
    place = where(target, port)
    before = report.login_before_tls
    if before is None:
        return failed(f"{protocol.upper()} on {place}: {report.error or 'no answer'}")
    if before.ok:
        return failed(f"{user}'s password was accepted without TLS on {place}: {before.reply}")
    if report.error:
        return failed(f"{place} refused the plaintext login but {report.error}")
    if not report.logged_in:
        reply = report.login.reply if report.login else "no reply"
        return failed(f"{place} refuses the login even after STARTTLS: {reply}")
    return passed(f"{place} refused the password before TLS ({before.reply}) and accepted it after")


def refuses_wrong_password(
    target: Target, protocol: str, port: int, user: str, password: str, tls: str = "none"
) -> Outcome:
    """The server answers on `port` (over `tls`) and refuses `user` with a wrong `password`."""
    # A refusal is slow by design (auth_failure_delay, PAM's and Courier's own delays), more so under load.
    report = target.client(protocol, port, tls=tls, user=user, password=password, timeout=REFUSAL_TIMEOUT)
    place = where(target, port)
    login = report.login
    if login is None:
        return failed(f"{protocol.upper()} on {place}: {report.error or 'no answer'}")
    if login.ok:
        return failed(f"{user} logged in with the wrong password {password!r} on {place}: {login.reply}")
    return passed(f"the wrong password for {user} is refused on {place}: {login.reply}")


def mailbox_problem(report: Transcript, target: Target, port: int, user: str, mailbox: str) -> str | None:
    """What kept an IMAP session from logging in and selecting `mailbox`, or None."""
    if report.error and report.login is None:
        return f"IMAP on {where(target, port)}: {report.error}"
    if not report.logged_in:
        reply = report.login.reply if report.login else "no reply"
        return f"{user} cannot log in over IMAP on {where(target, port)}: {reply}"
    if not (report.select and report.select.ok):
        reply = (report.select.reply if report.select else "") or report.error or "no reply"
        return f"SELECT {mailbox} as {user} failed: {reply}"
    return None


def added_user_logs_in(target: Target, user: str, password: str, port: int, tls: str, added_to: str) -> Outcome:
    """`user`, just added to `added_to` while Dovecot runs, logs in over IMAP at once; when not, with
    what Dovecot's auth process logged about the user."""
    outcome = login(target, "imap", port, tls, user, password, timeout=REFUSAL_TIMEOUT)
    if outcome.passed:
        return passed(f"{user}, added to {added_to} while Dovecot ran: {outcome.message}")
    said = _dovecot.auth_complaint(target, user)
    logged = f"; Dovecot's auth logged: {said}" if said else ""
    return failed(f"{user} was added to {added_to}, but {outcome.message}{logged}")
