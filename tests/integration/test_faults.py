"""Engine faults and interruptions: a clear one-line message, and nothing left behind."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from maillab import catalog, lifecycle
from maillab.errors import EngineError
from maillab.runtime import LAB_LABEL, NAMESPACE_LABEL, NETWORK_LABEL, container_name, network_name
from tests.helpers import run_lab

LAB = str(Path(__file__).resolve().parents[2] / "lab")  # the shim users run


def one_error_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


@pytest.mark.parametrize(
    "argv", [["start", "dovecot-ssl"], ["grade"], ["status"], ["finish", "--all", "--yes"], ["build", "--all"]]
)
def test_engine_not_answering(monkeypatch, argv):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/maillab/docker.sock")
    ran = run_lab(*argv)
    assert ran.status == 2
    assert "container engine" in one_error_line(ran.stderr)


def test_list_works_without_engine(monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/maillab/docker.sock")
    ran = run_lab("list")
    assert ran.status == 0 and "dovecot-ssl" in ran.stdout


def test_missing_image_leaves_nothing(runtime):
    with pytest.raises(EngineError, match="could not start"):
        runtime.create("dovecot-ssl", "maillab/no-such-image:none", {143: None})
    assert runtime.get("dovecot-ssl") is None
    assert not runtime.client.containers.list(all=True, filters={"name": network_name("dovecot-ssl")})


def test_port_taken_leaves_nothing(runtime, built_images):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(EngineError) as caught:
            runtime.create("dovecot-ssl", built_images["dovecot-ssl"], {143: port})
    assert "could not start" in str(caught.value) and "\n" not in str(caught.value)
    assert runtime.get("dovecot-ssl") is None
    assert not runtime.client.containers.list(all=True, filters={"name": network_name("dovecot-ssl")})


def test_reset_moves_to_new_ports_when_an_old_one_was_taken_meanwhile(runtime, built_images, monkeypatch):
    """When the lab's network holder has gone, another program may take one of its old ports before
    the reset publishes them again (its kernel picks any free one): the reset still ends in a started lab."""
    lab = catalog.load("dovecot-ssl")
    old = lifecycle.reset(runtime, lab, lambda text: None)
    remove, busy = runtime.remove, socket.socket()

    def remove_then_take_a_port(lab_id: str, keep_network: bool = False) -> None:
        remove(lab_id)  # the network holder too, as if it had gone by other means: else the ports stay
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past the greeting checks' TIME_WAIT
        busy.bind(("127.0.0.1", old.ports[143]))
        busy.listen()

    monkeypatch.setattr(runtime, "remove", remove_then_take_a_port)
    with busy:
        new = lifecycle.reset(runtime, lab, lambda text: None)
    monkeypatch.undo()
    assert new.status == "running" and new.ports[143] != old.ports[143]


def test_a_stopped_lab_whose_network_holder_was_removed_says_how_to_go_on(runtime, built_images):
    lab = catalog.load("dovecot-ssl")
    old = lifecycle.reset(runtime, lab, lambda text: None)
    runtime.stop(lab.id)
    runtime.client.containers.get(old.network).remove(force=True)
    with pytest.raises(EngineError, match="`lab reset dovecot-ssl` makes the lab anew"):
        runtime.start(lab.id)
    new = lifecycle.reset(runtime, lab, lambda text: None)
    assert new.status == "running" and new.network not in ("", old.network) and 143 in new.ports


def _lab_process(argv: list[str], namespace: str, home: Path) -> subprocess.Popen:
    env = {**os.environ, "MAILLAB_NAMESPACE": namespace, "MAILLAB_HOME": str(home)}
    return subprocess.Popen([LAB, *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _labelled(runtime, namespace: str) -> list:
    return runtime.client.containers.list(all=True, filters={"label": f"{NAMESPACE_LABEL}={namespace}"})


def _servers(containers: list) -> list:
    """The lab containers among `containers`, without their network holders."""
    return [container for container in containers if NETWORK_LABEL not in container.labels]


def _progress_intact(home: Path) -> None:
    with sqlite3.connect(home / "maillab.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    ("signum", "delay"),
    [
        (signal.SIGINT, 0.05),
        (signal.SIGTERM, 0.3),
        (signal.SIGINT, 0.6),
        (signal.SIGTERM, 0.9),
        (signal.SIGINT, 1.2),
        (signal.SIGTERM, 1.6),
        (signal.SIGINT, 2.2),
    ],
)
def test_interrupted_start_leaves_no_container(runtime, built_images, tmp_path, signum, delay):
    namespace = f"maillabsig{os.getpid()}x{int(delay * 10)}"
    process = _lab_process(["start", "dovecot-ssl"], namespace, tmp_path)
    time.sleep(delay)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    left = _labelled(runtime, namespace)
    try:
        assert "Traceback" not in stderr, stderr
        if process.returncode == 0 or "started dovecot-ssl" in stderr:
            # the start was complete (and said so) before the signal: a running lab is right
            assert len(_servers(left)) == 1 and _servers(left)[0].status == "running" and len(left) == 2
        else:
            assert process.returncode in (130, -signum), stderr
            assert left == [], f"an interrupted start must not leave a container: {stderr}"
        if (tmp_path / "maillab.sqlite3").exists():
            _progress_intact(tmp_path)
    finally:
        for container in left:
            container.remove(force=True)


def test_interrupted_grade_keeps_lab_and_progress(runtime, built_images, tmp_path):
    namespace = f"maillabgrade{os.getpid()}"
    assert _lab_process(["start", "dovecot-ssl"], namespace, tmp_path).wait(timeout=120) == 0
    try:
        assert _lab_process(["solve", "--yes"], namespace, tmp_path).wait(timeout=60) == 0
        for signum, delay in [(signal.SIGINT, 0.4), (signal.SIGTERM, 0.7), (signal.SIGINT, 1.0)]:
            process = _lab_process(["grade"], namespace, tmp_path)
            time.sleep(delay)
            process.send_signal(signum)
            _, stderr = process.communicate(timeout=60)
            assert "Traceback" not in stderr, stderr
            assert process.returncode in (0, 130, -signum), stderr
            _progress_intact(tmp_path)
            assert len(_servers(_labelled(runtime, namespace))) == 1, "grade must never remove the lab"
        graded = _lab_process(["grade", "--format", "json"], namespace, tmp_path)
        assert graded.wait(timeout=60) == 0, graded.stderr.read()
    finally:
        assert _lab_process(["finish", "--all", "--yes"], namespace, tmp_path).wait(timeout=60) == 0
    assert _labelled(runtime, namespace) == []


def test_finish_all_removes_every_labelled_container(runtime, built_images, tmp_path):
    namespace = f"maillabfinish{os.getpid()}"
    labels = {LAB_LABEL: "dovecot-ssl", NAMESPACE_LABEL: namespace}
    image = built_images["dovecot-ssl"]
    runtime.client.containers.create(image, name=f"{namespace}-stopped", labels=labels)
    runtime.client.containers.run(image, name=f"{namespace}-dovecot-ssl", labels=labels, detach=True, init=True)
    assert len(_labelled(runtime, namespace)) == 2
    finish = _lab_process(["finish", "--all", "--yes"], namespace, tmp_path)
    _, stderr = finish.communicate(timeout=60)
    assert finish.returncode == 0, stderr
    assert _labelled(runtime, namespace) == []


def _interrupt_after_create(original, name):
    """The signal lands after the engine made the container `name`, before its id came back."""

    def create(self, *args, **options):
        made = original(self, *args, **options)
        if options.get("name") == name:
            raise KeyboardInterrupt
        return made

    return create


def _engine_answers_late(original, name):
    """The signal lands while the request for `name` is still out; the engine finishes it afterwards."""

    def create(self, *args, **options):
        if options.get("name") != name:
            return original(self, *args, **options)
        made: dict = {}
        late = threading.Thread(target=lambda: made.update(container=original(self, *args, **options)))
        late.start()
        os.kill(os.getpid(), signal.SIGINT)
        late.join()
        return made["container"]

    return create


@pytest.mark.parametrize("interrupted_create", [_interrupt_after_create, _engine_answers_late])
@pytest.mark.parametrize("interrupted_name", [container_name, network_name])
def test_interrupted_create_leaves_no_container(
    runtime, built_images, monkeypatch, interrupted_create, interrupted_name
):
    """An interrupt inside the engine call that creates the server or its network holder still
    removes both."""
    from docker.models.containers import ContainerCollection

    patched = interrupted_create(ContainerCollection.create, interrupted_name("dovecot-ssl"))
    monkeypatch.setattr(ContainerCollection, "create", patched)
    lab = catalog.load("dovecot-ssl")
    runtime.remove(lab.id)
    with pytest.raises(KeyboardInterrupt):
        lifecycle.start(runtime, lab, lambda text: None)
    monkeypatch.undo()
    time.sleep(1)  # a create the engine finishes late would show by now
    assert runtime.get("dovecot-ssl") is None
    assert not runtime.client.containers.list(all=True, filters={"name": network_name("dovecot-ssl")})


def test_doctor_finds_engine_base_ports_and_images(runtime, built_images):
    ran = run_lab("doctor", "--format", "json")
    assert ran.status == 0, ran.stdout + ran.stderr
    found = {finding["topic"]: finding for finding in json.loads(ran.stdout)}
    assert set(found) == {"engine", "engine version", "base image", "ports", "lab images"}
    assert found["engine version"]["detail"].startswith(("Docker", "Podman"))
    assert found["lab images"]["status"] == "ok"
