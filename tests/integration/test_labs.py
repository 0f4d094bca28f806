"""Every lab proven on a real container: fresh fails as declared, both solutions pass,
each typical mistake fails exactly its declared checks with the declared words."""

import pytest

from maillab import catalog, lifecycle


def _cases() -> list[tuple[str, str]]:
    cases = []
    for lab in catalog.load_all():
        cases += [(lab.id, "fresh"), (lab.id, "solution"), (lab.id, "solution-alt")]
        cases += [(lab.id, f"wrong/{case.name}") for case in lab.wrong_cases]
    return cases


def _expected(lab: catalog.Lab, case: str) -> dict[str, str]:
    if case == "fresh":
        return dict(lab.fresh_case.fails)
    if case.startswith("wrong/"):
        return dict(next(c for c in lab.wrong_cases if c.name == case.removeprefix("wrong/")).fails)
    return {}


@pytest.mark.parametrize(("lab_id", "case"), _cases(), ids=lambda value: value)
def test_lab_case(runtime, built_images, lab_id, case):
    lab = catalog.load(lab_id)
    lifecycle.reset(runtime, lab, lambda text: None)
    if case != "fresh":
        code, output = lifecycle.apply_answer(runtime, lab, case)
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
