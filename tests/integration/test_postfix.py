"""The Postfix server on real containers: nothing leaves the machine, the XCLIENT twin judges a
client as the real one from the host is judged, and batch grading judges the Postfix labs."""

import json
import smtplib
import ssl
import time
from pathlib import Path

import pytest

from maillab import catalog, lifecycle
from maillab.target import Target
from tests import classwork
from tests.helpers import run_lab

RELAY = "postfix-relay"


def _sh(runtime, lab_id: str, script: str) -> str:
    code, output = runtime.exec(lab_id, ["sh", "-c", script])
    assert code == 0, output
    return output


def _queued(runtime, lab_id: str) -> list[dict]:
    output = _sh(runtime, lab_id, "postqueue -j")
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _deferred_reason(runtime, lab_id: str, words: str, timeout: float = 20) -> dict:
    """The one queued message, once it is in the deferred queue with a delay reason that contains
    `words` (the reason is written while the message is still active)."""
    deadline = time.monotonic() + timeout
    while True:
        queue = _queued(runtime, lab_id)
        reasons = [r.get("delay_reason", "") for m in queue for r in m["recipients"]]
        if queue and queue[0]["queue_name"] == "deferred" and any(words in reason for reason in reasons):
            return queue[0]
        assert time.monotonic() < deadline, f"queue: {queue}"
        time.sleep(0.3)


def test_mail_for_another_domain_stays_queued_even_without_relayhost(runtime, built_images):
    lab = catalog.load(RELAY)
    lifecycle.reset(runtime, lab, lambda text: None)
    assert "nameserver 127.0.0.1" in _sh(runtime, lab.id, "cat /etc/resolv.conf")
    _sh(runtime, lab.id, "echo hello | mail -s outbound bob@remote.example")
    message = _deferred_reason(runtime, lab.id, "connect to 127.0.0.1[127.0.0.1]:2525: Connection refused")
    _sh(runtime, lab.id, "postconf -X relayhost && postfix reload && sleep 1 && postqueue -f")
    message = _deferred_reason(runtime, lab.id, "Host or domain name not found")
    assert message["recipients"][0]["address"] == "bob@remote.example"
    assert "status=sent" not in _sh(runtime, lab.id, "grep -F 'to=<bob@remote.example>' /var/log/mail.log")


def _host_rcpt(port: int, tls: bool = False) -> int:
    """RCPT to another domain from a client on this machine (it reaches the server from the bridge)."""
    with smtplib.SMTP("127.0.0.1", port, timeout=20) as client:
        client.ehlo("client.outside.example")
        if tls:
            client.starttls(context=ssl._create_unverified_context())
            client.ehlo("client.outside.example")
        client.mail("tester@outside.example")
        code, _ = client.rcpt("victim@remote.example")
        client.rset()
    return code


@pytest.mark.parametrize(("case", "relays"), [("fresh", True), ("solution", False), ("wrong/bridge-trusted", True)])
def test_the_xclient_twin_judges_the_bridge_as_the_real_client_from_the_host(runtime, built_images, case, relays):
    lab = catalog.load(RELAY)
    lifecycle.reset(runtime, lab, lambda text: None)
    if case != "fresh":
        assert lifecycle.apply_answer(runtime, lab, case)[0] == 0
    container = runtime.get(lab.id)
    gateway = runtime.client.containers.get(container.network).attrs["NetworkSettings"]["Gateway"]
    real = _host_rcpt(container.ports[25])
    target: Target = lifecycle.target_for(container, lab, runtime.client)
    from maillab.checks import _smtp

    posed, _ = _smtp.session(target, 25, gateway, sender=_smtp.SENDER, recipients=["victim@remote.example"])
    assert posed.rcpt, posed
    assert (real == 250) == relays
    assert posed.rcpt[0].reply.startswith(str(real)), (real, posed.rcpt[0].reply)
    assert "127.0.0.1:10025" not in _sh(runtime, lab.id, "postconf -M"), "the twin must be gone afterwards"


@pytest.mark.parametrize(("case", "relays"), [("solution", False), ("wrong/network-trusted", True)])
def test_the_submission_twin_judges_the_bridge_as_the_real_client_from_the_host(runtime, built_images, case, relays):
    """On 587 the twin is a copy of the submission service: STARTTLS, then XCLIENT, as a real client."""
    lab = catalog.load("postfix-submission")
    lifecycle.reset(runtime, lab, lambda text: None)
    assert lifecycle.apply_answer(runtime, lab, case)[0] == 0
    container = runtime.get(lab.id)
    gateway = runtime.client.containers.get(container.network).attrs["NetworkSettings"]["Gateway"]
    real = _host_rcpt(container.ports[587], tls=True)
    target: Target = lifecycle.target_for(container, lab, runtime.client)
    from maillab.checks import _smtp

    posed, _ = _smtp.session(
        target, 587, gateway, sender=_smtp.SENDER, recipients=["victim@remote.example"], tls="starttls"
    )
    assert posed.rcpt, posed
    assert (real == 250) == relays
    assert posed.rcpt[0].reply.startswith(str(real)), (real, posed.rcpt[0].reply)
    assert "127.0.0.1:10587" not in _sh(runtime, lab.id, "postconf -M"), "the twin must be gone afterwards"


