"""Find, load and validate labs (labs/<id>/lab.yaml) with file:line errors."""

import difflib
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from maillab import checks, params, paths, servers, yamlfile
from maillab.errors import LabFileError, LabNotFound

LAB_ID = r"^[a-z0-9][a-z0-9-]{1,40}$"
CHECK_ID = r"^[a-z0-9][a-z0-9-]{0,60}$"
CHECK_NAME = r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Credentials(_Strict):
    user: str = "student"
    password: str = "student"


class CheckSpec(_Strict):
    """One graded check: a function from checks/ with its parameters."""

    id: Annotated[str, Field(pattern=CHECK_ID)]
    title: str
    points: Annotated[int, Field(ge=1, le=100)]
    check: Annotated[str, Field(pattern=CHECK_NAME, description="module.function in checks/")]
    params: dict[str, Any] = Field(default_factory=dict, alias="with")
    hint: str = ""


class Student(_Strict):
    """Whose values a lab carries: a student id and the class code the instructor handed out."""

    id: str
    class_code: str = ""


class _Parameters(BaseModel):
    """The `parameters:` of a lab file, read before anything else is filled in with their values."""

    model_config = ConfigDict(extra="ignore")
    parameters: list[params.Parameter] = Field(default_factory=list)

    @field_validator("parameters")
    @classmethod
    def _unique_names(cls, parameters: list[Any]) -> list[Any]:
        names = [p.name for p in parameters]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"parameter {name!r} is declared twice")
        return parameters


class Lab(_Strict):
    """A lab as its lab.yaml describes it."""

    id: Annotated[str, Field(pattern=LAB_ID)]
    title: str
    server: str
    objective: Annotated[str, Field(pattern=r"^\d{3}\.\d$")]
    difficulty: Annotated[int, Field(ge=1, le=5)]
    time: Annotated[str, Field(pattern=r"^\d+m$")]
    goal: str
    background: str = ""
    read: list[str] = Field(default_factory=list)
    login: Credentials = Field(default_factory=Credentials)
    setup: list[str] = Field(default_factory=list)
    restart: list[str] = Field(default_factory=list)
    collect: list[str] = Field(default_factory=list)
    hints: Annotated[list[str], Field(min_length=1)]
    checks: Annotated[list[CheckSpec], Field(min_length=1)]
    parameters: list[params.Parameter] = Field(default_factory=list)
    _folder: Path = PrivateAttr()
    _values: dict[str, Any] = PrivateAttr(default_factory=dict)
    _student: Student | None = PrivateAttr(default=None)

    @field_validator("checks")
    @classmethod
    def _unique_check_ids(cls, checks: list[CheckSpec]) -> list[CheckSpec]:
        seen: set[str] = set()
        for spec in checks:
            if spec.id in seen:
                raise ValueError(f"check id {spec.id!r} is used twice")
            seen.add(spec.id)
        return checks

    @field_validator("server")
    @classmethod
    def _known_server(cls, server: str) -> str:
        if server not in servers.names():
            raise ValueError(
                f"no server {server!r} is described under containers/ (known: {', '.join(servers.names())})"
            )
        return server

    @model_validator(mode="after")
    def _known_services(self) -> "Lab":
        services = self.server_info.service_names
        for name in self.restart:
            if name not in services:
                raise ValueError(f"restart: {name!r} is not a service of {self.server} ({', '.join(services)})")
        return self

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def values(self) -> dict[str, Any]:
        """The parameters' values this lab was loaded with: a student's, or the defaults."""
        return dict(self._values)

    @property
    def student(self) -> Student | None:
        """The student whose values these are; None for the defaults."""
        return self._student

    @property
    def individualized(self) -> bool:
        return bool(self.parameters)

    @property
    def setup_script(self) -> list[str]:
        """What makes the starting state: users the values need created first, then `setup:`."""
        return [*params.setup_commands(self.parameters, self._values), *self.setup]

    def script(self, relative: Path | str) -> str:
        """The lab's script at `relative` (e.g. solution/apply.sh), filled in with its values."""
        path = self._folder / relative
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise LabFileError(path, None, f"cannot read: {error}") from None
        try:
            return str(params.render(text, self._values))
        except params.TemplateError as error:
            raise LabFileError(path, error.line, str(error)) from None

    @property
    def server_info(self) -> servers.Server:
        """The description of the lab's server (containers/<server>/server.yaml)."""
        return servers.get(self.server)

    @property
    def ports(self) -> list[int]:
        """Container ports a client reaches, published on 127.0.0.1."""
        return self.server_info.port_numbers

    @property
    def log_file(self) -> str:
        """The server's mail log, as `lab logs` shows it."""
        return self.server_info.log

    @property
    def collect_paths(self) -> list[str]:
        """What `lab submit` packs: the server's default paths plus the lab's own `collect:`."""
        return list(dict.fromkeys([*self.server_info.collect.paths, *self.collect]))

    @property
    def restarts(self) -> str:
        """`dovecot` or `courier-imap, courier-pop`: what grading restarts first, for people to read."""
        return ", ".join(self.restart) or "nothing"

    @property
    def max_score(self) -> int:
        return sum(spec.points for spec in self.checks)

    @cached_property
    def fresh_case(self) -> "WrongCase":
        """What the starting state must fail (fresh.yaml)."""
        return _load_case(self, self._folder / "fresh.yaml")

    @cached_property
    def wrong_cases(self) -> list["WrongCase"]:
        """The typical mistakes shipped in wrong/<name>/, each with what it must fail."""
        base = self._folder / "wrong"
        if not base.is_dir():
            return []
        return [_load_case(self, case / "expect.yaml") for case in sorted(base.iterdir()) if case.is_dir()]


