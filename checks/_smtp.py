"""Judging SMTP transcripts (helpers shared by smtp.py and postfix.py)."""

from maillab.transcript import Transcript

SENDER = "grader@example.net"
# A failed AUTH delays the next one by seconds, more under load; a refusal is slow by design.
TIMEOUT = 20


def code(reply: str) -> str:
    """The three-digit code a reply starts with ("454 4.7.1 ..." -> "454"), or ""."""
    head = reply[:3]
    return head if head.isdigit() else ""


def session_problem(report: Transcript, place: str) -> str | None:
    """What kept an SMTP session from reaching RCPT (no banner, a refused MAIL), or None."""
    if report.error and not report.mail:
        return f"SMTP on {place}: {report.error}"
    if not report.greeting or not report.greeting.startswith("220"):
        return f"SMTP on {place} greets with {report.greeting or 'nothing'}, not 220"
    if report.mail is None:
        return f"SMTP on {place}: no reply to MAIL FROM"
    if not report.mail.ok:
        return f"{place} refuses MAIL FROM:<{SENDER}>: {report.mail.reply}"
    return None


def replies(report: Transcript) -> str:
    """`<address>: reply; ...` for every RCPT of a session."""
    return "; ".join(f"<{item.address}>: {item.reply}" for item in report.rcpt) or "no RCPT reply"
