"""Shared fixtures: every test gets its own maillab data folder; tools the tests need are installed once."""

import os
import shutil
import subprocess
import sys

import pytest

# Tools only the tests use (never installed by ./lab, so students get no browser with their labs).
TEST_TOOLS = {"chromium": "chromium", "ssh": "openssh-client", "ssh-keygen": "openssh-client"}


def _only_unit_tests(config: pytest.Config) -> bool:
    return all("unit" in str(arg) for arg in config.args)


def pytest_sessionstart(session: pytest.Session) -> None:
    """In the controller only (so xdist workers never race for apt's lock), install missing test tools."""
    config = session.config
    if hasattr(config, "workerinput") or _only_unit_tests(config):
        return
    missing = sorted({package for tool, package in TEST_TOOLS.items() if not shutil.which(tool)})
    if not missing:
        return
    command = f"apt-get install -y {' '.join(missing)}"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise pytest.UsageError(f"the tests need {', '.join(missing)}; install them first: {command}")
    sys.stderr.write(f"maillab tests: installing {', '.join(missing)} (used by the tests only) with apt-get\n")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
    done = subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise pytest.UsageError(f"could not install {', '.join(missing)} ({tail}); run: {command}")


@pytest.fixture(autouse=True)
def maillab_home(tmp_path, monkeypatch):
    """Progress and quiz history go to a temporary folder, never the user's."""
    home = tmp_path / "maillab-home"
    monkeypatch.setenv("MAILLAB_HOME", str(home))
    return home
