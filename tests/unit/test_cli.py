"""What the user sees from `lab` when no engine is needed: help, errors, exit statuses."""

import json

import pytest

from maillab.cli import build_parser
from maillab.errors import ExitStatus
from tests.helpers import run_lab


def test_every_command_has_help():
    parser = build_parser()
    verbs = next(a for a in parser._actions if a.dest == "verb")
    for name, sub in verbs.choices.items():
        assert sub.description, f"`lab {name}` has no help text"


def test_unknown_lab_is_one_line_with_suggestion():
    ran = run_lab("start", "dovecot-sl")
    assert ran.status == ExitStatus.ERROR
    assert ran.stderr.strip().count("\n") == 0
    assert "did you mean dovecot-ssl" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_usage_error_exits_2():
    assert run_lab("frobnicate").status == ExitStatus.ERROR


@pytest.mark.parametrize("argv", [["--help"], ["grade", "--help"], ["--version"]])
def test_help_exits_0(argv, capsys):
    assert run_lab(*argv).status == ExitStatus.SUCCESS


def test_list_json_lists_dovecot_ssl():
    ran = run_lab("list", "--format", "json")
    assert ran.status == 0
    rows = json.loads(ran.stdout)
    assert any(row["id"] == "dovecot-ssl" and row["objective"] == "211.3" for row in rows)


def test_engine_missing_is_one_line(monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    ran = run_lab("grade", "dovecot-ssl", "--format", "json")
    assert ran.status == ExitStatus.ERROR
    assert "container engine" in json.loads(ran.stdout)["error"]
    assert "Traceback" not in ran.stderr


def test_ssh_target_without_an_ssh_client_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    ran = run_lab("grade", "dovecot-ssl", "--target", "ssh://root@127.0.0.1:1")
    assert ran.status == ExitStatus.ERROR
    assert "apt-get install openssh-client" in ran.stderr and "Traceback" not in ran.stderr


def test_ctrl_c_while_the_parser_is_built_ends_quietly(monkeypatch):
    import os
    import signal

    from maillab import cli

    real = cli.build_parser

    def interrupted_build():
        os.kill(os.getpid(), signal.SIGINT)
        return real()

    monkeypatch.setattr(cli, "build_parser", interrupted_build)
    ran = run_lab("list")
    assert ran.status == ExitStatus.INTERRUPTED
    assert "lab: interrupted" in ran.stderr


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["start", "courier-aliases", "--class", "C1"], "--class needs --student"),
        (["start", "courier-aliases", "--student", "s 01"], "--student 's 01': use letters"),
        (["start", "courier-aliases", "--student", "s01", "--class", "C/1"], "--class 'C/1': use letters"),
        (["instructor", "grade", ".", "--out", "x", "--class", "C 1"], "--class 'C 1': use letters"),
    ],
)
def test_a_bad_student_or_class_is_one_line_before_any_engine(argv, words):
    ran = run_lab(*argv)
    assert ran.status == ExitStatus.ERROR
    assert words in ran.stderr and len(ran.stderr.strip().splitlines()) == 1
