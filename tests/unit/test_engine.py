"""Setting up an engine says what it does through the caller's `say`, like every other progress step."""

from maillab import engine


def test_connect_starts_dockerd_and_says_so(monkeypatch, tmp_path):
    answers = iter([None, "client"])
    started = []
    monkeypatch.setattr(engine, "_try_connect", lambda: next(answers))
    monkeypatch.setattr(engine, "_can_install", lambda: True)
    monkeypatch.setattr(engine.shutil, "which", lambda name: f"/usr/sbin/{name}")
    monkeypatch.setattr(engine, "SYSTEMD", tmp_path / "no-systemd")
    monkeypatch.setattr(engine, "DOCKERD_LOG", tmp_path / "dockerd.log")
    monkeypatch.setattr(engine.subprocess, "Popen", lambda argv, **options: started.append(argv))
    said: list[str] = []
    assert engine.connect(said.append, wait=1) == "client"
    assert started == [["dockerd"]]
    assert said == [f"starting dockerd in the background (log: {tmp_path / 'dockerd.log'})"]
