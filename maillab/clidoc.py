"""The README's command reference, written from `lab`'s own argparse parser so it cannot drift.

`python -m maillab.clidoc` prints it; `python -m maillab.clidoc --update README.md` rewrites
the part of README.md between the two markers. tests/unit/test_readme.py fails when they differ.
"""

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

BEGIN = "<!-- command reference: written by `python -m maillab.clidoc --update README.md` -->"
END = "<!-- end of command reference -->"


def _leaves(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every command that runs something, depth first, in the order the parser registers them."""
    groups = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    if not groups:
        yield parser
    for group in groups:
        for sub in dict.fromkeys(group.choices.values()):  # an alias maps to the same parser
            yield from _leaves(sub)


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction | argparse._SubParsersAction)
    ]


def _metavar(action: argparse.Action) -> str:
    if action.metavar:
        return str(action.metavar)
    if action.choices:
        return "{" + ",".join(str(choice) for choice in action.choices) + "}"
    return action.dest.upper() if action.option_strings else action.dest


def _usage_part(action: argparse.Action) -> str:
    name = _metavar(action)
    if not action.option_strings:
        return {"?": f"[{name}]", "*": f"[{name} ...]", "+": f"{name} [{name} ...]"}.get(str(action.nargs), name)
    text = action.option_strings[0] + ("" if action.nargs == 0 else f" {name}")
    return text if action.required else f"[{text}]"


def _meaning(action: argparse.Action) -> str:
    text = action.help or ""
    if action.choices and not action.help:
        text = "one of " + ", ".join(str(choice) for choice in action.choices)
    shown_default = (
        action.default not in (None, argparse.SUPPRESS) and action.default is not False and action.nargs != 0
    )
    if shown_default and "default" not in text and action.option_strings:
        text += f" (default: {action.default})"
    return text.strip()


def _entry(parser: argparse.ArgumentParser, tail: str = "") -> list[str]:
    """`- **`usage`**: what it does`, then one line per argument and option."""
    options = _options(parser)
    usage = " ".join([parser.prog, *(_usage_part(action) for action in options)]) + tail
    lines = [f"- **`{usage}`**: {parser.description or ''}".rstrip()]
    for action in options:
        names = ", ".join(action.option_strings) or _metavar(action)
        if action.option_strings and action.nargs != 0:
            names += f" {_metavar(action)}"
        lines.append(f"  - `{names}`: {_meaning(action)}".rstrip())
    return lines


def reference(parser: argparse.ArgumentParser | None = None) -> str:
    """The reference as Markdown: `lab`'s own options, then one entry per command with its arguments."""
    if parser is None:
        from maillab.cli import build_parser

        parser = build_parser()
    lines = ["Every command and option, as `lab` parses them:", "", *_entry(parser, " COMMAND")]
    for leaf in _leaves(parser):
        lines += _entry(leaf)
    return "\n".join(lines) + "\n"


def section(text: str) -> str:
    """The command reference as it stands in a README's text (between the markers)."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"the README has no command reference between {BEGIN} and {END}")
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def update(text: str) -> str:
    """The README's text with its command reference written anew."""
    section(text)
    head, rest = text.split(BEGIN, 1)
    return f"{head}{BEGIN}\n{reference()}{END}{rest.split(END, 1)[1]}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--update"] and len(argv) == 2:
        path = Path(argv[1])
        path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    if argv:
        sys.stderr.write("usage: python -m maillab.clidoc [--update README.md]\n")
        return 2
    sys.stdout.write(reference())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
