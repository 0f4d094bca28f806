"""maillab's SQLite database under the user's data folder: WAL, one transaction per change."""

import sqlite3
from pathlib import Path

from maillab import paths

FILENAME = "maillab.sqlite3"


def connect(path: Path | None = None, schema: str = "") -> sqlite3.Connection:
    """Open (and create) the database with the caller's `schema` (CREATE ... IF NOT EXISTS statements);
    every `with connection:` block is one atomic change."""
    connection = sqlite3.connect(path or paths.data_dir() / FILENAME, timeout=10, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    if schema:
        connection.executescript(schema)
    connection.isolation_level = "DEFERRED"
    return connection
