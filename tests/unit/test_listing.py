"""`lab list`, `lab status` and `lab finish` as the library works them out, with no engine."""

import io
import json

from maillab import catalog, lablist, lifecycle, progress, report
from maillab.console import Env
from maillab.runtime import LabContainer

CONTAINER = LabContainer(
    "dovecot-ssl", "maillab-dovecot-ssl", "c1", "running", "img", {143: 32771, 993: 32770}, "dovecot"
)


class FakeRuntime:
    """The few Runtime methods the listing and finish rules use."""

    def __init__(self, containers: list[LabContainer]):
        self.containers = containers

    def labs(self) -> list[LabContainer]:
        return list(self.containers)

    def get(self, lab_id: str) -> LabContainer | None:
        return next((c for c in self.containers if c.lab == lab_id), None)

    def discard(self, container: LabContainer) -> None:
        self.containers.remove(container)

    def prune_networks(self) -> None:
        self.pruned = True


def _env() -> tuple[Env, io.StringIO]:
    out = io.StringIO()
    return Env(stdout_file=out, stderr_file=io.StringIO(), colour=False), out


def test_listing_says_running_over_what_was_recorded(monkeypatch):
    progress.record_grade("old", "dovecot-ssl", 16, 16, True)
    progress.record_grade("old2", "dovecot-pop3", 3, 10, False)
    monkeypatch.setattr(lablist, "states", lambda fallback=None: {"dovecot-pop3": "running"})
    states = {item.lab.id: item.state for item in lablist.listing()}
    assert (states["dovecot-ssl"], states["dovecot-pop3"]) == ("passed", "running")
    assert states["courier-imap"] == "not started"


def test_list_json_keeps_its_keys(monkeypatch):
    monkeypatch.setattr(lablist, "states", lambda fallback=None: {})
    env, out = _env()
    report.render_labs(lablist.listing(), "json", env)
    row = next(row for row in json.loads(out.getvalue()) if row["id"] == "dovecot-ssl")
    assert list(row) == ["id", "title", "server", "objective", "difficulty", "time", "state"]


def test_status_json_and_table():
    progress.record_hint("c1", "dovecot-ssl", 2)
    running = lablist.running(FakeRuntime([CONTAINER]))
    env, out = _env()
    report.render_status(running, "json", env)
    assert json.loads(out.getvalue()) == [
        {
            "lab": "dovecot-ssl",
            "container": "maillab-dovecot-ssl",
            "status": "running",
            "ports": {"143": 32771, "993": 32770},
            "hints_used": 2,
            "solved_with_help": False,
            "score": None,
            "max_score": None,
        }
    ]
    env, out = _env()
    report.render_status(running, "table", env)
    assert "IMAP 32771" in out.getvalue() and "not graded" in out.getvalue()


def test_finish_asks_only_when_never_graded_and_names_the_last_grade():
    runtime = FakeRuntime([CONTAINER])
    lab = catalog.load("dovecot-ssl")
    assert lifecycle.never_graded(runtime, lab)
    progress.record_grade("c1", "dovecot-ssl", 12, 16, False)
    assert not lifecycle.never_graded(runtime, lab)
    assert report.finished(lab.id, progress.get("c1", lab.id)) == (
        "finished dovecot-ssl (last grade 12/16); its container is removed"
    )


def test_finish_all_removes_every_container_and_records_it():
    said: list[str] = []
    runtime = FakeRuntime([CONTAINER])
    lifecycle.finish_all(runtime, said.append)
    assert runtime.containers == [] and said == ["removed maillab-dovecot-ssl"]
    assert runtime.pruned, "network holders left by containers removed some other way go too"
    assert progress.get("c1", "dovecot-ssl").finished
