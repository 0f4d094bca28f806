"""Instructor mode on real sandboxes: a class of dovecot-ssl archives (proven cases, hostile
archives, hostile configurations) graded in parallel, its outputs, and the report in Chromium."""

import csv
import json
import shutil
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from maillab import catalog, lifecycle
from maillab.instructor import sandbox
from tests import classwork, hostile
from tests.helpers import run_lab

LAB = "dovecot-ssl"
OUTPUTS = {"gradebook.csv", "results.json", "junit.xml", "report.html", "receipts.json"}


@pytest.fixture(scope="module")
def lab():
    return catalog.load(LAB)


@pytest.fixture(scope="module")
def sources(runtime, built_images, lab):
    """The collected files of every proven case of the lab, read from a real server."""
    cases = ["fresh", "solution", "solution-alt", *(f"wrong/{c.name}" for c in lab.wrong_cases)]
    return classwork.case_sources(runtime, lab, cases)


def _expected(lab, case: str) -> dict[str, str]:
    if case == "fresh":
        return dict(lab.fresh_case.fails)
    if case.startswith("wrong/"):
        return dict(next(c for c in lab.wrong_cases if c.name == case.removeprefix("wrong/")).fails)
    return {}


# Through a published port, docker's proxy accepts and then closes a connection to a port nothing
# serves; inside a sandbox the same port refuses it. Both mean the same for the student.
SAME_MEANING = {"nothing serves this port": "nothing listens there"}


def _says(message: str, words: str) -> bool:
    return words in message or (words in SAME_MEANING and SAME_MEANING[words] in message)


def _sandboxes(runtime) -> list:
    return runtime.client.containers.list(all=True, filters={"label": f"{sandbox.SANDBOX_LABEL}={_namespace()}"})


def _namespace() -> str:
    from maillab.runtime import namespace

    return namespace()


def _rows(out: Path) -> dict[str, dict]:
    return {row["student"]: row for row in json.loads((out / "results.json").read_text())["submissions"]}


@pytest.fixture(scope="module")
def graded_class(runtime, sources, lab, tmp_path_factory):
    """One archive per proven case, every hostile archive, and a roster with one absent student."""
    root = tmp_path_factory.mktemp("class")
    inbox = root / "inbox"
    plan = {f"case-{n}": case for n, case in enumerate(sources)}
    classwork.write_class(sources, lab, inbox, plan)
    for name, build in hostile.HOSTILE.items():
        (inbox / f"hostile-{name}.tar.gz").write_bytes(build()[0])
    roster = root / "roster.txt"
    roster.write_text("student\n" + "\n".join([*plan, "absent-one"]) + "\n")
    out = root / "out"
    ran = run_lab("instructor", "grade", str(inbox), "--out", str(out), "--jobs", "2", "--roster", str(roster))
    assert ran.status == 0, ran.stderr
    return {"root": root, "inbox": inbox, "out": out, "plan": plan, "roster": roster}


def test_each_case_gets_the_score_its_checks_earn(graded_class, lab):
    rows = _rows(graded_class["out"])
    for student, case in graded_class["plan"].items():
        row = rows[student]
        assert row["status"] == "graded", row
        failed = {c["id"]: c["message"] for c in row["checks"] if not c["passed"]}
        expected = _expected(lab, case)
        assert set(failed) == set(expected), f"{case}: {failed}"
        for check_id, words in expected.items():
            assert _says(failed[check_id], words), f"{case} {check_id}: {failed[check_id]!r}"
        earned = lab.max_score - sum(spec.points for spec in lab.checks if spec.id in expected)
        assert (row["score"], row["max_score"]) == (earned, lab.max_score)


def test_plaintext_is_judged_from_a_non_local_address(graded_class):
    """From 127.0.0.2 Dovecot does not trust the client, so a TLS-only rule is judged truly."""
    rows = _rows(graded_class["out"])
    plan = graded_class["plan"]
    leaky = next(s for s, c in plan.items() if c == "wrong/plaintext-still-allowed")
    solved = next(s for s, c in plan.items() if c == "solution")
    leaky_checks = {c["id"]: c for c in rows[leaky]["checks"]}
    assert "accepted without TLS on port 143 (reached at 127.0.0.1:143)" in leaky_checks["imap-tls-only"]["message"]
    solved_checks = {c["id"]: c for c in rows[solved]["checks"]}
    assert "refused the password before TLS" in solved_checks["imap-tls-only"]["message"]


