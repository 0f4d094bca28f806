"""What a student did in each lab run: hints taken, solution applied, last grade."""

import sqlite3
import time
from dataclasses import dataclass

from maillab import store

SCHEMA = """
CREATE TABLE IF NOT EXISTS lab_runs (
    container_id TEXT PRIMARY KEY,
    lab TEXT NOT NULL,
    started_at REAL NOT NULL,
    hints_used INTEGER NOT NULL DEFAULT 0,
    solved INTEGER NOT NULL DEFAULT 0,
    score INTEGER,
    max_score INTEGER,
    passed INTEGER,
    graded_at REAL,
    finished_at REAL
);
CREATE INDEX IF NOT EXISTS lab_runs_by_lab ON lab_runs (lab);
"""


@dataclass(frozen=True)
class Run:
    """One lab container's life as the student lived it."""

    container_id: str
    lab: str
    hints_used: int
    solved: bool
    score: int | None
    max_score: int | None
    passed: bool | None
    finished: bool

    @property
    def last_grade(self) -> str | None:
        """`12/16`, or None when this run was never graded."""
        return None if self.score is None else f"{self.score}/{self.max_score}"


def _db() -> sqlite3.Connection:
    return store.connect(schema=SCHEMA)


def _run(row: sqlite3.Row) -> Run:
    return Run(
        row["container_id"],
        row["lab"],
        row["hints_used"],
        bool(row["solved"]),
        row["score"],
        row["max_score"],
        None if row["passed"] is None else bool(row["passed"]),
        row["finished_at"] is not None,
    )


def _ensure(db: sqlite3.Connection, container_id: str, lab: str) -> None:
    """Record the container's run on first sight (inside the caller's transaction)."""
    db.execute(
        "INSERT OR IGNORE INTO lab_runs (container_id, lab, started_at) VALUES (?, ?, ?)",
        (container_id, lab, time.time()),
    )


def get(container_id: str, lab: str) -> Run:
    """The run of this container, recorded on first sight."""
    with _db() as db:
        _ensure(db, container_id, lab)
        return _run(db.execute("SELECT * FROM lab_runs WHERE container_id = ?", (container_id,)).fetchone())


def carry_over(old_container: str, new_container: str, lab: str) -> None:
    """A reset keeps the help already taken: hints and solve follow the student to the new container."""
    old = get(old_container, lab)
    with _db() as db:
        _ensure(db, new_container, lab)
        db.execute(
            "UPDATE lab_runs SET hints_used = ?, solved = ? WHERE container_id = ?",
            (old.hints_used, int(old.solved), new_container),
        )
        db.execute("UPDATE lab_runs SET finished_at = ? WHERE container_id = ?", (time.time(), old_container))


def record_hint(container_id: str, lab: str, shown: int) -> None:
    with _db() as db:
        _ensure(db, container_id, lab)
        db.execute("UPDATE lab_runs SET hints_used = MAX(hints_used, ?) WHERE container_id = ?", (shown, container_id))


def record_solve(container_id: str, lab: str) -> None:
    with _db() as db:
        _ensure(db, container_id, lab)
        db.execute("UPDATE lab_runs SET solved = 1 WHERE container_id = ?", (container_id,))


def record_grade(container_id: str, lab: str, score: int, max_score: int, passed: bool) -> None:
    with _db() as db:
        _ensure(db, container_id, lab)
        db.execute(
            "UPDATE lab_runs SET score = ?, max_score = ?, passed = ?, graded_at = ? WHERE container_id = ?",
            (score, max_score, int(passed), time.time(), container_id),
        )


def record_finish(container_id: str, lab: str) -> None:
    with _db() as db:
        _ensure(db, container_id, lab)
        db.execute("UPDATE lab_runs SET finished_at = ? WHERE container_id = ?", (time.time(), container_id))


def lab_states() -> dict[str, str]:
    """Each lab's best state so far: passed, passed-with-help or attempted."""
    states: dict[str, str] = {}
    rank = {"attempted": 0, "passed-with-help": 1, "passed": 2}
    with _db() as db:
        for row in db.execute("SELECT lab, passed, hints_used, solved FROM lab_runs"):
            if row["passed"]:
                state = "passed-with-help" if row["hints_used"] or row["solved"] else "passed"
            else:
                state = "attempted"
            if rank[state] >= rank.get(states.get(row["lab"], "attempted"), 0):
                states[row["lab"]] = state
    return states
