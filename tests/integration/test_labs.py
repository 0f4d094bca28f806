"""Every lab proven on a real container: fresh fails as declared, both solutions pass,
each typical mistake fails exactly its declared checks with the declared words; an
individualized lab is proven twice, with its defaults and with another student's drawn values."""

import pytest

from maillab import catalog, lifecycle


def _cases(labs: list[catalog.Lab] | None = None) -> list[tuple[str, str]]:
    cases = []
    for lab in catalog.load_all() if labs is None else labs:
        cases += [(lab.id, "fresh"), (lab.id, "solution"), (lab.id, "solution-alt")]
        cases += [(lab.id, f"wrong/{case.name}") for case in lab.wrong_cases]
    return cases


def drawn_student(lab_id: str) -> catalog.Student:
    """The first student of a proof class whose every value differs from the lab's default."""
    defaults = catalog.load(lab_id).values
    for number in range(1, 500):
        student = catalog.Student(id=f"proof{number:03d}", class_code="PROOF")
        values = catalog.load(lab_id, student).values
        if all(values[name] != default for name, default in defaults.items()):
            return student
    raise AssertionError(f"{lab_id}: no student of 500 draws values that all differ from the defaults")


def _expected(lab: catalog.Lab, case: str) -> dict[str, str]:
    if case == "fresh":
        return dict(lab.fresh_case.fails)
    if case.startswith("wrong/"):
        return dict(next(c for c in lab.wrong_cases if c.name == case.removeprefix("wrong/")).fails)
    return {}


@pytest.mark.parametrize(("lab_id", "case"), _cases(), ids=lambda value: value)
def test_lab_case(runtime, built_images, lab_id, case):
    _prove(runtime, catalog.load(lab_id), case)


INDIVIDUALIZED = [lab for lab in catalog.load_all() if lab.individualized]


@pytest.mark.parametrize(("lab_id", "case"), _cases(INDIVIDUALIZED), ids=lambda value: value)
def test_lab_case_drawn(runtime, built_images, lab_id, case):
    lab = catalog.load(lab_id, drawn_student(lab_id))
    assert lab.values != catalog.load(lab_id).values
    _prove(runtime, lab, case)


def _prove(runtime, lab: catalog.Lab, case: str) -> None:
    lifecycle.reset(runtime, lab, lambda text: None)
    if case != "fresh":
        code, output = lifecycle.apply_answer(runtime, lab, case, restart=False)  # grading restarts
        assert code == 0, f"{case}/apply.sh failed: {output}"
    result = lifecycle.grade(runtime, lab)
    failed = {check.id: check.message for check in result.checks if not check.passed}
    expected = _expected(lab, case)
    assert set(failed) == set(expected), f"failed: {failed}"
    for check_id, words in expected.items():
        assert words in failed[check_id], f"{check_id}: {failed[check_id]!r} lacks {words!r}"
    assert runtime.get(lab.id).status == "running", "the server container must survive the case"
    if case.startswith("solution"):
        assert result.passed and result.score == lab.max_score
