"""Questions and claims as the banks (quizzes/*.yaml) write them, validated with file:line errors."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from maillab import paths, yamlfile
from maillab.errors import LabFileError

QUESTION_ID = r"^[a-z0-9][a-z0-9-]{2,60}$"
LAB_IDS = frozenset(
    "dovecot-ssl dovecot-maildir dovecot-mbox dovecot-pam dovecot-cram-md5 dovecot-pop3 dovecot-migrate "
    "dovecot-admin dovecot-capstone courier-aliases courier-imap courier-ssl courier-pop courier-userdb "
    "courier-troubleshoot".split()
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
        if (self.default is not None or self.value is not None) and self.setting is None:
            raise ValueError("default and value belong to a setting claim")
        if self.server == "courier" and self.setting and not self.file and self.system == "debian":
            raise ValueError("a Courier setting claim names the file that holds it (file:)")
        if self.path is not None and not self.path.startswith("/"):
            raise ValueError("a path claim gives an absolute path")
        return self

    @property
    def subject(self) -> str:
        return self.setting or self.path or self.command or ""


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

    @property
    def accepted(self) -> list[str]:
        return self.answer if isinstance(self.answer, list) else [self.answer]

    @property
    def text(self) -> str:
        """Everything the student reads before answering (prompt and choices)."""
        return "\n".join([self.prompt, *self.choices])


@dataclass(frozen=True)
class Located:
    """A question with where it was written, for file:line errors."""

    question: Question
    path: Path
    line: int | None


def load_bank(path: Path) -> list[Located]:
    """Load one bank file: a list of questions."""
    data, lines = yamlfile.load(path)
    if not isinstance(data, list):
        raise LabFileError(path, lines.line([]), "a quiz bank is a list of questions")
    located = []
    for index, item in enumerate(data):
        try:
            question = Question.model_validate(item)
        except ValidationError as error:
            first = error.errors()[0]
            steps = [index, *[s for s in first["loc"] if isinstance(s, str | int)]]
            field = ".".join(str(s) for s in first["loc"]) or "question"
            raise LabFileError(path, lines.line(steps), f"{field}: {first['msg']}") from None
        located.append(Located(question, path, lines.line([index])))
    return located


def bank_files(folder: Path | None = None) -> list[Path]:
    folder = folder or paths.quizzes_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_all(folder: Path | None = None) -> list[Located]:
    """Every question of every bank, ids unique across banks."""
    located: list[Located] = []
    seen: dict[str, Located] = {}
    for path in bank_files(folder):
        for item in load_bank(path):
            other = seen.get(item.question.id)
            if other:
                raise LabFileError(path, item.line, f"id {item.question.id!r} is also used at {other.path}:{other.line}")
            seen[item.question.id] = item
            located.append(item)
    return located


def questions(folder: Path | None = None) -> list[Question]:
    return [item.question for item in load_all(folder)]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9_./%-]+", text.lower())
