"""Judging SMTP transcripts (helpers shared by smtp.py, postfix.py and the Sieve checks)."""

from typing import Any

from maillab import servers
from maillab.target import Target
from maillab.transcript import Transcript

from . import _protocol

BRIDGE = "172.17.0.1"  # where the container engine's proxy connects from: never a trusted network
SENDER = "grader@example.net"
# A failed AUTH delays the next one by seconds, more under load; a refusal is slow by design.
TIMEOUT = 20


def code(reply: str) -> str:
    """The three-digit code a reply starts with ("454 4.7.1 ..." -> "454"), or ""."""
    head = reply[:3]
    return head if head.isdigit() else ""


def session_problem(report: Transcript, place: str, sender: str = SENDER) -> str | None:
    """What kept an SMTP session from `sender` from reaching RCPT (no banner, a refused MAIL), or None."""
    if report.error and not report.mail:
        return f"SMTP on {place}: {report.error}"
    if not report.greeting or not report.greeting.startswith("220"):
        return f"SMTP on {place} greets with {report.greeting or 'nothing'}, not 220"
    if report.mail is None:
        return f"SMTP on {place}: no reply to MAIL FROM"
    if not report.mail.ok:
        return f"{place} refuses MAIL FROM:<{sender}>: {report.mail.reply}"
    return None


def delivery_problem(report: Transcript, place: str, sender: str = SENDER) -> str | None:
    """Why an SMTP session from `sender` did not hand over its message (session, RCPT or DATA), or None."""
    problem = session_problem(report, place, sender)
    if problem:
        return problem
    if not all(item.ok for item in report.rcpt):
        return f"{place} refuses {replies(report)}"
    if not (report.data and report.data.ok):
        return f"{place} did not take the message: {report.data.reply if report.data else report.error}"
    return None


def replies(report: Transcript) -> str:
    """`<address>: reply; ...` for every RCPT of a session."""
    return "; ".join(f"<{item.address}>: {item.reply}" for item in report.rcpt) or "no RCPT reply"


def session(target: Target, port: int, client: str | None = None, **options: Any) -> tuple[Transcript, str]:
    """One SMTP session on `port` and how to name the place in messages.

    With `client`, the session poses as that client address: it runs inside the server against the
    server's loopback twin of the service (Postfix: XCLIENT), in every grading mode alike, so no
    packet goes to the address and a sandbox's own trusted address plays no part.
    """
    options.setdefault("timeout", TIMEOUT)
    if client is None:
        return target.client("smtp", port, **options), _protocol.where(target, port)
    place = f"port {port} for a client from {client}" + (" (the container engine's bridge)" if client == BRIDGE else "")
    with servers.posing(target, port) as (problem, twin_port):
        if problem:
            return Transcript(protocol="smtp", error=f"no client can pose as {client}: {problem}"), place
        report = target.client_inside("smtp", twin_port, xclient=client, **options)
    if report.xclient is not None and not report.xclient.ok:
        return Transcript(protocol="smtp", error=f"XCLIENT as {client} was refused: {report.xclient.reply}"), place
    return report, place
