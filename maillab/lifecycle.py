"""A lab's life: start (or resume), grade, hint, solve, reset, finish."""

import contextlib
import socket
import time
from collections.abc import Callable
from typing import Any, TextIO

from maillab import catalog, grader, images, lablock, progress
from maillab.catalog import Lab
from maillab.errors import EngineError, MaillabError, NotRunning, UsageError
from maillab.runtime import (
    CLASS_LABEL,
    EXAM_LABEL,
    INIT_READY,
    STUDENT_LABEL,
    LabContainer,
    Runtime,
    container_name,
    exec_with_input,
    folder_tar,
)
from maillab.target import Endpoint, Target

READY_TIMEOUT = 30.0


def student_of(container: LabContainer | None) -> catalog.Student | None:
    """Whose values the container's lab was started with; None for the defaults."""
    if container is None or not container.student:
        return None
    return catalog.Student(id=container.student, class_code=container.class_code)


def student_labels(lab: Lab) -> dict[str, str]:
    """The labels that remember whose values a lab container carries."""
    if lab.student is None:
        return {}
    return {STUDENT_LABEL: lab.student.id, CLASS_LABEL: lab.student.class_code}


def with_values(runtime: Runtime, lab: Lab) -> Lab:
    """`lab` loaded again with the values its container was started with, when they differ."""
    student = student_of(runtime.get(lab.id))
    return lab if student == lab.student else catalog.load(lab.id, student)


def choose_lab(runtime: Runtime, given: str | None) -> Lab:
    """The named lab, or the only running one when none is named, with the values it was started with."""
    if given:
        return with_values(runtime, catalog.load(given))
    running = [c for c in runtime.labs() if c.status == "running" and EXAM_LABEL not in c.labels]
    if len(running) == 1:
        return catalog.load(running[0].lab, student_of(running[0]))
    if not running:
        raise UsageError("no lab is running; name one (`lab list` shows them), e.g. `lab start dovecot-ssl`")
    names = ", ".join(c.lab for c in running)
    raise UsageError(f"several labs are running ({names}); name the one you mean")


def running_container(runtime: Runtime, lab: Lab) -> LabContainer:
    """The lab's container, started again (and waited for, on its new ports) when it had stopped."""
    container = runtime.get(lab.id)
    if container is None:
        raise NotRunning(f"lab {lab.id} is not started; run `lab start {lab.id}`")
    if container.status != "running":
        container = start_again(runtime, lab)
    return container


def start_again(runtime: Runtime, lab: Lab, name: str = "") -> LabContainer:
    """Start a stopped container (the lab's, or the one called `name`) and wait for a ready line
    logged after this start: the engine keeps the log of earlier runs, whose old ready line would
    end the wait at once. The ports are read again, as the engine may publish others."""
    name = name or lab.id
    since = time.time()  # to the microsecond: a whole second could still hold the last run's line
    container = runtime.start(name)
    wait_started(runtime, lab, container, since)
    return runtime.get(name) or container


def restart_container(runtime: Runtime, lab: Lab, name: str = "") -> LabContainer:
    """Stop the whole container (every process, its init included) and start it again, as a reboot
    would; only what was saved to disk comes back. Waits as `start_again` does."""
    runtime.stop(name or lab.id)
    return start_again(runtime, lab, name)


