"""Covered checks replayed from transcripts recorded on real labs (tests/recordings/record.py)."""

from pathlib import Path

import pytest

from maillab.checks import resolve
from tests.recordings.record import covered
from tests.replay import RECORDINGS, ReplayTarget, Unrecorded, all_recordings, deterministic, load


def _replay(recording: dict):
    with deterministic():
        return resolve(recording["check"])(ReplayTarget(recording), **recording["params"])


@pytest.mark.parametrize("path", all_recordings(), ids=lambda p: f"{p.parent.name}:{p.stem}")
def test_replay_gives_recorded_outcome(path: Path) -> None:
    recording = load(path)
    outcome = _replay(recording)
    assert (outcome.passed, outcome.message) == (recording["outcome"]["passed"], recording["outcome"]["message"])
    assert outcome.passed == (path.stem == "pass")


@pytest.mark.parametrize("name", covered())
def test_every_covered_check_has_pass_and_fail(name: str) -> None:
    assert (RECORDINGS / name / "pass.json").is_file(), f"{name}: no pass recording"
    assert (RECORDINGS / name / "fail.json").is_file(), f"{name}: no fail recording"


def test_unrecorded_command_fails_loudly() -> None:
    recording = load(RECORDINGS / "tls.key_matches_cert" / "pass.json")
    recording["commands"] = recording["commands"][:-1]
    with pytest.raises(Unrecorded, match="unrecorded command: openssl"):
        _replay(recording)


def test_unrecorded_client_call_fails_loudly() -> None:
    recording = load(RECORDINGS / "imap.login" / "pass.json")
    recording["clients"] = []
    with pytest.raises(Unrecorded, match="unrecorded client call"):
        _replay(recording)
