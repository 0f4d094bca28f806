"""The pooled-shell testinfra backend gives each command its own output, stderr and status; clients
run inside the server share one python and get their own reports."""

from concurrent.futures import ThreadPoolExecutor

from maillab import catalog, dockerexec, lifecycle
from maillab.target import Target, client_inside


def test_shell_backend_keeps_commands_apart(runtime, built_images):
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
    assert host.run(gone).rc == 0, "the client process ends with the grading run"
