"""The copy measure, superseded archives and batch progress, on changes made by hand (no engine)."""

import io
from types import SimpleNamespace

from maillab.console import Env
from maillab.instructor import batch, copies, live
from maillab.instructor.submissions import Member

CONF = "# TLS settings\nssl = no\n#ssl_cert = </etc/x.pem\nauth = plain\n"
START = {
    "/etc/dovecot": Member("/etc/dovecot", "dir", 0o755, 0, 0),
    "/etc/dovecot/a.conf": Member("/etc/dovecot/a.conf", "file", 0o644, 0, 0, data=CONF.encode()),
    "/etc/dovecot/old.conf": Member("/etc/dovecot/old.conf", "file", 0o644, 0, 0, data=b"x = 1\n"),
    "/home/alice/Maildir/cur": Member("/home/alice/Maildir/cur", "dir", 0o700, 0, 0),
    "/home/alice/Maildir/new": Member("/home/alice/Maildir/new", "dir", 0o700, 0, 0),
    "/etc/passwd": Member("/etc/passwd", "file", 0o644, 0, 0, data=b"root:x:0:0::/root:/bin/sh\n"),
}
COLLECTED = ["/etc/dovecot", "/home/alice/Maildir"]


def _file(path: str, text: str, mode: int = 0o644) -> Member:
    return Member(path, "file", mode, 0, 0, data=text.encode())


def _work(*files: Member, drop: tuple[str, ...] = ()) -> list[Member]:
    """The starting state with `files` added or replaced and the paths in `drop` removed."""
    members = {path: member for path, member in START.items() if path not in drop and path != "/etc/passwd"}
    return list((members | {member.path: member for member in files}).values())


def _change(*files: Member, drop: tuple[str, ...] = ()) -> copies.Change:
    return copies.change(START, COLLECTED, _work(*files, drop=drop))


def test_normalise_drops_comments_and_whitespace_only():
    assert copies.normalise("  ssl = yes   # on, as asked") == "ssl=yes"
    assert copies.normalise("#ssl_cert = </etc/x.pem") == ""
    assert copies.normalise("password = pass#word") == "password=pass#word"


def test_an_unchanged_archive_changes_nothing():
    nothing = _change()
    assert (nothing.changed_lines, nothing.size, nothing.digest, nothing.trivial) == (0, 0, "", True)


def test_a_change_counts_lines_added_removed_and_deleted_under_the_collected_paths():
    edited = _file("/etc/dovecot/a.conf", CONF.replace("ssl = no", "ssl = required # TLS only"))
    new = _file("/etc/dovecot/local.conf", "# mine\n\nauth_mechanisms = plain login\n")
    change = _change(edited, new, drop=("/etc/dovecot/old.conf",))
    # -ssl = no, +ssl = required, the three new lines, and the deleted file's line; /etc/passwd was not
    # collected, so its absence from the archive changes nothing
    assert change.changed_lines == 6
    assert change.lines == {"-ssl=no": 1, "+ssl=required": 1, "+auth_mechanisms=plainlogin": 1, "-x=1": 1}


def test_owner_changes_count_once_per_kind_of_change():
    chowned = [Member(path, "dir", 0o700, 1001, 1001) for path in START if path.startswith("/home/alice")]
    change = _change(*chowned)
    assert change.lines == {"~700 0:0 -> 700 1001:1001": 1} and change.changed_lines == 1


def test_binary_files_and_links_are_one_line_each():
    key = Member("/etc/dovecot/key.der", "file", 0o600, 0, 0, data=b"\x30\x82\x00\x01")
    link = Member("/etc/dovecot/current.pem", "symlink", 0o777, 0, 0, link="/etc/ssl/x.pem")
    change = _change(key, link)
    assert change.changed_lines == 2
    assert "+->/etc/ssl/x.pem" in change.lines and any(line.startswith("+binary") for line in change.lines)


def test_similarity_is_the_dice_coefficient_of_the_lines():
    base = [f"setting_{n} = {n}" for n in range(4)]
    a = _change(_file("/etc/dovecot/local.conf", "\n".join(base)))
    b = _change(_file("/etc/dovecot/local.conf", "\n".join([*base[:3], "other = 1"])))
    assert copies.similarity(a, b) == 0.75  # 2 x 3 shared / (4 + 4)
    assert copies.similarity(a, a) == 1.0
    assert copies.shown(0.999) == "0.99" and copies.shown(1.0) == "1.00" and copies.shown(0.93) == "0.93"


SOLVED = "\n".join(f"option_{n} = value {n}" for n in range(8))


def _rows(reference: copies.Change | None = None, **changes: copies.Change | None) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            student=name, lab="lab-a", file=f"{name}.tar.gz", change=change, reference=reference, copy="", copies=[]
        )
        for name, change in changes.items()
    ]


