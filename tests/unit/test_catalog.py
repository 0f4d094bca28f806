"""Labs load, validate, and report broken files as file:line."""

import inspect
import shutil

import pytest

from maillab import catalog, paths
from maillab.checks import resolve
from maillab.errors import LabFileError, LabNotFound

LAB_IDS = catalog.lab_ids()


def test_there_are_labs():
    assert "dovecot-ssl" in LAB_IDS


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_every_check_resolves_and_takes_its_parameters(lab_id):
    lab = catalog.load(lab_id)
    for spec in lab.checks:
        function = resolve(spec.check)
        inspect.signature(function).bind(None, **spec.params)


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_every_lab_ships_two_solutions_and_wrong_cases(lab_id):
    lab = catalog.load(lab_id)
    assert (lab.folder / "solution" / "apply.sh").is_file()
    assert (lab.folder / "solution-alt" / "apply.sh").is_file()
    assert len(lab.wrong_cases) >= 2
    assert lab.fresh_case.fails


@pytest.mark.parametrize("lab_id", LAB_IDS)
def test_every_check_fails_in_at_least_one_proven_case(lab_id):
    lab = catalog.load(lab_id)
    failing = set(lab.fresh_case.fails)
    for case in lab.wrong_cases:
        failing |= set(case.fails)
    assert {spec.id for spec in lab.checks} - failing == set()


def test_unknown_lab_names_close_matches():
    with pytest.raises(LabNotFound, match="did you mean dovecot-ssl"):
        catalog.load("dovecot-sll")


def _copy_lab(tmp_path, monkeypatch):
    from maillab import paths

    root = tmp_path / "content"
    shutil.copytree(paths.content_root() / "labs" / "dovecot-ssl", root / "labs" / "dovecot-ssl")
    shutil.copytree(paths.content_root() / "containers", root / "containers")
    monkeypatch.setenv("MAILLAB_CONTENT", str(root))
    paths.content_root.cache_clear()
    yield root / "labs" / "dovecot-ssl" / "lab.yaml"
    paths.content_root.cache_clear()


@pytest.fixture
def lab_file(tmp_path, monkeypatch):
    yield from _copy_lab(tmp_path, monkeypatch)


def test_yaml_syntax_error_names_file_and_line(lab_file):
    text = lab_file.read_text().replace("difficulty: 2", "difficulty: [2")
    lab_file.write_text(text)
    with pytest.raises(LabFileError) as caught:
        catalog.load("dovecot-ssl")
    assert str(lab_file) in str(caught.value)
    assert caught.value.line is not None


def test_wrong_type_names_the_line_of_the_field(lab_file):
    lines = lab_file.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("difficulty:"))
    lines[number] = "difficulty: hard"
    lab_file.write_text("\n".join(lines) + "\n")
    with pytest.raises(LabFileError) as caught:
        catalog.load("dovecot-ssl")
    assert caught.value.line == number + 1
    assert "difficulty" in str(caught.value)


def test_unknown_check_id_in_a_wrong_case_is_reported(lab_file):
    expect = lab_file.parent / "wrong" / "key-world-readable" / "expect.yaml"
    expect.write_text("about: x\nfails:\n  no-such-check: y\n")
    lab = catalog.load("dovecot-ssl")
    with pytest.raises(LabFileError, match="unknown check id 'no-such-check'"):
        _ = lab.wrong_cases


def _lab_with_check(content_lab, check: str, params: str) -> str:
    old = (
        "check: imap.login\n"
        '    with: {port: 993, tls: implicit, user: student, password: student, sees: "Welcome 1 to the lab, student"}'
    )
    assert old in REAL_LAB_TEXT, "dovecot-ssl's first login check changed; update this test"
    text = REAL_LAB_TEXT.replace(old, f"check: {check}\n    with: {params}")
    content_lab.write_text(text)
    with pytest.raises(LabFileError) as raised:
        catalog.load_file(content_lab)
    return str(raised.value)


@pytest.fixture
def content_lab(tmp_path, monkeypatch):
    root = tmp_path / "content"
    (root / "labs" / "dovecot-ssl").mkdir(parents=True)
    for name in ("containers", "checks"):
        (root / name).symlink_to(getattr(paths, f"{name}_dir")())
    monkeypatch.setenv("MAILLAB_CONTENT", str(root))
    paths.content_root.cache_clear()
    yield root / "labs" / "dovecot-ssl" / "lab.yaml"
    paths.content_root.cache_clear()


REAL_LAB_TEXT = (paths.labs_dir() / "dovecot-ssl" / "lab.yaml").read_text()
IMAPS_LINE = REAL_LAB_TEXT.splitlines().index("    check: imap.login") + 2


@pytest.mark.parametrize(
    ("check", "params", "words"),
    [
        ("imap.login", "{port: 993, tls: implicit, user: student, pasword: student}", "pasword: Extra inputs"),
        ("imap.login", "{port: [993], user: student}", "port: Input should be a valid integer"),
        ("tls._public_key", "{}", "has no check '_public_key'"),
        ("_protocol.login", "{}", "private modules hold no checks"),
        ("courier.authtest", "{}", "courier.authtest is a check for courier servers; this lab's server is dovecot"),
        ("nosuch.login", "{}", "no module checks/nosuch.py"),
    ],
)
def test_a_lab_names_only_registered_checks_with_parameters_of_their_type(content_lab, check, params, words):
    message = _lab_with_check(content_lab, check, params)
    assert words in message
    assert message.startswith(f"{content_lab}:{IMAPS_LINE - 1}:") or message.startswith(f"{content_lab}:{IMAPS_LINE}:")


def test_helpers_of_a_check_module_cannot_be_named(content_lab):
    assert "has no check 'setting'" in _lab_with_check(content_lab, "courier.setting", "{}")
