"""Property tests: random and mutated lab.yaml files and command lines never cause a traceback.

Every rejected input must give exit 2 and one line that names the file (and line) or
the argument. The engine is a dead socket here, so no command can reach a container.
"""

import contextlib
import copy
import io
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillab import catalog, paths
from maillab.cli import main
from maillab.console import Env
from maillab.errors import LabFileError

REAL_LAB = Path(__file__).resolve().parents[2] / "labs" / "dovecot-ssl" / "lab.yaml"
REAL_DATA = yaml.safe_load(REAL_LAB.read_text())
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: the examples cost less
EXAMPLES = int(os.environ.get("MAILLAB_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

VERBS = ["list", "start", "build", "task", "shell", "grade", "hint", "solve", "reset", "status", "logs", "finish"]
WORDS = [
    *VERBS,
    "dovecot-ssl",
    "dovecot-sl",
    "--format",
    "json",
    "junit",
    "csv",
    "table",
    "xml",
    "--all",
    "--yes",
    "-y",
    "-c",
    "true",
    "-n",
    "-5",
    "abc",
    "--follow",
    "--debug",
    "--",
    "-",
    "",
    "../../etc/passwd",
    "Dovecot-SSL",
]
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner))


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run `lab ARGV` in-process; argparse's own output is captured too."""
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(""), stdout_file=out, stderr_file=err, colour=False)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv, env)
    return int(status), out.getvalue(), err.getvalue()


def assert_user_error(status: int, stdout: str, stderr: str) -> None:
    """No traceback, no unexpected error; a rejection is exit 2 with exactly one line."""
    assert status in (0, 1, 2), status
    for stream in (stdout, stderr):
        assert "Traceback" not in stream
        assert "unexpected error" not in stream, stream
    if status == 2:
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert len(lines) == 1, stderr
        assert "error" in lines[0]


@pytest.fixture
def dead_engine(monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/maillab-test/docker.sock")
    monkeypatch.setenv("MAILLAB_NAMESPACE", "maillabfuzz")


@FUZZ
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=6))
def test_random_command_lines(dead_engine, argv):
    assert_user_error(*run_cli(argv))


@FUZZ
@given(st.sampled_from(VERBS), st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=4))
def test_every_verb_with_random_arguments(dead_engine, verb, rest):
    assert_user_error(*run_cli([verb, *rest]))


@pytest.fixture
def content(tmp_path_factory, monkeypatch):
    """A content folder with real containers/ and one lab folder whose lab.yaml a test writes."""
    root = tmp_path_factory.mktemp("content")
    (root / "labs" / "dovecot-ssl").mkdir(parents=True)
    (root / "containers").symlink_to(paths.containers_dir())
    monkeypatch.setenv("MAILLAB_CONTENT", str(root))
    paths.content_root.cache_clear()
    yield root / "labs" / "dovecot-ssl" / "lab.yaml"
    paths.content_root.cache_clear()


def check_file(path: Path) -> None:
    """Load it as the library and as `lab list` do; either works or fails in one line naming the file."""
    try:
        catalog.load_file(path)
    except LabFileError as error:
        message = str(error)
        assert "\n" not in message
        assert message.startswith(f"{path}:") or message.startswith(f"{path}")
        if error.line is not None:
            assert 1 <= error.line <= max(1, len(path.read_bytes().splitlines()) + 1)
    status, stdout, stderr = run_cli(["list", "--format", "json"])
    assert_user_error(status, stdout, stderr)
    if status == 2:
        assert str(path) in stderr.replace("\n", "")


def _mutate(data: dict, where: list, value: object) -> dict:
    """Replace (or drop, when value is ...) the node at `where` (indexes taken modulo the size)."""
    node = data
    for step in where[:-1]:
        if isinstance(node, dict) and node:
            node = node[sorted(node, key=str)[step % len(node)]]
        elif isinstance(node, list) and node:
            node = node[step % len(node)]
    last = where[-1] if where else 0
    if isinstance(node, dict) and node:
        key = sorted(node, key=str)[last % len(node)]
        if value is ...:
            del node[key]
        else:
            node[key] = value
    elif isinstance(node, list) and node:
        node[last % len(node)] = None if value is ... else value
    return data


@FUZZ
@given(st.lists(st.integers(0, 50), min_size=1, max_size=4), values | st.just(...))
def test_mutated_lab_values(content, where, value):
    mutated = _mutate(copy.deepcopy(REAL_DATA), where, value)
    content.write_text(yaml.dump(mutated, Dumper=DUMPER, allow_unicode=True))
    check_file(content)


@FUZZ
@given(st.integers(0, 5000), st.integers(0, 40), st.text(max_size=20))
def test_mutated_lab_text(content, position, cut, insert):
    text = REAL_LAB.read_text()
    position %= len(text)
    content.write_text(text[:position] + insert + text[position + cut :])
    check_file(content)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_as_lab(content, data):
    content.write_bytes(data)
    check_file(content)


def test_unreadable_and_missing_files(content):
    content.write_text(REAL_LAB.read_text())
    shutil.rmtree(content.parent / "wrong", ignore_errors=True)
    content.unlink()
    content.mkdir()  # a folder where the file should be
    with pytest.raises(LabFileError, match="cannot read"):
        catalog.load_file(content)
