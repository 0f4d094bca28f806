"""The student's lifecycle on a real container: start, resume, hint, solve, reset, finish."""

import json
import os
import select
import subprocess
import sys
import time

from maillab import catalog, lablock, lifecycle, progress
from maillab.runtime import DROPPED_CAPABILITIES, LAB_LABEL, LIMITS, NAMESPACE_LABEL, NETWORK_LABEL, NETWORK_LIMITS
from tests.helpers import run_lab


def test_start_resume_hint_solve_grade_reset_finish(runtime, built_images):
    lab = catalog.load("dovecot-ssl")
    for other in runtime.labs():  # this worker's earlier lab tests: commands without a lab id need one lab
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
    logs = run_lab("logs", "-n", "5")
    assert logs.status == 0 and "dovecot" in logs.stdout and len(logs.stdout.splitlines()) <= 5

    assert run_lab("reset").status == 2
    assert run_lab("reset", "--yes").status == 0
    after = runtime.get(lab.id)
    assert after.id != first.id and after.ports == first.ports
    assert after.network == first.network != "", "reset keeps the network holder, so the same ports"
    assert run_lab("shell", "-c", "test -e /etc/dovecot/ssl/dovecot.key").status == 1
    assert progress.get(after.id, lab.id).hints_used == 1

    assert run_lab("finish").status == 2, "never graded since reset: finish must ask"
    assert run_lab("finish", "--yes").status == 0
    assert runtime.get(lab.id) is None
    assert not runtime.client.containers.list(
        all=True, filters={"label": f"{LAB_LABEL}=dovecot-ssl", "name": after.name}
    )
    holders = [f"{NETWORK_LABEL}=dovecot-ssl", f"{NAMESPACE_LABEL}={after.labels[NAMESPACE_LABEL]}"]
    assert not runtime.client.containers.list(all=True, filters={"label": holders}), "finish removes the holder"


# What Dovecot and Courier need as root: own and read any file, change to the mail users,
# chroot the login processes, bind ports below 1024, signal their children (SETPCAP is
# Docker's default, kept so a daemon may drop its own capabilities).
NEEDED_CAPABILITIES = {"CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETGID", "SETUID", "SETPCAP"}
NEEDED_CAPABILITIES |= {"NET_BIND_SERVICE", "SYS_CHROOT", "KILL"}
CAPABILITY_BITS = {"CHOWN": 0, "DAC_OVERRIDE": 1, "FOWNER": 3, "FSETID": 4, "KILL": 5, "SETGID": 6, "SETUID": 7}
CAPABILITY_BITS |= {"SETPCAP": 8, "NET_BIND_SERVICE": 10, "SYS_CHROOT": 18}


def test_container_is_confined(runtime, built_images):
    lab = catalog.load("dovecot-ssl")
    container, _ = lifecycle.start(runtime, lab, lambda text: None)
    inspected = runtime.client.api.inspect_container(container.id)
    config = inspected["HostConfig"]
    assert config["Privileged"] is False
    assert config["NetworkMode"] == f"container:{container.network}", "the server joins its own holder only"
    assert config["PidMode"] != "host" and config["IpcMode"] != "host" and config["UsernsMode"] != "host"
    assert config["Memory"] == 256 * 2**20 and config["PidsLimit"] == LIMITS["pids_limit"]
    assert config["NanoCpus"] == LIMITS["nano_cpus"]
    assert config["Init"] is True
    assert not config["CapAdd"] and set(DROPPED_CAPABILITIES) <= set(config["CapDrop"])
    assert not config["Devices"] and not config["Binds"] and not inspected["Mounts"]
    # the holder owns the network: a bridge of the engine, ports on 127.0.0.1 only, nothing more
    holder = runtime.client.api.inspect_container(container.network)
    held = holder["HostConfig"]
    assert holder["Config"]["Labels"][NETWORK_LABEL] == lab.id
    assert held["Privileged"] is False and held["NetworkMode"] in ("default", "bridge")
    assert held["PidMode"] != "host" and held["IpcMode"] != "host" and held["UsernsMode"] != "host"
    assert held["Memory"] == 32 * 2**20 and held["PidsLimit"] == NETWORK_LIMITS["pids_limit"]
    assert held["CapDrop"] == ["ALL"] and not held["CapAdd"] and not held["Binds"] and not holder["Mounts"]
    for bindings in held["PortBindings"].values():
        assert all(binding["HostIp"] == "127.0.0.1" for binding in bindings)
    for bindings in holder["NetworkSettings"]["Ports"].values():
        assert bindings and all(binding["HostIp"] == "127.0.0.1" for binding in bindings)
    # the bounding set of the running server holds nothing beyond what a mail server needs
    status = runtime.exec(lab.id, ["cat", "/proc/1/status"])[1]
    bounding = int(next(line.split()[1] for line in status.splitlines() if line.startswith("CapBnd")), 16)
    allowed = sum(1 << CAPABILITY_BITS[name] for name in NEEDED_CAPABILITIES)
    assert bounding & ~allowed == 0, f"capabilities beyond the needed ones: {bounding & ~allowed:#x}"


def test_grade_waits_while_solve_holds_the_lab_and_judges_the_solved_lab(runtime, built_images):
    """While `solve` holds the lab (here this test, doing what solve does), `lab grade` from another
    terminal says the lab is busy and waits; once the answer is in, it judges the solved lab."""
    assert run_lab("start", "dovecot-ssl").status == 0
    lab = catalog.load("dovecot-ssl")
    command = [sys.executable, "-m", "maillab", "grade", "dovecot-ssl", "--format", "json"]
    with lablock.held("dovecot-ssl", "solve", lambda text: None):
        grade = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said, deadline = "", time.monotonic() + 120
        while "waiting" not in said and time.monotonic() < deadline and grade.poll() is None:
            if select.select([grade.stderr], [], [], 0.5)[0]:
                said += grade.stderr.readline()
        assert f"lab dovecot-ssl is busy (solve, pid {os.getpid()}); waiting" in " ".join(said.split()), said
        code, output = lifecycle.apply_answer(runtime, lab, "solution")
        assert code == 0, output
    graded, _ = grade.communicate(timeout=300)

    data = json.loads(graded)
    assert grade.returncode == 0 and data["passed"] and data["score"] == data["max_score"], data
    assert lablock.busy("dovecot-ssl") is None
    assert run_lab("finish", "dovecot-ssl", "--yes").status == 0
