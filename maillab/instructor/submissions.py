"""Read a submission archive and validate every member before anything is written anywhere.

Nothing is extracted on the grading machine: the archive is read into memory
within limits, every member is checked, and `layer()` writes a new, clean tar
(built only from validated members) that the sandbox lays over its root.
"""

import gzip
import io
import json
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from maillab import catalog
from maillab.catalog import Lab
from maillab.errors import LabNotFound
from maillab.instructor import archive


@dataclass(frozen=True)
class Limits:
    """What one submission may weigh."""

    archive_bytes: int = 16 << 20
    unpacked_bytes: int = 48 << 20
    file_bytes: int = 8 << 20
    members: int = 2000
    ratio: int = 100  # unpacked / packed, once more than `ratio_floor` bytes unpack
    ratio_floor: int = 4 << 20


class Invalid(Exception):
    """The archive cannot be graded; the message says why, in one line."""


@dataclass(frozen=True)
class Member:
    """One validated entry: an absolute path in the server and what goes there."""

    path: str
    kind: str  # file, dir, symlink, hardlink
    mode: int
    uid: int
    gid: int
    data: bytes = b""
    link: str = ""
    mtime: float = 0.0


@dataclass
class Submission:
    """A verified archive: its manifest, the lab it is for and its members."""

    manifest: archive.Manifest
    lab: Lab
    members: list[Member] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _unpack(raw: bytes, limits: Limits) -> bytes:
    """The tar bytes, gunzipped when needed, never more than the unpacked limit."""
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = stream.read(limits.unpacked_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise Invalid(f"the gzip stream is broken: {error}") from None
    if len(data) > limits.unpacked_bytes:
        raise Invalid(f"unpacks to more than {limits.unpacked_bytes >> 20} MiB (gzip bomb?)")
    if len(data) > limits.ratio_floor and len(data) > limits.ratio * len(raw):
        raise Invalid(f"compression ratio {len(data) // len(raw)}:1 exceeds {limits.ratio}:1 (gzip bomb?)")
    return data


def _clean_name(name: str) -> str:
    """The member's path relative to the archive root; refuses absolute and climbing names."""
    if not name or name.startswith("/") or "\\" in name or "\0" in name:
        raise Invalid(f"member {name!r}: absolute or malformed path")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise Invalid(f"member {name!r}: '..' in its path")
    if not parts:
        raise Invalid(f"member {name!r}: empty path")
    return "/".join(parts)


def _link_target(path: str, link: str) -> str:
    """Where a symlink at `path` points, resolved without the file system; refuses climbing out."""
    base = [] if link.startswith("/") else path.strip("/").split("/")[:-1]
    for part in link.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not base:
                raise Invalid(f"symlink {path} -> {link} leads out of the root")
            base.pop()
        else:
            base.append(part)
    return "/" + "/".join(base)


def _mtime(info: tarfile.TarInfo) -> float:
    """The member's modification time, sub-second where the archive has it; 0 when out of range."""
    mtime = float(info.mtime)
    return mtime if 0 <= mtime < 2**33 else 0.0


def _member(info: tarfile.TarInfo, tar: tarfile.TarFile, limits: Limits) -> tuple[str, Member | None]:
    name = _clean_name(info.name)
    if name == archive.MANIFEST:
        return name, None
    if not name.startswith(archive.PREFIX):
        raise Invalid(f"member {info.name!r} is neither {archive.MANIFEST} nor under {archive.PREFIX}")
    path = "/" + name.removeprefix(archive.PREFIX)
    if info.uid > 65535 or info.gid > 65535:
        raise Invalid(f"{path}: owner {info.uid}:{info.gid} out of range")
    mode = info.mode & 0o1777  # no set-user-id or set-group-id bits
    if info.isreg():
        if info.size > limits.file_bytes:
            raise Invalid(f"{path}: {info.size} bytes, more than {limits.file_bytes >> 20} MiB")
        data = tar.extractfile(info).read()
        return name, Member(path, "file", mode, info.uid, info.gid, data=data, mtime=_mtime(info))
    if info.isdir():
        return name, Member(path, "dir", mode, info.uid, info.gid, mtime=_mtime(info))
    if info.issym():
        _link_target(path, info.linkname)
        return name, Member(path, "symlink", 0o777, info.uid, info.gid, link=info.linkname)
    if info.islnk():
        return name, Member(path, "hardlink", mode, info.uid, info.gid, link=info.linkname)
    kind = "device file" if info.ischr() or info.isblk() else "fifo" if info.isfifo() else f"type {info.type!r}"
    raise Invalid(f"{path}: {kind} members are not allowed")


def _members(data: bytes, limits: Limits) -> tuple[bytes, list[Member]]:
    """(manifest bytes, members) with names, types, sizes, duplicates and links validated."""
    manifest: bytes | None = None
    members: list[Member] = []
    by_path: dict[str, Member] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            for count, info in enumerate(tar, start=1):
                if count > limits.members:
                    raise Invalid(f"more than {limits.members} members")
                name, member = _member(info, tar, limits)
                if member is None:
                    if manifest is not None:
                        raise Invalid(f"duplicate member {name}")
                    manifest = tar.extractfile(info).read()
                    continue
                if member.path in by_path:
                    raise Invalid(f"duplicate member {member.path}")
                total += len(member.data)
                if total > limits.unpacked_bytes:
                    raise Invalid(f"files add up to more than {limits.unpacked_bytes >> 20} MiB")
                _check_parents(member, by_path)
                if member.kind == "hardlink":
                    member = _resolve_hardlink(member, by_path)
                by_path[member.path] = member
                members.append(member)
    except tarfile.TarError as error:
        raise Invalid(f"not a readable tar archive: {error}") from None
    if manifest is None:
        raise Invalid(f"no {archive.MANIFEST} in the archive")
    return manifest, members


def _check_parents(member: Member, by_path: dict[str, Member]) -> None:
    """No member may be written through a symlink member, or below a regular file."""
    parts = member.path.strip("/").split("/")
    for depth in range(1, len(parts)):
        parent = by_path.get("/" + "/".join(parts[:depth]))
        if parent is None:
            continue
        if parent.kind == "symlink":
            raise Invalid(f"{member.path} would be written through the symlink {parent.path} -> {parent.link}")
        if parent.kind != "dir":
            raise Invalid(f"{member.path} lies below {parent.path}, which is not a directory")


def _resolve_hardlink(member: Member, by_path: dict[str, Member]) -> Member:
    """A hardlink becomes a copy of an earlier regular file of the archive, or is refused."""
    name = member.link
    try:
        clean = _clean_name(name)
    except Invalid:
        raise Invalid(f"hardlink {member.path} -> {name} points outside the archive") from None
    origin = by_path.get("/" + clean.removeprefix(archive.PREFIX)) if clean.startswith(archive.PREFIX) else None
    if origin is None or origin.kind != "file":
        raise Invalid(f"hardlink {member.path} -> {name} is not to an earlier file of the archive")
    return Member(member.path, "file", origin.mode, origin.uid, origin.gid, data=origin.data)


def _manifest(raw: bytes) -> archive.Manifest:
    try:
        return archive.Manifest.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as error:
        first = str(error).splitlines()
        raise Invalid(f"{archive.MANIFEST} is not valid: {' '.join(first[:3])[:200]}") from None


def _verify(manifest: archive.Manifest, members: list[Member], lab: Lab) -> None:
    files = {m.path: archive.sha256(m.data) for m in members if m.kind == "file"}
    for member in members:
        if not archive.may_hold(member.path, lab.collect_paths):
            raise Invalid(f"{member.path} is outside the paths lab {lab.id} collects")
    for path, digest in sorted(files.items()):
        expected = manifest.files.get(path)
        if expected is None:
            raise Invalid(f"{path} is in the archive but not in the manifest")
        if expected != digest:
            raise Invalid(f"manifest hash mismatch for {path}")
    missing = sorted(set(manifest.files) - set(files))
    if missing:
        raise Invalid(f"the manifest lists {missing[0]}, which the archive lacks")


def _lab_of(manifest: archive.Manifest) -> Lab:
    """The lab an archive was packed from: a lab, or an exam sitting's drawn labs as one."""
    if not manifest.exam:
        try:
            return catalog.load(manifest.lab)
        except LabNotFound:
            raise Invalid(f"unknown lab {manifest.lab!r}") from None
    from maillab import exams

    try:
        exam = exams.load(manifest.exam)
        tasks = manifest.tasks
        unknown = [task for task in tasks if task not in exam.labs]
        twice = len(set(tasks)) != len(tasks)
        if unknown or twice or not 0 < len(tasks) <= exam.draw or manifest.lab != f"exam-{exam.id}":
            raise Invalid(f"exam {exam.id} has no such sitting ({manifest.lab}: {', '.join(tasks)})")
        return exam.sitting_lab(tasks)
    except LabNotFound:
        raise Invalid(f"unknown exam {manifest.exam!r}") from None


def read(file: Path, limits: Limits | None = None) -> Submission:
    """Load, verify and validate one submission archive; Invalid says why it cannot be graded."""
    limits = limits or Limits()
    try:
        size = file.stat().st_size
        if size > limits.archive_bytes:
            raise Invalid(f"{size} bytes, more than {limits.archive_bytes >> 20} MiB")
        raw = file.read_bytes()
    except OSError as error:
        raise Invalid(f"cannot read it: {error.strerror}") from None
    raw_manifest, members = _members(_unpack(raw, limits), limits)
    manifest = _manifest(raw_manifest)
    lab = _lab_of(manifest)
    _verify(manifest, members, lab)
    submission = Submission(manifest, lab, members)
    from maillab import images

    if manifest.lab_hash != images.tree_digest(lab.folder):
        submission.notes.append("the lab has changed since this work was packed")
    return submission


def layer(members: list[Member]) -> bytes:
    """A clean tar of the validated members, relative to /, for the sandbox to unpack."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:", format=tarfile.PAX_FORMAT) as tar:
        for member in members:
            info = tarfile.TarInfo(member.path.lstrip("/"))
            info.mode, info.uid, info.gid, info.mtime = member.mode, member.uid, member.gid, member.mtime
            if member.kind == "file":
                info.size = len(member.data)
                tar.addfile(info, io.BytesIO(member.data))
                continue
            info.type = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE}[member.kind]
            info.linkname = member.link
            tar.addfile(info)
    return buffer.getvalue()


def written_through(members: list[Member], image_symlinks: set[str]) -> str | None:
    """The first member that would be written through a symlink the image already has, or None."""
    for member in members:
        parts = member.path.strip("/").split("/")
        for depth in range(1, len(parts)):
            parent = "/" + "/".join(parts[:depth])
            if parent in image_symlinks:
                return f"{member.path} would be written through the image's symlink {parent}"
    return None
