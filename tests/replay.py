"""Targets that record a check's commands and client transcripts on a real server, and replay them."""

import contextlib
import json
import shlex
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from maillab import servers
from maillab.target import Endpoint, Target

RECORDINGS = Path(__file__).parent / "recordings"


@dataclass(frozen=True)
class Ran:
    """What `host.run` returns, as the checks use it."""

    rc: int
    stdout: str
    stderr: str

    @property
    def exit_status(self) -> int:
        return self.rc


def command_line(command: str, *args: Any) -> str:
    """The shell line testinfra runs for `host.run(command, *args)`."""
    return command % tuple(shlex.quote(str(arg)) for arg in args) if args else command


def client_key(protocol: str, port: int, options: dict[str, Any]) -> str:
    return json.dumps([protocol, port, options], sort_keys=True)


@contextlib.contextmanager
def deterministic() -> Iterator[None]:
    """Fixed `secrets.token_hex` and `uuid.uuid4`, so a replay asks exactly what was recorded."""
    fixed = uuid.UUID(int=0x5EED)
    with (
        mock.patch("secrets.token_hex", lambda n=16: ("5eed" * n)[: 2 * n]),
        mock.patch("uuid.uuid4", lambda: fixed),
    ):
        yield


class RecordingHost:
    """A testinfra host that notes every command line with its result."""

    def __init__(self, host: Any) -> None:
        self.inner = host
        self.commands: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def run(self, command: str, *args: Any) -> Any:
        result = self.inner.run(command, *args)
        with self._lock:
            entry = {"command": command_line(command, *args), "rc": result.rc}
            self.commands.append({**entry, "stdout": result.stdout, "stderr": result.stderr})
        return result


class RecordingTarget(Target):
    """A real target that also keeps each endpoint asked for and each client transcript."""

    def __init__(self, target: Target) -> None:
        super().__init__(RecordingHost(target.host), target.endpoints, target.name, target.server)
        self.real = target
        self.clients: list[dict[str, Any]] = []
        self.ports: dict[int, list[Any]] = {}

    def endpoint(self, port: int) -> Endpoint:
        point = self.real.endpoint(port)
        self.ports[port] = [point.address, point.port, point.inside, point.source]
        return point

    def run_client(self, protocol: str, port: int, options: dict[str, Any]) -> dict:
        if not options.get("inside"):
            self.endpoint(port)
        report = self.real.run_client(protocol, port, options)  # the real host: no bootstrap noise
        self.clients.append({"protocol": protocol, "port": port, "options": options, "report": report})
        return report

    def recording(self) -> dict[str, Any]:
        return {
            "server": self.server.name,
            "endpoints": {str(port): point for port, point in sorted(self.ports.items())},
            "commands": self.host.commands,
            "clients": self.clients,
        }


class Unrecorded(AssertionError):
    """The check asked something the recording does not hold."""


class ReplayHost:
    """Answers `host.run` from recorded command lines, in recorded order for a repeated line."""

    def __init__(self, commands: list[dict[str, Any]]) -> None:
        self.answers: dict[str, list[Ran]] = {}
        for entry in commands:
            self.answers.setdefault(entry["command"], []).append(Ran(entry["rc"], entry["stdout"], entry["stderr"]))
        self._lock = threading.Lock()

    def run(self, command: str, *args: Any) -> Ran:
        line = command_line(command, *args)
        with self._lock:
            queue = self.answers.get(line)
            if not queue:
                raise Unrecorded(f"unrecorded command: {line}")
            return queue.pop(0) if len(queue) > 1 else queue[0]


class ReplayTarget(Target):
    """A target whose server and clients are a recording."""

    def __init__(self, recording: dict[str, Any]) -> None:
        ports = {int(port): Endpoint(*point) for port, point in recording["endpoints"].items()}

        def endpoints(port: int) -> Endpoint:
            if port not in ports:
                raise Unrecorded(f"unrecorded endpoint: port {port}")
            return ports[port]

        super().__init__(ReplayHost(recording["commands"]), endpoints, "replay", servers.get(recording["server"]))
        self.reports: dict[str, list[dict]] = {}
        for call in recording["clients"]:
            key = client_key(call["protocol"], call["port"], call["options"])
            self.reports.setdefault(key, []).append(call["report"])
        self._reports_lock = threading.Lock()

    def run_client(self, protocol: str, port: int, options: dict[str, Any]) -> dict:
        """The recorded transcript, in recorded order for a repeated call (the server changed between them)."""
        key = client_key(protocol, port, options)
        with self._reports_lock:
            queue = self.reports.get(key)
            if not queue:
                raise Unrecorded(f"unrecorded client call: {key}")
            return queue.pop(0) if len(queue) > 1 else queue[0]


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def all_recordings() -> list[Path]:
    return sorted(RECORDINGS.glob("*/*.json"))