def test_hostile_archives_are_invalid_with_reason_and_nothing_is_written(graded_class, runtime):
    rows = {row["file"]: row for row in _rows(graded_class["out"]).values()}
    for name, build in hostile.HOSTILE.items():
        row = rows[f"hostile-{name}.tar.gz"]
        assert row["status"] == "invalid", row
        assert build()[1] in row["reason"]
    assert {p.name for p in graded_class["out"].iterdir()} == OUTPUTS
    assert not (graded_class["root"].parent / hostile.CANARY).exists()
    assert not (Path(tempfile.gettempdir()) / hostile.CANARY).exists()
    assert not Path(f"/tmp/{hostile.CANARY}").exists()
    assert _sandboxes(runtime) == []


def test_roster_student_without_work_is_missing(graded_class):
    rows = list(csv.DictReader((graded_class["out"] / "gradebook.csv").open()))
    absent = next(row for row in rows if row["student"] == "absent-one")
    assert (absent["status"], absent["score"], absent["max_score"]) == ("missing", "0", "16")
    assert {"student", "lab", "score", "max_score", "status", "late", "imaps-login"} <= set(rows[0])
    junit = (graded_class["out"] / "junit.xml").read_text()
    assert junit.count("<testcase") >= len(graded_class["plan"]) * 8


def test_regrading_gives_identical_results_and_keeps_first_arrival(graded_class):
    first = (graded_class["out"] / "results.json").read_text()
    receipts = json.loads((graded_class["out"] / "receipts.json").read_text())
    for path in graded_class["inbox"].iterdir():
        path.touch()  # a later change time must not move the recorded arrival
    again = graded_class["root"] / "again"
    ran = run_lab(
        "instructor", "grade", str(graded_class["inbox"]), "--out", str(again), "--jobs", "2",
        "--roster", str(graded_class["roster"]), "--receipts", str(graded_class["out"] / "receipts.json"),
    )  # fmt: skip
    assert ran.status == 0, ran.stderr
    assert (again / "results.json").read_text() == first
    assert json.loads((graded_class["out"] / "receipts.json").read_text()) == receipts


