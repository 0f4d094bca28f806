"""A lab's parameters: their kinds, one student's values, and `{{ name }}` templates filled with them.

Values come from an HMAC-SHA256 keyed by the class code over the lab id, the parameter's name
and the student id, so the same three always give the same values and anyone who knows them can
compute the values again: this deters copying, it protects nothing.
"""

import hashlib
import hmac
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

NAME = r"^[a-z][a-z0-9_]{0,40}$"
# The mail users every server image has (containers/base/seed-users), each with password = name.
MAIL_USERS = ("student", "alice", "bob", "admin")
USER_NAME = r"^[a-z][a-z0-9]{1,15}$"
# Accounts Debian and the mail packages bring, which a created mail user must not be.
SYSTEM_ACCOUNTS = frozenset({
    "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "backup",
    "list", "irc", "gnats", "nobody", "postmaster", "courier", "dovecot", "dovenull", "vmail", "messagebus",
})  # fmt: skip
# Makes one mail user the way containers/base/seed-users does; $1 is the name.
CREATE_USER = (
    'id "$1" >/dev/null 2>&1 || { useradd --create-home --shell /bin/bash "$1" '
    '&& echo "$1:$1" | chpasswd --crypt-method SHA512 '
    '&& install -d -o "$1" -g "$1" "/home/$1/Maildir" "/home/$1/Maildir/cur" "/home/$1/Maildir/new" '
    '"/home/$1/Maildir/tmp" && install -m 0660 -o "$1" -g mail /dev/null "/var/mail/$1"; }'
)
DOMAIN_SUFFIX = ".example.lab"
# Labels a `domain` parameter draws from when it names none of its own.
DOMAIN_LABELS = (
    "office", "sales", "support", "research", "finance", "legal", "north", "south",
    "east", "west", "harbor", "garden", "studio", "works", "depot", "campus",
)  # fmt: skip
WHOLE = re.compile(r"^\{\{\s*([a-z][a-z0-9_]*)\s*\}\}$")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Template syntax: a placeholder, or a Jinja2 tag or comment that is closed (a shell `${#var}` is not one).
MARKERS = re.compile(r"\{\{|\{%.*?%\}|\{#.*?#\}", re.S)


class _Kind(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=NAME)]
    about: str = ""

    def pick(self, number: int) -> Any:
        """The value that the derived `number` (a large non-negative integer) stands for."""
        raise NotImplementedError


class _Choice(_Kind):
    """A value out of a list."""

    choices: Annotated[list[str], Field(min_length=2)]
    default: str

    @model_validator(mode="after")
    def _default_listed(self) -> "_Choice":
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("choices: each value may appear once")
        if self.default not in self.choices:
            raise ValueError(f"default {self.default!r} is not one of the choices")
        return self

    def pick(self, number: int) -> str:
        return self.choices[number % len(self.choices)]


class UserParameter(_Choice):
    """A mail user: one the images have, or, with `create: true`, one the lab's set-up creates first
    (as the base image makes its users: password = name, a Maildir and a spool file)."""

    kind: Literal["user"]
    create: bool = False

    @model_validator(mode="after")
    def _known_users(self) -> "UserParameter":
        if self.create:
            bad = [user for user in self.choices if not re.match(USER_NAME, user) or user in SYSTEM_ACCOUNTS]
            if bad:
                raise ValueError(f"{bad[0]!r} cannot be a new mail user: use a-z and 0-9, not a system account")
            return self
        unknown = [user for user in self.choices if user not in MAIL_USERS]
        if unknown:
            raise ValueError(
                f"{unknown[0]!r} is not a mail user of the images ({', '.join(MAIL_USERS)}); add `create: true`"
            )
        return self