def _greets(host_port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", host_port), timeout=1) as sock:
            return bool(sock.recv(64))
    except OSError:
        return False


def wait_ready(
    container: LabContainer,
    ready_ports: list[int],
    timeout: float = READY_TIMEOUT,
    settled: Callable[[], bool] | None = None,
    every: bool = False,
) -> None:
    """Wait until the server greets on one of its published `ready_ports` (with `every`, on all of
    them), or `settled` says it is done.

    One ready port will do unless the server starts its daemons one after the other (Postfix after
    Dovecot); either way a lab's starting state may have switched off one protocol on purpose.
    `settled` says the entrypoint has started every service: a port that does not greet
    by then never will (a starting state may be a server that cannot start). With no ready
    port published, only `settled` ends the wait.
    """
    host_ports = [container.ports[port] for port in ready_ports if port in container.ports]
    greeted = all if every else any
    deadline, pause = time.monotonic() + timeout, 0.05
    while time.monotonic() < deadline:
        if (settled is not None and settled()) or (host_ports and greeted(_greets(port) for port in host_ports)):
            return
        if not host_ports and settled is None:
            return
        time.sleep(pause)
        pause = min(pause + 0.05, 0.25)  # each look asks the engine for the log: fewer on a slow start


def wait_started(runtime: Runtime, lab: Lab, container: LabContainer, since: float | None = None) -> None:
    """wait_ready, settled once the container's entrypoint has said (since `since`) it started its services."""

    def settled() -> bool:
        try:
            return INIT_READY in runtime.client.api.logs(container.id, since=since)
        except Exception:
            return False

    wait_ready(container, lab.server_info.ready_ports, settled=settled, every=lab.server_info.ready_all)


def start(runtime: Runtime, lab: Lab, say: Any) -> tuple[LabContainer, bool]:
    """Start the lab, or resume it when its container exists; (container, resumed)."""
    existing = runtime.get(lab.id)
    if existing is not None:
        started_for = student_of(existing)
        if lab.student is not None and lab.student != started_for:
            whose = f"student {started_for.id}'s values" if started_for else "the default values"
            raise UsageError(f"lab {lab.id} already runs with {whose}; `lab finish {lab.id}` first to start it anew")
        if existing.status != "running":
            return start_again(runtime, lab), True
        wait_started(runtime, lab, existing)
        return existing, True
    image = images.lab_image(runtime.client, lab, say)
    try:
        ports = {port: None for port in lab.ports}
        container = runtime.create(lab.id, image, ports, lab.server, student_labels(lab))
        progress.get(container.id, lab.id)
        wait_started(runtime, lab, container)
    except BaseException:  # an interrupted first start leaves nothing behind
        with contextlib.suppress(Exception):
            runtime.remove(lab.id)
        raise
    return container, False


def reset(runtime: Runtime, lab: Lab, say: Any) -> LabContainer:
    """Recreate the starting state: a new server container in the lab's network holder, so on the
    same ports (when the holder had gone, the old ports, or new ones when another program took one of
    them meanwhile); hints and solve stay counted."""
    old = runtime.get(lab.id)
    any_ports: dict[int, int | None] = dict.fromkeys(lab.ports)
    image = images.lab_image(runtime.client, lab, say)
    runtime.remove(lab.id, keep_network=True)
    try:
        same_ports = {**any_ports, **(old.ports if old is not None else {})}
        container = runtime.create(lab.id, image, same_ports, lab.server, student_labels(lab))
    except EngineError as error:
        if "address already in use" not in str(error):
            raise
        container = runtime.create(lab.id, image, any_ports, lab.server, student_labels(lab))
    if old is not None:
        progress.carry_over(old.id, container.id, lab.id)
    wait_started(runtime, lab, container)
    return container


def target_for(container: LabContainer, lab: Lab, client: Any = None) -> Target:
    """A Target for a local lab: a testinfra host (over the SDK's connection when `client` is given,
    else testinfra's docker CLI backend) plus the published ports."""
    import testinfra

    from maillab import dockerexec

    def endpoint(port: int) -> Endpoint:
        if port not in container.ports:
            raise MaillabError(f"port {port} is not published by {container.name}")
        return Endpoint("127.0.0.1", container.ports[port])

    host = dockerexec.host(client, container.name) if client else testinfra.get_host(f"docker://{container.name}")
    return Target(host, endpoint, container.name, lab.server_info)


def grade(runtime: Runtime, lab: Lab) -> grader.Result:
    """Grade the running lab and record the score with the help used."""
    container = running_container(runtime, lab)
    target = target_for(container, lab, runtime.client)
    try:
        result = grader.grade(lab, target)
    finally:
        getattr(target.host.backend, "close", lambda: None)()
    run = progress.get(container.id, lab.id)
    result.hints_used, result.solved_with_help = run.hints_used, run.solved
    progress.record_grade(container.id, lab.id, result.score, result.max_score, result.passed)
    return result


def shell(runtime: Runtime, lab: Lab, command: str | None, interactive: bool) -> int:
    """A root login shell in the lab's server (it takes this process over), or one command's exit status."""
    running_container(runtime, lab)
    if command is None and not interactive:
        raise UsageError("`lab shell` needs a terminal; use `lab shell -c COMMAND` in scripts")
    return runtime.shell(lab.id, command, tty=interactive)


def logs(runtime: Runtime, lab: Lab, lines: int, follow: bool, out: TextIO, err: TextIO) -> int:
    """The last `lines` of the server's mail log (and, when following, each new line); tail's exit status."""
    running_container(runtime, lab)
    command = ["tail", "-n", str(lines), *(["-f"] if follow else []), lab.log_file]
    return runtime.exec_stream(lab.id, command, out, err)


def next_hint(runtime: Runtime, lab: Lab) -> tuple[int, str]:
    """The next hint (1-based number, text); the last one repeats once all are shown."""
    container = running_container(runtime, lab)
    shown = min(progress.get(container.id, lab.id).hints_used + 1, len(lab.hints))
    progress.record_hint(container.id, lab.id, shown)
    return shown, lab.hints[shown - 1]


# Unpacks the lab folder (a tar on its input) as $MAILLAB_LAB, in memory (/dev/shm) where the server
# has it, runs `$MAILLAB_LAB/<folder>/apply.sh`, then removes the folder; the script's exit status.
APPLY = (
    "MAILLAB_LAB=$(mktemp -d /dev/shm/maillab-XXXXXX 2>/dev/null || mktemp -d) && export MAILLAB_LAB"
    ' && tar -x -C "$MAILLAB_LAB" || exit 125;'
    ' sh "$MAILLAB_LAB/$1/apply.sh" </dev/null; status=$?; rm -rf "$MAILLAB_LAB"; exit $status'
)


def run_answer(api: Any, container: str, lab: Lab, folder_name: str) -> tuple[int, str]:
    """Run `<lab>/<folder_name>/apply.sh`, filled in with the lab's values, in `container` (name or
    id): the lab folder, its scripts filled in, goes in as a tar on the input of the one command
    that unpacks it, runs the script and removes it. (exit status, output)."""
    scripts = [path.relative_to(lab.folder) for path in lab.folder.rglob("apply.sh")]
    archive = folder_tar(lab.folder, replaced={script: lab.script(script).encode() for script in scripts})
    return exec_with_input(api, container, ["sh", "-c", APPLY, "sh", folder_name], archive)


def apply_answer(runtime: Runtime, lab: Lab, folder_name: str, name: str = "", restart: bool = True) -> tuple[int, str]:
    """Run `<lab>/<folder_name>/apply.sh` inside the server (the lab's, or the container called `name`),
    then (with `restart`) restart what grading restarts, so the answer's configuration is the one
    running. A caller that grades next may skip the restart: grading restarts the same services first."""
    script = lab.folder / folder_name / "apply.sh"
    if not script.is_file():
        raise MaillabError(f"{script} does not exist")
    if not name:
        running_container(runtime, lab)
    key = name or lab.id
    code, output = run_answer(runtime.client.api, container_name(key), lab, folder_name)
    if code == 0 and restart and lab.restart:
        runtime.exec(key, ["sh", "-c", lab.server_info.restart_script(lab.restart)])
    return code, output


def solve(runtime: Runtime, lab: Lab) -> None:
    """Apply the reference solution and record that help was used."""
    container = running_container(runtime, lab)
    progress.record_solve(container.id, lab.id)
    code, output = apply_answer(runtime, lab, "solution")
    if code != 0:
        raise MaillabError(f"the reference solution failed (exit {code}): {output.strip()[-200:]}")


def never_graded(runtime: Runtime, lab: Lab) -> bool:
    """True when the lab has a container that was never graded: `lab finish` asks before removing it."""
    container = runtime.get(lab.id)
    return container is not None and progress.get(container.id, lab.id).score is None


def finish(runtime: Runtime, lab: Lab) -> progress.Run:
    """Remove the lab's container; its last grade stays recorded."""
    container = runtime.get(lab.id)
    if container is None:
        raise NotRunning(f"lab {lab.id} has no container to finish")
    run = progress.get(container.id, lab.id)
    progress.record_finish(container.id, lab.id)
    runtime.remove(lab.id)
    return run


def finish_all(runtime: Runtime, say: Callable[[str], None], wait: float | None = None) -> None:
    """Remove every lab container of this namespace, whatever its name; each last grade stays recorded.

    Each lab is held while its container goes (`lablock.held`, waiting at most `wait` seconds)."""
    for container in runtime.labs():
        with lablock.held(container.lab, "finish", say, wait):
            progress.record_finish(container.id, container.lab)
            runtime.discard(container)
        say(f"removed {container.name}")
    runtime.prune_networks()  # holders whose lab container was removed by other means
