"""Hand-made submission archives, honest and hostile, for the instructor tests.

Each hostile builder returns (archive bytes, words the `invalid` reason must contain).
"""

import gzip
import io
import json
import tarfile
from collections.abc import Callable, Iterable

from maillab import catalog, images
from maillab.instructor import archive

CANARY = "maillab-canary-written-outside"
CONF = b"protocols = imap pop3\n"


def _entry(name: str, data: bytes | None = None, **attrs: object) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.mode, info.size = 0o644, len(data) if data is not None else 0
    for key, value in attrs.items():
        setattr(info, key, value)
    return info, data


def source_tar(extra: dict[str, tuple[bytes, int]] | None = None) -> bytes:
    """A small tar as `lab submit` reads it from a server: /etc/dovecot with one config file."""
    buffer = io.BytesIO()
    files = {"etc/dovecot/dovecot.conf": (CONF, 0o644), **(extra or {})}
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.addfile(_entry("etc/dovecot", type=tarfile.DIRTYPE, mode=0o755)[0])
        for name, (data, mode) in files.items():
            info, body = _entry(name, data, mode=mode)
            tar.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


def honest(student: str = "ann", lab_id: str = "dovecot-ssl") -> bytes:
    lab = catalog.load(lab_id)
    return archive.pack(source_tar(), lab.id, images.tree_digest(lab.folder), student)[0]


def build(entries: Iterable[tuple[tarfile.TarInfo, bytes | None]], manifest: dict | None, gz: bool = True) -> bytes:
    """An archive of exactly these entries (plus a manifest unless None)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        if manifest is not None:
            text = json.dumps(manifest).encode()
            tar.addfile(_entry(archive.MANIFEST, text)[0], io.BytesIO(text))
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return gzip.compress(buffer.getvalue(), compresslevel=1) if gz else buffer.getvalue()


def manifest_for(files: dict[str, bytes], student: str = "mallory") -> dict:
    lab = catalog.load("dovecot-ssl")
    return {
        "format": 1,
        "lab": lab.id,
        "lab_hash": images.tree_digest(lab.folder),
        "maillab": "0.1.0",
        "student": student,
        "created": "2026-01-01T00:00:00Z",
        "files": {path: archive.sha256(data) for path, data in files.items()},
    }


def _with_file(entries: list, path: str = "/etc/dovecot/dovecot.conf", data: bytes = CONF) -> bytes:
    return build([_entry("files" + path, data), *entries], manifest_for({path: data}))


def dotdot() -> tuple[bytes, str]:
    return _with_file([_entry(f"files/../../../tmp/{CANARY}", b"x")]), "'..' in its path"


def absolute() -> tuple[bytes, str]:
    return _with_file([_entry(f"/tmp/{CANARY}", b"x")]), "absolute"


def symlink_write_through() -> tuple[bytes, str]:
    link = _entry("files/etc/dovecot/escape", type=tarfile.SYMTYPE, linkname="/")
    return _with_file([link, _entry(f"files/etc/dovecot/escape/tmp/{CANARY}", b"x")]), "written through the symlink"


def symlink_leading_out() -> tuple[bytes, str]:
    link = _entry("files/etc/dovecot/up", type=tarfile.SYMTYPE, linkname="../../../../../tmp")
    return _with_file([link]), "leads out of the root"


def hardlink_to_host() -> tuple[bytes, str]:
    link = _entry("files/etc/dovecot/shadow", type=tarfile.LNKTYPE, linkname="/etc/shadow")
    return _with_file([link]), "points outside the archive"


def hardlink_to_unknown() -> tuple[bytes, str]:
    link = _entry("files/etc/dovecot/passwd", type=tarfile.LNKTYPE, linkname="files/etc/passwd")
    return _with_file([link]), "not to an earlier file"


def device_file() -> tuple[bytes, str]:
    dev = _entry("files/etc/dovecot/null", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
    return _with_file([dev]), "device file"


def fifo() -> tuple[bytes, str]:
    return _with_file([_entry("files/etc/dovecot/pipe", type=tarfile.FIFOTYPE)]), "fifo"


def gzip_bomb(size: int = 200 << 20) -> tuple[bytes, str]:
    """A 200 MiB file of zeros that packs into about 200 KiB."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:
        info = tarfile.TarInfo("files/etc/dovecot/big")
        info.size = size
        stream.write(info.tobuf(format=tarfile.USTAR_FORMAT))
        chunk = bytes(1 << 20)
        for _ in range(size >> 20):
            stream.write(chunk)
    return out.getvalue(), "gzip bomb"


def many_files(count: int = 10_000) -> tuple[bytes, str]:
    entries = [_entry(f"files/etc/dovecot/tiny/{n:05d}", b"") for n in range(count)]
    return _with_file(entries), "more than 2000 members"


def duplicate() -> tuple[bytes, str]:
    other = b"ssl = no\n"
    entries = [_entry("files/etc/dovecot/dovecot.conf", other)]
    return _with_file(entries), "duplicate member /etc/dovecot/dovecot.conf"


def hash_mismatch() -> tuple[bytes, str]:
    path = "/etc/dovecot/dovecot.conf"
    manifest = manifest_for({path: CONF})
    return build([_entry("files" + path, b"ssl = required\n")], manifest), "manifest hash mismatch"


def outside_collect() -> tuple[bytes, str]:
    data = b"#!/bin/sh\necho fake\n"
    return build([_entry("files/usr/bin/doveconf", data, mode=0o755)], manifest_for({"/usr/bin/doveconf": data})), (
        "outside the paths"
    )


def preload() -> tuple[bytes, str]:
    data = b"/root/evil.so\n"
    return build([_entry("files/etc/ld.so.preload", data)], manifest_for({"/etc/ld.so.preload": data})), (
        "outside the paths"
    )


def no_manifest() -> tuple[bytes, str]:
    return build([_entry("files/etc/dovecot/dovecot.conf", CONF)], None), "no manifest.json"


def garbage() -> tuple[bytes, str]:
    return b"this is not an archive at all\n" * 40, "not a readable tar archive"


def unknown_lab() -> tuple[bytes, str]:
    manifest = manifest_for({"/etc/dovecot/dovecot.conf": CONF}) | {"lab": "no-such-lab"}
    return build([_entry("files/etc/dovecot/dovecot.conf", CONF)], manifest), "unknown lab 'no-such-lab'"


def exam_task_twice() -> tuple[bytes, str]:
    """An exam archive whose manifest lists one task twice (its checks would clash)."""
    exam = {"lab": "exam-postfix", "exam": "postfix", "seed": 0, "tasks": ["postfix-basics", "postfix-basics"]}
    manifest = manifest_for({"/etc/dovecot/dovecot.conf": CONF}) | exam
    return build([_entry("files/etc/dovecot/dovecot.conf", CONF)], manifest), "exam postfix has no such sitting"


HOSTILE: dict[str, Callable[[], tuple[bytes, str]]] = {
    "dotdot": dotdot,
    "absolute": absolute,
    "symlink-write-through": symlink_write_through,
    "symlink-leading-out": symlink_leading_out,
    "hardlink-to-host": hardlink_to_host,
    "hardlink-to-unknown": hardlink_to_unknown,
    "device-file": device_file,
    "fifo": fifo,
    "gzip-bomb": gzip_bomb,
    "many-files": many_files,
    "duplicate": duplicate,
    "hash-mismatch": hash_mismatch,
    "outside-collect": outside_collect,
    "preload": preload,
    "no-manifest": no_manifest,
    "garbage": garbage,
    "unknown-lab": unknown_lab,
    "exam-task-twice": exam_task_twice,
}
