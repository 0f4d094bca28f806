"""Run a quiz session on the terminal: ask, read one answer per line, judge, record, explain."""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.markup import escape

from maillab.console import Env
from maillab.quiz import history, scoring
from maillab.quiz.model import Question


@dataclass
class Answered:
    question: Question
    reply: str
    correct: bool
    seconds: float


@dataclass
class Session:
    """One sitting: practice and review explain after each answer; an exam only at the end."""

    env: Env
    mode: str
    feedback: bool = True
    deadline: float | None = None
    clock: Callable[[], float] = time.monotonic
    id: str = ""
    answered: list[Answered] = field(default_factory=list)
    ended_early: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or history.new_session(self.mode)

    def run(self, questions: list[Question]) -> list[Answered]:
        for number, question in enumerate(questions, 1):
            if self.deadline is not None and self.clock() >= self.deadline:
                self.ended_early = "time is up"
                break
            reply, seconds = self._ask(question, number, len(questions))
            if reply is None:
                self.ended_early = "no more answers on input"
                break
            if self.deadline is not None and self.clock() > self.deadline:
                self.ended_early = "time ran out before that answer"
                break
            correct = scoring.is_correct(question, reply)
            history.record(self.id, self.mode, question.id, reply, correct, seconds)
            self.answered.append(Answered(question, reply, correct, seconds))
            if self.feedback:
                self._explain(question, correct)
        return self.answered

    def _ask(self, question: Question, number: int, total: int) -> tuple[str | None, float]:
        out = self.env.out
        header = f"[bold]Question {number}/{total}[/] [dim]{question.id} · {', '.join(question.topics)}[/]"
        if self.deadline is not None:
            left = max(0, int(self.deadline - self.clock()))
            header += f"  [yellow]time left {left // 60:02d}:{left % 60:02d}[/]"
        out.print()
        out.print(header)
        out.print(escape(question.prompt.strip()))
        for index, choice in enumerate(question.choices):
            out.print(f"  {chr(97 + index)}) {escape(choice)}")
        out.print(f"[dim]{_instruction(question)}[/]")
        started = self.clock()
        if question.choices and _terminal(self.env):
            from maillab.quiz import tty

            picked = tty.choose(self.env.stdin, self.env.stdout_file, question.choices, question.type == "multi")
            return picked, self.clock() - started
        self.env.stdout_file.write("> ")
        self.env.stdout_file.flush()
        line = self.env.stdin.readline()
        if not line:
            out.print()
            return None, 0.0
        if not self.env.interactive:
            out.print(escape(line.rstrip("\n")))
        return line.strip(), self.clock() - started

    def _explain(self, question: Question, correct: bool) -> None:
        out = self.env.out
        if correct:
            out.print("[bold green]Correct.[/]")
        else:
            out.print(f"[bold red]Wrong.[/] The answer is {escape(scoring.shown_answer(question))}.")
        out.print(escape(question.explanation.strip()))
        if question.lab:
            out.print(f"[cyan]Practise this in `lab start {question.lab}`.[/]")


def _terminal(env: Env) -> bool:
    """A real terminal on both sides, where arrow keys can be read."""
    try:
        return env.interactive and os.isatty(env.stdin.fileno()) and os.isatty(env.stdout_file.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _instruction(question: Question) -> str:
    if question.type == "single":
        return "Choose one (a letter, or arrow keys and Enter)."
    if question.type == "multi":
        return f"Choose {len(question.accepted[0])} (letters in any order, e.g. ac; or arrows, space and Enter)."
    return "Type the answer (a command, path or setting), without quotes."


def summary(env: Env, session: Session, total: int) -> dict[str, Any]:
    """Print how the session went; return it as data."""
    right = sum(a.correct for a in session.answered)
    if session.ended_early:
        env.out.print(f"[yellow]Stopped after {len(session.answered)} of {total}: {session.ended_early}.[/]")
    env.out.print(f"[bold]{right}/{len(session.answered)} correct.[/]")
    return {"answered": len(session.answered), "correct": right, "total": total}


def exam_report(env: Env, session: Session, total: int) -> int:
    """The exam's end: scaled score, pass or fail, then each missed or unanswered question explained."""
    right = sum(a.correct for a in session.answered)
    score = scoring.scaled(right, total)
    verdict = "[bold green]PASS[/]" if scoring.passed(score) else "[bold red]FAIL[/]"
    env.out.print()
    if session.ended_early:
        env.out.print(f"[yellow]The exam ended: {session.ended_early}; unanswered questions count as wrong.[/]")
    env.out.print(f"[bold]Exam: {right}/{total} correct, scaled score {score} (500 to pass): [/]{verdict}")
    missed = [a for a in session.answered if not a.correct]
    if missed:
        env.out.print(f"\n[bold]Review of the {len(missed)} missed question(s):[/]")
    for answer in missed:
        question = answer.question
        env.out.print(f"\n[bold]{question.id}[/]: {escape(question.prompt.strip())}")
        env.out.print(
            f"  you answered {escape(answer.reply or '(nothing)')}; right: {escape(scoring.shown_answer(question))}"
        )
        env.out.print("  " + escape(question.explanation.strip()))
        if question.lab:
            env.out.print(f"  [cyan]Practise this in `lab start {question.lab}`.[/]")
    return score
