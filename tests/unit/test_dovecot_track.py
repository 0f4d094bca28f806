"""Pieces of the Dovecot track that need no container: doveconf sizes and the start-up wait."""

import time

import pytest

from maillab.lifecycle import wait_ready
from maillab.runtime import LabContainer
from maillab.servers import dovecot as _dovecot
from tests.helpers import answering_port


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("1000 B", 1000), ("100 k", 102400), ("64K", 65536), ("10 M", 10485760), ("1G", 1 << 30)],
)
def test_doveconf_sizes_in_bytes(text, expected):
    assert _dovecot.size_bytes(text) == expected


@pytest.mark.parametrize("text", ["", "ten", "10 X", "-1"])
def test_not_a_size(text):
    assert _dovecot.size_bytes(text) is None


def test_wait_ready_stops_once_the_entrypoint_has_settled():
    server, port = answering_port()
    container = LabContainer("lab", "maillab-lab", "id", "running", "image", {143: port})
    try:
        started = time.monotonic()
        wait_ready(container, [143], timeout=5, settled=lambda: True)
        assert time.monotonic() - started < 1.5
        started = time.monotonic()
        wait_ready(container, [143], timeout=1.0)
        assert time.monotonic() - started >= 1.0
    finally:
        server.close()


def test_wait_ready_with_no_ready_port_published_waits_for_the_entrypoint():
    container = LabContainer("lab", "maillab-lab", "id", "running", "image", {})
    calls = []
    started = time.monotonic()
    wait_ready(container, [143], timeout=5, settled=lambda: calls.append(1) or len(calls) > 3)
    assert len(calls) == 4 and time.monotonic() - started < 2
