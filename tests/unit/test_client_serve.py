"""checks/_client.py's serve mode: one python answers many sessions and commands, each under its own id."""

import base64
import json
import socket
import subprocess
import sys
import threading

from maillab import paths


def _greeter(reply: bytes) -> int:
    """A one-connection server on 127.0.0.1 that greets with `reply` and hangs up; its port."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve_once() -> None:
        connection, _ = listener.accept()
        connection.sendall(reply)
        connection.close()
        listener.close()

    threading.Thread(target=serve_once, daemon=True).start()
    return listener.getsockname()[1]


def test_serve_answers_each_request_by_id_and_ends_at_end_of_input():
    refused = socket.create_server(("127.0.0.1", 0))
    closed_port = refused.getsockname()[1]
    refused.close()
    greeting_port = _greeter(b"220 test.example ESMTP here\r\n")
    requests = [
        {"id": 7, "protocol": "smtp", "options": {"address": "127.0.0.1", "port": closed_port}},
        {"id": 8, "protocol": "smtp", "options": {"address": "127.0.0.1", "port": greeting_port}},
        {"id": 9, "protocol": "no-such-protocol", "options": {}},
        {"id": 10, "command": "printf out; printf err >&2; cat; exit 4"},
        {"id": 11, "command": "sleep 30 & echo left running"},
    ]
    script = str(paths.checks_dir() / "_client.py")
    ran = subprocess.run(
        [sys.executable, script, "serve"],
        input="".join(json.dumps(request) + "\n" for request in requests),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    ready, *lines = map(json.loads, ran.stdout.splitlines())
    assert ready == {"ready": True}, "it says it is ready before it reads"
    answers = {answer.pop("id"): answer for answer in lines}
    assert sorted(answers) == [7, 8, 9, 10, 11]
    assert "connection refused" in answers[7]["report"]["error"]
    assert answers[8]["report"]["greeting"].startswith("220 test.example")
    assert "KeyError" in answers[9]["report"]["error"], "a failing client is a report, not a silent id"
    output = {key: base64.b64decode(answers[10][key]) for key in ("stdout", "stderr")}
    assert (answers[10]["rc"], output) == (4, {"stdout": b"out", "stderr": b"err"}), "commands read /dev/null"
    assert base64.b64decode(answers[11]["stdout"]) == b"left running\n"
