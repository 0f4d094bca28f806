"""The question banks: schema, lint, coverage of the reference text, claims shape, file:line errors."""

import os
import re
from pathlib import Path

import pytest

from maillab import catalog, paths
from maillab.errors import LabFileError
from maillab.quiz import lint, model
from tests.helpers import run_lab
from tests.unit.reference_terms import REFERENCE_TERMS

# The topic's reference text is kept beside the checkout (not in it); MAILLAB_REFERENCE_TEXT points elsewhere.
_BESIDE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "remote-email-delivery.txt"
REFERENCE_TEXT = Path(os.environ.get("MAILLAB_REFERENCE_TEXT", str(_BESIDE)))


@pytest.fixture(scope="module")
def items():
    return model.load_all()


def _asked(question: model.Question) -> str:
    """What a question asks about: prompt, choices and accepted fill answers."""
    extra = "\n".join(question.accepted) if question.type == "fill" else ""
    return (question.text + "\n" + extra).lower()


def test_banks_hold_at_least_150_questions_of_every_type(items):
    kinds = {item.question.type for item in items}
    assert len(items) >= 150
    assert kinds == {"single", "multi", "fill"}


def test_banks_pass_the_lint(items):
    assert lint.problems(items) == []


def test_every_question_has_a_lab_that_practises_it(items):
    missing = [item.question.id for item in items if item.question.lab not in catalog.lab_ids()]
    assert missing == []


def test_answer_letters_are_spread_over_positions(items):
    singles = [item.question.answer for item in items if item.question.type == "single"]
    most = max(singles.count(letter) for letter in "abcd")
    assert most < 0.4 * len(singles), "the right answer sits in one position too often"


@pytest.mark.parametrize("term", REFERENCE_TERMS)
def test_reference_term_is_asked_three_times(items, term):
    asking = [item.question.id for item in items if term.lower() in _asked(item.question)]
    assert len(asking) >= 3, f"{term!r} is asked by {asking}"


def _expanded_reference() -> str:
    """The reference text with its shell script's variables expanded ($SSLDIR/certs -> /etc/ssl/certs)."""
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    values: dict[str, str] = {}
    for name, default, plain in re.findall(r"^(\w+)=(?:\$\{\w+-([^}]*)\}|(\S+))$", text, re.M):
        values[name] = re.sub(r"\$(\w+)", lambda m: values.get(m.group(1), m.group(0)), default or plain)
    return text + "\n" + "\n".join(values.values())


def _named(text: str, path: str) -> bool:
    """The path is in the text (once written there without its leading slash), or its folder is, with the
    file's name listed right after it."""
    folder, name = path.rsplit("/", 1)
    listed = re.escape(folder) + r"\W.{0,60}\b" + re.escape(name) + r"\b"
    return path.lstrip("/") in text or bool(re.search(listed, text))


@pytest.mark.skipif(not REFERENCE_TEXT.is_file(), reason="the reference text is not on this machine")
def test_reference_claims_are_in_the_reference_text(items):
    text = _expanded_reference()
    wrong = []
    for item in items:
        for claim in item.question.claims:
            if claim.system != "reference":
                continue
            if _named(text, claim.subject.rstrip("/")) != claim.exists:
                wrong.append(f"{item.question.id}: {claim.subject}")
    assert wrong == []


