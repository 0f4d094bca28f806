"""An exam sitting's life: start one server in the starting state of every drawn task, tell the time
left, refuse help, and grade after restarting the whole container."""

import contextlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from maillab import exams, grader, images, lifecycle, progress
from maillab.catalog import Lab
from maillab.errors import ExitStatus, MaillabError, NotRunning, UsageError
from maillab.runtime import EXAM_LABEL, SEED_LABEL, STARTED_LABEL, TASKS_LABEL, LabContainer, Runtime


class ExamRefusal(MaillabError):
    """Help asked for a lab that is part of a running exam."""


def container_key(exam_id: str) -> str:
    """The name the runtime keys a sitting's container by (`<namespace>-exam-<id>`); also the id of
    the sitting's lab (exams.Exam.sitting_lab)."""
    return f"exam-{exam_id}"


@dataclass(frozen=True)
class Sitting:
    """A running (or stopped) exam: which exam, its seed, the drawn labs, its container and its clock."""

    exam: exams.Exam
    seed: int
    labs: list[Lab]
    container: LabContainer
    started: float

    @property
    def key(self) -> str:
        return container_key(self.exam.id)

    @property
    def tasks(self) -> list[str]:
        return [lab.id for lab in self.labs]

    @property
    def lab(self) -> Lab:
        """The drawn tasks as one lab (its id is the container's key), for `lab submit`."""
        return self.exam.sitting_lab(self.tasks)

    @property
    def deadline(self) -> float:
        return self.started + self.exam.minutes * 60

    def left(self, now: float | None = None) -> float:
        """Seconds until the deadline (negative once it has passed)."""
        return self.deadline - (time.time() if now is None else now)


def _of(container: LabContainer) -> Sitting:
    labels = container.labels
    try:
        exam = exams.load(labels[EXAM_LABEL])
        labs = [exam.labs[lab_id] for lab_id in labels[TASKS_LABEL].split(",")]
        return Sitting(exam, int(labels[SEED_LABEL]), labs, container, float(labels[STARTED_LABEL]))
    except (KeyError, ValueError, MaillabError) as error:
        raise MaillabError(
            f"the exam container {container.name} no longer matches its exam ({error}); "
            "`lab finish --all` removes it"
        ) from None


def sittings(runtime: Runtime) -> list[Sitting]:
    """Every exam container of this namespace."""
    return [_of(container) for container in runtime.labs() if container.labels.get(EXAM_LABEL)]


def choose(runtime: Runtime, exam_id: str | None) -> Sitting:
    """The named exam's sitting, or the only one when none is named."""
    found = sittings(runtime)
    if exam_id:
        exams.load(exam_id)  # an unknown id names the closest ones
        for sitting in found:
            if sitting.exam.id == exam_id:
                return sitting
        raise NotRunning(f"exam {exam_id} is not started; run `lab exam start {exam_id}`")
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError("no exam is running; `lab exam start EXAM` starts one (`lab exam list` shows them)")
    raise UsageError(f"several exams are running ({', '.join(s.exam.id for s in found)}); name the one you mean")


def start(
    runtime: Runtime, exam: exams.Exam, seed: int | None, say: Any, tasks: list[str] | None = None
) -> tuple[Sitting, bool]:
    """Start a sitting (or resume the one running); (sitting, resumed). `tasks` replaces the draw
    (the proofs sit every largest set of tasks)."""
    existing = runtime.get(container_key(exam.id))
    if existing is not None:
        sitting = _of(existing)
        if seed is not None and seed != sitting.seed:
            raise UsageError(f"exam {exam.id} already runs with seed {sitting.seed}; `lab exam finish` it first")
        return running(runtime, sitting), True
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    labs = [exam.labs[lab_id] for lab_id in (tasks or exam.drawn(seed))]
    image = images.lab_image(runtime.client, exam.sitting_lab([lab.id for lab in labs]), say)
    labels = {EXAM_LABEL: exam.id, SEED_LABEL: str(seed), TASKS_LABEL: ",".join(lab.id for lab in labs)}
    labels[STARTED_LABEL] = f"{time.time():.3f}"
    key = container_key(exam.id)
    try:
        container = runtime.create(key, image, {port: None for port in labs[0].ports}, exam.server, labels)
        progress.get(container.id, key)
        lifecycle.wait_started(runtime, labs[0], container)
    except BaseException:  # an interrupted first start leaves nothing behind
        with contextlib.suppress(Exception):
            runtime.remove(key)
        raise
    return _of(container), False


