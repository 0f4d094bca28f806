"""The `lab` command: parse arguments, call the library, print. No logic lives here."""

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, NoReturn

from maillab import __version__, doctor, output
from maillab.console import Env
from maillab.errors import ConfirmationRequired, ExitStatus, MaillabError, UsageError
from maillab.exam_cli import register as register_exam
from maillab.instructor.cli import add_instructor, add_submit
from maillab.quiz.cli import register as register_quiz
from maillab.verbs import add_verb, add_wait
from maillab.verbs import runtime as _runtime

Handler = Callable[[argparse.Namespace, Env], int]


def _lab(args: argparse.Namespace, env: Env) -> tuple[Any, Any]:
    from maillab import lifecycle

    runtime = _runtime(env)
    return runtime, lifecycle.choose_lab(runtime, args.lab)


def _confirm(env: Env, args: argparse.Namespace, question: str, refusal: str) -> None:
    if args.yes:
        return
    if not env.interactive:
        raise ConfirmationRequired(f"{refusal}; add --yes to confirm without a terminal")
    if not env.confirm(question):
        raise ConfirmationRequired("nothing was changed")


def _exclusive(args: argparse.Namespace, env: Env, lab_id: str, verb: str) -> Any:
    """Hold the lab for this command; another one on the same lab waits (or, with --wait, gives up)."""
    from maillab import lablock

    return lablock.held(lab_id, verb, env.say, args.wait)


def _no_help_in_exam(args: argparse.Namespace, env: Env, verb: str) -> None:
    """Refuse help on a lab of a running exam's pool (one line naming the exam, exit 2)."""
    from maillab import sitting

    sitting.refuse_help(_runtime(env), args.lab, verb)


def cmd_list(args: argparse.Namespace, env: Env) -> int:
    from maillab import lablist, report

    report.render_labs(lablist.listing(), args.format, env)
    return ExitStatus.SUCCESS


def cmd_start(args: argparse.Namespace, env: Env) -> int:
    from maillab import catalog, lifecycle, tasksheet

    lab = catalog.load(args.lab, _student(args))
    runtime = _runtime(env)
    with _exclusive(args, env, lab.id, "start"), env.err.status(f"starting {lab.id}…") as status:
        container, resumed = lifecycle.start(runtime, lab, lambda text: status.update(text))
        env.say(f"{'resumed' if resumed else 'started'} {lab.id} in container {container.name}")  # before Live stops
    tasksheet.render(lifecycle.with_values(runtime, lab), container, env)
    return ExitStatus.SUCCESS


def _student(args: argparse.Namespace) -> Any:
    """The student whose values `lab start` draws, from --student and --class; None without --student."""
    from maillab import catalog
    from maillab.instructor import archive

    if args.class_code and not args.student:
        raise UsageError("--class needs --student: the values are drawn from both")
    if not args.student:
        return None
    archive.require_id("--student", args.student)
    if args.class_code:
        archive.require_id("--class", args.class_code)
    return catalog.Student(id=args.student, class_code=args.class_code or "")


def cmd_build(args: argparse.Namespace, env: Env) -> int:
    from maillab import catalog, images

    labs = catalog.load_some([] if args.all else args.labs)
    client = _runtime(env).client
    with env.err.status("checking images…") as status:
        for lab in labs:
            tag = images.lab_image(client, lab, lambda text: status.update(text))
            env.say(f"{lab.id}: {tag}")
    return ExitStatus.SUCCESS


def cmd_task(args: argparse.Namespace, env: Env) -> int:
    from maillab import lifecycle, tasksheet

    runtime, lab = _lab(args, env)
    tasksheet.render(lab, lifecycle.running_container(runtime, lab), env)
    return ExitStatus.SUCCESS


def cmd_shell(args: argparse.Namespace, env: Env) -> int:
    from maillab import lablock, lifecycle

    runtime, lab = _lab(args, env)
    holder = lablock.busy(lab.id)
    if holder:
        env.say(f"lab {lab.id} is busy ({holder}); the shell opens anyway")
    return lifecycle.shell(runtime, lab, args.command, env.interactive)


def cmd_grade(args: argparse.Namespace, env: Env) -> int:
    from maillab import catalog, lifecycle, report

    if args.target:
        from maillab.instructor import remote

        if not args.lab:
            raise UsageError("--target needs the lab id, e.g. `lab grade dovecot-ssl --target ssh://root@HOST`")
        result = remote.grade(catalog.load(args.lab), args.target)
    else:
        runtime, lab = _lab(args, env)
        working = f"grading {lab.id}: restarting {lab.restarts}, then checking…"
        spinner = env.err.status(working) if args.format == "table" else contextlib.nullcontext()
        with _exclusive(args, env, lab.id, "grade"), spinner:
            result = lifecycle.grade(runtime, lab)
    report.render_result(result, args.format, env)
    return result.exit_status