def _bank(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "quizzes"
    folder.mkdir(exist_ok=True)
    (folder / "bank.yaml").write_text(body)
    return folder


GOOD = """\
- id: t-one
  type: single
  prompt: Which setting names where the mail of each user is kept?
  choices: ["mail_location", "mail_home", "maildir"]
  answer: a
  explanation: mail_location sets the format and path of each mailbox.
  objective: "211.3"
  topics: [mailbox]
  lab: dovecot-maildir
"""


def test_lint_names_each_unclaimed_setting_path_and_utility(tmp_path):
    prompt = 'prompt: "Run doveadm who, read /etc/dovecot/dovecot.conf: which'
    body = GOOD.replace("prompt: Which", prompt).replace("kept?", 'kept?"')
    problems = lint.problems(model.load_all(_bank(tmp_path, body)))
    text = "\n".join(problems)
    assert "bank.yaml:1: t-one: names the setting 'mail_location'" in text
    assert "names the path '/etc/dovecot/dovecot.conf'" in text
    assert "names the command 'doveadm'" in text
    assert "names the doveadm subcommand 'who'" in text
    assert "mail_home" in text


def test_lint_accepts_claimed_facts(tmp_path):
    body = GOOD + "  claims:\n    - {setting: mail_location}\n    - {setting: mail_home}\n"
    assert lint.problems(model.load_all(_bank(tmp_path, body))) == []


def test_reference_claim_requires_saying_so_and_the_debian_path(tmp_path):
    body = GOOD + "  claims:\n    - {setting: mail_location}\n    - {setting: mail_home}\n"
    body += "    - {system: reference, path: /etc/dovecot.conf}\n"
    problems = "\n".join(lint.problems(model.load_all(_bank(tmp_path, body))))
    assert "source-built layout" in problems
    assert "Debian path" in problems


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("answer: a", "answer: e"), "bank.yaml:5: answer: Value error, answer must be letters among 'abc'"),
        (("lab: dovecot-maildir", "lab: dovecot-nope"), "unknown lab 'dovecot-nope'"),
        (("type: single", "type: multi"), "at least two letters"),
        (("  topics: [mailbox]\n", "  topics: [mailbox]\n  colour: red\n"), "colour: Extra inputs are not permitted"),
    ],
)
def test_schema_errors_name_file_and_line(tmp_path, change, message):
    folder = _bank(tmp_path, GOOD.replace(*change))
    with pytest.raises(LabFileError) as error:
        model.load_all(folder)
    assert str(error.value).startswith(str(folder / "bank.yaml") + ":")
    assert message.split("bank.yaml:")[-1] in str(error.value)


def test_duplicate_ids_and_near_duplicate_prompts(tmp_path):
    folder = _bank(tmp_path, GOOD)
    (folder / "more.yaml").write_text(GOOD)
    with pytest.raises(LabFileError, match="is also used at"):
        model.load_all(folder)
    (folder / "more.yaml").write_text(GOOD.replace("t-one", "t-two").replace("kept?", "kept ?"))
    assert any("nearly repeats t-one" in p for p in lint.problems(model.load_all(folder)))


def test_validate_command_prints_file_line_and_exits_2(tmp_path, monkeypatch):
    folder = _bank(tmp_path, GOOD)
    monkeypatch.setattr(paths, "quizzes_dir", lambda: folder)
    ran = run_lab("quiz", "validate")
    assert ran.status == 2
    assert f"{folder / 'bank.yaml'}:1: t-one: names the setting 'mail_location' but has no claim" in ran.stderr
    (folder / "bank.yaml").write_text("- id: [broken\n")
    ran = run_lab("quiz", "validate")
    assert ran.status == 2 and "bank.yaml:2: invalid YAML" in ran.stderr and "Traceback" not in ran.stderr


def test_validate_command_passes_on_the_shipped_banks():
    ran = run_lab("quiz", "validate")
    assert ran.status == 0, ran.stderr
    assert "questions in" in ran.stderr


@pytest.mark.skipif(not REFERENCE_TEXT.is_file(), reason="the reference text is not on this machine")
def test_no_question_copies_nine_words_of_the_reference_text(items):
    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[\w'./%-]+", text.lower())
        return {tuple(words[i : i + 9]) for i in range(len(words) - 8)}

    reference = runs(REFERENCE_TEXT.read_text(encoding="utf-8"))
    copied = []
    for item in items:
        question = item.question
        text = " ".join([question.prompt, *question.choices, question.explanation])
        copied += [f"{question.id}: {' '.join(run)}" for run in runs(text) & reference]
    assert copied == []