class _Page(HTMLParser):
    """The cells of every table row marked with data-student or data-check, and every failure message."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.messages: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._message: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("data-student") or attrs.get("data-check")
        if tag == "tr" and key:
            self._row = self.rows.setdefault(key, [])
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "span" and attrs.get("class") == "message":
            self._message = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "span" and self._message is not None:
            self.messages.append("".join(self._message))
            self._message = None

    def handle_data(self, data):
        for sink in (self._cell, self._message):
            if sink is not None:
                sink.append(data)


def test_report_renders_in_chromium_with_students_scores_and_messages(graded_class, tmp_path):
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (apt-get install -y chromium)"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    flags += ["--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'c'}"]
    page = (graded_class["out"] / "report.html").as_uri()
    done = subprocess.run([chromium, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-500:]
    page = _Page()
    page.feed(done.stdout)
    results = _rows(graded_class["out"])
    for student, case in graded_class["plan"].items():
        assert page.rows[student][1:4] == [LAB, f"{results[student]['score']}/16", "graded"], case
    assert page.rows["absent-one"][3] == "missing"
    assert page.rows["hostile-dotdot.tar.gz"][3] == "invalid"
    typo = next(s for s, c in graded_class["plan"].items() if c == "wrong/config-typo")
    typo_message = next(c["message"] for c in results[typo]["checks"] if c["id"] == "config-valid")
    assert "Unknown setting: ssl_certificate" in typo_message
    assert typo_message in page.messages
    graded = [row for row in results.values() if row["status"] == "graded"]
    passing = sum(any(c["id"] == "imaps-login" and c["passed"] for c in row["checks"]) for row in graded)
    assert page.rows["imaps-login"][2] == f"{passing * 100 / len(graded):.0f}% ({passing}/{len(graded)})"


def test_fork_bomb_and_hang_are_contained(runtime, sources, lab, tmp_path):
    inbox = tmp_path / "inbox"
    bomb = classwork.hostile_config(sources["solution"], classwork.FORK_BOMB)
    classwork.write_class({"bomb": bomb, **sources}, lab, inbox, {"bomber": "bomb", "good": "solution"})
    started = time.monotonic()
    ran = run_lab("instructor", "grade", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "2", "--timeout", "40")
    assert ran.status == 0, ran.stderr
    rows = _rows(tmp_path / "out")
    assert rows["bomber"]["status"] in ("graded", "timed out")
    assert (rows["good"]["status"], rows["good"]["score"]) == ("graded", 16)
    assert time.monotonic() - started < 40 + 20
    assert _sandboxes(runtime) == []


def test_hangs_time_out(runtime, sources, lab, tmp_path):
    """A login script that never ends, and an init script that never returns: both end as timed out."""
    inbox = tmp_path / "inbox"
    hang = classwork.hostile_config(sources["solution"], classwork.HANG)
    stuck = classwork.with_files(sources["solution"], {"etc/init.d/dovecot": (b"#!/bin/sh\nsleep 3600\n", 0o755)})
    classwork.write_class({"hang": hang, "stuck": stuck}, lab, inbox, {"hanger": "hang", "stuck": "stuck"})
    started = time.monotonic()
    ran = run_lab("instructor", "grade", str(inbox), "--out", str(tmp_path / "out"), "--timeout", "6", "--jobs", "2")
    assert ran.status == 0, ran.stderr
    rows = _rows(tmp_path / "out")
    assert rows["hanger"]["status"] == "timed out" and "no result within 6 s" in rows["hanger"]["reason"]
    assert rows["stuck"]["status"] == "timed out" and "did not finish starting" in rows["stuck"]["reason"]
    assert time.monotonic() - started < 6 + 20
    assert _sandboxes(runtime) == []


def test_clean_removes_left_over_sandboxes(runtime, built_images):
    image = built_images[LAB]
    labels = {sandbox.SANDBOX_LABEL: _namespace(), sandbox.BATCH_LABEL: "killed"}
    runtime.client.containers.create(image, name=f"{_namespace()}-grade-killed-1", labels=labels)
    assert len(_sandboxes(runtime)) == 1
    ran = run_lab("instructor", "clean")
    assert ran.status == 0 and "removed 1 grading sandbox" in ran.stderr
    assert _sandboxes(runtime) == []


def test_lab_submit_packs_the_running_lab(runtime, sources, lab, tmp_path):
    lifecycle.reset(runtime, lab, lambda text: None)
    lifecycle.apply_answer(runtime, lab, "solution")
    out = tmp_path / "zoe.tar.gz"
    ran = run_lab("submit", LAB, "--student", "zoe", "--out", str(out))
    assert ran.status == 0, ran.stderr
    ran = run_lab("instructor", "grade", str(out), "--out", str(tmp_path / "res"))
    assert ran.status == 0, ran.stderr
    row = _rows(tmp_path / "res")["zoe"]
    assert (row["status"], row["score"]) == ("graded", 16)
    assert run_lab("submit", LAB, "--student", "bad id!").status == 2


# The local.conf of dovecot-ssl's second solution, edited the way a copy is disguised: another
# comment, other spacing, one setting more.
EDITED_LOCAL_CONF = b"""# My TLS settings, written for this lab.
ssl=yes
ssl_cert  =  </etc/ssl/certs/mail.example.lab.pem
ssl_key = </etc/ssl/private/mail.example.lab.key
   disable_plaintext_auth = yes