class WordParameter(_Choice):
    """A word out of a list: a folder name, a greeting, a label."""

    kind: Literal["word"]
    choices: Annotated[list[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,40}$")]], Field(min_length=2)]


class DomainParameter(_Kind):
    """A domain under example.lab: `<label>.example.lab`."""

    kind: Literal["domain"]
    labels: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,30}$")]] = Field(
        default_factory=lambda: list(DOMAIN_LABELS), min_length=2
    )
    # example.lab itself may be the default
    default: Annotated[str, Field(pattern=r"^([a-z][a-z0-9-]{0,30}\.)?example\.lab$")]

    def pick(self, number: int) -> str:
        return self.labels[number % len(self.labels)] + DOMAIN_SUFFIX


class NumberParameter(_Kind):
    """A whole number from `min` to `max`, both included."""

    kind: Literal["number"]
    min: int
    max: int
    default: int

    @model_validator(mode="after")
    def _in_range(self) -> "NumberParameter":
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be more than min ({self.min})")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside {self.min}..{self.max}")
        return self

    def pick(self, number: int) -> int:
        return self.min + number % (self.max - self.min + 1)


Parameter = Annotated[UserParameter | WordParameter | DomainParameter | NumberParameter, Field(discriminator="kind")]


def defaults(parameters: list[Any]) -> dict[str, Any]:
    """Every parameter's default: the values of a lab started without a student."""
    return {p.name: p.default for p in parameters}


def setup_commands(parameters: list[Any], values: dict[str, Any]) -> list[str]:
    """Commands that create the users the values name and the images lack (none for the defaults)."""
    wanted = [values[p.name] for p in parameters if p.kind == "user" and p.create]
    return [f"sh -c '{CREATE_USER}' sh {name}" for name in dict.fromkeys(wanted) if name not in MAIL_USERS]


def derive(lab_id: str, parameters: list[Any], student: str, class_code: str = "") -> dict[str, Any]:
    """The values of `student` in `class_code` for lab `lab_id`: the same inputs give the same values."""
    values = {}
    for parameter in parameters:
        message = f"{lab_id}\0{parameter.name}\0{student}".encode()
        digest = hmac.new(class_code.encode(), message, hashlib.sha256).digest()
        values[parameter.name] = parameter.pick(int.from_bytes(digest[:8], "big"))
    return values


class TemplateError(Exception):
    """A template could not be filled; `line` is 1-based inside the template text, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)


def render(text: str, values: dict[str, Any]) -> Any:
    """`text` with `{{ name }}` filled in; a text that is one `{{ name }}` alone gives the value itself
    (a number stays a number). A misspelt name or broken syntax is a TemplateError.

    Plain `{{ name }}` placeholders are filled in directly; anything else Jinja2 offers (filters,
    `{% raw %}`, ...) goes through Jinja2 itself, which is imported only then (it costs 0.1 s)."""
    if not MARKERS.search(text):
        return text
    whole = WHOLE.match(text.strip())
    if whole and whole.group(1) in values:
        return values[whole.group(1)]
    rest = PLACEHOLDER.sub("", text)
    if not MARKERS.search(rest) and "}}" not in rest:
        return PLACEHOLDER.sub(lambda found: _value(found, text, values), text)
    return _jinja(text, values)


def _value(found: re.Match, text: str, values: dict[str, Any]) -> str:
    name = found.group(1)
    if name not in values:
        known = ", ".join(sorted(values)) or "none"
        raise TemplateError(
            f"template: '{name}' is undefined (parameters: {known})", text.count("\n", 0, found.start()) + 1
        )
    return str(values[name])


def _jinja(text: str, values: dict[str, Any]) -> str:
    import jinja2

    try:
        return _environment().from_string(text).render(values)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"template: {error.message}", error.lineno) from None
    except jinja2.UndefinedError as error:
        known = ", ".join(sorted(values)) or "none"
        raise TemplateError(f"template: {error.message} (parameters: {known})", _line_of(error)) from None


def _line_of(error: BaseException) -> int | None:
    """The template line a rendering error happened on, from its traceback."""
    traceback, line = error.__traceback__, None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
