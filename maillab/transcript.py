"""What a protocol client saw (checks/_client.py), typed: a misspelt field is an error, not a silent None."""

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Reply(_Strict):
    """A command's outcome: OK (or +OK) and the server's words."""

    ok: bool
    reply: str = ""


class TlsFacts(_Strict):
    """The negotiated TLS version and the server's certificate (base64 DER)."""

    version: str | None = None
    cert: str = ""


class Rcpt(_Strict):
    """One RCPT TO: the address asked for and the server's reply to it."""

    address: str
    ok: bool
    reply: str = ""


class Step(_Strict):
    """One ManageSieve command after login (PUTSCRIPT "name", SETACTIVE ...) and its outcome."""

    command: str
    ok: bool
    reply: str = ""


class SizedMail(_Strict):
    """A MAIL FROM that declared the message's size (SIZE=, RFC 1870) and the server's reply."""

    size: int
    ok: bool
    reply: str = ""


class Transcript(_Strict):
    """One IMAP, POP3, SMTP or ManageSieve session. Absent parts (None, empty) were not reached or not asked for."""

    protocol: str = ""
    port: int = 0
    error: str | None = None
    greeting: str | None = None
    tls: TlsFacts | None = None
    capabilities_before_tls: list[str] | None = None
    login_before_tls: Reply | None = None
    capabilities: list[str] | None = None
    login: Reply | None = None
    # after login: the INBOX's size, and whether a message with the subject asked for is in it
    messages: int = 0
    found: bool = False
    # IMAP, after login
    create: Reply | None = None
    mailboxes: list[str] = []
    select: Reply | None = None
    # IMAP `search_all`: each mailbox holding a message with the subject, and each match's flags
    found_in: dict[str, list[str]] = {}
    # POP3, after login: STAT's (count, octets), LIST and UIDL by message number, RETR's octets
    stat: tuple[int, int] | None = None
    listing: dict[str, int] = Field(default_factory=dict, alias="list")
    uidl: dict[str, str] = {}
    retr: dict[str, int] = {}
    deleted: list[str] = []
    # SMTP (greeting is the banner, capabilities the EHLO keywords, login the AUTH reply)
    xclient: Reply | None = None
    sized_mail: list["SizedMail"] = []  # MAIL FROM with SIZE=, each followed by RSET
    mail: Reply | None = None
    rcpt: list[Rcpt] = []
    data: Reply | None = None
    # ManageSieve, after login: each command's outcome, and LISTSCRIPTS (name -> active) when asked
    steps: list[Step] = []
    scripts: dict[str, bool] | None = None

    @property
    def logged_in(self) -> bool:
        return bool(self.login and self.login.ok)

    def said(self, default: str = "no answer") -> str:
        """The session's error, else the login's reply, else `default`: what to tell a student."""
        return self.error or (self.login.reply if self.login else "") or default
