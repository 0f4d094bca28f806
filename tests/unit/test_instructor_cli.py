"""What `lab instructor` and `lab submit` tell the user before any engine is needed."""

from tests import hostile
from tests.helpers import run_lab


def test_missing_folder_is_one_line_exit_2(tmp_path):
    ran = run_lab("instructor", "grade", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert ran.status == 2 and "nope: no such file or folder" in ran.stderr and ran.stderr.count("\n") == 1


def test_empty_folder_says_what_it_looks_for(tmp_path):
    ran = run_lab("instructor", "grade", str(tmp_path), "--out", str(tmp_path / "out"))
    assert ran.status == 2 and "*.tar.gz" in ran.stderr


def test_bad_deadline_names_the_format(tmp_path):
    (tmp_path / "a.tar.gz").write_bytes(hostile.honest())
    ran = run_lab("instructor", "grade", str(tmp_path), "--out", str(tmp_path / "o"), "--deadline", "friday")
    assert ran.status == 2 and "ISO 8601" in ran.stderr and "Traceback" not in ran.stderr


def test_grade_target_needs_a_lab_id():
    ran = run_lab("grade", "--target", "docker://x")
    assert ran.status == 2 and "needs the lab id" in ran.stderr


def test_help_of_instructor_commands():
    for argv in (["instructor", "--help"], ["instructor", "grade", "--help"], ["submit", "--help"]):
        assert run_lab(*argv).status == 0
