"""One command at a time per lab: an exclusive flock on a per-lab file in the user's data folder.

The kernel drops the lock when its holder exits, however it exits (kill -9 included), so a
lock is never left stale. The file names the holder (verb and pid) for the note a waiter prints.
"""

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from maillab import paths
from maillab.errors import MaillabError
from maillab.runtime import container_name

POLL = 0.1


class LabBusy(MaillabError):
    """Another `lab` command holds the lab and this one would not (or no longer) wait."""


def lock_path(lab_id: str) -> Path:
    """The lab's lock file; named like its container, so namespaces do not share locks."""
    return paths.data_dir() / "locks" / f"{container_name(lab_id)}.lock"


def _holder(fd: int) -> str:
    """`grade, pid 1234` from the lock file, or `another command` while the holder has not written it yet."""
    for _ in range(5):
        text = os.pread(fd, 200, 0).decode(errors="replace").split()
        if len(text) == 2:
            return f"{text[0]}, pid {text[1]}"
        time.sleep(0.02)
    return "another command"


def _try(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def busy(lab_id: str) -> str | None:
    """Who holds the lab (`grade, pid 1234`), or None when no command holds it. Takes nothing."""
    path = lock_path(lab_id)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDWR)
    try:
        if _try(fd):
            return None
        return _holder(fd)
    finally:
        os.close(fd)  # closing drops a lock taken by _try


@contextlib.contextmanager
def held(lab_id: str, verb: str, say: Callable[[str], None], wait: float | None = None) -> Iterator[None]:
    """Hold the lab for `verb` over the block.

    When another command holds it, say so in one line and wait: as long as it takes when `wait`
    is None, else at most `wait` seconds (0: not at all), then raise LabBusy. Ctrl-C while
    waiting raises KeyboardInterrupt as anywhere else.
    """
    path = lock_path(lab_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try(fd):
            holder = _holder(fd)
            if wait is not None and wait <= 0:
                raise LabBusy(f"lab {lab_id} is busy ({holder}); try again when it is done")
            say(f"lab {lab_id} is busy ({holder}); waiting…")
            deadline = None if wait is None else time.monotonic() + wait
            while not _try(fd):
                if deadline is not None and time.monotonic() >= deadline:
                    raise LabBusy(f"lab {lab_id} is still busy ({_holder(fd)}) after {wait:g} s; try again later")
                time.sleep(POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{verb} {os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
