"""Which students handed in the same work: each change from the lab's starting state, compared.

Everyone starts from the same Debian files, so whole archives say little; what a student
*changed* says who did the work. A change is every line added or removed in a file (by
difflib's line matching), a binary file or link that differs, and each kind of owner or mode
change, against the lab's fresh server. Two changes are

- `identical` when every changed path holds the same bytes, kind, owner and mode, and
- `similar` when their normalised lines (comments from `#` and all whitespace dropped)
  overlap by at least THRESHOLD, measured as the Dice coefficient of the two multisets of
  lines: 2 x shared lines / (lines of one + lines of the other), 1.00 when equal.

A change equal to the reference solution's (normalised) `matches the reference`, one at or
above THRESHOLD is `close to the reference`; two changes that both are, are not called copies,
since the task leads honest work there. Changes of fewer than MIN_LINES normalised lines are
counted and shown, never called copies: a one-line lab's honest answers are byte-identical.
"""

import difflib
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from maillab.instructor.archive import under
from maillab.instructor.submissions import Member

THRESHOLD = 0.80
MIN_LINES = 5
IDENTICAL, SIMILAR = "identical", "similar"
MATCHES_REFERENCE = "matches the reference"
COMMENT = re.compile(r"(^|\s)#.*$")


@dataclass(frozen=True)
class Change:
    """What a submission changed: a digest of the exact change, its normalised lines, and its size."""

    digest: str
    lines: Counter[str]
    changed_lines: int

    @property
    def size(self) -> int:
        """How many normalised lines the change has."""
        return sum(self.lines.values())

    @property
    def trivial(self) -> bool:
        return self.size < MIN_LINES


def normalise(line: str) -> str:
    """A line without its comment and without any whitespace: `ssl = yes # on` -> `ssl=yes`."""
    return re.sub(r"\s+", "", COMMENT.sub("", line))


def _text(member: Member | None) -> list[str] | None:
    """The lines of a text file; None for a binary one; [] when there is no file."""
    if member is None or member.kind != "file":
        return []
    if b"\0" in member.data:
        return None
    try:
        return member.data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None


def _content(old: Member | None, new: Member | None) -> list[str]:
    """The changed lines between two versions of one path, each marked `-` (removed) or `+` (added)."""
    lines: list[str] = []
    for sign, member in (("-", old), ("+", new)):
        if member is not None and member.kind == "symlink":
            lines.append(f"{sign}-> {member.link}")
    before, after = _text(old), _text(new)
    if before is None or after is None:
        binary = new if new is not None and new.kind == "file" else old
        sign = "+" if binary is new else "-"
        return [*lines, f"{sign}binary {hashlib.sha256(binary.data if binary else b'').hexdigest()[:16]}"]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            lines += [f"-{line}" for line in before[i1:i2]] + [f"+{line}" for line in after[j1:j2]]
    return lines


def _owner(member: Member) -> str:
    return f"{member.mode:o} {member.uid}:{member.gid}"


def _state(member: Member | None) -> tuple:
    if member is None:
        return ("absent",)
    return (member.kind, member.mode, member.uid, member.gid, hashlib.sha256(member.data).hexdigest(), member.link)


def change(start: dict[str, Member], collected: list[str], members: Iterable[Member]) -> Change:
    """A submission's change from the starting state `start`; under `collected` an absent path was removed."""
    now = {member.path: member for member in members}
    gone = (path for path in start if path not in now and any(under(path, root) for root in collected))
    digest = hashlib.sha256()
    raw: list[str] = []
    owners: set[str] = set()
    for path in sorted({*now, *gone}):
        old, new = start.get(path), now.get(path)
        if _state(old) == _state(new):
            continue
        digest.update(repr((path, _state(new))).encode())
        if old is not None and new is not None and old.kind == new.kind != "symlink" and _owner(old) != _owner(new):
            owners.add(f"~{_owner(old)} -> {_owner(new)}")
        raw += _content(old, new)
    normalised = Counter(line[0] + normalise(line[1:]) for line in raw)
    normalised.update(owners)
    normalised = Counter({line: n for line, n in normalised.items() if len(line) > 1})
    return Change(digest.hexdigest() if raw or owners else "", normalised, len(raw) + len(owners))


