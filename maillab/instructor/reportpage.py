"""report.html: one static page (no scripts, no external files) with the class overview,
per-check pass rates as a bar chart, the pairs of students whose work is alike, and each
student's failed checks with their messages.

This module works out what the page shows; templates/report.html.j2 lays it out, and Jinja2
escapes every value, so nothing a student sends can add markup.
"""

from collections import Counter
from typing import Any

from maillab import output
from maillab.instructor import copies
from maillab.instructor.batch import GRADED, Row, status_summary

TEMPLATE = "report.html.j2"


def _row(row: Row) -> dict[str, Any]:
    graded = row.status == GRADED
    return {
        **row.to_dict(),
        "graded": graded,
        "score": f"{row.score}/{row.max_score}" if graded else "–",
        "score_suffix": f", {row.score}/{row.max_score}" if graded else "",
        "status_class": row.status.replace(" ", "-"),
        "failed": [check for check in row.checks if not check["passed"]],
    }


def _chart(graded: list[Row]) -> dict[str, Any]:
    """Each check's pass rate over the graded rows, in the order the checks first appear."""
    titles: dict[str, str] = {}
    passes: Counter[str] = Counter()
    for row in graded:
        for check in row.checks:
            titles.setdefault(check["id"], check["title"])
            passes[check["id"]] += int(check["passed"])
    checks = [
        {
            "id": check_id,
            "title": title,
            "passes": passes[check_id],
            "percent": f"{passes[check_id] * 100 / len(graded):.0f}",
        }
        for check_id, title in titles.items()
    ]
    return {"graded": len(graded), "checks": checks}


def _pairs(rows: list[Row]) -> list[dict[str, Any]]:
    """Each pair of alike submissions once, in the order of the rows: who, whose work, how alike."""
    lines = {(row.student, row.file): row.changed_lines for row in rows}
    seen: set[frozenset] = set()
    pairs = []
    for row in rows:
        for entry in row.copies:
            key = frozenset([(row.student, row.file), (entry["student"], entry["file"])])
            if key in seen:
                continue
            seen.add(key)
            pairs.append(
                {
                    "student": row.student,
                    "file": row.file,
                    "words": copies.words(entry),
                    "other_file": entry["file"],
                    "lines": lines.get((row.student, row.file), 0),
                    "other_lines": lines.get((entry["student"], entry["file"]), 0),
                }
            )
    return pairs


def render(rows: list[Row]) -> str:
    """The whole page as a string."""
    graded = [row for row in rows if row.status == GRADED]
    mean = sum(row.score for row in graded) / len(graded) if graded else 0
    return output.html_page(
        TEMPLATE,
        rows=[_row(row) for row in rows],
        summary=status_summary(rows),
        mean=mean,
        chart=_chart(graded),
        pairs=_pairs(rows),
        reference=[row for row in rows if copies.MATCHES_REFERENCE in row.copy],
        threshold=copies.THRESHOLD,
        min_lines=copies.MIN_LINES,
    )
