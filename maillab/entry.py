"""The `lab` console script: the first code to run, so even an early Ctrl-C ends quietly.

Until `main` has installed its own handlers, SIGINT and SIGTERM end the process at
once with status 130: nothing has been changed yet. `main` replaces them first thing,
inside the block that turns an interrupt into "lab: interrupted", so no window is left.
"""

import os
import signal
import sys


def _early_exit(signum: int, frame: object) -> None:
    os.write(2, b"lab: interrupted\n")
    os._exit(130)


signal.signal(signal.SIGINT, _early_exit)
signal.signal(signal.SIGTERM, _early_exit)
# pydantic looks for plugins in every installed distribution's entry points on first import
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def run() -> None:
    """Load the CLI, which then handles interruptions itself."""
    from maillab.cli import main

    sys.exit(main())
