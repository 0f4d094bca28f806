"""Render grades and listings: a rich table for people, json, junit and csv for machines."""

import csv
import io
import json
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree

from maillab.grader import Result

CSV_COLUMNS = ["lab", "id", "title", "passed", "points", "max_points", "message"]


def result_table(result: Result) -> Any:
    """The grade as people read it: one row per check with its message and, when failed, its hint."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"lab grade {result.lab}", title_justify="left", expand=False)
    table.add_column("Check", overflow="fold", max_width=38)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Result", no_wrap=True)
    table.add_column("What was seen", overflow="fold")
    for check in result.checks:
        verdict = Text("PASS", style="bold green") if check.passed else Text("FAIL", style="bold red")
        detail = Text(check.message)
        if check.hint:
            detail.append(f"\nhint: {check.hint}", style="yellow")
        table.add_row(check.title, f"{check.points}/{check.max_points}", verdict, detail)
    return table


def result_summary(result: Result) -> str:
    passed = sum(check.passed for check in result.checks)
    help_used = []
    if result.hints_used:
        help_used.append(f"{result.hints_used} hint{'s' if result.hints_used > 1 else ''} used")
    if result.solved_with_help:
        help_used.append("solution applied with `lab solve`")
    tail = f" ({', '.join(help_used)})" if help_used else ""
    verdict = "[bold green]all checks pass[/]" if result.passed else f"{passed} of {len(result.checks)} checks pass"
    return f"Score {result.score}/{result.max_score}: {verdict}{tail}"


def results_junit(results: Iterable[Result], suite_name: str = "maillab") -> str:
    """JUnit XML: one testsuite per result, one testcase per check."""
    suites = ElementTree.Element("testsuites", name=suite_name)
    for result in results:
        failures = sum(not c.passed for c in result.checks)
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=result.extra.get("student", result.lab),
            tests=str(len(result.checks)),
            failures=str(failures),
        )
        for check in result.checks:
            case = ElementTree.SubElement(suite, "testcase", classname=result.lab, name=f"{check.id}: {check.title}")
            if not check.passed:
                failure = ElementTree.SubElement(case, "failure", message=check.message)
                failure.text = check.hint or check.message
            ElementTree.SubElement(case, "system-out").text = f"{check.points}/{check.max_points} {check.message}"
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def results_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for check in result.checks:
        writer.writerow(
            {
                "lab": result.lab,
                "id": check.id,
                "title": check.title,
                "passed": check.passed,
                "points": check.points,
                "max_points": check.max_points,
                "message": check.message,
            }
        )
    return buffer.getvalue()


def render_result(result: Result, fmt: str, env: Any) -> None:
    """Print one grade in the asked format."""
    if fmt == "json":
        env.stdout_file.write(json.dumps(result.to_dict(), indent=2) + "\n")
    elif fmt == "junit":
        env.stdout_file.write(results_junit([result]))
    elif fmt == "csv":
        env.stdout_file.write(results_csv(result))
    else:
        env.out.print(result_table(result))
        env.out.print(result_summary(result))
