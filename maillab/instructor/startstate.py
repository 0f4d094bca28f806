"""A lab's starting state and its reference solution, read once per lab in a batch.

A fresh sandbox of the lab image is started the way a submission's is. Its files wherever a
submission may put files are read first: what every student started from. Then the lab's
`solution/apply.sh` runs in it and the files `lab submit` would pack are read: the reference
answer, as if a student had handed in `lab solve`. The sandbox is removed afterwards.
"""

import io
import tarfile
import time
from dataclasses import dataclass, field
from typing import Any

from maillab import lifecycle
from maillab.catalog import Lab
from maillab.instructor import archive, collect, sandbox
from maillab.instructor.submissions import Member


@dataclass(frozen=True)
class StartState:
    """The fresh server's files, the roots a submission holds in full, and the reference's files."""

    files: dict[str, Member] = field(default_factory=dict)
    collected: list[str] = field(default_factory=list)
    reference: list[Member] | None = None
    problem: str = ""  # why there is no starting state or no reference


def members_of(data: bytes) -> list[Member]:
    """The entries of a tar of paths relative to / (as `tar -C /` writes it), as submission members."""
    members: list[Member] = []
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        for info in tar:
            path = "/" + info.name.removeprefix("./").strip("/")
            mode = info.mode & 0o1777  # as submissions.read keeps it
            if info.isreg():
                files[info.name] = tar.extractfile(info).read()
                members.append(Member(path, "file", mode, info.uid, info.gid, data=files[info.name]))
            elif info.islnk() and info.linkname in files:
                members.append(Member(path, "file", mode, info.uid, info.gid, data=files[info.linkname]))
            elif info.isdir():
                members.append(Member(path, "dir", mode, info.uid, info.gid))
            elif info.issym():
                members.append(Member(path, "symlink", 0o777, info.uid, info.gid, link=info.linkname))
    return members


def _existing(container: Any, paths: list[str]) -> list[str]:
    """Those of the absolute `paths` that exist in the container, relative to /."""
    output = container.exec_run(["sh", "-c", collect.EXISTING, "sh", *paths]).output
    return [line for line in output.decode("utf-8", "replace").splitlines() if line]


def _solve(container: Any, lab: Lab) -> tuple[list[Member] | None, str]:
    """Apply solution/apply.sh as `lab solve` does; the files `lab submit` would then pack."""
    if not (lab.folder / "solution" / "apply.sh").is_file():  # an exam sitting has none
        return None, f"{lab.id} has no reference solution"
    code, _ = lifecycle.run_answer(container.client.api, container.id, lab, "solution")
    if code != 0:
        return None, f"the reference solution of {lab.id} failed (exit {code})"
    if lab.restart:
        container.exec_run(["sh", "-c", lab.server_info.restart_script(lab.restart)])
    return members_of(collect.container_tar(container, collect.collected_paths(container, lab))), ""


def read(client: Any, lab: Lab, plan: sandbox.Plan, name: str) -> StartState:
    """Start a sandbox of the lab image named `name`, read its starting state and the reference."""
    collected = [path.rstrip("/") or "/" for path in lab.collect_paths]
    roots = archive.outermost([*archive.ALLOWED, *collected])
    container = client.containers.create(**sandbox.options(plan, name, "reference", lab.id))
    try:
        container.start()
        sandbox.wait_ready(container, time.monotonic() + plan.timeout)
        tar = collect.container_tar(container, _existing(container, roots))
        files = {member.path: member for member in members_of(tar)}
        reference, problem = _solve(container, lab)
        return StartState(files, collected, reference, problem)
    finally:
        sandbox.remove(container)
