"""Signals held over an engine call: acted on after the block, or at once on a second one."""

import os
import signal

import pytest

from maillab import interrupts


def test_one_signal_waits_for_the_block_to_end():
    done = []
    with pytest.raises(KeyboardInterrupt), interrupts.deferred():
        os.kill(os.getpid(), signal.SIGTERM)
        done.append("the call finished")
    assert done == ["the call finished"]


def test_second_signal_interrupts_at_once():
    done = []
    with pytest.raises(KeyboardInterrupt), interrupts.deferred():
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
        done.append("never reached")
    assert done == []


def test_handlers_are_put_back():
    before = signal.getsignal(signal.SIGTERM)
    with interrupts.deferred():
        pass
    assert signal.getsignal(signal.SIGTERM) is before
