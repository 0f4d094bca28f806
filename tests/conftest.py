"""Shared fixtures: every test gets its own maillab data folder."""

import pytest


@pytest.fixture(autouse=True)
def maillab_home(tmp_path, monkeypatch):
    """Progress and quiz history go to a temporary folder, never the user's."""
    home = tmp_path / "maillab-home"
    monkeypatch.setenv("MAILLAB_HOME", str(home))
    return home
