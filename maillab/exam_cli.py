"""`lab exam ...`: parse, call maillab.sitting, print."""

import argparse
import contextlib
from typing import Any

from maillab.console import Env
from maillab.errors import ExitStatus
from maillab.verbs import add_verb, add_wait
from maillab.verbs import runtime as _runtime


def _sitting(args: argparse.Namespace, env: Env) -> tuple[Any, Any]:
    from maillab import sitting

    runtime = _runtime(env)
    return runtime, sitting.choose(runtime, args.exam)


def cmd_list(args: argparse.Namespace, env: Env) -> int:
    from maillab import examreport, exams

    examreport.render_exams(exams.load_all(), env)
    return ExitStatus.SUCCESS


def cmd_start(args: argparse.Namespace, env: Env) -> int:
    from maillab import examreport, exams, lablock, sitting

    exam = exams.load(args.exam)
    runtime = _runtime(env)
    key = sitting.container_key(exam.id)
    with lablock.held(key, "start", env.say, args.wait), env.err.status(f"starting exam {exam.id}…") as status:
        started, resumed = sitting.start(runtime, exam, args.seed, lambda text: status.update(text))
        env.say(f"{'resumed' if resumed else 'started'} exam {exam.id} (seed {started.seed})")
    examreport.render_sheet(started, env)
    return ExitStatus.SUCCESS


def cmd_task(args: argparse.Namespace, env: Env) -> int:
    from maillab import examreport, sitting

    runtime, found = _sitting(args, env)
    examreport.render_sheet(sitting.running(runtime, found), env)
    return ExitStatus.SUCCESS


def cmd_status(args: argparse.Namespace, env: Env) -> int:
    from maillab import examreport, sitting

    examreport.render_status(sitting.sittings(_runtime(env, setup=False)), env)
    return ExitStatus.SUCCESS


def cmd_shell(args: argparse.Namespace, env: Env) -> int:
    from maillab import sitting
    from maillab.errors import UsageError

    runtime, found = _sitting(args, env)
    found = sitting.running(runtime, found)
    if args.command is None and not env.interactive:
        raise UsageError("`lab exam shell` needs a terminal; use `lab exam shell -c COMMAND` in scripts")
    return runtime.shell(found.key, args.command, tty=env.interactive)


def cmd_grade(args: argparse.Namespace, env: Env) -> int:
    from maillab import examreport, lablock, sitting

    runtime, found = _sitting(args, env)
    working = f"grading exam {found.exam.id}: restarting the whole server, then checking…"
    spinner = env.err.status(working) if args.format == "table" else contextlib.nullcontext()
    with lablock.held(found.key, "grade", env.say, args.wait), spinner:
        result = sitting.grade(runtime, found, args.final)
    examreport.render_result(result, args.format, env)
    return result.exit_status


def cmd_finish(args: argparse.Namespace, env: Env) -> int:
    from maillab import lablock, sitting

    runtime, found = _sitting(args, env)
    with lablock.held(found.key, "finish", env.say, args.wait):
        run = sitting.finish(runtime, found)
    last = f"last grade {run.last_grade} points" if run.last_grade else "never graded"
    env.say(f"finished exam {found.exam.id} ({last}); its container is removed")
    return ExitStatus.SUCCESS


def _exam_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    if required:
        parser.add_argument("exam", metavar="EXAM", help="exam id, e.g. dovecot")
    else:
        parser.add_argument("exam", nargs="?", metavar="EXAM", help="exam id (default: the one running exam)")


def register(verbs: Any) -> None:
    """Add `lab exam` and its subcommands to the `lab` parser."""
    text = "a timed practical exam: several labs' tasks on one server, no help, graded after a reboot"
    group = verbs.add_parser("exam", help=text, description=text)
    sub = group.add_subparsers(dest="exam_verb", metavar="EXAMCOMMAND", required=True)

    def verb(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        return add_verb(sub, name, handler, help_text)

    verb("list", cmd_list, "list the exams with their server, time, pass mark and pool of tasks")
    parser = verb("start", cmd_start, "start an exam sitting (or resume it) and print its task sheet")
    _exam_argument(parser, required=True)
    parser.add_argument("--seed", type=int, help="draw these tasks (the same seed gives a class the same exam)")
    add_wait(parser)
    _exam_argument(verb("task", cmd_task, "print the exam's task sheet again"))
    verb("status", cmd_status, "show the running exam, its seed and the time left")
    parser = verb("shell", cmd_shell, "open a root shell in the exam's server, or run one command with -c")
    _exam_argument(parser)
    parser.add_argument("-c", dest="command", metavar="COMMAND", help="run COMMAND and return its exit status")
    parser = verb("grade", cmd_grade, "restart the whole server, then grade every task (at the deadline)")
    _exam_argument(parser)
    parser.add_argument("--final", action="store_true", help="hand the exam in before the deadline")
    parser.add_argument("--format", choices=("table", "json", "junit"), default="table")
    add_wait(parser)
    parser = verb("finish", cmd_finish, "remove the exam's container (its grade stays recorded)")
    _exam_argument(parser)
    add_wait(parser)
