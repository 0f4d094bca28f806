"""Where a user's mail lives: homes, mail_location parsing and expansion (helpers, not checks)."""

import posixpath
import re
from dataclasses import dataclass

from maillab.servers import dovecot as _dovecot
from maillab.target import Target

VARIABLES = re.compile(r"%(\{[a-z]+\}|[a-zA-Z])")


@dataclass(frozen=True)
class Location:
    """A parsed mail_location: `format:root[:KEY=value...]`."""

    format: str
    root: str
    options: dict[str, str]

    @classmethod
    def parse(cls, value: str) -> "Location":
        """Split `mbox:~/mail:INBOX=/var/mail/%u` into its format, root and options."""
        head, _, rest = value.partition(":")
        if not rest and "/" in head:
            return cls("", head, {})
        parts = rest.split(":")
        options = dict(part.split("=", 1) for part in parts[1:] if "=" in part)
        return cls(head.lower(), parts[0], options)


def home(target: Target, user: str) -> str | None:
    """The user's home directory from the passwd database, or None for an unknown user."""

    def compute() -> str | None:
        result = target.host.run("getent passwd %s", user)
        fields = result.stdout.strip().split(":")
        return fields[5] if result.rc == 0 and len(fields) > 5 else None

    return target.cached(f"mailbox.home.{user}", compute)


def expand(path: str, user: str, user_home: str) -> str:
    """Expand ~, %u, %n, %d and %h the way Dovecot does for one user; normalise the result."""
    name, _, domain = user.partition("@")
    values = {"u": user, "n": name, "d": domain, "h": user_home}
    values |= {"{user}": user, "{username}": name, "{domain}": domain, "{home}": user_home}
    expanded = VARIABLES.sub(lambda match: values.get(match.group(1), match.group(0)), path)
    if expanded == "~" or expanded.startswith("~/"):
        expanded = user_home + expanded[1:]
    return posixpath.normpath(expanded) if expanded else expanded


def location(target: Target, protocol: str | None = "imap", user: str | None = None) -> tuple[Location | None, str]:
    """The location INBOX is served from over `protocol` to `user` (the inbox namespace's own
    location when set, else the userdb's mail field, else mail_location, each as filtered for the
    protocol), parsed, and `... = value (file:line)` naming the line in force, for messages."""
    value, seen = _dovecot.mail_location(target, protocol, user)
    if value is None:
        return None, f"doveconf cannot read mail_location: {_dovecot.config_error(target) or 'unknown'}"
    return (Location.parse(value) if value else None), seen
