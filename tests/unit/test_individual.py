"""Which values an archive is graded with: the instructor's class code decides, never the archive."""

import pytest

from maillab import catalog
from maillab.instructor import archive, individual
from maillab.instructor.submissions import Invalid, Submission

LAB = "courier-aliases"


def _submission(student: str, class_code: str = "", values: dict | None = None, lab: str = LAB) -> Submission:
    manifest = archive.Manifest(
        lab=lab, lab_hash="x", maillab="0", student=student, class_code=class_code, values=values or {},
        created="2026-01-01T00:00:00Z", files={},
    )  # fmt: skip
    return Submission(manifest, catalog.load(lab))


def _values(student: str, class_code: str) -> dict:
    return catalog.load(LAB, catalog.Student(id=student, class_code=class_code)).values


def test_without_a_class_an_archive_of_the_defaults_is_graded_as_ever():
    graded = individual.apply(_submission("s01"), None)
    assert graded.lab.values == catalog.load(LAB).values and graded.notes == []


def test_without_a_class_an_archive_packed_with_a_class_is_refused_with_the_option():
    with pytest.raises(Invalid, match="packed with class C1's values for s01; grade it with --class C1"):
        individual.apply(_submission("s01", "C1", _values("s01", "C1")), None)


def test_with_a_class_the_values_are_drawn_for_the_manifest_student_whatever_the_archive_claims():
    claimed = {"ops_user": "admin"}
    graded = individual.apply(_submission("s02", "C9", claimed), "C1")
    assert graded.lab.values == _values("s02", "C1")
    assert graded.lab.checks[0].params["to"] == _values("s02", "C1")["ops_user"]
    assert "packed for class C9, graded for class C1" in graded.notes
    assert any(note.startswith("packed with ops_user admin; s02's values are ops_user ") for note in graded.notes)


def test_a_lab_without_parameters_ignores_the_class():
    graded = individual.apply(_submission("s01", "C1", lab="dovecot-ssl"), None)
    assert graded.notes == [] and graded.lab.values == {}
