"""Which lab containers run, asked of a local engine without importing the docker SDK.

`lab list` only needs the state of this namespace's containers; importing the
SDK (and requests, urllib3) costs more than the whole answer, so a local unix
socket is asked with the standard library. Other engines go through the SDK.
"""

import http.client
import json
import os
import socket
from typing import Any
from urllib.parse import quote

from maillab.runtime import LAB_LABEL, NAMESPACE_LABEL, namespace

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
    return {c.get("Labels", {}).get(LAB_LABEL, ""): c.get("State", "") for c in found if isinstance(c, dict)}