def cmd_hint(args: argparse.Namespace, env: Env) -> int:
    from maillab import lifecycle

    _no_help_in_exam(args, env, "hint")
    runtime, lab = _lab(args, env)
    number, text = lifecycle.next_hint(runtime, lab)
    env.out.print(f"[bold]Hint {number}/{len(lab.hints)}[/] for {lab.id}: {text}")
    return ExitStatus.SUCCESS


def cmd_solve(args: argparse.Namespace, env: Env) -> int:
    from maillab import lifecycle

    _no_help_in_exam(args, env, "solve")
    runtime, lab = _lab(args, env)
    _confirm(env, args, f"Apply the reference solution to {lab.id} over your work?", "solve overwrites your work")
    with _exclusive(args, env, lab.id, "solve"):
        lifecycle.solve(runtime, lab)
    env.say(f"the reference solution is applied to {lab.id} (recorded as help); `lab grade` to see it pass")
    return ExitStatus.SUCCESS


def cmd_reset(args: argparse.Namespace, env: Env) -> int:
    from maillab import lifecycle, tasksheet

    _no_help_in_exam(args, env, "reset")
    runtime, lab = _lab(args, env)
    _confirm(env, args, f"Reset {lab.id} to its starting state? Your changes are lost.", "reset discards your work")
    with _exclusive(args, env, lab.id, "reset"), env.err.status(f"resetting {lab.id}…") as status:
        old = runtime.get(lab.id)
        container = lifecycle.reset(runtime, lab, lambda text: status.update(text))
    same = old is None or old.ports == container.ports
    where = "on the same ports" if same else "on new ports (another program took one of its old ones)"
    env.say(f"{lab.id} is back in its starting state, {where}")
    tasksheet.render(lab, container, env)
    return ExitStatus.SUCCESS


def cmd_status(args: argparse.Namespace, env: Env) -> int:
    from maillab import lablist, report

    report.render_status(lablist.running(_runtime(env, setup=False)), args.format, env)
    return ExitStatus.SUCCESS


def cmd_logs(args: argparse.Namespace, env: Env) -> int:
    from maillab import lifecycle

    runtime, lab = _lab(args, env)
    return lifecycle.logs(runtime, lab, args.lines, args.follow, env.stdout_file, env.stderr_file)


def cmd_finish(args: argparse.Namespace, env: Env) -> int:
    from maillab import lifecycle, report

    runtime = _runtime(env, setup=False)
    if args.all:
        _confirm(env, args, "Remove every maillab lab container?", "finish --all removes every lab")
        lifecycle.finish_all(runtime, env.say, args.wait)
        return ExitStatus.SUCCESS
    lab = lifecycle.choose_lab(runtime, args.lab)
    if lifecycle.never_graded(runtime, lab):
        _confirm(env, args, f"{lab.id} was never graded. Remove it anyway?", f"{lab.id} was never graded")
    with _exclusive(args, env, lab.id, "finish"):
        run = lifecycle.finish(runtime, lab)
    env.say(report.finished(lab.id, run))
    return ExitStatus.SUCCESS


def _lab_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    if required:
        parser.add_argument("lab", metavar="LAB", help="lab id, e.g. dovecot-ssl")
    else:
        parser.add_argument("lab", nargs="?", metavar="LAB", help="lab id (default: the one running lab)")