def similarity(a: Change, b: Change) -> float:
    """The Dice coefficient of two changes' normalised lines: 1.0 for equal ones, 0.0 for disjoint."""
    total = a.size + b.size
    return 2 * sum((a.lines & b.lines).values()) / total if total else 1.0


def shown(value: float) -> str:
    """A similarity as the report prints it, rounded down so `1.00` only means equal."""
    return f"{math.floor(value * 100 + 1e-9) / 100:.2f}"


class Work(Protocol):
    """A row of the gradebook as far as copies are concerned."""

    student: str
    lab: str
    file: str
    change: Change | None
    reference: Change | None  # the reference solution's change from the same starting state
    copy: str
    copies: list[dict[str, Any]]


def _reference_words(work: Work, reference: Change | None) -> str:
    if work.change is None or reference is None or not work.change.size:
        return ""
    if work.change.lines == reference.lines:
        return MATCHES_REFERENCE
    score = similarity(work.change, reference)
    if work.change.trivial or score < THRESHOLD:
        return ""
    return f"close to the reference ({shown(score)})"


def _verdict(a: Change, b: Change) -> tuple[str, float] | None:
    if a.trivial or b.trivial:
        return None
    if a.digest == b.digest:
        return IDENTICAL, 1.0
    if 2 * min(a.size, b.size) / (a.size + b.size) < THRESHOLD:  # the most they could share
        return None
    score = similarity(a, b)
    return (SIMILAR, score) if score >= THRESHOLD else None


def words(entry: dict[str, Any]) -> str:
    """`identical to s01` or `similar to s01 (0.93)`."""
    if entry["verdict"] == IDENTICAL:
        return f"identical to {entry['student']}"
    return f"similar to {entry['student']} ({shown(entry['similarity'])})"


def mark(works: Sequence[Work]) -> None:
    """Set each work's `copies` (other students' work like it) and `copy` (the same in words)."""
    near = {}
    for index, work in enumerate(works):
        work.copies = []
        work.copy = _reference_words(work, work.reference)
        near[index] = bool(work.copy)
    for i, a in enumerate(works):
        for j in range(i + 1, len(works)):
            b = works[j]
            if a.change is None or b.change is None or a.lab != b.lab or a.student == b.student:
                continue
            found = None if near[i] and near[j] else _verdict(a.change, b.change)
            for one, other in ((a, b), (b, a)) if found else ():
                entry = {"student": other.student, "file": other.file, "verdict": found[0], "similarity": found[1]}
                _note(one, entry)
    for work in works:
        work.copies.sort(key=lambda entry: (entry["verdict"] != IDENTICAL, -entry["similarity"], entry["student"]))
        work.copy = "; ".join(filter(None, [work.copy, *(words(entry) for entry in work.copies)]))


def summary(works: Sequence[Work]) -> str:
    """`2 pairs of students handed in alike work (see the copy column)`, or "" when none did."""
    pairs = {frozenset([(work.student, work.file), (e["student"], e["file"])]) for work in works for e in work.copies}
    if not pairs:
        return ""
    return f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''} of students handed in alike work (see the copy column)"


def _note(work: Work, entry: dict[str, Any]) -> None:
    """Add `entry`, keeping one per other student: the closest."""
    entry["similarity"] = round(entry["similarity"], 4)
    for index, old in enumerate(work.copies):
        if old["student"] == entry["student"]:
            if (entry["verdict"] == IDENTICAL, entry["similarity"]) > (old["verdict"] == IDENTICAL, old["similarity"]):
                work.copies[index] = entry
            return
    work.copies.append(entry)
