"""`lab quiz ...`: practice, exam, review, stats, validate, export. Parse, call the quiz library, print."""

import argparse
from collections import Counter
from typing import Any

from maillab import output
from maillab.console import Env
from maillab.errors import ExitStatus, MaillabError
from maillab.verbs import add_verb

# Topic 211's objectives (maillab/quiz/scoring.py, OBJECTIVE_WEIGHTS), for --objective.
OBJECTIVES = ("211.1", "211.2", "211.3")


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def _questions() -> list[Any]:
    from maillab.quiz import model

    items = model.questions()
    if not items:
        raise MaillabError("no quiz questions found under quizzes/")
    return items


def cmd_practice(args: argparse.Namespace, env: Env) -> int:
    from maillab.quiz import scoring, session

    chosen = scoring.draw(_questions(), args.count, args.seed, args.topic)
    if not chosen:
        raise MaillabError(f"no question has the topic {args.topic!r}; `lab quiz stats` lists the topics")
    sitting = session.Session(env, "practice")
    sitting.run(chosen)
    session.summary(env, sitting, len(chosen))
    return ExitStatus.SUCCESS


def cmd_exam(args: argparse.Namespace, env: Env) -> int:
    from maillab.quiz import scoring, session

    questions = [q for q in _questions() if args.objective in (None, q.objective)]
    paper = scoring.exam_draw(questions, args.count, args.seed)
    env.out.print(scoring.exam_scope(args.objective), highlight=False, soft_wrap=True)
    shares = Counter(q.objective for q in paper)
    env.out.print("Paper: " + ", ".join(f"{o}: {n} questions" for o, n in sorted(shares.items())), soft_wrap=True)
    env.out.print(f"[bold]Mock exam[/]: {len(paper)} questions, {args.minutes} minutes, no feedback until the end.")
    sitting = session.Session(env, "exam", feedback=False)
    sitting.deadline = sitting.clock() + args.minutes * 60
    sitting.run(paper)
    score = session.exam_report(env, sitting, len(paper))
    return ExitStatus.SUCCESS if scoring.passed(score) else ExitStatus.CHECKS_FAILED


def cmd_review(args: argparse.Namespace, env: Env) -> int:
    from datetime import datetime

    from maillab.quiz import history, session

    by_id = {q.id: q for q in _questions()}
    due = [by_id[qid] for qid in history.due() if qid in by_id][: args.count]
    if not due:
        upcoming = history.next_due()
        when = datetime.fromtimestamp(upcoming).strftime("%Y-%m-%d %H:%M") if upcoming else "after your first session"
        env.out.print(f"Nothing is due for review. Next review: {when}. `lab quiz practice` meanwhile.")
        return ExitStatus.SUCCESS
    sitting = session.Session(env, "review")
    sitting.run(due)
    session.summary(env, sitting, len(due))
    return ExitStatus.SUCCESS


def cmd_stats(args: argparse.Namespace, env: Env) -> int:
    from maillab.quiz import stats

    data = stats.collect(_questions())
    if args.format == "json":
        output.print_json(env, data)
    else:
        stats.render(data, env)
    return ExitStatus.SUCCESS


def cmd_validate(args: argparse.Namespace, env: Env) -> int:
    from maillab.quiz import lint, model

    items = model.load_all()
    problems = lint.problems(items)
    for problem in problems:
        env.err.print(problem, highlight=False, markup=False, soft_wrap=True)
    if problems:
        return ExitStatus.ERROR
    claims = sum(len(item.question.claims) for item in items)
    env.say(f"{len(items)} questions in {len(model.bank_files())} banks are valid ({claims} claims)")
    return ExitStatus.SUCCESS


def cmd_export(args: argparse.Namespace, env: Env) -> int:
    from maillab.quiz import gift

    text = gift.export(_questions())
    if args.out:
        with open(args.out, "w", encoding="utf-8") as file:
            file.write(text)
        env.say(f"wrote {args.out}")
    else:
        env.stdout_file.write(text)
    return ExitStatus.SUCCESS


def register(verbs: Any) -> None:
    """Add `lab quiz` and its subcommands to the `lab` parser."""
    quiz = verbs.add_parser(
        "quiz", help="drill the theory: practice, mock exam, spaced review", description="drill LPIC-2 211.3 theory"
    )
    sub = quiz.add_subparsers(dest="quiz_verb", metavar="QUIZCOMMAND", required=True)

    def verb(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        return add_verb(sub, name, handler, help_text)

    parser = verb("practice", cmd_practice, "one question at a time, with the verdict and explanation after each")
    parser.add_argument("--topic", help="only questions on this topic (e.g. dovecot, courier, tls)")
    parser.add_argument("--count", type=_positive, default=10, help="how many questions (default 10)")
    parser.add_argument("--seed", type=int, help="draw the same questions in the same order again")
    parser = verb(
        "exam", cmd_exam, "a mock exam of topic 211 by weight: 60 questions, 90 minutes, scaled 200-800, 500 to pass"
    )
    parser.add_argument("--count", type=_positive, default=60, help="how many questions (default 60)")
    parser.add_argument("--minutes", type=_positive, default=90, help="time allowed (default 90)")
    parser.add_argument("--seed", type=int, help="draw the same paper again")
    parser.add_argument(
        "--objective", choices=OBJECTIVES, help="only this objective of topic 211 (default: all three, by weight)"
    )
    parser = verb("review", cmd_review, "spaced review: the questions you missed or answered slowly, when due")
    parser.add_argument("--count", type=_positive, default=20, help="at most this many (default 20)")
    parser = verb("stats", cmd_stats, "questions per type, objective and topic; your mastery and what is due")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    verb("validate", cmd_validate, "lint the question banks (file:line errors)")
    parser = verb("export", cmd_export, "write the banks for an LMS (Moodle GIFT)")
    parser.add_argument("--format", choices=("gift",), default="gift")
    parser.add_argument("--out", help="write to this file (default: stdout)")
