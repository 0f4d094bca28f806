"""A testinfra backend that runs a grading run's commands in a few long-lived shells in the container.

testinfra's own docker backend starts a `docker exec` process per command: the
CLI connects, the engine sets up an exec with runc, and only then does the
command run (~70 ms, far more on a busy machine). Here each worker thread gets
a `/bin/sh` started once through the engine's API (one exec per thread per
grading run) and sends it one command at a time over the attached socket;
each command still runs as `/bin/sh -c CMD </dev/null` in a fresh process, as
root, with its own stdout, stderr and exit status. When a shell cannot be
attached, commands fall back to one API exec each.
"""

import contextlib
import itertools
import json
import queue
import secrets
import shlex
import socket
import struct
import threading
from concurrent.futures import Future
from typing import Any

from testinfra.backend import base
from testinfra.backend.docker import DockerBackend
from testinfra.host import Host

TIMEOUT = 120.0


class Attached:
    """A process started in the container through the engine's API with stdin, stdout and stderr
    attached; its output comes back in docker's multiplexed frames."""

    def __init__(self, api: Any, container: str, command: list[str]):
        exec_id = api.exec_create(container, command, stdin=True, stdout=True, stderr=True)
        self._socket = api.exec_start(exec_id, socket=True)
        self._raw = getattr(self._socket, "_sock", self._socket)
        self._raw.settimeout(TIMEOUT)
        self._streams = {1: bytearray(), 2: bytearray()}

    def _read_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self._raw.recv(size - len(data))
            if not chunk:
                raise ConnectionError("the process in the container went away")
            data += chunk
        return data

    def _read_frame(self) -> None:
        header = self._read_exactly(8)
        size = struct.unpack(">I", header[4:])[0]
        payload = self._read_exactly(size)
        self._streams.get(header[0], self._streams[2]).extend(payload)

    def close(self) -> None:
        """End the connection: the process sees the end of its input."""
        with contextlib.suppress(OSError):
            self._raw.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._socket.close()
            self._raw.close()


class Shell(Attached):
    """One `/bin/sh` reading commands on stdin."""

    def __init__(self, api: Any, container: str):
        super().__init__(api, container, ["/bin/sh"])

    def run(self, command: str) -> tuple[int, bytes, bytes]:
        """Run one command; (exit status, stdout, stderr)."""
        token = secrets.token_hex(8).encode()
        script = f"/bin/sh -c {shlex.quote(command)} </dev/null; printf '\\n%s %d\\n' {token.decode()} $?; "
        script += f"printf '\\n%s\\n' {token.decode()} >&2\n"
        self._raw.sendall(script.encode())
        out_mark, err_mark = b"\n" + token + b" ", b"\n" + token + b"\n"
        out, err = self._streams[1], self._streams[2]
        while True:
            at = out.find(out_mark)
            end = out.find(b"\n", at + len(out_mark)) if at >= 0 else -1
            if end >= 0 and err_mark in err:
                break
            self._read_frame()
        code = int(out[at + len(out_mark) : end])
        stdout = bytes(out[:at])
        del out[: end + 1]
        cut = err.find(err_mark)
        stderr = bytes(err[:cut])
        del err[: cut + len(err_mark)]
        return code, stdout, stderr


