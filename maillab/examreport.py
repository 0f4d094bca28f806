"""What `lab exam` prints: the task sheet (goals only), the time left, and the grade as a table for
people or JSON and JUnit for machines (through maillab.output)."""

from typing import TYPE_CHECKING, Any

from maillab import output, report

if TYPE_CHECKING:
    from maillab.exams import Exam
    from maillab.sitting import ExamResult, Sitting


def render_sheet(sitting: "Sitting", env: Any) -> None:
    """The exam's sheet: each drawn task's goal and points, the server, the deadline, how it is graded."""
    from rich.markdown import Markdown
    from rich.panel import Panel

    from maillab import sitting as sittings
    from maillab import tasksheet
    from maillab.runtime import HOSTNAME

    exam, out = sitting.exam, env.out
    header = (
        f"[bold]{exam.title}[/]\n[dim]exam {exam.id} · seed {sitting.seed} · {len(sitting.labs)} tasks · "
        f"{exam.minutes} minutes · pass mark {exam.pass_mark} of 800[/]"
    )
    out.print(Panel(header, expand=False))
    for number, lab in enumerate(sitting.labs, start=1):
        out.print(f"[bold]Task {number}[/] ({exam.task(lab.id).points} points)")
        out.print(Markdown(lab.goal))
    out.print(f"[bold]Server[/]    {sitting.container.name}, host name {HOSTNAME}")
    out.print(f"[bold]Ports[/]     {tasksheet.ports_line(sitting.container)}")
    out.print(f"[bold]Time[/]      {sittings.time_left(sitting)}", highlight=False)
    out.print(
        "[bold]Grading[/]   restarts the whole server first, so only work that survives a reboot counts; "
        "a task earns its points when every one of its checks passes. No hints, no solutions, no resets."
    )
    out.print("[bold]Next[/]      lab exam shell   ·   lab exam status   ·   lab exam grade --final")


def render_status(found: list["Sitting"], env: Any) -> None:
    """`lab exam status`: each sitting with its seed, tasks and time left."""
    from maillab import sitting as sittings

    if not found:
        env.out.print("No exam is running. `lab exam list` shows the exams; `lab exam start EXAM` starts one.")
    for sitting in found:
        env.out.print(
            f"exam {sitting.exam.id} (seed {sitting.seed}, {len(sitting.labs)} tasks, "
            f"{sitting.container.status}): {sittings.time_left(sitting)}",
            highlight=False,
        )


def render_exams(found: list["Exam"], env: Any) -> None:
    """`lab exam list`: each exam with its server, time, pass mark and pool."""
    from rich.table import Table

    table = Table(title="maillab exams", title_justify="left")
    for column in ("Exam", "Server", "Minutes", "Pass mark", "Draws", "Pool"):
        table.add_column(column)
    for exam in found:
        pool = ", ".join(f"{t.lab}{f' ({t.group})' if t.group else ''}" for t in exam.tasks)
        table.add_row(exam.id, exam.server, str(exam.minutes), str(exam.pass_mark), str(exam.draw), pool)
    env.out.print(table)


def exam_junit(result: "ExamResult") -> str:
    """JUnit XML: one testsuite per task, one testcase per check."""
    suites = []
    for task in result.tasks:
        suite = report.result_suite(task.result)
        suites.append(output.Suite(f"{result.exam.id}/{task.lab.id}", suite.cases))
    return output.junit_text(suites, f"exam {result.exam.id} seed {result.seed}")


def render_result(result: "ExamResult", fmt: str, env: Any) -> None:
    """Print an exam grade in the asked format."""
    if fmt == "json":
        output.print_json(env, result.to_dict())
        return
    if fmt == "junit":
        env.stdout_file.write(exam_junit(result))
        return
    for number, task in enumerate(result.tasks, start=1):
        verdict = "[bold green]PASS[/]" if task.passed else "[bold red]FAIL[/]"
        env.out.print(f"Task {number} {task.lab.id}: {verdict} {task.points}/{task.max_points} points")
        if not task.passed:
            env.out.print(report.result_table(task.result))
    minutes = int(result.time_used) // 60
    verdict = "[bold green]passed[/]" if result.passed else "[bold red]not passed[/]"
    env.out.print(
        f"Exam {result.exam.id} (seed {result.seed}): {result.points}/{result.max_points} points, "
        f"scaled {result.scaled} (pass mark {result.exam.pass_mark}): {verdict}; {minutes} minutes used",
        highlight=False,
    )
