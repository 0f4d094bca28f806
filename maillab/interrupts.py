"""Hold Ctrl-C and SIGTERM over an engine call that must not be cut in half."""

import contextlib
import signal
import threading
from collections.abc import Iterator

HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Run the block to its end, then raise KeyboardInterrupt if a signal came meanwhile.

    The engine finishes a request even when its client stops listening: an interrupt that
    lands while a container is being created would otherwise leave it behind, made after
    the clean-up looked for it. A second signal interrupts at once (an engine that hangs).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(number: int, frame: object) -> None:
        received.append(number)
        if len(received) > 1:
            raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, hold) for signum in HELD}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        raise KeyboardInterrupt
