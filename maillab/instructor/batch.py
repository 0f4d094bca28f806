"""Grade a class: find the archives, note their arrival, grade each in its own sandbox in parallel.

Every archive ends as `graded`, `invalid` (with the reason) or `timed out`; with a
roster, students who sent nothing get a `missing` row. When a student sent several
archives for one lab, the last to arrive counts and the others are `superseded`. Each
submission's change from the lab's starting state is compared with the others' (copies.py).
Rows carry no timings, so grading the same archives again gives the same rows.
"""

import csv
import hashlib
import json
import os
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from maillab import images, output
from maillab.catalog import Lab
from maillab.errors import UsageError
from maillab.instructor import copies, individual, sandbox, startstate, submissions
from maillab.instructor.copies import Change
from maillab.paths import write_atomic
from maillab.runtime import namespace

SUFFIXES = (".tar.gz", ".tgz", ".tar")
GRADED, INVALID, TIMED_OUT, MISSING = "graded", "invalid", "timed out", "missing"
SUPERSEDED = "superseded"
PRIVATE = ("change", "reference", "ctime_ns")  # used while grading, never written out


@dataclass
class Row:
    """One submission's outcome, as the gradebook shows it."""

    student: str
    file: str
    status: str
    lab: str = ""
    score: int = 0
    max_score: int = 0
    raw_score: int = 0
    late: bool = False
    arrived: str = ""
    reason: str = ""
    sha256: str = ""
    notes: list[str] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    changed_lines: int = 0
    copy: str = ""
    copies: list[dict] = field(default_factory=list)
    change: Change | None = field(default=None, repr=False, compare=False)
    reference: Change | None = field(default=None, repr=False, compare=False)
    ctime_ns: int = field(default=0, repr=False, compare=False)

    def to_dict(self) -> dict:
        data = asdict(replace(self, change=None, reference=None))
        for name in PRIVATE:
            del data[name]
        return data


def status_summary(rows: list[Row]) -> str:
    """`4 graded, 1 invalid`: how many rows have each status, in order of first appearance."""
    return ", ".join(f"{n} {status}" for status, n in Counter(row.status for row in rows).items())


def progress_line(row: Row) -> str:
    """`ann: graded 14/16` or `bob.tar.gz: invalid: <reason>`, as each row is done."""
    tail = f" {row.score}/{row.max_score}" if row.status == GRADED else f": {row.reason}"
    return f"{row.student}: {row.status}{tail}"


@dataclass(frozen=True)
class Policy:
    """How lateness counts: the deadline (UTC) and the percentage taken off a late score."""

    deadline: datetime | None = None
    penalty: float = 0.0


def find_archives(paths: list[Path]) -> list[Path]:
    """The archive files named, or found (recursively) in the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(dict.fromkeys(p.resolve() for p in found))


def read_roster(path: Path) -> list[str]:
    """Student ids, one a line or in the first column of a CSV; a header `student` or `id` is skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror}") from None
    ids = []
    for row in csv.reader(line for line in lines if line.strip() and not line.lstrip().startswith("#")):
        value = row[0].strip() if row else ""
        if value and value.lower() not in ("student", "id", "student_id"):
            ids.append(value)
    return list(dict.fromkeys(ids))


