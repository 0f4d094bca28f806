"""One command at a time per lab: a second one waits for the first, and a killed holder lets go."""

import os
import select
import signal
import subprocess
import sys
import threading
import time

import pytest

from maillab import catalog, cli, lablock, lifecycle
from maillab.errors import ExitStatus
from tests.helpers import run_lab

HOLDER = """
import sys, time
from maillab import lablock
with lablock.held(sys.argv[1], sys.argv[2], print):
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
    print("releasing", flush=True)
"""


def hold(verb: str, seconds: float, lab: str = "dovecot-ssl") -> subprocess.Popen:
    """Another `lab` process holding `lab` for `verb`, returned once it holds it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, lab, verb, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.fixture
def holders():
    started: list[subprocess.Popen] = []
    yield started
    for holder in started:
        holder.kill()
        holder.wait()


def test_second_command_waits_for_the_first_then_proceeds(holders):
    holder = hold("solve", 1.0)
    holders.append(holder)
    said: list[str] = []
    began = time.monotonic()
    with lablock.held("dovecot-ssl", "grade", said.append):
        written, _, _ = select.select([holder.stdout], [], [], 0)
        assert written, "the lab was taken while the first command still held it"
        assert holder.stdout.readline().strip() == "releasing"
        assert lablock.busy("dovecot-ssl") == f"grade, pid {os.getpid()}"
    assert time.monotonic() - began >= 0.5
    assert said == [f"lab dovecot-ssl is busy (solve, pid {holder.pid}); waiting…"]


def test_killed_holder_releases_the_lab_at_once(holders):
    holder = hold("grade", 600)
    holders.append(holder)
    assert lablock.busy("dovecot-ssl") == f"grade, pid {holder.pid}"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    began = time.monotonic()
    with lablock.held("dovecot-ssl", "reset", lambda text: None, wait=5):
        pass
    assert time.monotonic() - began < 1
    assert lablock.busy("dovecot-ssl") is None


def test_other_labs_are_not_held(holders):
    holders.append(hold("grade", 600))
    said: list[str] = []
    with lablock.held("courier-pop", "grade", said.append, wait=0):
        pass
    assert said == []


def test_two_threads_take_turns():
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with lablock.held("dovecot-ssl", "grade", lambda text: None):
            inside.set()
            order.append("first in")
            time.sleep(0.4)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(5)
    with lablock.held("dovecot-ssl", "grade", lambda text: None):  # its own descriptor: flock tells them apart
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]


def test_no_wait_and_a_bounded_wait_give_up_with_one_line(holders):
    holder = hold("grade", 600)
    holders.append(holder)
    busy = rf"^lab dovecot-ssl is busy \(grade, pid {holder.pid}\); try again"
    with pytest.raises(lablock.LabBusy, match=busy), lablock.held("dovecot-ssl", "solve", lambda text: None, wait=0):
        pytest.fail("entered a held lab")
    began = time.monotonic()
    bounded = lablock.held("dovecot-ssl", "solve", lambda text: None, wait=0.3)
    with pytest.raises(lablock.LabBusy, match=r"still busy .* after 0.3 s"), bounded:
        pytest.fail("entered a held lab")
    assert 0.3 <= time.monotonic() - began < 2


@pytest.fixture
def fake_lab(monkeypatch):
    """`lab` commands find dovecot-ssl without an engine; what they would run is recorded."""
    lab = catalog.load("dovecot-ssl")
    ran: list[str] = []
    monkeypatch.setattr(cli, "_lab", lambda args, env: (object(), lab))
    monkeypatch.setattr(lifecycle, "solve", lambda runtime, lab: ran.append("solve"))
    monkeypatch.setattr(lifecycle, "shell", lambda runtime, lab, command, interactive: ran.append("shell") or 0)
    return ran


def test_cli_refuses_a_busy_lab_with_wait_0(holders, fake_lab):
    holder = hold("grade", 600)
    holders.append(holder)
    ran = run_lab("solve", "dovecot-ssl", "--yes", "--wait", "0")
    assert ran.status == ExitStatus.ERROR and fake_lab == []
    assert (
        ran.stderr.strip()
        == f"lab: error: lab dovecot-ssl is busy (grade, pid {holder.pid}); try again when it is done"
    )


def test_cli_waits_with_a_note_then_runs(holders, fake_lab):
    holder = hold("grade", 0.5)
    holders.append(holder)
    ran = run_lab("solve", "dovecot-ssl", "--yes")
    assert ran.status == ExitStatus.SUCCESS and fake_lab == ["solve"]
    assert ran.stderr.splitlines()[0] == f"maillab: lab dovecot-ssl is busy (grade, pid {holder.pid}); waiting…"


def test_shell_never_waits(holders, fake_lab):
    holder = hold("grade", 600)
    holders.append(holder)
    ran = run_lab("shell", "dovecot-ssl", "-c", "true")
    assert ran.status == 0 and fake_lab == ["shell"]
    assert f"busy (grade, pid {holder.pid}); the shell opens anyway" in " ".join(ran.stderr.split())


def test_ctrl_c_while_waiting_is_one_line(holders, fake_lab):
    holders.append(hold("grade", 600))
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
    ran = run_lab("solve", "dovecot-ssl", "--yes")
    assert ran.status == ExitStatus.INTERRUPTED and fake_lab == []
    lines = ran.stderr.splitlines()
    assert lines[-1] == "lab: interrupted" and len(lines) == 2 and "waiting" in lines[0]
