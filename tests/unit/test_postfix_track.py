"""Pieces of the Postfix track that need no container: run options, the start-up wait for every
ready port, list values, and servers that cannot pose as a client."""

import socket
import time

from maillab import servers
from maillab.lifecycle import wait_ready
from maillab.runtime import LabContainer, network_options
from maillab.servers import postfix
from maillab.target import Endpoint, Target
from tests.helpers import answering_port


def test_postfix_containers_get_a_resolver_that_refuses_and_others_the_engines():
    assert network_options("postfix-basics", "img", {25: None}, "postfix")["dns"] == ["127.0.0.1"]
    assert "dns" not in network_options("dovecot-ssl", "img", {143: None}, "dovecot")


def test_a_start_waits_for_every_ready_port_when_the_server_says_so():
    greeting, greeting_port = answering_port(b"220 mail.example.lab ESMTP\r\n")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    container = LabContainer(
        "lab", "ns-lab", "id", "running", "image", {25: greeting_port, 143: silent.getsockname()[1]}
    )
    try:
        started = time.monotonic()
        wait_ready(container, [25, 143], timeout=3)
        assert time.monotonic() - started < 1.5
        started = time.monotonic()
        wait_ready(container, [25, 143], timeout=1.0, every=True)
        assert time.monotonic() - started >= 1.0
    finally:
        greeting.close()
        silent.close()
    assert servers.get("postfix").ready_all and servers.get("postfix").ready_ports == [25, 143]


def test_postfix_lists_split_on_commas_and_blanks():
    assert postfix.items("$myhostname, localhost.$mydomain,localhost  x") == [
        "$myhostname",
        "localhost.$mydomain",
        "localhost",
        "x",
    ]
    assert postfix.items(None) == []


def test_a_server_without_code_cannot_pose_as_a_client():
    target = Target(None, lambda port: Endpoint("127.0.0.1", port), "t", servers.get("courier"))
    with servers.posing(target) as (problem, port):
        assert port == 0 and "courier has no code to let a client pose" in problem


def test_checks_that_fail_a_login_on_purpose_run_after_the_others(monkeypatch):
    from maillab import catalog, grader
    from maillab.outcome import passed

    lab = catalog.load("postfix-submission")
    order: list[str] = []

    def record(spec, target):
        order.append(spec.id)
        return passed("seen")

    monkeypatch.setattr(grader, "run_check", record)
    result = grader.grade(lab, None, restart=False, workers=4)
    assert order[-1] == "wrong-password" and sorted(order) == sorted(spec.id for spec in lab.checks)
    assert [check.id for check in result.checks] == [spec.id for spec in lab.checks]