class Receipts:
    """When each archive first arrived in the instructor's folder, recorded the first time it is seen.

    The arrival is the file's change time on the instructor's own file system, which
    a student cannot set; the manifest's own clock is never trusted for lateness.
    """

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()
        try:
            self.seen: dict[str, dict] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except ValueError:
            raise UsageError(f"{path}: not a receipts file (JSON); move it away to start afresh") from None

    def arrival(self, archive: Path, digest: str) -> str:
        with self.lock:
            if digest not in self.seen:
                when = datetime.fromtimestamp(archive.stat().st_ctime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                self.seen[digest] = {"file": archive.name, "arrived": when}
            return self.seen[digest]["arrived"]

    def save(self) -> None:
        write_atomic(self.path, output.json_text(self.seen, sort_keys=True))


class Grader:
    """Grades archives of one batch; lab images and their symlink lists are looked up once."""

    def __init__(
        self,
        client: Any,
        timeout: float,
        limits: submissions.Limits,
        policy: Policy,
        receipts: Receipts,
        class_code: str | None = None,
    ):
        self.client, self.timeout, self.limits = client, timeout, limits
        self.policy, self.receipts, self.class_code = policy, receipts, class_code
        self.batch = secrets.token_hex(3)
        self._images: dict[tuple, tuple[str, set[str]]] = {}
        self._starts: dict[tuple, startstate.StartState] = {}
        self._lock = threading.Lock()
        self._start_locks: dict[tuple, threading.Lock] = {}
        self._count = 0

    @staticmethod
    def _key(lab: Lab) -> tuple:
        # a student's values, or an exam sitting's drawn tasks, may change the starting state
        return (lab.id, tuple(lab.setup_script), *sorted(lab.values.items()))

    def _image(self, lab: Lab) -> tuple[str, set[str]]:
        key = self._key(lab)
        with self._lock:
            if key not in self._images:
                tag = images.lab_image(self.client, lab, lambda text: None)
                roots = sorted({*submissions.archive.ALLOWED, *(path.rstrip("/") or "/" for path in lab.collect_paths)})
                self._images[key] = (tag, sandbox.image_symlinks(self.client, tag, roots))
            return self._images[key]

    def _name(self) -> str:
        with self._lock:
            self._count += 1
            return f"{namespace()}-grade-{self.batch}-{self._count}"

    def _start(self, lab: Lab) -> startstate.StartState:
        """The lab's starting state and reference for these values, read once (a sandbox of its own)."""
        key = self._key(lab)
        with self._lock:
            lock = self._start_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._starts:
                plan = sandbox.Plan(self._image(lab)[0], self.batch, self.timeout)
                try:
                    self._starts[key] = startstate.read(self.client, lab, plan, self._name())
                except Exception as error:  # without a starting state nothing is compared; grading goes on
                    problem = f"the starting state of {lab.id} could not be read: {type(error).__name__}: {error}"
                    self._starts[key] = startstate.StartState(problem=problem[:300])
            return self._starts[key]

    def _compare(self, row: Row, sub: submissions.Submission) -> None:
        """Note the submission's change from the starting state, for copies.mark."""
        start = self._start(sub.lab)
        if not start.files:
            row.notes.append(f"not compared with other work: {start.problem}")
            return
        row.change = copies.change(start.files, start.collected, sub.members)
        row.changed_lines = row.change.changed_lines
        if start.reference is None:
            row.notes.append(f"not compared with the reference: {start.problem}")
        else:
            row.reference = copies.change(start.files, start.collected, start.reference)

    def grade(self, archive: Path) -> Row:
        """One archive, start to end; never raises for anything the archive does."""
        row = Row(student=archive.name, file=archive.name, status=INVALID)
        try:
            with archive.open("rb") as handle:
                row.sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
                row.ctime_ns = os.fstat(handle.fileno()).st_ctime_ns
            row.arrived = self.receipts.arrival(archive, row.sha256)
        except OSError as error:
            row.reason = f"cannot read it: {error.strerror}"
            return row
        self._apply_policy(row)
        try:
            sub = individual.apply(submissions.read(archive, self.limits), self.class_code)
        except submissions.Invalid as error:
            row.reason = str(error)
            return row
        row.student, row.lab, row.notes, row.max_score = sub.manifest.student, sub.lab.id, sub.notes, sub.lab.max_score
        self._judge(row, sub)
        self._compare(row, sub)
        return row

    def _judge(self, row: Row, sub: submissions.Submission) -> None:
        """Grade a readable submission in its sandbox; the row says how it ended."""
        image, links = self._image(sub.lab)
        through = submissions.written_through(sub.members, links)
        if through:
            row.reason = through
            return
        try:
            result = sandbox.grade(self.client, sandbox.Plan(image, self.batch, self.timeout), sub, self._name())
        except sandbox.TimedOut as error:
            row.status, row.reason = TIMED_OUT, f"no result within {self.timeout:g} s: {error}"
            return
        except Exception as error:  # one submission's sandbox failing must not stop the class
            row.reason = f"the sandbox failed: {type(error).__name__}: {str(error)[:200]}"
            return
        row.status, row.raw_score = GRADED, result.score
        row.checks = result.to_dict()["checks"]
        self._apply_policy(row)

    def _apply_policy(self, row: Row) -> None:
        deadline = self.policy.deadline
        row.late = bool(deadline and row.arrived and row.arrived > deadline.strftime("%Y-%m-%dT%H:%M:%SZ"))
        factor = 1 - self.policy.penalty / 100 if row.late else 1
        row.score = round(row.raw_score * factor)


def supersede(rows: list[Row]) -> None:
    """Of several archives of one student for one lab, the last to arrive counts; the others are superseded.

    Receipts record arrival to the second; ties go to the later change time in nanoseconds,
    then to the file name that sorts last.
    """
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.lab:
            groups.setdefault((row.student, row.lab), []).append(row)
    for group in groups.values():
        *earlier, counted = sorted(group, key=lambda row: (row.arrived, row.ctime_ns, row.file))
        for row in earlier:
            was = f" (it was {row.status}: {row.reason})" if row.reason else ""
            row.status, row.reason = SUPERSEDED, f"{counted.file} arrived later and counts{was}"


def grade_all(
    client: Any,
    archives: list[Path],
    receipts: Receipts,
    jobs: int | None = None,
    timeout: float = 60.0,
    limits: submissions.Limits | None = None,
    policy: Policy | None = None,
    roster: list[str] | None = None,
    progress: Callable[[Row], None] | None = None,
    class_code: str | None = None,
) -> list[Row]:
    """Grade every archive in parallel sandboxes, with each student's values of `class_code`
    (instructor/individual.py); rows sorted by student and file."""
    worker = Grader(client, timeout, limits or submissions.Limits(), policy or Policy(), receipts, class_code)

    def one(archive: Path) -> Row:
        row = worker.grade(archive)
        if progress:
            progress(row)
        return row

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 2)) as pool:
            rows = list(pool.map(one, archives))
    finally:
        sandbox.clean(client, worker.batch)
        receipts.save()
    supersede(rows)
    copies.mark(rows)
    sent = {row.student for row in rows}
    labs = {row.lab: row.max_score for row in rows if row.lab}
    lab, max_score = next(iter(labs.items())) if len(labs) == 1 else ("", 0)
    rows += [Row(student, "", MISSING, lab, max_score=max_score) for student in roster or [] if student not in sent]
    return sorted(rows, key=lambda row: (row.student, row.file))
