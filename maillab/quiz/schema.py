"""The banks' schema (pydantic): checked when a bank file is new or changed, never on the hot path."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

QUESTION_ID = r"^[a-z0-9][a-z0-9-]{2,60}$"
LAB_IDS = frozenset(
    [
        "dovecot-ssl",
        "dovecot-maildir",
        "dovecot-mbox",
        "dovecot-pam",
        "dovecot-cram-md5",
        "dovecot-pop3",
        "dovecot-migrate",
        "dovecot-admin",
        "dovecot-capstone",
        "courier-aliases",
        "courier-imap",
        "courier-ssl",
        "courier-pop",
        "courier-userdb",
        "courier-troubleshoot",
    ]
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Claim(_Strict):
    """One machine-checkable fact: a setting, a path or a command, on Debian's images or in the reference layout."""

    system: Literal["debian", "reference"] = "debian"
    server: Literal["dovecot", "courier"] = "dovecot"
    setting: str | None = None
    path: str | None = None
    command: str | None = None
    subcommand: str | None = Field(default=None, description="for doveadm: a subcommand, e.g. 'auth test'")
    exists: bool = True
    default: str | None = Field(default=None, description="Dovecot's built-in default (doveconf -d)")
    value: str | None = Field(default=None, description="the value Debian's shipped configuration gives")
    file: str | None = Field(default=None, description="for a Courier setting: the file that sets it")
    package: str | None = Field(default=None, description="for a path: the Debian package owning it (dpkg -S)")

    @model_validator(mode="after")
    def _one_subject(self) -> "Claim":
        subjects = [s for s in (self.setting, self.path, self.command) if s is not None]
        if len(subjects) != 1:
            raise ValueError("a claim names exactly one of setting, path, command")
        if self.subcommand is not None and self.command != "doveadm":
            raise ValueError("subcommand claims are about doveadm (checked with `doveadm help`)")
        if (self.default is not None or self.value is not None) and self.setting is None:
            raise ValueError("default and value belong to a setting claim")
        if self.server == "courier" and self.setting and not self.file and self.system == "debian":
            raise ValueError("a Courier setting claim names the file that holds it (file:)")
        if self.path is not None and not self.path.startswith("/"):
            raise ValueError("a path claim gives an absolute path")
        return self


class Question(_Strict):
    """One question of a bank; `answer` is a letter (single), sorted letters (multi) or spellings (fill)."""

    id: Annotated[str, Field(pattern=QUESTION_ID)]
    type: Literal["single", "multi", "fill"]
    prompt: Annotated[str, Field(min_length=10)]
    choices: list[str] = Field(default_factory=list)
    answer: str | list[str]
    explanation: Annotated[str, Field(min_length=20)]
    objective: Annotated[str, Field(pattern=r"^\d{3}\.\d$")]
    topics: Annotated[list[str], Field(min_length=1)]
    lab: str | None = None
    claims: list[Claim] = Field(default_factory=list)

    @model_validator(mode="after")
    def _answer_fits(self) -> "Question":
        if self.lab is not None and self.lab not in LAB_IDS:
            raise ValueError(f"unknown lab {self.lab!r}; known: {', '.join(sorted(LAB_IDS))}")
        if self.type == "fill":
            if self.choices:
                raise ValueError("a fill question has no choices")
            if not isinstance(self.answer, list) or not self.answer or not all(self.answer):
                raise ValueError("a fill answer is a list of accepted spellings")
            return self
        if len(self.choices) < 3 or len(set(self.choices)) != len(self.choices):
            raise ValueError("single and multi questions need at least 3 distinct choices")
        letters = "abcdefghij"[: len(self.choices)]
        answer = self.answer
        if not isinstance(answer, str) or not answer or any(c not in letters for c in answer):
            raise ValueError(f"answer must be letters among {letters!r}")
        if answer != "".join(sorted(set(answer))):
            raise ValueError(f"write the answer as sorted letters: {''.join(sorted(set(answer)))!r}")
        if self.type == "single" and len(answer) != 1:
            raise ValueError("a single-choice answer is one letter")
        if self.type == "multi" and len(answer) < 2:
            raise ValueError("a multi-choice answer has at least two letters")
        return self
