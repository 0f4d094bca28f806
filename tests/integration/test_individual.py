"""One student's solved courier-aliases, handed in under another student's id, loses the checks that
depend on the values; graded without the class code, an individualized archive is refused."""

import json

import pytest

from maillab import catalog, images, lifecycle
from maillab.instructor import archive, collect
from tests.helpers import run_lab

LAB, CLASS = "courier-aliases", "C1"


def _student(student_id: str) -> catalog.Student:
    return catalog.Student(id=student_id, class_code=CLASS)


@pytest.fixture(scope="module")
def inbox(runtime, built_images, tmp_path_factory):
    """s01's own solved archive, the same files claimed by s02, and a default archive of s03."""
    own = catalog.load(LAB, _student("s01"))
    assert own.values != catalog.load(LAB, _student("s02")).values, "the proof needs two different targets"
    lifecycle.reset(runtime, own, lambda text: None)
    code, output = lifecycle.apply_answer(runtime, own, "solution")
    assert code == 0, output
    folder = tmp_path_factory.mktemp("inbox")
    collect.submit(runtime, lifecycle.choose_lab(runtime, LAB), "s01", folder / "s01.tar.gz")
    source = collect.source_tar(runtime, own, collect.paths_to_collect(runtime, own))
    digest = images.tree_digest(own.folder)
    copier = catalog.load(LAB, _student("s02"))  # the copy claims s02's values, as an edited manifest would
    data, _ = archive.pack(source, LAB, digest, "s02", class_code=CLASS, values=copier.values)
    (folder / "s02.tar.gz").write_bytes(data)
    return folder


def _rows(out) -> dict[str, dict]:
    return {row["student"]: row for row in json.loads((out / "results.json").read_text())["submissions"]}


def test_the_manifest_records_the_student_class_and_values(inbox):
    import tarfile

    with tarfile.open(inbox / "s01.tar.gz") as packed:
        manifest = json.loads(packed.extractfile(archive.MANIFEST).read())
    assert (manifest["student"], manifest["class_code"]) == ("s01", CLASS)
    assert manifest["values"] == catalog.load(LAB, _student("s01")).values


def test_a_copied_archive_loses_the_value_dependent_checks(inbox, tmp_path):
    ran = run_lab("instructor", "grade", str(inbox), "--out", str(tmp_path), "--class", CLASS, "--jobs", "2")
    assert ran.status == 0, ran.stderr
    rows = _rows(tmp_path)
    own, copier = catalog.load(LAB, _student("s01")), catalog.load(LAB, _student("s02"))
    assert rows["s01"]["status"] == "graded" and rows["s01"]["score"] == own.max_score
    dependent = {a.id for a, b in zip(own.checks, copier.checks, strict=True) if a.params != b.params}
    assert dependent == {"postmaster-target", "system-names-target", "root-mail-delivered", "uucp-mail-delivered"}
    checks = {check["id"]: check for check in rows["s02"]["checks"]}
    assert {check_id for check_id, check in checks.items() if not check["passed"]} == dependent
    target, wanted = own.values["ops_user"], copier.values["ops_user"]
    assert f"postmaster -> {target}" in checks["postmaster-target"]["message"]
    assert f"did not reach {wanted}'s Maildir" in checks["root-mail-delivered"]["message"]
    assert rows["s02"]["score"] == own.max_score - sum(spec.points for spec in own.checks if spec.id in dependent)


def test_without_the_class_code_an_individualized_archive_is_refused_with_the_fix(inbox, tmp_path):
    ran = run_lab("instructor", "grade", str(inbox), "--out", str(tmp_path), "--jobs", "2")
    assert ran.status == 0, ran.stderr
    for row in _rows(tmp_path).values():
        assert row["status"] == "invalid"
        assert row["reason"].endswith(f"grade it with --class {CLASS}")