class WrongCase(_Strict):
    """A typical mistake: the checks it must fail and words each failure message must contain."""

    about: str
    fails: Annotated[dict[str, str], Field(min_length=1)]
    _folder: Path = PrivateAttr()

    @property
    def name(self) -> str:
        return self._folder.name


def _load_case(lab: Lab, path: Path) -> WrongCase:
    data, lines = yamlfile.load(path)
    data = fill(data, lab.values, path, lines)
    try:
        case = WrongCase.model_validate(data)
    except ValidationError as error:
        raise yamlfile.validation_error(path, lines, error) from None
    known = {spec.id for spec in lab.checks}
    for check_id in case.fails:
        if check_id not in known:
            raise LabFileError(path, lines.line(["fails", check_id]), f"unknown check id {check_id!r}")
    case._folder = path.parent if path.name == "expect.yaml" else path.parent / path.stem
    return case


def lab_ids() -> list[str]:
    """Ids of every lab folder, sorted."""
    root = paths.labs_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "lab.yaml").is_file())


def fill(data: Any, values: dict[str, Any], path: Path, lines: yamlfile.LineMap, where: tuple = ()) -> Any:
    """`data` with every string filled in from `values` (parameters: stays as written); file:line errors."""
    if isinstance(data, dict):
        return {
            key: value if where == () and key == "parameters" else fill(value, values, path, lines, (*where, key))
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [fill(item, values, path, lines, (*where, index)) for index, item in enumerate(data)]
    if isinstance(data, str):
        try:
            return params.render(data, values)
        except params.TemplateError as error:
            raise LabFileError(path, lines.inner_line(list(where), error.line), str(error)) from None
    return data


def _values(lab_id: str, parameters: list[Any], student: Student | None) -> dict[str, Any]:
    if student is None:
        return params.defaults(parameters)
    return params.derive(lab_id, parameters, student.id, student.class_code)


@yamlfile.remembered
def load_file(path: Path, student: Student | None = None) -> Lab:
    """Load and validate one lab.yaml, filled in with `student`'s values (the defaults without one)."""
    data, lines = yamlfile.load(path)
    if not isinstance(data, dict):
        raise LabFileError(path, lines.line([]), "a lab must be a mapping of keys to values")
    try:
        declared = _Parameters.model_validate(data).parameters
    except ValidationError as error:
        raise yamlfile.validation_error(path, lines, error) from None
    values = _values(str(data.get("id", "")), declared, student)
    try:
        lab = Lab.model_validate(fill(data, values, path, lines))
    except ValidationError as error:
        raise yamlfile.validation_error(path, lines, error) from None
    if lab.id != path.parent.name:
        raise LabFileError(path, lines.line(["id"]), f"id {lab.id!r} differs from its folder {path.parent.name!r}")
    for index, spec in enumerate(lab.checks):
        problem = checks.bind(spec.check, spec.params, lab.server)
        if problem:
            where, text = problem
            raise LabFileError(path, lines.line(["checks", index, *where]), f"checks.{index}: {text}")
    lab._folder, lab._values, lab._student = path.parent, values, student
    return lab


def load(lab_id: str, student: Student | None = None) -> Lab:
    """The lab with this id, with `student`'s values; unknown ids name the closest matches."""
    if re.match(LAB_ID, lab_id) and (paths.labs_dir() / lab_id / "lab.yaml").is_file():
        return load_file(paths.labs_dir() / lab_id / "lab.yaml", student)
    close = difflib.get_close_matches(lab_id, lab_ids(), n=3, cutoff=0.5)
    suggestion = f"; did you mean {', '.join(close)}?" if close else "; `lab list` shows them all"
    raise LabNotFound(f"no lab named {lab_id!r}{suggestion}")


def load_some(lab_ids: list[str]) -> list[Lab]:
    """The labs with these ids, in that order; every lab when none is named."""
    return [load(lab_id) for lab_id in lab_ids] if lab_ids else load_all()


def load_all() -> list[Lab]:
    """Every lab, sorted by server, objective and id."""
    labs = [load_file(paths.labs_dir() / lab_id / "lab.yaml") for lab_id in lab_ids()]
    return sorted(labs, key=lambda lab: (lab.server, lab.objective, lab.difficulty, lab.id))
