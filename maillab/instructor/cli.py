"""`lab submit` and `lab instructor ...`: parse, call the instructor library, print."""

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from maillab.console import Env
from maillab.errors import ExitStatus, UsageError
from maillab.verbs import add_verb, add_wait


def _client(env: Env) -> Any:
    from maillab import engine

    return engine.connect(env.say)


def cmd_submit(args: argparse.Namespace, env: Env) -> int:
    from maillab import engine, lablock, lifecycle, sitting
    from maillab.instructor import collect
    from maillab.runtime import EXAM_LABEL, Runtime

    runtime = Runtime(engine.connect(env.say))
    found = sitting.sittings(runtime) if args.lab is None else []
    plain = [c for c in runtime.labs() if c.status == "running" and EXAM_LABEL not in c.labels]
    if found and plain:
        labs = ", ".join(sorted(c.lab for c in plain))
        raise UsageError(
            f"exam {found[0].exam.id} and lab {labs} both run: `lab submit {plain[0].lab} --student ...` "
            f"hands in the lab; `lab finish {plain[0].lab}` first to hand in the exam"
        )
    if len(found) == 1 and not plain:  # an exam's work: the drawn labs as one, with the seed
        lab, seat = found[0].lab, {"exam": found[0].exam.id, "seed": found[0].seed, "tasks": found[0].tasks}
    else:
        lab, seat = lifecycle.choose_lab(runtime, args.lab), None
    out = Path(args.out or f"{args.student}-{lab.id}.tar.gz")
    with lablock.held(lab.id, "submit", env.say, args.wait):
        manifest = collect.submit(runtime, lab, args.student, out, seat)
    env.say(f"packed {len(manifest.files)} files of {lab.id} for {manifest.student} into {out}")
    env.stdout_file.write(f"{out}\n")
    return ExitStatus.SUCCESS


def _deadline(text: str | None) -> datetime | None:
    """An ISO 8601 time; without a zone it is this machine's local time."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--deadline {text!r}: use ISO 8601, e.g. 2026-03-01T17:00 or 2026-03-01T17:00+01:00"
        ) from None
    return (moment if moment.tzinfo else moment.astimezone()).astimezone(UTC)


def cmd_grade(args: argparse.Namespace, env: Env) -> int:
    from maillab.instructor import archive, batch, copies, gradebook, live

    if args.class_code is not None:
        archive.require_id("--class", args.class_code)
    archives = batch.find_archives([Path(p) for p in args.submissions])
    roster = batch.read_roster(Path(args.roster)) if args.roster else None
    if not archives and not roster:
        raise UsageError("no submission archives (*.tar.gz, *.tgz, *.tar) found there")
    if not 0 <= args.late_penalty <= 100:
        raise UsageError("--late-penalty is a percentage from 0 to 100")
    out = Path(args.out)
    receipts = batch.Receipts(Path(args.receipts) if args.receipts else out / "receipts.json")
    policy = batch.Policy(_deadline(args.deadline), args.late_penalty)
    client = _client(env)
    jobs = args.jobs or os.cpu_count() or 2
    env.say(f"grading {len(archives)} archives with {jobs} sandboxes at a time…")

    with live.shown(env, len(archives)) as progress:
        rows = batch.grade_all(
            client,
            archives,
            receipts,
            jobs,
            args.timeout,
            policy=policy,
            roster=roster,
            progress=progress,
            class_code=args.class_code,
        )
    written = gradebook.write(rows, out)
    env.say(batch.status_summary(rows))
    if copies.summary(rows):
        env.say(copies.summary(rows))
    env.say(f"wrote {', '.join(str(path) for path in written.values())}")
    return ExitStatus.SUCCESS


def cmd_clean(args: argparse.Namespace, env: Env) -> int:
    from maillab.instructor import sandbox

    removed = sandbox.clean(_client(env))
    env.say(f"removed {removed} grading sandbox{'es' if removed != 1 else ''}")
    return ExitStatus.SUCCESS


def add_submit(verbs: Any) -> None:
    """Register `lab submit`."""
    help_text = "pack your lab's work (its config files and the files they point to) into one archive to hand in"
    sub = add_verb(verbs, "submit", cmd_submit, help_text)
    sub.add_argument("lab", nargs="?", metavar="LAB", help="lab id (default: the one running lab or exam)")
    sub.add_argument("--student", required=True, help="your student id (letters, digits, . _ @ -)")
    sub.add_argument("--out", help="archive to write (default: STUDENT-LAB.tar.gz here)")
    add_wait(sub)


def add_instructor(verbs: Any) -> None:
    """Register `lab instructor grade|clean`."""
    help_text = "grade a class's submissions in parallel sandboxes and write a gradebook and report"
    group = verbs.add_parser("instructor", help=help_text, description=help_text)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    text = "grade archives (files or folders of them) and write gradebook.csv, results.json, junit.xml, report.html"
    sub = add_verb(actions, "grade", cmd_grade, text)
    sub.add_argument("submissions", nargs="+", metavar="SUBMISSIONS", help="archive files or folders of them")
    sub.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    sub.add_argument("--jobs", type=int, default=0, help="sandboxes at a time (default: number of cores)")
    sub.add_argument("--roster", metavar="FILE", help="student ids, one a line: absent ones are listed as missing")
    sub.add_argument("--deadline", help="ISO 8601 time; later arrivals are late (default zone: this machine's)")
    sub.add_argument("--late-penalty", type=float, default=0.0, metavar="PCT", help="percent off a late score")
    sub.add_argument("--timeout", type=float, default=60.0, metavar="S", help="wall-clock limit per submission")
    text = "grade each archive with its student's values drawn for class CODE (labs with parameters)"
    sub.add_argument("--class", dest="class_code", metavar="CODE", help=text)
    sub.add_argument("--receipts", metavar="FILE", help="arrival records (default: DIR/receipts.json)")
    text = "remove grading sandboxes left behind (e.g. after a killed run)"
    add_verb(actions, "clean", cmd_clean, text)
