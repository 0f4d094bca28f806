"""Write a class's results: gradebook.csv, results.json, junit.xml and report.html."""

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

from maillab.instructor import reportpage
from maillab.instructor.batch import Row
from maillab.paths import write_atomic

FIXED = ["student", "lab", "score", "max_score", "status", "late", "arrived", "reason", "file"]


def check_ids(rows: list[Row]) -> list[str]:
    """Every check id seen, in the order the labs list them."""
    return list(dict.fromkeys(check["id"] for row in rows for check in row.checks))


def gradebook_csv(rows: list[Row]) -> str:
    """One row per submission (and per missing student), one column per check with its points."""
    ids = check_ids(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIXED + ids, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        points = {check["id"]: check["points"] for check in row.checks}
        values = {name: getattr(row, name) for name in FIXED}
        values["late"] = "yes" if row.late else "no"
        writer.writerow(values | {check_id: points.get(check_id, "") for check_id in ids})
    return buffer.getvalue()


def results_json(rows: list[Row]) -> str:
    return json.dumps({"submissions": [row.to_dict() for row in rows]}, indent=2, sort_keys=True) + "\n"


def junit_xml(rows: list[Row]) -> str:
    """One test suite per submission, one test case per check; invalid and timed out ones as errors."""
    suites = ElementTree.Element("testsuites", name="maillab instructor")
    for row in rows:
        name = f"{row.student} ({row.file})" if row.file else row.student
        failures = sum(not check["passed"] for check in row.checks)
        errors = 0 if row.checks else 1
        suite = ElementTree.SubElement(
            suites, "testsuite", name=name, tests=str(len(row.checks) or 1), failures=str(failures), errors=str(errors)
        )
        for check in row.checks:
            case = ElementTree.SubElement(suite, "testcase", classname=f"{row.student}.{row.lab}", name=check["id"])
            if not check["passed"]:
                ElementTree.SubElement(case, "failure", message=check["message"]).text = check["title"]
            ElementTree.SubElement(case, "system-out").text = f"{check['points']}/{check['max_points']}"
        if not row.checks:
            case = ElementTree.SubElement(suite, "testcase", classname=f"{row.student}.{row.lab}", name="submission")
            ElementTree.SubElement(case, "error", message=row.reason or row.status, type=row.status)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write(rows: list[Row], out: Path) -> dict[str, Path]:
    """Write every output into `out`; the paths written, by kind."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "gradebook.csv": gradebook_csv(rows),
        "results.json": results_json(rows),
        "junit.xml": junit_xml(rows),
        "report.html": reportpage.render(rows),
    }
    written = {}
    for name, text in files.items():
        written[name] = out / name
        write_atomic(out / name, text)
    return written
