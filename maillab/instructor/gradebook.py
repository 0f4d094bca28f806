"""Write a class's results: gradebook.csv, results.json, junit.xml and report.html."""

from pathlib import Path

from maillab import output
from maillab.instructor import reportpage
from maillab.instructor.batch import Row
from maillab.paths import write_atomic

FIXED = ["student", "lab", "score", "max_score", "status", "late", "arrived", "reason", "file", "changed_lines", "copy"]


def check_ids(rows: list[Row]) -> list[str]:
    """Every check id seen, in the order the labs list them."""
    return list(dict.fromkeys(check["id"] for row in rows for check in row.checks))


def gradebook_csv(rows: list[Row]) -> str:
    """One row per submission (and per missing student), one column per check with its points."""
    ids = check_ids(rows)

    def line(row: Row) -> dict:
        points = {check["id"]: check["points"] for check in row.checks}
        values = {name: getattr(row, name) for name in FIXED} | {"late": "yes" if row.late else "no"}
        return values | {check_id: points.get(check_id, "") for check_id in ids}

    return output.csv_text(FIXED + ids, (line(row) for row in rows))


def results_json(rows: list[Row]) -> str:
    return output.json_text({"submissions": [row.to_dict() for row in rows]}, sort_keys=True)


def junit_xml(rows: list[Row]) -> str:
    """One test suite per submission, one test case per check; invalid and timed out ones as errors."""
    return output.junit_text((_suite(row) for row in rows), "maillab instructor")


def _suite(row: Row) -> output.Suite:
    classname = f"{row.student}.{row.lab}"
    cases = [
        output.Case(
            classname,
            check["id"],
            output=f"{check['points']}/{check['max_points']}",
            failure=None if check["passed"] else check["message"],
            failure_text=check["title"],
        )
        for check in row.checks
    ] or [output.Case(classname, "submission", error=row.reason or row.status, error_type=row.status)]
    name = f"{row.student} ({row.file})" if row.file else row.student
    return output.Suite(name, cases, count_errors=True)


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
