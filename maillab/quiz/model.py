"""Questions and claims as the banks (quizzes/*.yaml) write them, loaded with file:line errors.

A bank is validated against the pydantic schema (quiz/schema.py) when it is new or changed; the result is
cached under the data folder, so a practice session starts without building pydantic models.
"""

import contextlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from maillab import paths, yamlfile
from maillab.errors import LabFileError


@dataclass(frozen=True)
class Claim:
    """One machine-checkable fact on a server's image: a setting, a path, a command or a behaviour.

    `server` is always set once a bank is loaded (a claim that names none is about its question's lab's server).
    """

    system: str = "debian"
    server: str = ""
    setting: str | None = None
    path: str | None = None
    command: str | None = None
    behaviour: str | None = None
    subcommand: str | None = None
    exists: bool = True
    default: str | None = None
    value: str | None = None
    file: str | None = None
    package: str | None = None
    run: str | None = None
    expect: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str:
        if self.subcommand:
            return f"{self.command} {self.subcommand}"
        return self.setting or self.path or self.command or self.behaviour or ""


@dataclass(frozen=True)
class Question:
    """One question; `answer` is a letter (single), sorted letters (multi) or accepted spellings (fill)."""

    id: str
    type: str
    prompt: str
    answer: str | list[str]
    explanation: str
    objective: str
    topics: list[str]
    choices: list[str] = field(default_factory=list)
    lab: str | None = None
    claims: list[Claim] = field(default_factory=list)
    ignore_case: bool = False
    rejects: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Question":
        """From a dict the schema has already validated."""
        return cls(**{**data, "claims": [Claim(**claim) for claim in data.get("claims", [])]})

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
    """Load one bank file: a list of questions (validated once, then read from a cache until it changes)."""
    stat, schema = path.stat(), Path(__file__).with_name("schema.py").stat()
    key = f"{path.resolve()}:{stat.st_mtime_ns}.{schema.st_mtime_ns}:{stat.st_size}"
    entries = _cache().get(key)
    if entries is None:
        entries = _parse_bank(path)
        _remember(key, entries)
    return [Located(Question.of(data), path, line) for data, line in entries]


def _cache_file() -> Path:
    return paths.data_dir() / "quiz-banks.cache.json"


@cache
def _cache() -> dict[str, Any]:
    try:
        return json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remember(key: str, entries: list[Any]) -> None:
    """Store a validated bank; written to a temporary file then renamed, so a kill never leaves half a cache."""
    table = _cache()
    for stale in [k for k in table if k.rsplit(":", 2)[0] == key.rsplit(":", 2)[0]]:
        del table[stale]
    table[key] = entries
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower next time
        paths.write_atomic(_cache_file(), json.dumps(table))


def _parse_bank(path: Path) -> list[tuple[dict[str, Any], int | None]]:
    """Validate a bank with the schema; return each question as plain data with its line."""
    from pydantic import ValidationError

    from maillab.quiz.schema import Question as Schema

    data, lines = yamlfile.load(path)
    if not isinstance(data, list):
        raise LabFileError(path, lines.line([]), "a quiz bank is a list of questions")
    located = []
    for index, item in enumerate(data):
        try:
            question = Schema.model_validate(item)
        except ValidationError as error:
            first = error.errors()[0]
            steps = [index, *[s for s in first["loc"] if isinstance(s, str | int)]]
            if len(steps) == 1:  # a whole-question rule: point at the field it is about
                fields = ("claims", "rejects", "ignore_case", "answer", "choices", "lab")
                steps += [f for f in fields if f in first["msg"]][:1]
            field = ".".join(str(s) for s in steps[1:]) or "question"
            raise LabFileError(path, lines.line(steps), f"{field}: {first['msg']}") from None
        located.append((question.stored(), lines.line([index])))
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
                raise LabFileError(
                    path, item.line, f"id {item.question.id!r} is also used at {other.path}:{other.line}"
                )
            seen[item.question.id] = item
            located.append(item)
    return located


def questions(folder: Path | None = None) -> list[Question]:
    return [item.question for item in load_all(folder)]
