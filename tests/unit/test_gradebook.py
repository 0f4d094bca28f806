"""Gradebook outputs, receipts and the late policy, from rows made by hand (no engine)."""

import csv
import io
import json
import os
from datetime import UTC, datetime
from xml.etree import ElementTree

from maillab.instructor import batch, gradebook, reportpage, submissions

CHECKS = [
    {"id": "a", "title": "A", "passed": True, "points": 2, "max_points": 2, "message": "fine"},
    {"id": "b", "title": "B", "passed": False, "points": 0, "max_points": 3, "message": "<script>alert(1)</script>"},
]


def _rows() -> list[batch.Row]:
    return [
        batch.Row("ann", "ann.tar.gz", batch.GRADED, "dovecot-ssl", 2, 5, 2, checks=CHECKS),
        batch.Row("bob.tar.gz", "bob.tar.gz", batch.INVALID, reason="duplicate member /etc/x"),
        batch.Row("cy", "", batch.MISSING, "dovecot-ssl", max_score=5),
    ]


def test_gradebook_csv_has_one_column_per_check():
    rows = list(csv.DictReader(io.StringIO(gradebook.gradebook_csv(_rows()))))
    assert [r["student"] for r in rows] == ["ann", "bob.tar.gz", "cy"]
    assert (rows[0]["a"], rows[0]["b"], rows[0]["score"], rows[0]["max_score"]) == ("2", "0", "2", "5")
    assert rows[1]["reason"] == "duplicate member /etc/x" and rows[1]["a"] == ""
    assert rows[2]["status"] == "missing"


def test_junit_has_a_case_per_check_and_an_error_for_invalid():
    root = ElementTree.fromstring(gradebook.junit_xml(_rows()).split("\n", 1)[1])
    suites = root.findall("testsuite")
    assert [s.get("failures") for s in suites] == ["1", "0", "0"]
    assert suites[0].find("testcase[@name='b']/failure").get("message") == "<script>alert(1)</script>"
    assert suites[1].find("testcase/error").get("message") == "duplicate member /etc/x"


def test_report_escapes_what_students_control():
    page = reportpage.render(_rows())
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "50% (0/1)" not in page and "0% (0/1)" in page and "100% (1/1)" in page


def test_results_json_is_stable():
    assert gradebook.results_json(_rows()) == gradebook.results_json(_rows())
    assert json.loads(gradebook.results_json(_rows()))["submissions"][0]["checks"][1]["id"] == "b"


def test_receipt_is_kept_from_first_sight(tmp_path):
    archive = tmp_path / "ann.tar.gz"
    archive.write_bytes(b"x")
    os.utime(archive, (0, 0))  # a forged modification time changes nothing: the change time is used
    receipts = batch.Receipts(tmp_path / "receipts.json")
    first = receipts.arrival(archive, "d1")
    assert first.startswith(str(datetime.now(UTC).year))
    receipts.save()
    again = batch.Receipts(tmp_path / "receipts.json")
    again.seen["d1"]["arrived"] = "2000-01-01T00:00:00Z"
    again.save()
    assert batch.Receipts(tmp_path / "receipts.json").arrival(archive, "d1") == "2000-01-01T00:00:00Z"


def test_late_policy_takes_the_penalty_off(tmp_path):
    policy = batch.Policy(datetime(2026, 3, 1, 17, 0, tzinfo=UTC), penalty=25)
    grader = batch.Grader(None, 10, submissions.Limits(), policy, batch.Receipts(tmp_path / "r.json"))
    late = batch.Row("ann", "a", batch.GRADED, raw_score=16, arrived="2026-03-01T17:00:01Z")
    on_time = batch.Row("bob", "b", batch.GRADED, raw_score=16, arrived="2026-03-01T17:00:00Z")
    grader._apply_policy(late)
    grader._apply_policy(on_time)
    assert (late.late, late.score) == (True, 12)
    assert (on_time.late, on_time.score) == (False, 16)


def test_roster_reads_lines_and_csv(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name\n# a comment\nann,Ann A\n\nbob,Bob B\nann,again\n")
    assert batch.read_roster(roster) == ["ann", "bob"]


def test_report_escapes_attribute_values_and_has_no_scripts():
    hostile = "x' onmouseover='alert(1).tar.gz"
    page = reportpage.render([*_rows(), batch.Row(hostile, hostile, batch.INVALID, reason="bad <b>name</b>")])
    assert "onmouseover='alert" not in page and "&#39; onmouseover=&#39;alert(1)" in page
    assert "<script" not in page.lower() and "<b>name</b>" not in page
