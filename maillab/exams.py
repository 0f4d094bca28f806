"""Practical exams as data: exams/<id>.yaml names a server, a time limit, a pass mark and a pool of
tasks (each a lab, proven by that lab's own cases); a sitting draws some of them with a seed."""

import difflib
import itertools
import random
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from maillab import catalog, paths, servers, yamlfile
from maillab.catalog import Lab
from maillab.errors import LabFileError, LabNotFound

EXAM_ID = r"^[a-z0-9][a-z0-9-]{1,30}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(_Strict):
    """One task of the pool: a lab's goal and checks. Tasks of one `group` are never drawn together
    (they set the same thing differently, e.g. two mailbox formats)."""

    lab: Annotated[str, Field(pattern=catalog.LAB_ID)]
    points: Annotated[int, Field(ge=1, le=1000)] = 100
    group: str = ""

    @property
    def group_key(self) -> str:
        return self.group or f"lab:{self.lab}"


class Exam(_Strict):
    """An exam as its exams/<id>.yaml describes it."""

    id: Annotated[str, Field(pattern=EXAM_ID)]
    title: str
    server: str
    minutes: Annotated[int, Field(ge=5, le=480)]
    pass_mark: Annotated[int, Field(ge=200, le=800)]
    draw: Annotated[int, Field(ge=2)]
    tasks: Annotated[list[Task], Field(min_length=2)]
    _path: Path = PrivateAttr()

    @model_validator(mode="after")
    def _drawable(self) -> "Exam":
        if self.server not in servers.names():
            raise ValueError(f"server: no server {self.server!r} (known: {', '.join(servers.names())})")
        labs = [task.lab for task in self.tasks]
        for lab in labs:
            if labs.count(lab) > 1:
                raise ValueError(f"tasks: lab {lab!r} is listed twice")
        groups = len({task.group_key for task in self.tasks})
        if self.draw > groups:
            raise ValueError(f"draw: {self.draw} tasks cannot be drawn from {groups} groups of tasks")
        return self

    @property
    def path(self) -> Path:
        return self._path

    @cached_property
    def labs(self) -> dict[str, Lab]:
        """Each task's lab, with its default values."""
        return {task.lab: catalog.load(task.lab) for task in self.tasks}

    def task(self, lab_id: str) -> Task:
        return next(task for task in self.tasks if task.lab == lab_id)

    def drawn(self, seed: int) -> list[str]:
        """The lab ids a sitting with `seed` draws, at most one per group, in the pool's order."""
        order = list(self.tasks)
        random.Random(f"{self.id}:{seed}").shuffle(order)
        chosen: list[Task] = []
        for task in order:
            if len(chosen) < self.draw and task.group_key not in {t.group_key for t in chosen}:
                chosen.append(task)
        return [task.lab for task in self.tasks if task in chosen]

    def sitting_lab(self, lab_ids: list[str]) -> Lab:
        """The drawn labs as one lab `exam-<id>`: their set-ups in order (its image is the sitting's
        starting state), every check (ids `<lab>-<check>`), what each restarts and collects."""
        labs = [self.labs[lab_id] for lab_id in lab_ids]
        checks = [
            {**spec.model_dump(by_alias=True), "id": f"{lab.id}-{spec.id}", "title": f"{lab.id}: {spec.title}"}
            for lab in labs
            for spec in lab.checks
        ]
        data = {
            "id": f"exam-{self.id}",
            "title": self.title,
            "server": self.server,
            "objective": labs[0].objective,
            "difficulty": max(lab.difficulty for lab in labs),
            "time": f"{self.minutes}m",
            "goal": "\n\n".join(lab.goal for lab in labs),
            "setup": [line for lab in labs for line in [f"# {lab.id}", *lab.setup_script]],
            "restart": list(dict.fromkeys(name for lab in labs for name in lab.restart)),
            "collect": list(dict.fromkeys(path for lab in labs for path in lab.collect)),
            "hints": ["An exam gives no hints."],
            "checks": checks,
        }
        lab = Lab.model_validate(data)
        lab._folder = self._path.parent
        return lab

    def combinations(self) -> list[list[str]]:
        """Every largest set of tasks that may sit together (one of each group), in the pool's order."""
        groups: dict[str, list[str]] = {}
        for task in self.tasks:
            groups.setdefault(task.group_key, []).append(task.lab)
        return [sorted(combo, key=[t.lab for t in self.tasks].index) for combo in itertools.product(*groups.values())]


@dataclass(frozen=True)
class Scored:
    """Points to a scaled score: 200 for nothing, 800 for everything."""

    points: int
    max_points: int

    @property
    def scaled(self) -> int:
        return 200 + round(600 * self.points / self.max_points) if self.max_points else 200


def exams_dir() -> Path:
    return paths.content_root() / "exams"


def exam_ids() -> list[str]:
    root = exams_dir()
    return sorted(p.stem for p in root.glob("*.yaml")) if root.is_dir() else []


@yamlfile.remembered
def load_file(path: Path) -> Exam:
    """Load and validate one exam file: its tasks are labs of the exam's server; file:line errors."""
    exam, lines = yamlfile.load_model(path, Exam, "an exam")
    if exam.id != path.stem:
        raise LabFileError(path, lines.line(["id"]), f"id {exam.id!r} differs from the file name {path.stem!r}")
    for index, task in enumerate(exam.tasks):
        where = lines.line(["tasks", index, "lab"])
        try:
            lab = catalog.load(task.lab)
        except LabNotFound as error:
            raise LabFileError(path, where, f"tasks.{index}.lab: {error}") from None
        if lab.server != exam.server:
            raise LabFileError(path, where, f"tasks.{index}.lab: {lab.id} is a {lab.server} lab, not {exam.server}")
    exam._path = path
    return exam


def load(exam_id: str) -> Exam:
    """The exam with this id; unknown ids name the closest matches."""
    if re.match(EXAM_ID, exam_id) and (exams_dir() / f"{exam_id}.yaml").is_file():
        return load_file(exams_dir() / f"{exam_id}.yaml")
    close = difflib.get_close_matches(exam_id, exam_ids(), n=3, cutoff=0.5)
    known = f"did you mean {', '.join(close)}?" if close else f"exams: {', '.join(exam_ids()) or 'none'}"
    raise LabNotFound(f"no exam named {exam_id!r}; {known}")


def load_all() -> list[Exam]:
    return [load(exam_id) for exam_id in exam_ids()]