def _yes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped, so an error stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line as one line (no usage block), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitStatus.ERROR, f"{self.prog}: error: {one_line(message)} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lab",
        description="Hands-on LPIC-2 e-mail labs (Postfix, Dovecot, Courier) with live grading.",
        epilog="Start with `lab list`, then `lab start dovecot-ssl`.",
    )
    parser.add_argument("--version", action="version", version=f"maillab {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)

    def verb(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        return add_verb(verbs, name, handler, help_text)

    sub = verb("list", cmd_list, "list every lab with its server, objective, level and your state")
    sub.add_argument("--format", choices=("table", "json"), default="table")
    sub = verb("start", cmd_start, "start a lab (or resume it) and print its task sheet")
    _lab_argument(sub, required=True)
    sub.add_argument("--student", metavar="ID", help="draw this student's own values for the lab (user names, ...)")
    sub.add_argument("--class", dest="class_code", metavar="CODE", help="the class code your instructor gave you")
    add_wait(sub)
    sub = verb("build", cmd_build, "build (or check) the images of some labs or all of them, ahead of class")
    sub.add_argument("labs", nargs="*", metavar="LAB", help="lab ids (default: all)")
    sub.add_argument("--all", action="store_true", help="every lab")
    _lab_argument(verb("task", cmd_task, "print the task sheet of a running lab again"))
    sub = verb("shell", cmd_shell, "open a root shell in the lab's server, or run one command with -c")
    _lab_argument(sub)
    sub.add_argument("-c", dest="command", metavar="COMMAND", help="run COMMAND and return its exit status")
    sub = verb("grade", cmd_grade, "restart the lab's services and grade its configuration and behaviour")
    _lab_argument(sub)
    sub.add_argument("--format", choices=("table", "json", "junit", "csv"), default="table")
    sub.add_argument("--target", help="grade another machine instead: ssh://user@host[:port] or docker://NAME")
    add_wait(sub)
    _lab_argument(verb("hint", cmd_hint, "show the next hint (hints used are recorded)"))
    sub = verb("solve", cmd_solve, "apply the reference solution (recorded as help)")
    _lab_argument(sub)
    _yes(sub)
    add_wait(sub)
    sub = verb("reset", cmd_reset, "put the lab back in its starting state, on the same ports")
    _lab_argument(sub)
    _yes(sub)
    add_wait(sub)
    sub = verb("status", cmd_status, "show running labs, their ports, help used and last grade")
    sub.add_argument("--format", choices=("table", "json"), default="table")
    sub = verb("logs", cmd_logs, "show the server's mail log")
    _lab_argument(sub)
    sub.add_argument("-f", "--follow", action="store_true", help="keep printing new lines")
    sub.add_argument("-n", "--lines", type=int, default=100, help="how many lines (default 100)")
    sub = verb("finish", cmd_finish, "remove the lab's container (its last grade stays recorded)")
    _lab_argument(sub)
    _yes(sub)
    sub.add_argument("--all", action="store_true", help="remove every maillab lab container")
    add_wait(sub)
    register_quiz(verbs)
    register_exam(verbs)
    add_submit(verbs)
    add_instructor(verbs)
    doctor.register(verbs)
    return parser


# Set by a Ctrl-C or SIGTERM: a library that catches the KeyboardInterrupt and raises something
# else instead (pydantic building a schema turns it into a SchemaError) still ends as interrupted.
_SIGNALLED = threading.Event()


def _on_signal(signum: int, frame: Any) -> None:
    _SIGNALLED.set()
    raise KeyboardInterrupt


def _unraisable(info: Any) -> None:
    """An interrupt that landed inside a finalizer is raised again in the main code, not printed.
    Not from here: a handler run inside this hook could only end the hook, with a traceback."""
    if issubclass(info.exc_type, KeyboardInterrupt):
        main = threading.main_thread().ident
        later = threading.Timer(0.01, signal.pthread_kill, (main, signal.SIGINT))  # wakes a blocked call too
        later.daemon = True
        later.start()
        return
    sys.__unraisablehook__(info)


def _engine_failure(error: Exception) -> str | None:
    """One line for an engine error that escaped the library, or None when it is not one."""
    module = type(error).__module__
    if module.startswith(("docker", "requests", "urllib3")):
        detail = getattr(error, "explanation", None) or str(error).splitlines()[0][:200]
        return f"the container engine failed: {detail}"
    return None


def main(argv: list[str] | None = None, env: Env | None = None) -> int:
    """Run `lab`; return its exit status. An interrupt at any point, parsing included, ends with 130."""
    env = env or Env()
    _SIGNALLED.clear()  # an earlier run in this process may have been interrupted
    try:
        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)
        sys.unraisablehook = _unraisable
        return _run(argv, env)
    except KeyboardInterrupt:
        env.err.print("lab: interrupted")
        return ExitStatus.INTERRUPTED


def _run(argv: list[str] | None, env: Env) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return ExitStatus.ERROR if exit_.code else ExitStatus.SUCCESS
    as_json = getattr(args, "format", None) == "json"
    try:
        return int(args.handler(args, env))
    except MaillabError as error:
        _error(env, str(error), as_json)
        return error.status
    except Exception as error:
        if _SIGNALLED.is_set():
            raise KeyboardInterrupt from error
        if args.debug:
            raise
        message = _engine_failure(error) or f"unexpected error: {type(error).__name__}: {error} (rerun with --debug)"
        _error(env, message, as_json)
        return ExitStatus.ERROR


def _error(env: Env, message: str, as_json: bool) -> None:
    message = one_line(message)
    if as_json:
        output.print_json(env, {"error": message}, compact=True)
    env.err.print(f"[bold red]lab: error:[/] {message}", highlight=False, markup=True, soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
