"""report.html: one static page (no scripts, no external files) with the class overview,
per-check pass rates as a bar chart, and each student's failed checks with their messages."""

from collections import Counter
from html import escape

from maillab.instructor.batch import GRADED, Row

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f3f3f3}.graded{color:#075}.invalid,.timed-out{color:#b00}.missing{color:#888}
.bar{background:#eee;width:20em;height:1em;display:inline-block;vertical-align:middle}
.bar span{background:#3a7;height:100%;display:block}
.student{border-top:1px solid #ccc;margin-top:1.5em}.fail{color:#b00}.pass{color:#075}
"""


def _status_class(status: str) -> str:
    return status.replace(" ", "-")


def _overview(rows: list[Row]) -> str:
    lines = ["<table id='overview'><tr><th>Student</th><th>Lab</th><th>Score</th><th>Status</th><th>Late</th></tr>"]
    for row in rows:
        score = f"{row.score}/{row.max_score}" if row.status == GRADED else "–"
        lines.append(
            f"<tr data-student='{escape(row.student)}'><td><a href='#s-{escape(row.student)}'>{escape(row.student)}</a>"
            f"</td><td>{escape(row.lab)}</td><td class='score'>{score}</td>"
            f"<td class='status {_status_class(row.status)}'>{escape(row.status)}</td>"
            f"<td>{'late' if row.late else ''}</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def _chart(rows: list[Row]) -> str:
    graded = [row for row in rows if row.status == GRADED]
    titles: dict[str, str] = {}
    passes: dict[str, int] = {}
    for row in graded:
        for check in row.checks:
            titles.setdefault(check["id"], check["title"])
            passes[check["id"]] = passes.get(check["id"], 0) + int(check["passed"])
    if not graded:
        return "<p id='chart'>No submission was graded.</p>"
    lines = [f"<table id='chart'><tr><th>Check</th><th>Passed by ({len(graded)} graded)</th><th></th></tr>"]
    for check_id, title in titles.items():
        rate = passes[check_id] / len(graded)
        lines.append(
            f"<tr data-check='{escape(check_id)}'><td title='{escape(title)}'>{escape(check_id)}</td>"
            f"<td><span class='bar'><span style='width:{rate * 100:.0f}%'></span></span></td>"
            f"<td class='rate'>{rate * 100:.0f}% ({passes[check_id]}/{len(graded)})</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def _student(row: Row) -> str:
    head = (
        f"<section class='student' id='s-{escape(row.student)}' data-student='{escape(row.student)}'>"
        f"<h3>{escape(row.student)} — {escape(row.status)}"
        + (f", {row.score}/{row.max_score}" if row.status == GRADED else "")
        + (" (late)" if row.late else "")
        + "</h3>"
    )
    body = []
    if row.file:
        body.append(f"<p class='file'>{escape(row.file)} (arrived {escape(row.arrived or 'unknown')})</p>")
    if row.reason:
        body.append(f"<p class='reason'>{escape(row.reason)}</p>")
    body += [f"<p class='note'>{escape(note)}</p>" for note in row.notes]
    failed = [check for check in row.checks if not check["passed"]]
    if failed:
        body.append("<ul class='failed'>")
        body += [
            f"<li class='fail' data-check='{escape(c['id'])}'><b>{escape(c['title'])}</b> "
            f"(0/{c['max_points']}): <span class='message'>{escape(c['message'])}</span></li>"
            for c in failed
        ]
        body.append("</ul>")
    elif row.status == GRADED:
        body.append("<p class='pass'>Every check passed.</p>")
    return head + "\n".join(body) + "</section>"


def render(rows: list[Row]) -> str:
    """The whole page as a string."""
    graded = [row for row in rows if row.status == GRADED]
    mean = sum(row.score for row in graded) / len(graded) if graded else 0
    counts = Counter(row.status for row in rows)  # in order of first appearance
    summary = ", ".join(f"{n} {escape(status)}" for status, n in counts.items()) or "no submissions"
    return "\n".join(
        [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            "<title>maillab class report</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>maillab class report</h1>",
            f"<p id='summary'>{len(rows)} rows: {summary}; mean score of graded work {mean:.1f}.</p>",
            "<h2>Class overview</h2>",
            _overview(rows),
            "<h2>Pass rate per check</h2>",
            _chart(rows),
            "<h2>Each student</h2>",
            *(_student(row) for row in rows),
            "</body></html>",
        ]
    )
