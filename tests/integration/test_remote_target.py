"""`lab grade LAB --target ssh://...` against an sshd container reached on a 127.0.0.1 port,
and `--target docker://NAME` against the same container."""

import io
import json
import subprocess
import tarfile
import time

import pytest

from maillab import catalog, images
from maillab.runtime import LAB_LABEL, NAMESPACE_LABEL, container_name, folder_tar, namespace
from tests.helpers import run_lab

SSHD = "sshd-target"
DOCKERFILE = """FROM {base}
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server \\
 && apt-get clean && rm -rf /var/lib/apt/lists/* && mkdir -p /run/sshd /root/.ssh \\
 && echo ssh >> /etc/maillab/services
"""


def _context(base: str) -> bytes:
    text = DOCKERFILE.format(base=base).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(text)
        tar.addfile(info, io.BytesIO(text))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def machine(runtime, built_images, tmp_path_factory):
    """A Dovecot lab image with sshd, published on a free 127.0.0.1 port, and an ssh config for it."""
    lab = catalog.load("dovecot-ssl")
    base = images.lab_image(runtime.client, lab, lambda text: None)
    tag = f"maillab/test-sshd:{base.split(':')[1]}"
    runtime.client.images.build(fileobj=io.BytesIO(_context(base)), custom_context=True, tag=tag, rm=True)
    folder = tmp_path_factory.mktemp("ssh")
    key = folder / "id"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    container = runtime.client.containers.run(
        tag,
        name=container_name(SSHD),
        hostname="student-vm",
        detach=True,
        init=True,
        labels={LAB_LABEL: SSHD, NAMESPACE_LABEL: namespace()},
        ports={"22/tcp": ("127.0.0.1", None)},
    )
    try:
        container.put_archive("/tmp", folder_tar(lab.folder, "lab"))
        runtime.exec(
            SSHD, ["sh", "-c", f"echo '{(folder / 'id.pub').read_text().strip()}' > /root/.ssh/authorized_keys"]
        )
        container.reload()
        port = int(container.attrs["NetworkSettings"]["Ports"]["22/tcp"][0]["HostPort"])
        config = folder / "config"
        config.write_text(
            f"Host 127.0.0.1\n  Port {port}\n  User root\n  IdentityFile {key}\n  StrictHostKeyChecking no\n"
            "  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n  ConnectTimeout 10\n"
        )
        deadline = time.monotonic() + 60  # sshd starts after Dovecot: slow on a loaded machine
        ssh = ["ssh", "-F", str(config), "127.0.0.1", "true"]
        while (probe := subprocess.run(ssh, capture_output=True)).returncode:
            assert time.monotonic() < deadline, f"sshd did not let the key in within 60 s: {probe.stderr.decode()}"
            time.sleep(0.5)
        yield {"spec": f"ssh://root@127.0.0.1:{port}?ssh_config={config}", "name": container.name, "lab": lab}
    finally:
        container.remove(force=True)


def _grade(target: str) -> tuple[int, dict]:
    ran = run_lab("grade", "dovecot-ssl", "--target", target, "--format", "json")
    return ran.status, json.loads(ran.stdout)


def test_ssh_and_docker_targets_grade_the_same_machine(machine, runtime):
    status, fresh = _grade(machine["spec"])
    assert status == 1, fresh
    failed = {c["id"] for c in fresh["checks"] if not c["passed"]}
    assert failed == set(machine["lab"].fresh_case.fails), fresh
    plaintext = next(c for c in fresh["checks"] if c["id"] == "imap-tls-only")
    assert "accepted without TLS" in plaintext["message"]

    code, output = runtime.exec(SSHD, ["sh", "/tmp/lab/solution/apply.sh"], env={"MAILLAB_LAB": "/tmp/lab"})
    assert code == 0, output
    status, solved = _grade(machine["spec"])
    assert (status, solved["score"], solved["target"]) == (0, 16, machine["spec"].split("?")[0])

    runtime.exec(SSHD, ["chmod", "0644", "/etc/dovecot/ssl/dovecot.key"])
    status, by_docker = _grade(f"docker://{machine['name']}")
    assert status == 1
    assert {c["id"] for c in by_docker["checks"] if not c["passed"]} == {"key-private"}


def test_unreachable_ssh_target_is_one_line_error():
    ran = run_lab("grade", "dovecot-ssl", "--target", "ssh://root@127.0.0.1:1?ssh_extra_args=-oConnectTimeout=3")
    assert ran.status == 2 and "cannot reach" in ran.stderr and "Traceback" not in ran.stderr
