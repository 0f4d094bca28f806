"""What `lab list` and `lab status` show: each lab with the student's state, each lab container with its run.

`lab list` only needs the state of this namespace's containers; importing the
SDK (and requests, urllib3) costs more than the whole answer, so a local unix
socket is asked with the standard library. Other engines go through the SDK.
"""

import http.client
import json
import os
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from maillab import catalog, progress
from maillab.catalog import Lab
from maillab.errors import MaillabError
from maillab.runtime import LAB_LABEL, NAMESPACE_LABEL, NETWORK_LABEL, LabContainer, Runtime, namespace

LISTED_FIELDS = {"id", "title", "server", "objective", "difficulty", "time"}

DEFAULT_SOCKET = "unix:///var/run/docker.sock"


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


def states(fallback: Any = None) -> dict[str, str]:
    """{lab id: container state} for this namespace; {} when no engine answers.

    `fallback()` gives the answer when the engine is not a local unix socket.
    """
    address = os.environ.get("DOCKER_HOST") or DEFAULT_SOCKET
    if not address.startswith("unix://"):
        return fallback() if fallback else {}
    filters = quote(json.dumps({"label": [f"{NAMESPACE_LABEL}={namespace()}"]}))
    connection = _UnixConnection(address.removeprefix("unix://"), timeout=3)
    try:
        connection.request("GET", f"/containers/json?all=1&filters={filters}")
        response = connection.getresponse()
        if response.status != 200:
            return {}
        found = json.loads(response.read())
    except (OSError, ValueError, http.client.HTTPException):
        return {}
    finally:
        connection.close()
    labs = [c for c in found if isinstance(c, dict) and NETWORK_LABEL not in c.get("Labels", {})]
    return {c.get("Labels", {}).get(LAB_LABEL, ""): c.get("State", "") for c in labs}


def _through_sdk() -> dict[str, str]:
    from maillab import engine

    try:
        return {c.lab: c.status for c in Runtime(engine.connect(setup=False)).labs()}
    except MaillabError:
        return {}


@dataclass(frozen=True)
class Listed:
    """One lab of `lab list` and the student's state in it."""

    lab: Lab
    state: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.lab.model_dump(include=LISTED_FIELDS), "state": self.state}


def listing() -> list[Listed]:
    """Every lab: `running` while its container runs, else its best recorded state, else `not started`."""
    recorded = progress.lab_states()
    engine_states = states(_through_sdk)
    return [
        Listed(lab, "running" if engine_states.get(lab.id) == "running" else recorded.get(lab.id, "not started"))
        for lab in catalog.load_all()
    ]


@dataclass(frozen=True)
class Running:
    """One lab container of `lab status` and what the student did in it."""

    container: LabContainer
    run: progress.Run

    def to_dict(self) -> dict[str, Any]:
        return {
            "lab": self.container.lab,
            "container": self.container.name,
            "status": self.container.status,
            "ports": self.container.ports,
            "hints_used": self.run.hints_used,
            "solved_with_help": self.run.solved,
            "score": self.run.score,
            "max_score": self.run.max_score,
        }


def running(runtime: Runtime) -> list[Running]:
    """Every lab container of this namespace, running or stopped, with its recorded run."""
    return [Running(container, progress.get(container.id, container.lab)) for container in runtime.labs()]
