"""The question banks: schema, lint, coverage of the reference text, claims shape, file:line errors."""

import os
import re
from pathlib import Path

import pytest

from maillab import catalog, paths
from maillab.errors import LabFileError
from maillab.quiz import lint, model, scoring
from tests.helpers import run_lab
from tests.unit.reference_terms import OBJECTIVE_TERMS, REFERENCE_TERMS

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


@pytest.mark.parametrize(
    ("objective", "term"), [(objective, term) for objective, terms in OBJECTIVE_TERMS.items() for term in terms]
)
def test_objective_term_is_asked_three_times(items, objective, term):
    asking = [i.question.id for i in items if i.question.objective == objective and term in _asked(i.question)]
    assert len(asking) >= 3, f"{objective}: {term!r} is asked by {asking}"


def test_objectives_hold_their_share_of_questions(items):
    counts = {objective: sum(i.question.objective == objective for i in items) for objective in OBJECTIVE_TERMS}
    assert counts["211.1"] >= 70 and counts["211.2"] >= 35, counts
    assert sum(i.question.objective == "211.3" for i in items) >= 150 and len(items) >= 275


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


FILLS = [item.question for item in model.load_all() if item.question.type == "fill"]


def _variants(spelling: str) -> list[str]:
    """The same answer as a student may type it: padded, in backticks, with spaces doubled."""
    return [spelling, f"  {spelling} ", f"`{spelling}`", spelling.replace(" ", "  ")]


def _case_changed(spelling: str) -> str:
    """The answer in other case: a setting's value only, for `name = value`."""
    name, equals, value = spelling.partition("=")
    return name + equals + value.swapcase() if equals and scoring.ASSIGNMENT.match(spelling) else spelling.swapcase()


@pytest.mark.parametrize("question", FILLS, ids=[q.id for q in FILLS])
def test_fill_answer_accepts_its_forms_and_rejects_near_misses(question):
    for spelling in question.accepted:
        for variant in _variants(spelling):
            assert scoring.is_correct(question, variant), f"{variant!r} should be accepted"
        changed = _case_changed(spelling)
        if not any(scoring.fill_form(changed) == scoring.fill_form(a) for a in question.accepted):
            assert scoring.is_correct(question, changed) is question.ignore_case, f"{changed!r} (case)"
    for miss in question.rejects:
        assert not scoring.is_correct(question, miss), f"{miss!r} should be rejected"


BEHAVIOUR = """\
    - behaviour: LOGIN on 143 is refused
      run: imap 143 plain alice alice
      expect: ['^imap 143 login: NO']
"""


def test_lint_asks_a_behaviour_claim_of_a_behaviour_topic_and_of_a_restart(tmp_path):
    claimed = "  claims:\n    - {setting: mail_location}\n    - {setting: mail_home}\n"
    body = GOOD.replace("topics: [mailbox]", "topics: [mailbox, restart]") + claimed
    assert any("behaviour topic 'restart'" in p for p in lint.problems(model.load_all(_bank(tmp_path, body))))
    body = GOOD.replace("Which setting", "After a restart, which setting") + claimed
    assert any("give it a behaviour topic" in p for p in lint.problems(model.load_all(_bank(tmp_path, body))))
    body = body.replace("topics: [mailbox]", "topics: [mailbox, restart]") + BEHAVIOUR
    assert lint.problems(model.load_all(_bank(tmp_path, body))) == []


def test_reference_question_gives_the_old_path_and_names_the_debian_one(tmp_path):
    claimed = "  claims:\n    - {setting: mail_location}\n    - {setting: mail_home}\n"
    body = GOOD.replace("Which setting", "In the source-built layout, which setting") + claimed
    body = body.replace("mail_location sets the format", "It sets the format")
    body += "    - {system: reference, path: /etc/dovecot.conf}\n"
    problems = "\n".join(lint.problems(model.load_all(_bank(tmp_path, body))))
    assert "gives no '/etc/dovecot.conf' in its prompt" in problems
    assert "names the Debian counterpart" in problems
    body = body.replace("In the source-built layout, which", "In the source-built /etc/dovecot.conf, which")
    body = body.replace("It sets the format", "mail_location sets the format")
    assert lint.problems(model.load_all(_bank(tmp_path, body))) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    - {behaviour: it works}\n", "a behaviour claim has a scenario (run)"),
        ("    - {path: /etc, run: ls}\n", "run, expect and absent belong to a behaviour claim"),
        ("    - {server: exim, path: /etc}\n", "unknown server 'exim'"),
        ("    - {server: courier, setting: PORT}\n", "names the file that holds it"),
        ("    - {path: /etc, expect: ['(']}\n", "is not a regular expression"),
    ],
)
def test_claim_schema_errors(tmp_path, change, message):
    with pytest.raises(LabFileError, match=re.escape(message)):
        model.load_all(_bank(tmp_path, GOOD + "  claims:\n" + change))


def test_a_fill_question_lists_near_misses(tmp_path):
    choices = '  choices: ["mail_location", "mail_home", "maildir"]\n'
    fill = GOOD.replace("type: single", "type: fill").replace(choices, "")
    fill = fill.replace("answer: a", 'answer: ["mail_location"]')
    with pytest.raises(LabFileError, match="rejects"):
        model.load_all(_bank(tmp_path, fill))
    assert model.load_all(_bank(tmp_path, fill + '  rejects: ["mail_home"]\n'))
