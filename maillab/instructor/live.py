"""What a batch shows while it grades: a progress bar on a terminal, one line per submission otherwise."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from maillab.console import Env
from maillab.instructor.batch import Row, progress_line


@contextmanager
def shown(env: Env, total: int) -> Iterator[Callable[[Row], None]]:
    """A callback for each finished row: it prints the row's line, and on a terminal moves a bar.

    Lines name what students control (member names in a reason), so they are escaped for rich.
    """
    from rich.markup import escape

    if not env.err.is_terminal:
        yield lambda row: env.say(escape(progress_line(row)))
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("[bold cyan]maillab:[/] grading"), BarColumn(), MofNCompleteColumn()]
    columns += [TimeElapsedColumn(), TextColumn("elapsed,"), TimeRemainingColumn(), TextColumn("left")]
    with Progress(*columns, console=env.err, transient=True) as bar:
        task = bar.add_task("grading", total=total)

        def done(row: Row) -> None:
            bar.console.print(f"[bold cyan]maillab:[/] {escape(progress_line(row))}", highlight=False)
            bar.advance(task)

        yield done
