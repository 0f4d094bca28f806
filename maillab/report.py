"""Render grades and listings: a rich table for people, json, junit and csv for machines (through maillab.output)."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from maillab import output

if TYPE_CHECKING:  # `lab list` and `lab status` need no grader
    from maillab.grader import Result
    from maillab.lablist import Listed, Running
    from maillab.progress import Run

CSV_COLUMNS = ["lab", "id", "title", "passed", "points", "max_points", "message"]


def result_table(result: "Result") -> Any:
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


def result_summary(result: "Result") -> str:
    passed = sum(check.passed for check in result.checks)
    help_used = []
    if result.hints_used:
        help_used.append(f"{result.hints_used} hint{'s' if result.hints_used > 1 else ''} used")
    if result.solved_with_help:
        help_used.append("solution applied with `lab solve`")
    tail = f" ({', '.join(help_used)})" if help_used else ""
    verdict = "[bold green]all checks pass[/]" if result.passed else f"{passed} of {len(result.checks)} checks pass"
    return f"Score {result.score}/{result.max_score}: {verdict}{tail}"


def results_junit(results: Iterable["Result"], suite_name: str = "maillab") -> str:
    """JUnit XML: one testsuite per result, one testcase per check."""
    return output.junit_text((result_suite(result) for result in results), suite_name)


def result_suite(result: "Result") -> output.Suite:
    cases = [
        output.Case(
            classname=result.lab,
            name=f"{check.id}: {check.title}",
            output=f"{check.points}/{check.max_points} {check.message}",
            failure=None if check.passed else check.message,
            failure_text=check.hint or check.message,
        )
        for check in result.checks
    ]
    return output.Suite(result.extra.get("student", result.lab), cases)


def results_csv(result: "Result") -> str:
    """One line per check: CSV_COLUMNS."""
    rows = (
        {"lab": result.lab, **{column: getattr(check, column) for column in CSV_COLUMNS[1:]}} for check in result.checks
    )
    return output.csv_text(CSV_COLUMNS, rows)


def render_result(result: "Result", fmt: str, env: Any) -> None:
    """Print one grade in the asked format."""
    if fmt == "json":
        output.print_json(env, result.to_dict())
    elif fmt == "junit":
        env.stdout_file.write(results_junit([result]))
    elif fmt == "csv":
        env.stdout_file.write(results_csv(result))
    else:
        env.out.print(result_table(result))
        env.out.print(result_summary(result))


def render_labs(listed: list["Listed"], fmt: str, env: Any) -> None:
    """`lab list`: every lab with its server, objective, level and the student's state; a section per server."""
    if fmt == "json":
        output.print_json(env, [item.to_dict() for item in listed])
        return
    from rich.table import Table

    table = Table(title="maillab labs", title_justify="left")
    for column in ("Lab", "Title", "Objective", "Level", "Time", "State"):
        table.add_column(column)
    previous = None
    for item in listed:
        lab = item.lab
        if previous and previous != lab.server:
            table.add_section()
        previous = lab.server
        table.add_row(lab.id, lab.title, f"{lab.server} {lab.objective}", f"{lab.difficulty}/5", lab.time, item.state)
    env.out.print(table)


def render_status(running: list["Running"], fmt: str, env: Any) -> None:
    """`lab status`: each lab container with its ports, the help used and the last grade."""
    if fmt == "json":
        output.print_json(env, [item.to_dict() for item in running])
        return
    if not running:
        env.out.print("No lab is running. `lab list` shows the labs; `lab start LAB` starts one.")
        return
    from rich.table import Table

    from maillab import tasksheet

    table = Table(title="running labs", title_justify="left")
    for column in ("Lab", "State", "Ports on 127.0.0.1", "Hints", "Solved", "Last grade"):
        table.add_column(column, no_wrap=column != "Ports on 127.0.0.1")
    for item in running:
        container, run = item.container, item.run
        table.add_row(
            container.lab,
            container.status,
            tasksheet.ports_short(container),
            str(run.hints_used),
            "yes" if run.solved else "no",
            run.last_grade or "not graded",
        )
    env.out.print(table)


def finished(lab_id: str, run: "Run") -> str:
    """What `lab finish` says once the container is gone."""
    last = f"last grade {run.last_grade}" if run.last_grade else "never graded"
    return f"finished {lab_id} ({last}); its container is removed"
