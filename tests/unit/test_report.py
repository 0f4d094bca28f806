"""Grades render to the shapes docs/architecture.md ("Results") promises."""

import csv
import io
import json
from xml.etree import ElementTree

from maillab.console import Env
from maillab.grader import CheckResult, Result
from maillab.report import render_result, results_csv, results_junit


def sample() -> Result:
    return Result(
        lab="dovecot-ssl",
        checks=[
            CheckResult("running", "Dovecot runs", True, 1, 1, "dovecot is running"),
            CheckResult("key-private", "Key private", False, 0, 2, "/k is 0644 root:root", "chmod it"),
        ],
        hints_used=1,
    )


def test_json_shape():
    data = sample().to_dict()
    assert data == {
        "lab": "dovecot-ssl",
        "passed": False,
        "score": 1,
        "max_score": 3,
        "hints_used": 1,
        "solved_with_help": False,
        "checks": [
            {
                "id": "running",
                "title": "Dovecot runs",
                "passed": True,
                "points": 1,
                "max_points": 1,
                "message": "dovecot is running",
            },
            {
                "id": "key-private",
                "title": "Key private",
                "passed": False,
                "points": 0,
                "max_points": 2,
                "message": "/k is 0644 root:root",
            },
        ],
    }


def test_junit_has_one_failure():
    root = ElementTree.fromstring(results_junit([sample()]).split("\n", 1)[1])
    cases = root.findall(".//testcase")
    assert len(cases) == 2
    assert [c.find("failure") is not None for c in cases] == [False, True]
    assert root.find(".//failure").get("message") == "/k is 0644 root:root"


def test_csv_rows():
    rows = list(csv.DictReader(io.StringIO(results_csv(sample()))))
    assert rows[1]["id"] == "key-private" and rows[1]["points"] == "0" and rows[1]["max_points"] == "2"


def test_table_shows_message_and_hint():
    out = io.StringIO()
    render_result(sample(), "table", Env(stdout_file=out, colour=False))
    text = out.getvalue()
    assert "FAIL" in text and "0644" in text and "chmod it" in text and "Score 1/3" in text


def test_json_render_is_parseable():
    out = io.StringIO()
    render_result(sample(), "json", Env(stdout_file=out, colour=False))
    assert json.loads(out.getvalue())["score"] == 1
