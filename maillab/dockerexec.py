"""A testinfra backend that runs a grading run's commands through one process in the container.

testinfra's own docker backend starts a `docker exec` process per command: the
CLI connects, the engine sets up an exec with runc, and only then does the
command run (~70 ms of CPU, far more time on a busy machine). Here a grading
run starts one `python3` in the container through the engine's API
(checks/_client.py in its `serve` mode) and sends it every command and every
protocol client that must run inside the server; each command still runs as
`/bin/sh -c CMD </dev/null` in a fresh process, as root, with its own stdout,
stderr and exit status. When that process cannot be started (an engine that
cannot attach, a server without python3), commands fall back to one API exec each.
"""

import base64
import contextlib
import itertools
import json
import socket
import struct
import threading
from concurrent.futures import Future
from typing import Any

from testinfra.backend import base
from testinfra.backend.docker import DockerBackend
from testinfra.host import Host

from maillab.target import client_command

TIMEOUT = 120.0


class InsideProcess:
    """The grading run's `python3` in the container (checks/_client.py `serve`), attached through the
    engine's API: a JSON request per line on its input, a JSON answer per line in docker's multiplexed
    output frames as each ends. Requests run side by side in threads there."""

    def __init__(self, api: Any, container: str):
        exec_id = api.exec_create(
            container,
            client_command("serve"),
            stdin=True,
            stdout=True,
            stderr=True,
            environment={"PYTHONCOERCECLOCALE": "0"},  # python must not change the commands' locale
        )
        self._socket = api.exec_start(exec_id, socket=True)
        self._raw = getattr(self._socket, "_sock", self._socket)
        self._raw.settimeout(TIMEOUT)
        self._streams = {1: bytearray(), 2: bytearray()}
        try:
            ready = self._next_line()
        except (OSError, ValueError) as error:
            self.close()
            said = self._streams[2].decode("utf-8", "replace").strip()[-200:]
            raise ConnectionError(f"no python3 serves in the container ({said or error})") from None
        if ready != {"ready": True}:
            self.close()
            raise ConnectionError(f"the process in the container said {ready!r}, not that it is ready")
        self._raw.settimeout(None)  # sessions wait for mail as long as they need; each request has a timeout
        self._lock = threading.Lock()
        self._pending: dict[int, Future] = {}
        self._numbers = itertools.count()
        self._broken = ""
        threading.Thread(target=self._answer, daemon=True).start()

    @property
    def gone(self) -> bool:
        """Whether the process has ended (its requests then fail with ConnectionError)."""
        return bool(self._broken)

    def command(self, command: str) -> tuple[int, bytes, bytes]:
        """Run `/bin/sh -c command </dev/null`: (exit status, stdout, stderr)."""
        answer = self._ask({"command": command})
        return answer["rc"], base64.b64decode(answer["stdout"]), base64.b64decode(answer["stderr"])

    def client(self, protocol: str, options: dict) -> dict:
        """One client session's report (checks/_client.py)."""
        return self._ask({"protocol": protocol, "options": options})["report"]

    def _ask(self, request: dict) -> dict:
        """Send one request and wait for its answer; ConnectionError when the process has gone."""
        future: Future = Future()
        with self._lock:
            if self._broken:
                raise ConnectionError(self._broken)
            number = next(self._numbers)
            self._pending[number] = future
            self._raw.sendall(json.dumps({"id": number, **request}).encode() + b"\n")
        return future.result(timeout=TIMEOUT)

    def _answer(self) -> None:
        """Hand each answer to the request waiting for it, until the process ends."""
        try:
            while True:
                answer = self._next_line()
                with self._lock:
                    future = self._pending.pop(answer["id"], None)
                if future is not None:
                    future.set_result(answer)
        except (OSError, ValueError, KeyError) as error:
            said = self._streams[2].decode("utf-8", "replace").strip()[-200:]
            with self._lock:
                self._broken = f"the process in the container went away ({said or error})"
                pending, self._pending = self._pending, {}
            for future in pending.values():
                future.set_exception(ConnectionError(self._broken))

    def _next_line(self) -> dict:
        out = self._streams[1]
        while (end := out.find(b"\n")) < 0:
            self._read_frame()
        line = json.loads(out[:end])
        del out[: end + 1]
        return line

    def _read_frame(self) -> None:
        header = self._read_exactly(8)
        size = struct.unpack(">I", header[4:])[0]
        payload = self._read_exactly(size)
        self._streams.get(header[0], self._streams[2]).extend(payload)

    def _read_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._raw.recv(size - len(data))
            if not chunk:
                raise ConnectionError("the process in the container went away")
            data += chunk
        return data

    def close(self) -> None:
        """End the connection: the process sees the end of its input and exits once its requests end."""
        with contextlib.suppress(OSError):
            self._raw.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._socket.close()
            self._raw.close()


class ApiDockerBackend(DockerBackend):
    """`docker://NAME` semantics (commands run with /bin/sh -c as root), through one process inside."""

    def __init__(self, name: str, client: Any, *args: Any, **kwargs: Any):
        super().__init__(name, *args, **kwargs)
        self.api = client.api
        self._lock = threading.Lock()
        self._inside: InsideProcess | None = None
        self._attach_works = self.user is None

    def run(self, command: str, *args: str, **kwargs: Any) -> base.CommandResult:
        cmd = self.get_command(command, *args)
        inside = self.inside_process()
        code, stdout, stderr = inside.command(cmd) if inside else self._exec(cmd)
        return self.result(code, self.encode(cmd), stdout, stderr)

    def _exec(self, cmd: str) -> tuple[int, bytes, bytes]:
        exec_id = self.api.exec_create(self.name, ["/bin/sh", "-c", cmd], user=self.user or "")
        stdout, stderr = self.api.exec_start(exec_id, demux=True)
        return self.api.exec_inspect(exec_id)["ExitCode"], stdout or b"", stderr or b""

    def inside_process(self) -> InsideProcess | None:
        """The grading run's process in the container (started by the first call, and again when the
        last one went away), or None when it cannot be started here: then each command is an exec."""
        with self._lock:
            if (self._inside is None or self._inside.gone) and self._attach_works:
                try:
                    self._inside = InsideProcess(self.api, self.name)
                except Exception:  # an engine that cannot attach, a server without python3
                    self._attach_works = False
            return self._inside

    def close(self) -> None:
        """End the process in the container (it sees the end of its input and exits)."""
        with self._lock:
            inside, self._inside = self._inside, None
        if inside is not None:
            inside.close()


def host(client: Any, container: str) -> Host:
    """A testinfra Host for `container` whose commands go through `client`'s connection."""
    backend = ApiDockerBackend(container, client)
    found = Host(backend)
    backend.set_host(found)
    return found
