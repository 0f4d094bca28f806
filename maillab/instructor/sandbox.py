"""Grade one submission in a fresh, locked-down container made from the lab's image.

The sandbox has no network, limits on memory, processes and CPU, a wall-clock
limit, and labels that let `lab instructor clean` find it. The submission is laid
over the image's root before the container starts, so the services start on the
student's configuration, the way a reboot would; then the lab's checks run, with
protocol clients inside the sandbox bound to the server's `clients_from` address (not a
local client, so TLS-only rules are judged as from the network).
"""

import threading
import time
from dataclasses import dataclass
from typing import Any

from maillab import grader, runtime
from maillab.instructor.submissions import Submission, layer
from maillab.runtime import DROPPED_CAPABILITIES, HOSTNAME, INIT_READY, namespace
from maillab.target import Target, client_inside

SANDBOX_LABEL = "maillab.sandbox"
BATCH_LABEL = "maillab.batch"
# A lab container's limits, tighter: no swap, and fewer processes than an interactive lab needs (256: a
# Postfix server runs Dovecot too, and every check of a grade runs at once).
LIMITS = {**runtime.LIMITS, "memswap_limit": runtime.LIMITS["mem_limit"], "pids_limit": 256}


class TimedOut(Exception):
    """The submission used up its wall-clock limit."""


class SandboxError(Exception):
    """The sandbox could not be made or did not come up; the message says why."""


@dataclass(frozen=True)
class Plan:
    """What every sandbox of one batch shares."""

    image: str
    batch: str
    timeout: float


def options(plan: Plan, name: str, student: str, lab_id: str) -> dict[str, Any]:
    """How a sandbox runs: no network, limits, no extra privileges, labelled for cleanup."""
    return {
        "image": plan.image,
        "name": name,
        "hostname": HOSTNAME,
        "init": True,
        "network_mode": "none",
        "labels": {
            SANDBOX_LABEL: namespace(),
            BATCH_LABEL: plan.batch,
            "maillab.student": student,
            "maillab.lab": lab_id,
        },
        "cap_drop": DROPPED_CAPABILITIES,
        "security_opt": ["no-new-privileges"],
        **LIMITS,
    }


def image_symlinks(client: Any, image: str, roots: list[str]) -> set[str]:
    """Symlinks the image has under `roots` (a member below one would be written through it)."""
    script = 'find "$@" -xdev -type l 2>/dev/null; true'
    output = client.containers.run(
        image,
        ["-c", script, "sh", *roots],
        entrypoint=["sh"],
        network_mode="none",
        remove=True,
        labels={SANDBOX_LABEL: namespace()},
    )
    return {line for line in output.decode("utf-8", "replace").splitlines() if line.startswith("/")}


def wait_ready(container: Any, deadline: float) -> None:
    """Return once the entrypoint says the services were started; TimedOut at `deadline`."""
    while time.monotonic() < deadline:
        if INIT_READY in container.logs(stdout=False, stderr=True):
            return
        container.reload()
        if container.status not in ("running", "created"):
            raise SandboxError(f"the sandbox stopped while starting ({container.status})")
        time.sleep(0.05)
    raise TimedOut("the services did not finish starting")


def _grade_with_limit(submission: Submission, target: Target, deadline: float) -> grader.Result:
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = grader.grade(submission.lab, target, restart=False)
        except Exception as error:  # reported as the sandbox's failure, never a traceback
            box["error"] = error

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    if thread.is_alive():
        raise TimedOut("the checks did not finish")
    if "error" in box:
        raise SandboxError(f"grading failed: {type(box['error']).__name__}: {box['error']}")
    return box["result"]


def grade(client: Any, plan: Plan, submission: Submission, name: str) -> grader.Result:
    """Grade `submission` in a new sandbox named `name`; the sandbox is always removed."""
    from maillab import dockerexec

    deadline = time.monotonic() + plan.timeout
    student, lab_id = submission.manifest.student, submission.lab.id
    container = client.containers.create(**options(plan, name, student, lab_id))
    try:
        if not container.put_archive("/", layer(submission.members)):
            raise SandboxError("the engine refused to unpack the submission")
        container.start()
        wait_ready(container, deadline)
        server = submission.lab.server_info
        target = Target(dockerexec.host(client, container.id), client_inside(server), name, server, archive=True)
        return _grade_with_limit(submission, target, deadline)
    finally:
        remove(container)


def remove(container: Any) -> None:
    """Remove a sandbox, whatever state it is in."""
    import docker.errors

    try:
        container.remove(force=True, v=True)
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError:
        time.sleep(0.5)
        container.remove(force=True, v=True)


def clean(client: Any, batch: str | None = None) -> int:
    """Remove this namespace's sandboxes (of one batch, when given); how many were removed."""
    wanted = [f"{SANDBOX_LABEL}={namespace()}"] + ([f"{BATCH_LABEL}={batch}"] if batch else [])
    found = client.containers.list(all=True, filters={"label": wanted})
    for container in found:
        remove(container)
    return len(found)
