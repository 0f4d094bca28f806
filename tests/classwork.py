"""Make a class's worth of real submission archives from a lab's proven cases (tests and bench)."""

from pathlib import Path

from maillab import images, lifecycle
from maillab.catalog import Lab
from maillab.instructor import archive, collect
from maillab.runtime import Runtime


def case_sources(runtime: Runtime, lab: Lab, cases: list[str]) -> dict[str, bytes]:
    """For each case (fresh, solution, wrong/<name>...): the lab's collected files as a tar."""
    sources = {}
    for case in cases:
        lifecycle.reset(runtime, lab, lambda text: None)
        if case != "fresh":
            code, output = lifecycle.apply_answer(runtime, lab, case, restart=False)  # files alone are collected
            assert code == 0, f"{case}: {output}"
        sources[case] = collect.source_tar(runtime, lab, collect.paths_to_collect(runtime, lab))
    return sources


def write_class(sources: dict[str, bytes], lab: Lab, folder: Path, plan: dict[str, str]) -> dict[str, Path]:
    """Write one archive per student (student -> case) into `folder`; student -> archive path."""
    folder.mkdir(parents=True, exist_ok=True)
    written, digest = {}, images.tree_digest(lab.folder)
    for student, case in plan.items():
        data, _ = archive.pack(sources[case], lab.id, digest, student)
        path = folder / f"{student}.tar.gz"
        path.write_bytes(data)
        written[student] = path
    return written


def with_files(source: bytes, extra: dict[str, tuple[bytes, int]]) -> bytes:
    """`source` (a tar as `lab submit` reads it) with more files added or replaced."""
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(source)) as old, tarfile.open(fileobj=buffer, mode="w") as new:
        for info in old:
            if info.name not in extra:
                new.addfile(info, old.extractfile(info) if info.isreg() else None)
        for name, (data, mode) in extra.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            new.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


POSTLOGIN = b"""# Run a script after every IMAP or POP3 login.
service imap {
  executable = imap postlogin
}
service pop3 {
  executable = pop3 postlogin
}
service postlogin {
  executable = script-login /etc/dovecot/postlogin.sh
  user = root
  unix_listener postlogin {
  }
}
"""
FORK_BOMB = b'#!/bin/sh\nbomb() { bomb | bomb & }\nbomb\nexec "$@"\n'
HANG = b'#!/bin/sh\nsleep 3600\nexec "$@"\n'


def hostile_config(source: bytes, script: bytes) -> bytes:
    """A solved lab whose Dovecot runs `script` at every login (a fork bomb, a hang)."""
    return with_files(
        source,
        {"etc/dovecot/conf.d/99-postlogin.conf": (POSTLOGIN, 0o644), "etc/dovecot/postlogin.sh": (script, 0o755)},
    )
