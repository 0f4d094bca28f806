"""The README cannot drift from the code: its command reference, the commands it shows and its lab tables."""

import argparse
import re
from pathlib import Path

from maillab import catalog, clidoc
from maillab.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
UPDATE = "run `.venv/bin/python -m maillab.clidoc --update README.md`"


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Every command line prefix (`lab`, `lab quiz`, `lab quiz exam`, ...) and its parser."""
    found = {parser.prog: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _commands(sub)
    return found


def _entries(reference: str) -> dict[str, str]:
    """{a command's usage: its entry, usage line and option lines}."""
    entries: dict[str, str] = {}
    usage = ""
    for line in reference.splitlines():
        if line.startswith("- **`"):
            usage = line.removeprefix("- **`").split("`**", 1)[0]
            entries[usage] = line
        elif line.startswith("  - ") and usage:
            entries[usage] += "\n" + line
    return entries


def test_every_command_and_option_is_in_the_readme():
    entries = _entries(clidoc.section(README.read_text(encoding="utf-8")))
    missing = []
    for prog, parser in _commands(build_parser()).items():
        text = "\n".join(entry for usage, entry in entries.items() if re.match(rf"{re.escape(prog)}( |$)", usage))
        if not text:
            missing.append(prog)
        options = [option for action in parser._actions for option in action.option_strings]
        missing += [
            f"{prog} {option}"
            for option in options
            if option not in ("-h", "--help") and not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text)
        ]
    assert not missing, f"the README's command reference lacks {', '.join(missing)}; {UPDATE}"


def test_the_readme_reference_is_what_the_parser_says():
    assert clidoc.section(README.read_text(encoding="utf-8")) == clidoc.reference(), f"it has drifted; {UPDATE}"


def test_update_rewrites_only_the_reference():
    text = f"intro\n{clidoc.BEGIN}\nstale\n{clidoc.END}\noutro\n"
    updated = clidoc.update(text)
    assert updated.startswith(f"intro\n{clidoc.BEGIN}\n") and updated.endswith(f"{clidoc.END}\noutro\n")
    assert "stale" not in updated and clidoc.section(updated) == clidoc.reference()


def test_every_command_the_readme_shows_exists():
    commands = _commands(build_parser())
    unknown = set()
    for shown in re.findall(r"(?:\./|\$ |`)lab ((?:[a-z]+ ?)+)", README.read_text(encoding="utf-8")):
        words = shown.split()
        prog = f"lab {words[0]}"
        if prog not in commands:
            unknown.add(prog)
        elif len(words) > 1 and any(name.startswith(f"{prog} ") for name in commands):
            unknown |= {f"{prog} {words[1]}"} - set(commands)
    assert not unknown, f"the README shows commands lab does not have: {sorted(unknown)}"


def test_the_lab_tables_count_checks_and_wrong_cases_right():
    rows = re.findall(r"^\| `([a-z0-9-]+)` \|.*\| (\d+) \| ([^|]*?) \|$", README.read_text(encoding="utf-8"), re.M)
    assert len(rows) >= 8
    for lab_id, checks, cases in rows:
        lab = catalog.load(lab_id)
        wrong = re.search(r"(\d+)(?: wrong)?$", cases.strip())
        assert int(checks) == len(lab.checks), f"README: {lab_id} has {len(lab.checks)} checks, not {checks}"
        assert wrong and int(wrong.group(1)) == len(lab.wrong_cases), f"README: {lab_id} wrong cases ({cases})"
