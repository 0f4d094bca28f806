"""The banks' schema (pydantic): checked when a bank file is new or changed, never on the hot path.

Labs come from the catalog and servers from their descriptions (maillab.servers); a claim that names
no server is about the server of its question's lab, and is stored with that server filled in.
"""

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

QUESTION_ID = r"^[a-z0-9][a-z0-9-]{2,60}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@cache
def _lab_ids() -> frozenset[str]:
    from maillab import catalog

    return frozenset(catalog.lab_ids())


@cache
def _server_names() -> frozenset[str]:
    from maillab import servers

    return frozenset(servers.names())


class Claim(_Strict):
    """One machine-checkable fact on a server's image, or in the reference layout (`system: reference`).

    Its subject is a setting, a path, a command (optionally a subcommand) or a behaviour: a short
    scenario (`run`) in a started server whose output must match every `expect` and no `absent`.
    """

    system: Literal["debian", "reference"] = "debian"
    server: str | None = Field(default=None, description="a server under containers/; default: the lab's")
    setting: str | None = None
    path: str | None = None
    command: str | None = None
    behaviour: str | None = Field(default=None, description="what the server does, in words")
    subcommand: str | None = Field(default=None, description="a subcommand of `command`, e.g. 'auth test'")
    exists: bool = True
    default: str | None = Field(default=None, description="the server's built-in default")
    value: str | None = Field(default=None, description="the value Debian's shipped configuration gives")
    file: str | None = Field(default=None, description="for a setting kept in a shell-style file: that file")
    package: str | None = Field(default=None, description="for a path: the Debian package owning it (dpkg -S)")
    run: str | None = Field(default=None, description="for a behaviour: the scenario, a POSIX sh script")
    expect: list[str] = Field(default_factory=list, description="for a behaviour: regexes some output line matches")
    absent: list[str] = Field(default_factory=list, description="for a behaviour: regexes no output line matches")

    @field_validator("server")
    @classmethod
    def _known_server(cls, server: str | None) -> str | None:
        if server is not None and server not in _server_names():
            raise ValueError(f"unknown server {server!r}; known: {', '.join(sorted(_server_names()))}")
        return server

    @field_validator("expect", "absent")
    @classmethod
    def _regexes(cls, patterns: list[str]) -> list[str]:
        import re

        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{pattern!r} is not a regular expression: {error}") from None
        return patterns

    @model_validator(mode="after")
    def _one_subject(self) -> "Claim":
        subjects = [s for s in (self.setting, self.path, self.command, self.behaviour) if s is not None]
        if len(subjects) != 1:
            raise ValueError("a claim names exactly one of setting, path, command, behaviour")
        if self.subcommand is not None and self.command is None:
            raise ValueError("a subcommand claim names its command")
        if (self.default is not None or self.value is not None) and self.setting is None:
            raise ValueError("default and value belong to a setting claim")
        if self.path is not None and not self.path.startswith("/"):
            raise ValueError("a path claim gives an absolute path")
        scenario = self.run is not None or self.expect or self.absent
        if self.behaviour is not None:
            if not self.run or not (self.expect or self.absent):
                raise ValueError("a behaviour claim has a scenario (run) and what its output shows (expect, absent)")
            if self.system != "debian":
                raise ValueError("a behaviour claim is checked on a server's image (system: debian)")
        elif scenario:
            raise ValueError("run, expect and absent belong to a behaviour claim")
        return self


class Question(_Strict):
    """One question of a bank; `answer` is a letter (single), sorted letters (multi) or spellings (fill)."""

    id: Annotated[str, Field(pattern=QUESTION_ID)]
    type: Literal["single", "multi", "fill"]
    prompt: Annotated[str, Field(min_length=10)]
    choices: list[str] = Field(default_factory=list)
    answer: str | list[str]
    ignore_case: bool = Field(default=False, description="fill: compare the answer (or a setting's value) in any case")
    rejects: list[str] = Field(default_factory=list, description="fill: near misses the judge must reject")
    explanation: Annotated[str, Field(min_length=20)]
    objective: Annotated[str, Field(pattern=r"^\d{3}\.\d$")]
    topics: Annotated[list[str], Field(min_length=1)]
    lab: str | None = None
    claims: list[Claim] = Field(default_factory=list)

    @model_validator(mode="after")
    def _answer_fits(self) -> "Question":
        if self.lab is not None and self.lab not in _lab_ids():
            raise ValueError(f"unknown lab {self.lab!r}; known: {', '.join(sorted(_lab_ids()))}")
        if self.type == "fill":
            if self.choices:
                raise ValueError("a fill question has no choices")
            if not isinstance(self.answer, list) or not self.answer or not all(self.answer):
                raise ValueError("a fill answer is a list of accepted spellings")
            if not self.rejects:
                raise ValueError("a fill question lists near misses its judge must reject (rejects)")
            return self
        if self.ignore_case or self.rejects:
            raise ValueError("ignore_case and rejects belong to a fill question")
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

    @model_validator(mode="after")
    def _claims_fit_their_server(self) -> "Question":
        from maillab.quiz import claims

        for claim in self.claims:
            server = claim.server or (claims.lab_server(self.lab) if self.lab else None)
            if server is None:
                raise ValueError("claims: a claim of a question without a lab names its server")
            problem = claims.problem(claim, server)
            if problem:
                subject = claim.setting or claim.path or claim.command or claim.behaviour
                raise ValueError(f"claims: {subject}: {problem}")
        return self

    def stored(self) -> dict[str, Any]:
        """Plain data for the cache, every claim with its server filled in."""
        from maillab.quiz import claims

        data = self.model_dump(exclude_defaults=True)
        for claim, stored in zip(self.claims, data.get("claims", []), strict=True):
            stored["server"] = claim.server or claims.lab_server(self.lab or "")
        return data
