"""Reach a container engine; on Debian/Ubuntu as root, install and start one when none answers."""

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from maillab.errors import EngineError

SYSTEMD = Path("/run/systemd/system")
DOCKERD_LOG = Path("/var/log/maillab-dockerd.log")
INSTALL_HINT = (
    "no container engine answers; install Docker (Debian/Ubuntu: `sudo apt-get install docker.io`) "
    "and start it, or point DOCKER_HOST at one"
)


def _try_connect() -> Any | None:
    import docker

    try:
        client = docker.from_env(timeout=120)
        client.ping()
        return client
    except Exception:  # the SDK raises many kinds (connection, API, config) for "no engine here"
        return None


def _can_install() -> bool:
    return os.geteuid() == 0 and Path("/etc/debian_version").exists() and "DOCKER_HOST" not in os.environ


def install_and_start(say: Callable[[str], None] = lambda text: None) -> None:
    """Install docker.io if missing and start the daemon (root on Debian/Ubuntu only)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not shutil.which("dockerd"):
        say("no container engine found: installing docker.io with apt-get (root on Debian)")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "docker.io"], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise EngineError(f"apt-get install docker.io failed: {tail}")
    if SYSTEMD.is_dir():
        say("starting the docker service (systemctl start docker)")
        subprocess.run(["systemctl", "start", "docker"], check=False, capture_output=True)
    else:
        say(f"starting dockerd in the background (log: {DOCKERD_LOG})")
        with DOCKERD_LOG.open("ab") as log:
            subprocess.Popen(["dockerd"], stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)


def connect(say: Callable[[str], None] = lambda text: None, setup: bool = True, wait: float = 40.0) -> Any:
    """A docker SDK client that answers; sets an engine up where maillab may, else EngineError."""
    client = _try_connect()
    if client is not None:
        return client
    if not (setup and _can_install()):
        raise EngineError(INSTALL_HINT)
    install_and_start(say)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        client = _try_connect()
        if client is not None:
            return client
        time.sleep(0.5)
    raise EngineError(f"dockerd was started but does not answer; see {DOCKERD_LOG}")
