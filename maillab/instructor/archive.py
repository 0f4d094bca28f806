"""The submission archive: `manifest.json` plus `files/<path>`, as a gzipped tar.

The manifest names the lab (id and content hash), the maillab version, the
student, the class code and the parameter values the lab ran with (when it was
started with `--student`), the time of packing and the sha256 of every regular file. The hashes
prove the archive is intact, not who made it: anyone can recompute them.
"""

import hashlib
import io
import json
import re
import tarfile
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from maillab import __version__

FORMAT = 1
MANIFEST = "manifest.json"
PREFIX = "files/"
STUDENT_ID = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"
# Where a submission may put files besides the lab's `collect:` paths (certificates and keys a
# configuration points to), and places no submission may touch, since they would change how the
# checks' own tools run (the loader, maillab's entrypoint).
ALLOWED = ("/etc", "/root", "/home", "/srv")
DENIED = ("/etc/ld.so.preload", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/maillab")


def under(path: str, root: str) -> bool:
    """Whether the absolute `path` is `root` or lies below it."""
    root = root.rstrip("/") or "/"
    return root == "/" or path == root or path.startswith(root + "/")


def may_hold(path: str, collect: list[str]) -> bool:
    """Whether a submission may carry the absolute `path` for a lab collecting `collect`."""
    if any(under(path, denied) for denied in DENIED):
        return False
    return any(under(path, root) for root in (*collect, *ALLOWED))


def outermost(paths: list[str]) -> list[str]:
    """`paths` without duplicates and without those inside another one, in their order."""
    kept: list[str] = []
    for path in dict.fromkeys(paths):
        if not any(under(path, other) for other in paths if other != path):
            kept.append(path)
    return kept


class Manifest(BaseModel):
    """What a submission claims about itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Annotated[int, Field(ge=FORMAT, le=FORMAT)] = FORMAT
    lab: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")]
    lab_hash: str
    maillab: str
    student: Annotated[str, Field(pattern=STUDENT_ID)]
    class_code: Annotated[str, Field(pattern=r"^$|" + STUDENT_ID)] = ""
    values: dict[str, str | int] = Field(default_factory=dict)
    created: str
    # An exam sitting's work (`lab submit` on `lab exam`): the exam, its seed, the drawn labs in order.
    exam: str = ""
    seed: int | None = None
    tasks: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")]] = Field(default_factory=list)
    files: dict[str, Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]]


def valid_student(student: str) -> bool:
    return re.match(STUDENT_ID, student) is not None


def require_id(what: str, value: str) -> None:
    """Refuse a student id or class code that is not letters, digits and . _ @ - (UsageError)."""
    from maillab.errors import UsageError

    if not valid_student(value):
        raise UsageError(f"{what} {value!r}: use letters, digits and . _ @ - (at most 64)")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pack(
    source_tar: bytes,
    lab_id: str,
    lab_hash: str,
    student: str,
    now: datetime | None = None,
    class_code: str = "",
    values: dict[str, Any] | None = None,
    sitting: dict[str, Any] | None = None,
) -> tuple[bytes, Manifest]:
    """Turn a tar of paths relative to / (as `tar -C / -cf -` writes it) into a submission archive;
    `class_code` and `values` say which drawn values the lab ran with (none: the defaults); `sitting`
    holds an exam's `exam`, `seed` and `tasks`."""
    members: list[tuple[tarfile.TarInfo, bytes | None]] = []
    files: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(source_tar), mode="r:") as source:
        for info in source:
            name = info.name.removeprefix("./").rstrip("/")
            if not name or not (info.isreg() or info.isdir() or info.issym() or info.islnk()):
                continue
            data = source.extractfile(info).read() if info.isreg() else None
            if data is not None:
                files["/" + name] = sha256(data)
            copy = tarfile.TarInfo(PREFIX + name)
            copy.type, copy.mode, copy.uid, copy.gid = info.type, info.mode, info.uid, info.gid
            copy.mtime, copy.size = info.mtime, len(data) if data is not None else 0
            if info.issym():
                copy.linkname = info.linkname
            elif info.islnk():
                copy.linkname = PREFIX + info.linkname.removeprefix("./")
            members.append((copy, data))
    now = now or datetime.now(UTC)
    manifest = Manifest(
        lab=lab_id,
        lab_hash=lab_hash,
        maillab=__version__,
        student=student,
        class_code=class_code,
        values=values or {},
        **(sitting or {}),
        created=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        files=files,
    )
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as archive:
        text = json.dumps(manifest.model_dump(), indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(text), 0o644, int(now.timestamp())
        archive.addfile(info, io.BytesIO(text))
        for info, data in members:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue(), manifest
