"""Choosing answers on a terminal: arrow keys move, space or a letter marks, Enter confirms."""

import os
import termios
import tty
from typing import TextIO

UP, DOWN = ("\x1b[A", "\x1bOA"), ("\x1b[B", "\x1bOB")


def _key(fd: int) -> str:
    """One key press; escape sequences (arrows) come back whole."""
    data = os.read(fd, 1)
    if data == b"\x1b":
        data += os.read(fd, 2)
    return data.decode(errors="replace")


def choose(stdin: TextIO, out: TextIO, choices: list[str], multi: bool) -> str | None:
    """Letters picked on the terminal (sorted), or None on end of input (Ctrl-D)."""
    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    pointer, marked = 0, set[str]()
    letters = "abcdefghij"[: len(choices)]
    try:
        tty.setcbreak(fd)
        while True:
            current = letters[pointer]
            picked = "".join(sorted(marked)) or "-"
            hint = "space marks, " if multi else ""
            line = f"\r\x1b[K> {current}) {choices[pointer][:50]}   chosen: {picked}   (↑/↓ move, {hint}Enter confirms)"
            out.write(line)
            out.flush()
            key = _key(fd)
            if key in UP:
                pointer = (pointer - 1) % len(choices)
            elif key in DOWN:
                pointer = (pointer + 1) % len(choices)
            elif key == "\x04":
                return None
            elif key in ("\r", "\n"):
                answer = "".join(sorted(marked)) if (multi or marked) else current
                if answer:
                    out.write(f"\r\x1b[K> {answer}\n")
                    return answer
            elif key == " " or key.lower() in letters:
                letter = current if key == " " else key.lower()
                if multi:
                    marked ^= {letter}
                else:
                    marked = {letter}
                    pointer = letters.index(letter)
            elif key in ("\x7f", "\b"):
                marked.clear()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
