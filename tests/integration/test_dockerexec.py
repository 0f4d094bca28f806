"""The testinfra backend runs a grading run's commands and clients through one python in the server:
each command gets its own output, stderr and status, each client its own report."""

from concurrent.futures import ThreadPoolExecutor

from maillab import catalog, dockerexec, lifecycle
from maillab.target import Target, client_inside


def test_commands_keep_their_output_status_and_environment_apart(runtime, built_images):
    container, _ = lifecycle.start(runtime, catalog.load("dovecot-ssl"), lambda text: None)
    host = dockerexec.host(runtime.client, container.name)
    try:
        result = host.run("printf abc; printf err >&2; exit 3")
        assert (result.rc, result.stdout, result.stderr) == (3, "abc", "err")
        assert host.run("echo %s", 'it\'s "quoted" $HOME').stdout == 'it\'s "quoted" $HOME\n'
        assert host.run("cat").stdout == "", "commands read /dev/null, not the shell's input"
        assert host.run("cd /tmp; X=1").rc == 0 and host.run("pwd; echo ${X:-unset}").stdout == "/\nunset\n"
        assert len(host.run("head -c 300000 /dev/zero | tr '\\0' x").stdout) == 300000
        with ThreadPoolExecutor(4) as pool:
            echoed = list(pool.map(lambda n: host.run("echo %s", str(n)).stdout, range(40)))
        assert echoed == [f"{n}\n" for n in range(40)]
        assert host.run("sh -c 'kill -TERM $$'").rc == 128 + 15, "a signal's death reads as sh says it"
        assert host.run("env").stdout == host.backend._exec("env")[1].decode(), "the environment of an exec"
        started = host.run("sleep 30 & echo started")
        assert started.stdout == "started\n", "a process left running does not hold the answer back"
        assert host.run("pgrep -cf '^python3 -c .* serve$'").stdout.strip() == "1", "one python serves the whole run"
    finally:
        host.backend.close()


def test_clients_inside_share_one_python_and_keep_their_reports_apart(runtime, built_images):
    lab = catalog.load("dovecot-ssl")
    container, _ = lifecycle.start(runtime, lab, lambda text: None)
    host = dockerexec.host(runtime.client, container.name)
    target = Target(host, client_inside(lab.server_info), container.name, lab.server_info)
    ports = [143, 1, 143, 1, 143, 1]  # a greeting, then nothing listening
    try:
        with ThreadPoolExecutor(6) as pool:
            reports = list(pool.map(lambda port: target.client("imap", port), ports))
        assert [bool(report.greeting) for report in reports] == [port == 143 for port in ports]
        assert all("connection refused" in report.error for report in reports[1::2])
        assert host.run("pgrep -cf '^python3 -c .* serve$'").stdout.strip() == "1"
    finally:
        host.backend.close()
    gone = "for i in $(seq 50); do pgrep -f '^python3 -c .* serve$' || exit 0; sleep 0.1; done; exit 1"
    assert host.backend._exec(gone)[0] == 0, "the process inside ends with the grading run"


def test_a_server_without_python3_gets_one_exec_per_command(runtime, built_images):
    container, _ = lifecycle.start(runtime, catalog.load("dovecot-ssl"), lambda text: None)
    assert runtime.exec("dovecot-ssl", ["sh", "-c", "mv /usr/bin/python3 /usr/bin/python3.away"])[0] == 0
    host = dockerexec.host(runtime.client, container.name)
    try:
        result = host.run("printf abc; printf err >&2; exit 3")
        assert (result.rc, result.stdout, result.stderr) == (3, "abc", "err")
        assert host.backend.inside_process() is None, "no python3 serves, so each command is an exec"
    finally:
        host.backend.close()
