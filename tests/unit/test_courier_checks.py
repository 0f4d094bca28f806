"""Courier checks against a local shell: settings sourced by a real sh, aliases, PEM file modes."""

import os
import shlex
import subprocess
from dataclasses import dataclass

import pytest

from maillab import servers
from maillab.checks import courier
from maillab.servers import courier as courier_server
from maillab.target import Target

# Real `makealiases -dump` output from the Courier image after `postmaster: student`.
DUMP = """postmaster@mail.example.lab: student@mail.example.lab

root@mail.example.lab: student@mail.example.lab

a@mail.example.lab: x@mail.example.lab, y@mail.example.lab

"""


@dataclass
class Ran:
    rc: int
    stdout: str
    stderr: str


class LocalHost:
    """Runs commands on this machine the way testinfra does (arguments quoted), with canned answers."""

    def __init__(self, canned: dict[str, str] | None = None):
        self.canned = canned or {}

    def run(self, command: str, *args: str) -> Ran:
        line = command % tuple(shlex.quote(str(arg)) for arg in args)
        if line in self.canned:
            return Ran(0, self.canned[line], "")
        done = subprocess.run(["sh", "-c", line], capture_output=True, text=True, check=False)
        return Ran(done.returncode, done.stdout, done.stderr)


def _target(canned: dict[str, str] | None = None) -> Target:
    return Target(LocalHost(canned), lambda port: None)


@pytest.fixture
def etc(tmp_path, monkeypatch):
    monkeypatch.setattr(courier, "CONFIG_DIR", str(tmp_path))
    return tmp_path


def test_settings_are_read_by_sourcing_the_file(etc):
    (etc / "pop3d").write_text('MAXPERIP="10"\nMAXPERIP=12\nLIMIT=$MAXPERIP\n#OFF=1\nEMPTY=\nPOP3DSTART=yes\n')
    target, file = _target(), str(etc / "pop3d")
    assert servers.sourced(target, file, "MAXPERIP") == "12"
    assert servers.sourced(target, file, "LIMIT") == "12"
    assert servers.sourced(target, file, "OFF") is None
    assert servers.sourced(target, file, "EMPTY") == ""


def test_module_list_is_what_authdaemond_loaded(etc, monkeypatch):
    (etc / "authdaemonrc").write_text('authmodulelist="authuserdb authpam"\n')
    monkeypatch.setattr(courier_server, "loaded_auth_modules", lambda target: ["authpam", "authuserdb"])
    assert courier.authmodules_include(_target(), ["authpam", "authuserdb"]).passed
    assert "lacks authldap" in courier.authmodules_include(_target(), ["authpam", "authldap"]).message
    assert "also loaded authuserdb" in courier.authmodules_include(_target(), ["authpam"], only=True).message
    monkeypatch.setattr(courier_server, "loaded_auth_modules", lambda target: None)
    assert "authdaemond is not running" in courier.authmodules_include(_target(), ["authpam"]).message


def test_an_indented_module_list_is_named_as_ignored(etc, monkeypatch):
    (etc / "authdaemonrc").write_text('authmodulelist="authuserdb"\n  authmodulelist="authpam"\n')
    monkeypatch.setattr(courier_server, "loaded_auth_modules", lambda target: ["authuserdb"])
    message = courier.authmodules_include(_target(), ["authpam"]).message
    assert f"{etc}/authdaemonrc:1 says authuserdb" in message
    assert f"lacks authpam; authdaemond ignores {etc}/authdaemonrc:2" in message


def test_authdaemond_reads_the_last_line_in_column_zero():
    text = 'authmodulelist="authpam"\n# authmodulelist="x"\nauthmodulelist=authuserdb authpam\n  authmodulelist="y"\n'
    assert courier_server.authmodulelist_line(text) == (3, ["authuserdb", "authpam"])
    assert courier_server.authmodulelist_line('  authmodulelist="authpam"\n') is None


def test_couriertcpd_keeps_the_last_limit_on_its_command_line():
    argv = ["/usr/sbin/couriertcpd", "-maxprocs=40", "-maxperip=40", "-nodnslookup", "-maxperip=10", "110", "x"]
    assert courier_server.tcpd_option(argv, "maxperip") == (4, "10")
    assert courier_server.tcpd_option(argv, "maxprocs") == (1, "40")
    assert courier_server.tcpd_option(argv, "access") is None


def test_aliases_resolve_from_the_dump():
    target = _target({"makealiases -dump": DUMP})
    assert courier.aliases_resolve(target, ["root", "postmaster"], "student").passed
    outcome = courier.aliases_resolve(target, ["root", "uucp", "a"], "admin")
    assert "root -> student; uucp -> no alias; a -> x, y; expected admin" in outcome.message


def test_aliases_dat_must_be_newer_than_every_source(etc):
    (etc / "aliases").mkdir()
    (etc / "aliases" / "system").write_text("postmaster: admin\n")
    target = _target()
    assert "does not exist" in courier.aliases_compiled(target).message
    (etc / "aliases.dat").write_bytes(b"")
    os.utime(etc / "aliases" / "system", (1_000, 1_000))
    assert courier.aliases_compiled(_target()).passed
    (etc / "aliases" / "web").write_text("webmaster: admin\n")
    os.utime(etc / "aliases" / "web", (9_000_000_000, 9_000_000_000))
    assert "aliases/web changed after" in courier.aliases_compiled(_target()).message


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to own the file as root")
@pytest.mark.parametrize(
    ("mode", "words"),
    [
        (0o644, "others must have no access"),
        (0o660, "nobody but its owner may write it"),
        (0o640, "which cannot read it"),  # root:root: the group holds no courier
        (0o600, "STARTTLS runs couriertls as user courier, which cannot read it"),
    ],
)
def test_pem_file_modes(tmp_path, monkeypatch, mode, words):
    pem = tmp_path / "imapd.pem"
    pem.write_text("key and certificate\n")
    pem.chmod(mode)
    os.chown(pem, 0, 0)
    files = servers.TlsPaths(cert=str(pem), key=str(pem), origin="TLS_CERTFILE in a test")
    monkeypatch.setattr(servers, "tls_paths", lambda target, port: files)
    outcome = courier.pem_private(_target())
    assert not outcome.passed and words in outcome.message


def test_pem_file_missing_is_named(monkeypatch, tmp_path):
    gone = str(tmp_path / "gone.pem")
    files = servers.TlsPaths(cert=gone, key=gone, origin="TLS_CERTFILE in imapd-ssl")
    monkeypatch.setattr(servers, "tls_paths", lambda target, port: files)
    assert "gone.pem, named by TLS_CERTFILE in imapd-ssl, does not exist" in courier.pem_private(_target()).message
