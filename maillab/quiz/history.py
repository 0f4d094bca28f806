"""Quiz progress in maillab's SQLite store: every answer and its fsrs card change in one transaction."""

import sqlite3
import time
from datetime import UTC, datetime

from maillab import store
from maillab.quiz import scheduler

SCHEMA = """
CREATE TABLE IF NOT EXISTS quiz_answers (
    id INTEGER PRIMARY KEY,
    session TEXT NOT NULL,
    mode TEXT NOT NULL,
    question TEXT NOT NULL,
    reply TEXT NOT NULL,
    correct INTEGER NOT NULL,
    seconds REAL NOT NULL,
    answered_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS quiz_answers_by_question ON quiz_answers (question);
CREATE TABLE IF NOT EXISTS quiz_cards (
    question TEXT PRIMARY KEY,
    card TEXT NOT NULL,
    due REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS quiz_cards_by_due ON quiz_cards (due);
"""


def _db() -> sqlite3.Connection:
    return store.connect(schema=SCHEMA)


def record(
    session: str, mode: str, question: str, reply: str, correct: bool, seconds: float, now: datetime | None = None
) -> float:
    """Store one answer and reschedule its question, atomically; return when it is next due."""
    now = now or datetime.now(UTC)
    db = _db()
    try:
        with db:
            row = db.execute("SELECT card FROM quiz_cards WHERE question = ?", (question,)).fetchone()
            card, due = scheduler.review(row["card"] if row else None, correct, seconds, now)
            db.execute(
                "INSERT INTO quiz_answers (session, mode, question, reply, correct, seconds, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session, mode, question, reply, int(correct), seconds, now.timestamp()),
            )
            db.execute(
                "INSERT INTO quiz_cards (question, card, due) VALUES (?, ?, ?)"
                " ON CONFLICT(question) DO UPDATE SET card = excluded.card, due = excluded.due",
                (question, card, due),
            )
    finally:
        db.close()
    return due


def due(now: datetime | None = None) -> list[str]:
    """Question ids whose review is due, the longest overdue first."""
    moment = (now or datetime.now(UTC)).timestamp()
    db = _db()
    try:
        rows = db.execute("SELECT question FROM quiz_cards WHERE due <= ? ORDER BY due", (moment,)).fetchall()
    finally:
        db.close()
    return [row["question"] for row in rows]


def next_due() -> float | None:
    db = _db()
    try:
        row = db.execute("SELECT MIN(due) AS due FROM quiz_cards").fetchone()
    finally:
        db.close()
    return row["due"] if row else None


def cards() -> dict[str, str]:
    db = _db()
    try:
        return {row["question"]: row["card"] for row in db.execute("SELECT question, card FROM quiz_cards")}
    finally:
        db.close()


def answers(session: str) -> list[sqlite3.Row]:
    db = _db()
    try:
        return db.execute("SELECT * FROM quiz_answers WHERE session = ? ORDER BY id", (session,)).fetchall()
    finally:
        db.close()


def new_session(mode: str) -> str:
    return f"{mode}-{time.time_ns()}"
