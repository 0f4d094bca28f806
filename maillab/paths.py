"""Where maillab's content (labs, checks, quizzes, containers) and user data live."""

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def content_root() -> Path:
    """The folder holding labs/, checks/, quizzes/ and containers/.

    An installed wheel carries them in maillab/_content; a source checkout
    keeps them beside the package.
    """
    override = os.environ.get("MAILLAB_CONTENT")
    if override:
        return Path(override)
    bundled = _PACKAGE / "_content"
    return bundled if (bundled / "labs").is_dir() else _PACKAGE.parent


def labs_dir() -> Path:
    return content_root() / "labs"


def quizzes_dir() -> Path:
    return content_root() / "quizzes"


def checks_dir() -> Path:
    return content_root() / "checks"


def containers_dir() -> Path:
    return content_root() / "containers"


def data_dir() -> Path:
    """The user's maillab data folder (progress, lab state); MAILLAB_HOME overrides it."""
    override = os.environ.get("MAILLAB_HOME")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("maillab", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `path` through a temporary file renamed over it: a kill never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data.encode() if isinstance(data, str) else data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
