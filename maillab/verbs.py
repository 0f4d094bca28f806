"""One way to add a subcommand to `lab`, wherever it is registered."""

import argparse
from collections.abc import Callable
from typing import Any


def add_verb(subparsers: Any, name: str, handler: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
    """A subcommand that runs `handler`, with `help_text` as its help and description."""
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def add_wait(parser: argparse.ArgumentParser) -> None:
    """--wait SECONDS for a verb that holds its lab (maillab.lablock)."""
    parser.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        help="when another lab command holds this lab, wait at most SECONDS (0: not at all; default: until it ends)",
    )


def runtime(env: Any, setup: bool = True) -> Any:
    """The engine's Runtime for a verb (with `setup`, installing and starting an engine when none answers)."""
    from maillab import engine
    from maillab.runtime import Runtime

    return Runtime(engine.connect(env.say, setup=setup))
