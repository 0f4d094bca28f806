"""The wheel carries the content (labs, checks, quizzes, containers) and the page templates for `pip install` users."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_content(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    names = zipfile.ZipFile(next(tmp_path.glob("maillab-*.whl"))).namelist()
    for required in (
        "maillab/_content/labs/dovecot-ssl/lab.yaml",
        "maillab/_content/labs/dovecot-ssl/solution/apply.sh",
        "maillab/_content/checks/imap.py",
        "maillab/_content/containers/base/maillab-init",
        "maillab/_content/containers/dovecot/Dockerfile",
        "maillab/_content/exams/dovecot.yaml",
        "maillab/templates/report.html.j2",
    ):
        assert required in names