ssl_min_protocol = TLSv1.2
"""


@pytest.fixture(scope="module")
def copied_class(runtime, sources, tmp_path_factory):
    """s01 hands in twice; s05 hands in s01's counted work as their own; s06 an edited copy of s03's;
    s02, s03, s04 honest work, s07 nothing changed; m01-m03 honest one-line answers of dovecot-maildir
    (m01 and m02 the reference's, byte for byte)."""
    root = tmp_path_factory.mktemp("copies")
    inbox = root / "inbox"
    lab = catalog.load(LAB)
    edited = classwork.with_files(sources["solution-alt"], {"etc/dovecot/local.conf": (EDITED_LOCAL_CONF, 0o644)})
    work = {**sources, "edited": edited}
    # The earlier attempt is written first, under the name that sorts last: the later change time counts.
    for name, case in (("s01-b", "wrong/key-world-readable"), ("s01-a", "solution")):
        path = classwork.write_class(work, lab, inbox, {"s01": case})["s01"]
        path.rename(inbox / f"{name}.tar.gz")
    plan = {"s02": "wrong/config-typo", "s03": "solution-alt", "s04": "wrong/plaintext-still-allowed"}
    classwork.write_class(work, lab, inbox, {**plan, "s05": "solution", "s06": "edited", "s07": "fresh"})
    maildir = catalog.load("dovecot-maildir")
    one_line = classwork.case_sources(runtime, maildir, ["solution", "solution-alt"])
    classwork.write_class(one_line, maildir, inbox, {"m01": "solution", "m02": "solution", "m03": "solution-alt"})
    out = root / "out"
    ran = run_lab("instructor", "grade", str(inbox), "--out", str(out), "--jobs", "2")
    assert ran.status == 0, ran.stderr
    return {"out": out, "stderr": ran.stderr}


class _Overview(HTMLParser):
    """The cells of the overview by archive file (each td's class names it), and the pairs' words."""

    def __init__(self):
        super().__init__()
        self.cells: dict[str, dict[str, str]] = {}
        self.pairs: list[dict[str, str]] = []
        self._row: dict[str, str] | None = None
        self._cell: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-file" in attrs:
            self._row = self.cells.setdefault(attrs["data-file"], {})
        elif tag == "tr" and "data-pair" in attrs:
            self._row = {}
            self.pairs.append(self._row)
        elif tag == "td" and self._row is not None:
            self._cell = ((attrs.get("class") or "").split(" ")[0], [])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            name, text = self._cell
            self._row[name] = "".join(text).strip()
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1].append(data)


def test_duplicates_and_copies_are_named_where_they_are_and_nowhere_else(copied_class):
    out = copied_class["out"]
    rows = {row["file"]: row for row in json.loads((out / "results.json").read_text())["submissions"]}
    students = ["s01-a", "s01-b", "s02", "s03", "s04", "s05", "s06", "s07", "m01", "m02", "m03"]
    assert sorted(rows) == sorted(f"{name}.tar.gz" for name in students)
    similar = rows["s06.tar.gz"]["copy"]
    value = similar.removeprefix("similar to s03 (").removesuffix(")")
    assert similar == f"similar to s03 ({value})" and 0.8 <= float(value) < 1, similar
    status = {name: "graded" for name in students} | {"s01-b": "superseded"}
    copy = {name: "" for name in students} | {
        "s01-a": "identical to s05", "s05": "identical to s01",
        "s03": f"similar to s06 ({value})", "s06": f"similar to s03 ({value})",
        "m01": "matches the reference", "m02": "matches the reference",
    }  # fmt: skip
    seen = {name: (rows[f"{name}.tar.gz"]["status"], rows[f"{name}.tar.gz"]["copy"]) for name in students}
    assert seen == {name: (status[name], copy[name]) for name in students}
    early, counted = rows["s01-b.tar.gz"], rows["s01-a.tar.gz"]
    assert early["reason"].startswith("s01-a.tar.gz arrived later and counts")
    assert (counted["score"], early["score"]) == (16, 14)  # both shown; the later (the solution) counts
    entry = {"student": "s01", "file": "s01-a.tar.gz", "verdict": "identical", "similarity": 1.0}
    assert rows["s05.tar.gz"]["copies"] == [entry]
    assert rows["m01.tar.gz"]["changed_lines"] == rows["m02.tar.gz"]["changed_lines"] > 0
    assert counted["changed_lines"] > 40 and rows["s07.tar.gz"]["changed_lines"] == 0

    book = {row["file"].removesuffix(".tar.gz"): row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert {name: (book[name]["status"], book[name]["copy"]) for name in students} == seen
    page = _Overview()
    page.feed((out / "report.html").read_text())
    html = {name: (page.cells[f"{name}.tar.gz"]["status"], page.cells[f"{name}.tar.gz"]["copy"]) for name in students}
    assert html == seen
    assert sorted(pair["copy"] for pair in page.pairs) == ["identical to s05", f"similar to s06 ({value})"]
    # each pair: twice in the overview, once in the pairs table, once in each student's own section;
    # the reference: m01 and m02 in the overview and in their own sections
    text = (out / "report.html").read_text()
    counts = [text.count(words) for words in ("identical to s0", "similar to s0", "matches the reference")]
    assert counts == [5, 5, 4]
    assert "maillab: s05: graded 16/16" in copied_class["stderr"]  # one line per submission, not a terminal