def test_identical_similar_and_honest_work_are_told_apart():
    work = _change(_file("/etc/dovecot/local.conf", SOLVED))
    reworded = "# my own\n" + SOLVED.replace(" = ", "=") + "\nextra = 1\n"
    honest = _change(_file("/etc/dovecot/local.conf", SOLVED.replace("value", "mine")))
    rows = _rows(s01=work, s02=work, s03=_change(_file("/etc/dovecot/local.conf", reworded)), s04=honest, s05=None)
    copies.mark(rows)
    assert [row.copy for row in rows] == [
        "identical to s02; similar to s03 (0.94)",
        "identical to s01; similar to s03 (0.94)",
        "similar to s01 (0.94); similar to s02 (0.94)",
        "",
        "",
    ]
    assert rows[2].copies[0] == {"student": "s01", "file": "s01.tar.gz", "verdict": "similar", "similarity": 0.9412}
    assert copies.summary(rows) == "3 pairs of students handed in alike work (see the copy column)"


def test_trivial_changes_and_the_reference_are_never_copies():
    one_line = _change(_file("/etc/dovecot/a.conf", CONF.replace("ssl = no", "ssl = yes")))
    solved = _change(_file("/etc/dovecot/local.conf", SOLVED))
    near = _change(_file("/etc/dovecot/local.conf", SOLVED + "\nextra = 1"))
    rows = _rows(reference=solved, s01=one_line, s02=one_line, s03=solved, s04=solved, s05=near)
    copies.mark(rows)
    assert [row.copy for row in rows] == [
        "",
        "",
        "matches the reference",
        "matches the reference",
        "close to the reference (0.94)",
    ]


def test_one_student_and_two_labs_are_never_paired():
    work = _change(_file("/etc/dovecot/local.conf", SOLVED))
    rows = _rows(s01=work, s02=work)
    rows[1].student = "s01"
    other_lab = _rows(s03=work)
    other_lab[0].lab = "lab-b"
    copies.mark(rows + other_lab)
    assert [row.copy for row in rows + other_lab] == ["", "", ""]
    assert copies.summary(rows) == ""


def test_the_last_arrival_counts_then_the_change_time_then_the_name():
    def row(file: str, arrived: str, ctime: int, student: str = "ann") -> batch.Row:
        return batch.Row(student, file, batch.GRADED, "lab-a", arrived=arrived, ctime_ns=ctime)

    rows = [
        row("a.tar.gz", "2026-03-01T10:00:00Z", 5),
        row("b.tar.gz", "2026-03-01T10:00:01Z", 1),  # the latest arrival
        row("c.tar.gz", "2026-03-01T10:00:01Z", 1),  # same second, same change time: the name decides
        row("d.tar.gz", "2026-03-01T09:00:00Z", 9, student="bob"),
        batch.Row("x.tar.gz", "x.tar.gz", batch.INVALID, reason="not a readable tar archive"),
    ]
    batch.supersede(rows)
    assert [r.status for r in rows] == ["superseded", "superseded", "graded", "graded", "invalid"]
    assert rows[0].reason == "c.tar.gz arrived later and counts"
    late_ctime = [row("e.tar.gz", "2026-03-01T10:00:00Z", 7), row("f.tar.gz", "2026-03-01T10:00:00Z", 6)]
    batch.supersede(late_ctime)
    assert [r.status for r in late_ctime] == ["graded", "superseded"]


def test_results_never_carry_the_change_or_the_change_time():
    data = batch.Row("ann", "a.tar.gz", batch.GRADED, change=_change(), ctime_ns=5).to_dict()
    assert "change" not in data and "ctime_ns" not in data and data["copy"] == "" and data["changed_lines"] == 0


def _done(text_rows: list[batch.Row], env: Env) -> None:
    with live.shown(env, len(text_rows)) as progress:
        for row in text_rows:
            progress(row)


def test_progress_is_a_line_per_submission_without_a_terminal():
    err = io.StringIO()
    rows = [batch.Row("ann", "a", batch.GRADED, score=3, max_score=4)]
    rows.append(batch.Row("b", "b", batch.INVALID, reason="[/x]"))  # rich markup in a member name is shown as is
    _done(rows, Env(stderr_file=err, colour=False))
    assert err.getvalue().splitlines() == ["maillab: ann: graded 3/4", "maillab: b: invalid: [/x]"]


def test_progress_on_a_terminal_draws_a_bar_and_keeps_the_lines():
    err = io.StringIO()
    rows = [batch.Row(f"s{n}", "f", batch.GRADED, score=n, max_score=4) for n in range(3)]
    _done(rows, Env(stderr_file=err, colour=True))
    text = err.getvalue()
    assert "s2: graded 2/4" in text and "3/3" in text and "\x1b[" in text
