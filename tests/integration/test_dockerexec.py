"""The pooled-shell testinfra backend gives each command its own output, stderr and status."""

from concurrent.futures import ThreadPoolExecutor

from maillab import catalog, dockerexec, lifecycle


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