class ClientProcess(Attached):
    """One `python3` in the container serving every protocol client of a grading run (checks/_client.py
    in its `serve` mode): a JSON request per line in, a JSON report per line out as each session ends.
    Sessions run side by side in threads there; each costs no python start of its own."""

    def __init__(self, api: Any, container: str, command: list[str]):
        super().__init__(api, container, command)
        self._raw.settimeout(None)  # sessions wait for mail as long as they need; each request has a timeout
        self._lock = threading.Lock()
        self._pending: dict[int, Future] = {}
        self._numbers = itertools.count()
        self._broken = ""
        threading.Thread(target=self._answer, daemon=True).start()

    def run(self, protocol: str, options: dict) -> dict:
        """One client session's report; ConnectionError when the process has gone."""
        future: Future = Future()
        with self._lock:
            if self._broken:
                raise ConnectionError(self._broken)
            number = next(self._numbers)
            self._pending[number] = future
            request = {"id": number, "protocol": protocol, "options": options}
            self._raw.sendall(json.dumps(request).encode() + b"\n")
        return future.result(timeout=TIMEOUT)

    def _answer(self) -> None:
        """Hand each report line to the request waiting for it, until the process ends."""
        out = self._streams[1]
        try:
            while True:
                self._read_frame()
                while (end := out.find(b"\n")) >= 0:
                    answer = json.loads(out[:end])
                    del out[: end + 1]
                    with self._lock:
                        future = self._pending.pop(answer["id"], None)
                    if future is not None:
                        future.set_result(answer["report"])
        except (OSError, ValueError, KeyError) as error:
            said = self._streams[2].decode("utf-8", "replace").strip()[-200:]
            with self._lock:
                self._broken = f"the client in the container went away ({said or error})"
                pending, self._pending = self._pending, {}
            for future in pending.values():
                future.set_exception(ConnectionError(self._broken))


class ApiDockerBackend(DockerBackend):
    """`docker://NAME` semantics (commands run with /bin/sh -c as root), through pooled shells."""

    def __init__(self, name: str, client: Any, *args: Any, shells: int = 4, **kwargs: Any):
        super().__init__(name, *args, **kwargs)
        self.api = client.api
        self._free: queue.LifoQueue[Shell] = queue.LifoQueue()
        self._made, self._limit, self._lock = 0, shells, threading.Lock()
        self._attach_works = self.user is None
        self._clients: ClientProcess | None = None

    def run(self, command: str, *args: str, **kwargs: Any) -> base.CommandResult:
        cmd = self.get_command(command, *args)
        shell = self._take() if self._attach_works else None
        if shell is None:
            code, stdout, stderr = self._exec(cmd)
        else:
            try:
                code, stdout, stderr = shell.run(cmd)
            except BaseException:
                shell.close()
                with self._lock:
                    self._made -= 1
                raise
            self._free.put(shell)
        return self.result(code, self.encode(cmd), stdout, stderr)

    def _take(self) -> Shell | None:
        with contextlib.suppress(queue.Empty):
            return self._free.get_nowait()
        with self._lock:
            make = self._made < self._limit
            self._made += make
        if not make:
            return self._free.get(timeout=TIMEOUT)
        try:
            return Shell(self.api, self.name)
        except Exception:  # this engine cannot attach to an exec: one exec per command instead
            with self._lock:
                self._made -= 1
            self._attach_works = False
            return None

    def _exec(self, cmd: str) -> tuple[int, bytes, bytes]:
        exec_id = self.api.exec_create(self.name, ["/bin/sh", "-c", cmd], user=self.user or "")
        stdout, stderr = self.api.exec_start(exec_id, demux=True)
        return self.api.exec_inspect(exec_id)["ExitCode"], stdout or b"", stderr or b""

    def client_process(self, command: list[str]) -> ClientProcess | None:
        """The grading run's client process (started by the first call, with `command`), or None
        when this engine cannot attach to one."""
        with self._lock:
            if self._clients is None and self._attach_works:
                with contextlib.suppress(Exception):
                    self._clients = ClientProcess(self.api, self.name, command)
            return self._clients

    def close(self) -> None:
        """End the client process and the shells (each sees end of input and exits)."""
        if self._clients is not None:
            self._clients.close()
        while True:
            try:
                self._free.get_nowait().close()
            except queue.Empty:
                return


def host(client: Any, container: str) -> Host:
    """A testinfra Host for `container` whose commands go through `client`'s connection."""
    backend = ApiDockerBackend(container, client)
    found = Host(backend)
    backend.set_host(found)
    return found
