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


FINALIZER_INTERRUPTED = """
import signal, sys, time
from maillab import cli
signal.signal(signal.SIGINT, cli._on_signal)
sys.unraisablehook = cli._unraisable
class Dying:
    def __del__(self):
        raise KeyboardInterrupt  # as a Ctrl-C that lands while the object is collected
try:
    Dying()
    time.sleep(30)
    print("went on")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_an_interrupt_inside_a_finalizer_interrupts_the_main_code_quietly():
    """Python cannot raise out of a finalizer: the interrupt is raised again in the main code (at once,
    not when its sleep ends), and nothing is printed about the finalizer."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", FINALIZER_INTERRUPTED], capture_output=True, text=True, timeout=15)
    assert (done.stdout, done.stderr) == ("interrupted\n", "")
