"""What the engine layer asks of the engine, checked without one."""

import io

from maillab import catalog, lifecycle
from maillab.runtime import LabContainer, Runtime


class FakeApi:
    """An engine API whose exec prints a split UTF-8 character on stdout and a line on stderr, then exits 3."""

    def __init__(self):
        self.created: list = []

    def exec_create(self, container, command, **options):
        self.created.append((container, command))
        return "e1"

    def exec_start(self, exec_id, stream, demux):
        assert stream and demux
        yield ("caf\xc3".encode("latin-1"), None)
        yield (b"\xa9\n", b"tail: oops\n")

    def exec_inspect(self, exec_id):
        return {"ExitCode": 3}


class FakeClient:
    def __init__(self):
        self.api = FakeApi()


def test_shell_argv_is_a_login_shell_or_one_command(monkeypatch):
    monkeypatch.setenv("MAILLAB_NAMESPACE", "ns")
    runtime = Runtime(None)
    assert runtime.shell_argv("dovecot-ssl") == ["docker", "exec", "-it", "-w", "/root", "ns-dovecot-ssl", "bash", "-l"]
    assert runtime.shell_argv("dovecot-ssl", "id", tty=False) == [
        "docker",
        "exec",
        "-i",
        "ns-dovecot-ssl",
        "sh",
        "-c",
        "id",
    ]


def test_exec_stream_writes_both_streams_as_they_come_and_returns_the_status(monkeypatch):
    monkeypatch.setenv("MAILLAB_NAMESPACE", "ns")
    client = FakeClient()
    out, err = io.StringIO(), io.StringIO()
    assert Runtime(client).exec_stream("dovecot-ssl", ["tail", "x"], out, err) == 3
    assert (out.getvalue(), err.getvalue()) == ("café\n", "tail: oops\n")
    assert client.api.created == [("ns-dovecot-ssl", ["tail", "x"])]


def test_logs_tails_whatever_file_the_lab_names(monkeypatch):
    lab = catalog.load("dovecot-ssl")
    monkeypatch.setattr(catalog.Lab, "log_file", property(lambda self: "/var/log/elsewhere.log"))
    asked = []

    class Running:
        def get(self, lab_id):
            return LabContainer(lab_id, "n", "c1", "running", "img", {})

        def exec_stream(self, lab_id, command, out, err):
            asked.append(command)
            return 0

    assert lifecycle.logs(Running(), lab, 5, True, io.StringIO(), io.StringIO()) == 0
    assert asked == [["tail", "-n", "5", "-f", "/var/log/elsewhere.log"]]