def running(runtime: Runtime, sitting: Sitting) -> Sitting:
    """The sitting with its container running, started again (on its new ports) when it had stopped."""
    if sitting.container.status == "running":
        return sitting
    container = lifecycle.start_again(runtime, sitting.labs[0], sitting.key)
    return _of(container)


def refuse_help(runtime: Runtime, lab_id: str | None, verb: str) -> None:
    """Refuse `hint`, `solve` and `reset` on a lab of a running exam's pool, or with no lab named
    while an exam runs; one line naming the exam."""
    for sitting in sittings(runtime):
        if lab_id is None or lab_id in sitting.exam.labs:
            about = f"lab {lab_id} is part of" if lab_id else "no lab is named during"
            raise ExamRefusal(
                f"`lab {verb}` is not allowed: {about} exam {sitting.exam.id} (seed {sitting.seed}), "
                "which allows no help while it runs"
            )


@dataclass
class TaskResult:
    """One drawn task's grade: all its checks pass, or it earns nothing."""

    lab: Lab
    result: grader.Result
    max_points: int

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def points(self) -> int:
        return self.max_points if self.passed else 0


@dataclass
class ExamResult:
    """A sitting's grade: each task, the scaled score against the pass mark, the time used."""

    exam: exams.Exam
    seed: int
    tasks: list[TaskResult]
    time_used: float
    extra: dict = field(default_factory=dict)

    @property
    def points(self) -> int:
        return sum(task.points for task in self.tasks)

    @property
    def max_points(self) -> int:
        return sum(task.max_points for task in self.tasks)

    @property
    def scaled(self) -> int:
        return exams.Scored(self.points, self.max_points).scaled

    @property
    def passed(self) -> bool:
        return self.scaled >= self.exam.pass_mark

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.SUCCESS if self.passed else ExitStatus.CHECKS_FAILED

    def to_dict(self) -> dict:
        """The JSON shape of an exam grade (docs/architecture.md, "Results")."""
        return {
            "exam": self.exam.id,
            "seed": self.seed,
            "scaled": self.scaled,
            "pass_mark": self.exam.pass_mark,
            "passed": self.passed,
            "time_used": round(self.time_used),
            "tasks": [
                {
                    "lab": task.lab.id,
                    "passed": task.passed,
                    "points": task.points,
                    "max_points": task.max_points,
                    "checks": task.result.to_dict()["checks"],
                }
                for task in self.tasks
            ],
            **self.extra,
        }


def grade_target(sitting: Sitting, target: Any, time_used: float) -> ExamResult:
    """Grade every drawn task on `target` as it runs now (no service is restarted: the caller
    restarted the whole server), one task after another."""
    tasks = [
        TaskResult(lab, grader.grade(lab, target, restart=False), sitting.exam.task(lab.id).points)
        for lab in sitting.labs
    ]
    return ExamResult(sitting.exam, sitting.seed, tasks, time_used)


def grade(runtime: Runtime, sitting: Sitting, final: bool) -> ExamResult:
    """Restart the whole container, then grade every task and record the result; before the deadline
    only when `final`."""
    left = sitting.left()
    if left > 0 and not final:
        raise UsageError(f"exam {sitting.exam.id} runs {_minutes(left)} more; `lab exam grade --final` hands it in now")
    graded_at = time.time()
    container = lifecycle.restart_container(runtime, sitting.labs[0], sitting.key)
    target = lifecycle.target_for(container, sitting.labs[0], runtime.client)
    try:
        result = grade_target(sitting, target, min(graded_at, sitting.deadline) - sitting.started)
    finally:
        getattr(target.host.backend, "close", lambda: None)()
    progress.record_grade(container.id, sitting.key, result.points, result.max_points, result.passed)
    return result


def finish(runtime: Runtime, sitting: Sitting) -> progress.Run:
    """Remove the sitting's container; its grade stays recorded."""
    run = progress.get(sitting.container.id, sitting.key)
    progress.record_finish(sitting.container.id, sitting.key)
    runtime.discard(sitting.container)
    return run


def _minutes(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60} min {whole % 60:02d} s"


def time_left(sitting: Sitting) -> str:
    """`12 min 05 s left (until 14:30 UTC)`, or that the time is up."""
    until = time.strftime("%H:%M UTC", time.gmtime(sitting.deadline))
    left = sitting.left()
    return f"{_minutes(left)} left (until {until})" if left > 0 else f"time is up (it ended at {until})"
