"""On a real terminal (a pty), answers are picked with arrow keys, space and Enter."""

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from maillab.quiz import model, scoring

LAB = Path(sys.executable).parent / "lab"


def _read_until(fd: int, text: str, seen: list[str], start: int = 0, timeout: float = 30) -> int:
    """Read the terminal until `text` shows after position `start`; return where it ends."""
    deadline = time.monotonic() + timeout
    while text not in seen[0][start:]:
        assert time.monotonic() < deadline, f"never saw {text!r} in:\n{seen[0][-800:]}"
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen[0] += os.read(fd, 4096).decode(errors="replace")
            except OSError:
                break
    return seen[0].index(text, start) + len(text)


def _keys_for(question: model.Question) -> str:
    """Arrow down to each right choice; space marks it (multi) or Enter takes the pointed one (single)."""
    keys, pointer = "", 0
    for letter in question.accepted[0]:
        target = ord(letter) - 97
        keys += "\x1b[B" * (target - pointer)
        pointer = target
        if question.type == "multi":
            keys += " "
    return keys + "\r"


def test_arrow_keys_space_and_enter_answer_on_a_terminal(maillab_home):
    questions = model.questions()
    seed = next(s for s in range(500) if [q.type for q in scoring.draw(questions, 2, seed=s)] == ["single", "multi"])
    drawn = scoring.draw(questions, 2, seed=seed)
    master, slave = pty.openpty()
    env = {**os.environ, "MAILLAB_HOME": str(maillab_home), "TERM": "xterm"}
    process = subprocess.Popen(
        [str(LAB), "quiz", "practice", "--count", "2", "--seed", str(seed)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    seen = [""]
    try:
        for number, question in enumerate(drawn, 1):
            at = _read_until(master, f"Question {number}/2", seen)
            _read_until(master, "Enter confirms", seen, at)
            os.write(master, _keys_for(question).encode())
        _read_until(master, "correct.", seen, at)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    assert "2/2 correct." in seen[0], seen[0][-1500:]
