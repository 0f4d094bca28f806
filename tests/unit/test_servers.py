"""Server descriptions: every real one loads, and a broken one is a file:line error."""

import pytest

from maillab import paths, servers
from maillab.errors import LabFileError


@pytest.mark.parametrize("name", servers.names())
def test_every_server_description_loads_and_names_its_ready_ports(name):
    server = servers.get(name)
    assert set(server.ready_ports) <= set(server.port_numbers)
    assert server.log.startswith("/") and server.service_names


def test_the_services_file_carries_each_start_command_on_its_service_line(content):
    content.write_text(GOOD.replace("[{name: odd}]", "[{name: first}, {name: odd, start: odd-daemon --quick}]"))
    assert servers.get("odd").services_file() == "first\nodd odd-daemon --quick\n"


@pytest.fixture
def content(tmp_path, monkeypatch):
    (tmp_path / "containers" / "odd").mkdir(parents=True)
    monkeypatch.setenv("MAILLAB_CONTENT", str(tmp_path))
    paths.content_root.cache_clear()
    servers.clear_cache()
    yield tmp_path / "containers" / "odd" / "server.yaml"
    paths.content_root.cache_clear()
    servers.clear_cache()


GOOD = "name: odd\ntitle: t\nports: {A: 1}\nready: [A]\nservices: [{name: odd}]\nlog: /var/log/odd.log\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("ready: [A]", "ready: [B]"), 1, "port 'B' is not one of ports: A"),
        (GOOD.replace("log: /var/log/odd.log\n", "log: [\n"), 7, "invalid YAML"),
        (GOOD.replace("ports: {A: 1}", "ports: {A: one}"), 3, "ports.A"),
        (GOOD.replace("name: odd", "name: even"), 1, "differs from its folder"),
        (GOOD.replace("{name: odd}", '{name: odd, start: "a\\nb"}'), 5, "start: Value error, must be one line"),
    ],
)
def test_a_broken_description_is_one_file_line_error(content, text, line, words):
    content.write_text(text)
    with pytest.raises(LabFileError) as raised:
        servers.get("odd")
    assert str(raised.value).startswith(f"{content}:{line}:") and words in str(raised.value)


def test_restart_uses_each_services_own_restart_or_service_restart():
    dovecot = servers.get("dovecot")
    script = dovecot.restart_script(["dovecot"])
    assert "kill -TERM" in script and "service dovecot restart" in script
    assert "service courier-imap restart" in servers.get("courier").restart_script(["courier-imap"])