def _batch(sources: dict[str, bytes], lab: catalog.Lab, root: Path) -> dict[str, dict]:
    classwork.write_class(sources, lab, root / "inbox", {case.replace("/", "-"): case for case in sources})
    # A Postfix sandbox grades in 10-30 s; with the whole suite on two cores inside a container that
    # runs its own engine, one took longer than the default 60 s limit, which these tests do not judge.
    inbox, out = str(root / "inbox"), str(root / "out")
    ran = run_lab("instructor", "grade", inbox, "--out", out, "--jobs", "2", "--timeout", "180")
    assert ran.status == 0, ran.stderr
    rows = json.loads((root / "out" / "results.json").read_text())["submissions"]
    return {row["student"]: row for row in rows}


@pytest.mark.parametrize(
    ("lab_id", "failing"),
    [
        (RELAY, {"fresh": "the server relays for 203.0.113.9", "wrong/bridge-trusted": "relays for 172.17.0.1"}),
        ("postfix-aliases", {"wrong/not-rebuilt": "/etc/aliases says abuse: root"}),
        ("postfix-basics", {"fresh": "inet_interfaces = loopback-only"}),
        (
            "postfix-submission",
            {"wrong/network-trusted": "relays for 172.17.0.1", "wrong/tls-optional": "accepts MAIL FROM without TLS"},
        ),
        # a precompiled global script counts in a sandbox too: the archive keeps sub-second times
        ("sieve-global", {"wrong/not-compiled": "need to be pre-compiled"}),
        ("sieve-actions", {"wrong/discard-blocked": "but no rejection reached"}),
        ("postfix-virtual", {"wrong/alias-domain-in-mydestination": "<nobody@example.org>: 250 2.1.5 Ok"}),
        ("postfix-troubleshoot", {"wrong/socket-only": "User doesn't exist"}),
        ("postfix-limits", {"wrong/decimal-megabytes": "Message size exceeds fixed limit"}),
        ("postfix-tls", {"wrong/cert-path-typo": "454 4.7.0 TLS not available", "wrong/name-missing": "localhost"}),
    ],
)
def test_batch_grading_judges_postfix_archives(runtime, built_images, tmp_path, lab_id, failing):
    """An open relay is judged open in a sandbox too, and both solutions earn every point there."""
    lab = catalog.load(lab_id)
    sources = classwork.case_sources(runtime, lab, ["solution", "solution-alt", *failing])
    rows = _batch(sources, lab, tmp_path)
    for case in ("solution", "solution-alt"):
        row = rows[case]
        assert (row["status"], row["score"]) == ("graded", lab.max_score), row
    for case, words in failing.items():
        row = rows[case.replace("/", "-")]
        messages = [check["message"] for check in row["checks"] if not check["passed"]]
        assert row["status"] == "graded" and any(words in message for message in messages), row


QUEUE = "postfix-queue"


def _senders(runtime, lab_id: str, count: int, timeout: float = 30) -> list[str]:
    """The senders of the queued messages, once exactly `count` are queued (pickup and delivery take a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        queue = _queued(runtime, QUEUE)
        if len(queue) == count or time.monotonic() > deadline:
            return sorted(message["sender"] for message in queue)
        time.sleep(0.3)


def test_the_starting_queue_is_made_at_start_and_again_after_reset(runtime, built_images):
    """The queue cannot be in the image (no Postfix runs in docker build): the container's first
    start makes it, a solved lab has none, and a reset (a new container) makes it again."""
    lab = catalog.load(QUEUE)
    partners = ["billing@partner.example", "carol@partner.example", "legal@partner.example"]
    expected = sorted(partners + ["winner@prizes.example"] * 3)
    lifecycle.reset(runtime, lab, lambda text: None)
    assert _queue_states(runtime) == (expected, ["hold"])
    code, output = lifecycle.apply_answer(runtime, lab, "solution")
    assert code == 0, output
    assert _senders(runtime, QUEUE, 0) == []
    lifecycle.reset(runtime, lab, lambda text: None)
    assert _queue_states(runtime) == (expected, ["hold"])


def _queue_states(runtime) -> tuple[list[str], list[str]]:
    """At once, with no wait: the queued senders, and the queues other than deferred that hold any."""
    queue = _queued(runtime, QUEUE)
    others = [m["queue_name"] for m in queue if m["queue_name"] != "deferred"]
    return sorted(m["sender"] for m in queue), others


def test_batch_grading_never_passes_queue_checks_from_an_archive(runtime, built_images, tmp_path):
    lab = catalog.load(QUEUE)
    rows = _batch(classwork.case_sources(runtime, lab, ["solution"]), lab, tmp_path)
    checks = {check["id"]: check for check in rows["solution"]["checks"]}
    assert checks["transport-fixed"]["passed"], checks
    for check_id in ("invoice-delivered", "notes-delivered", "spam-removed"):
        assert not checks[check_id]["passed"] and "not judged from an archive" in checks[check_id]["message"]
