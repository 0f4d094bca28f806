"""`lab submit`: pack a running lab's graded state into one submission archive."""

from pathlib import Path
from typing import Any

from maillab import images, lifecycle
from maillab.catalog import Lab
from maillab.errors import MaillabError, UsageError
from maillab.instructor import archive
from maillab.paths import write_atomic
from maillab.runtime import Runtime, container_name

EXISTING = 'for p; do if [ -e "$p" ] || [ -L "$p" ]; then printf "%s\\n" "${p#/}"; fi; done'


def paths_to_collect(runtime: Runtime, lab: Lab) -> list[str]:
    """The server's and the lab's `collect:` paths plus the files the configuration points to, that exist."""
    return collected_paths(runtime.client.containers.get(container_name(lab.id)), lab)


def collected_paths(container: Any, lab: Lab) -> list[str]:
    """`paths_to_collect` in any running container of the lab's server (a lab, a reference sandbox)."""
    declared = lab.collect_paths
    wanted = [path.rstrip("/") or "/" for path in declared]
    command = lab.server_info.collect.pointed_to
    if command:
        output = container.exec_run(["sh", "-c", command]).output.decode("utf-8", "replace")
        wanted += [line.strip() for line in output.splitlines() if line.strip().startswith("/")]
    wanted = archive.outermost([path for path in wanted if archive.may_hold(path, declared)])
    output = container.exec_run(["sh", "-c", EXISTING, "sh", *wanted]).output.decode("utf-8", "replace")
    return [line for line in output.splitlines() if line]


def source_tar(runtime: Runtime, lab: Lab, paths: list[str]) -> bytes:
    """A tar of `paths` (relative to /) read from the running lab, owners kept as numbers."""
    return container_tar(runtime.client.containers.get(container_name(lab.id)), paths)


def container_tar(container: Any, paths: list[str]) -> bytes:
    """A tar of `paths` (relative to /) read from a running container, owners kept as numbers and
    modification times to the nanosecond (POSIX format), since servers compare them: Pigeonhole
    uses a precompiled script only when the binary is newer than its source."""
    argv = ["tar", "-C", "/", "--numeric-owner", "--format=posix", "-cf", "-", "--", *paths]
    code, (out, err) = container.exec_run(argv, demux=True)
    if code not in (0, 1):
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
        raise MaillabError(f"could not read the lab's files: {detail[-1] if detail else f'tar exited {code}'}")
    return out or b""


def submit(
    runtime: Runtime, lab: Lab, student: str, out: Path, sitting: dict[str, Any] | None = None
) -> archive.Manifest:
    """Write the submission archive for the running lab (or an exam sitting's lab, whose `exam`,
    `seed` and `tasks` are in `sitting`) to `out`; return its manifest."""
    archive.require_id("student id", student)
    drawn = lab.student
    if drawn is not None and drawn.id != student:
        raise UsageError(f"{lab.id} runs with student {drawn.id}'s values; submit it as --student {drawn.id}")
    lifecycle.running_container(runtime, lab)
    paths = paths_to_collect(runtime, lab)
    if not paths:
        raise MaillabError(f"{lab.id} declares nothing to collect that exists in the server")
    tar, digest = source_tar(runtime, lab, paths), images.tree_digest(lab.folder)
    class_code, values = (drawn.class_code, lab.values) if drawn is not None else ("", {})
    data, manifest = archive.pack(tar, lab.id, digest, student, class_code=class_code, values=values, sitting=sitting)
    write_atomic(out, data)
    return manifest
