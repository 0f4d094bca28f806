"""Helpers for unit tests: run `lab` in-process and capture what the user sees."""

import io
import socket
import threading
from dataclasses import dataclass

from maillab.cli import main
from maillab.console import Env


@dataclass
class Ran:
    status: int
    stdout: str
    stderr: str


def run_lab(*argv: str, stdin: str = "") -> Ran:
    """Run `lab ARGV...` with fake terminals; return exit status and output."""
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(stdin), stdout_file=out, stderr_file=err, colour=False)
    status = main(list(argv), env)
    return Ran(int(status), out.getvalue(), err.getvalue())


def answering_port(greeting: bytes = b"") -> tuple[socket.socket, int]:
    """A port on 127.0.0.1 that sends `greeting` to each connection and closes it (with b"", as a
    publish proxy does where nothing listens behind it); close the socket to stop it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            if greeting:
                connection.sendall(greeting)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]
