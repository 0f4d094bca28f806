"""The student's lifecycle on a real container: start, resume, hint, solve, reset, finish."""

import json

from maillab import catalog, lifecycle, progress
from maillab.runtime import LAB_LABEL
from tests.helpers import run_lab


def test_start_resume_hint_solve_grade_reset_finish(runtime, built_images):
    lab = catalog.load("dovecot-ssl")
    for other in runtime.labs():  # labs proven earlier in this worker; the id is left out below
        runtime.remove(other.lab)
    ran = run_lab("start", "dovecot-ssl")
    assert ran.status == 0, ran.stderr
    assert "127.0.0.1:" in ran.stdout and "student" in ran.stdout
    first = runtime.get(lab.id)
    assert set(first.ports) == {110, 143, 993, 995}

    again = run_lab("start", "dovecot-ssl")
    assert again.status == 0 and "resumed" in again.stderr
    assert runtime.get(lab.id).id == first.id

    assert run_lab("grade", "--format", "json").status == 1
    hint = run_lab("hint")
    assert hint.status == 0 and "Hint 1/" in hint.stdout
    assert run_lab("solve").status == 2, "solve without a terminal must ask for --yes"
    assert run_lab("solve", "--yes").status == 0
    graded = run_lab("grade", "--format", "json")
    data = json.loads(graded.stdout)
    assert graded.status == 0 and data["passed"] and data["hints_used"] == 1 and data["solved_with_help"]

    assert run_lab("shell", "-c", "test -s /etc/dovecot/ssl/dovecot.key").status == 0
    assert run_lab("shell", "-c", "exit 7").status == 7

    assert run_lab("reset").status == 2
    assert run_lab("reset", "--yes").status == 0
    after = runtime.get(lab.id)
    assert after.id != first.id and after.ports == first.ports
    assert run_lab("shell", "-c", "test -e /etc/dovecot/ssl/dovecot.key").status == 1
    assert progress.get(after.id, lab.id).hints_used == 1

    assert run_lab("finish").status == 2, "never graded since reset: finish must ask"
    assert run_lab("finish", "--yes").status == 0
    assert runtime.get(lab.id) is None
    assert not runtime.client.containers.list(
        all=True, filters={"label": f"{LAB_LABEL}=dovecot-ssl", "name": after.name}
    )


def test_container_is_confined(runtime, built_images):
    lab = catalog.load("dovecot-ssl")
    container, _ = lifecycle.start(runtime, lab, lambda text: None)
    config = runtime.client.api.inspect_container(container.id)["HostConfig"]
    assert config["Privileged"] is False
    assert config["NetworkMode"] != "host"
    assert config["Memory"] > 0 and config["PidsLimit"] > 0
    assert config["Init"] is True
    for bindings in config["PortBindings"].values():
        assert all(binding["HostIp"] == "127.0.0.1" for binding in bindings)
