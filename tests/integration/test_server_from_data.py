"""A server added as data alone: a fixture folder with a description, a Dockerfile and a lab, no Python.

Its ports, readiness port, service and log file are ones no real server uses. The test starts it,
shows its ports, grades a protocol check before and after the solution, and runs `lab logs` and
`lab submit`, all through the real `lab` command.
"""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from maillab import paths

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "toy-content"


@pytest.fixture
def toy(tmp_path, runtime):
    """A content folder holding the real base image and checks, and the toy server and lab."""
    root = tmp_path / "content"
    (root / "containers").mkdir(parents=True)
    (root / "labs").mkdir()
    (root / "containers" / "base").symlink_to(paths.containers_dir() / "base")
    (root / "containers" / "toy").symlink_to(FIXTURE / "containers" / "toy")
    (root / "labs" / "toy-greeting").symlink_to(FIXTURE / "labs" / "toy-greeting")
    (root / "checks").symlink_to(paths.checks_dir())
    namespace = f"maillabtoy{os.getpid()}"
    env = {**os.environ, "MAILLAB_CONTENT": str(root), "MAILLAB_NAMESPACE": namespace, "MAILLAB_HOME": str(tmp_path)}

    def lab(*argv: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "maillab", *argv]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)

    yield lab
    lab("finish", "--all", "--yes")


def test_a_server_described_only_by_data_runs_grades_logs_and_submits(toy, tmp_path):
    started = toy("start", "toy-greeting")
    assert started.returncode == 0, started.stderr
    assert "TOYIMAP 2143 → 127.0.0.1:" in started.stdout and "SPARE 2999" in started.stdout

    status = json.loads(toy("status", "--format", "json").stdout)
    assert [row["lab"] for row in status] == ["toy-greeting"]
    assert set(status[0]["ports"]) == {"2143", "2999"}

    fresh = toy("grade", "--format", "json")
    assert fresh.returncode == 1, fresh.stderr
    assert "expected 'toy server ready'" in json.loads(fresh.stdout)["checks"][0]["message"]

    assert toy("solve", "--yes").returncode == 0
    solved = toy("grade", "--format", "json")
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert "greets with 'toy server ready'" in json.loads(solved.stdout)["checks"][0]["message"]

    logs = toy("logs", "-n", "50")
    assert logs.returncode == 0 and "toyimap: connection from" in logs.stdout, logs.stdout + logs.stderr

    out = tmp_path / "s01-toy.tar.gz"
    submitted = toy("submit", "--student", "s01", "--out", str(out))
    assert submitted.returncode == 0, submitted.stderr
    with tarfile.open(out) as archive:
        names = archive.getnames()
    assert any(name.endswith("etc/toy/toy.conf") for name in names), names
