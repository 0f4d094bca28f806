"""Which values a submission is graded with: its student's, drawn again from the instructor's class code.

- No `--class`, and the archive was packed with the defaults: graded with the defaults, as ever.
- No `--class`, but the archive was packed with a class's values: not graded (invalid), with the
  reason naming the option, so it is never judged against values its student never had.
- `--class CODE`: graded with the values derived from the lab, the manifest's student and CODE,
  whatever the archive claims; notes say when it was packed with other values.
A lab without parameters is graded the same way in every case.
"""

from maillab import catalog
from maillab.instructor.submissions import Invalid, Submission


def _shown(values: dict) -> str:
    return ", ".join(f"{name} {value}" for name, value in sorted(values.items())) or "the defaults"


def apply(submission: Submission, class_code: str | None) -> Submission:
    """`submission` with its lab loaded with the values it is graded with (see the module's rules)."""
    lab, manifest = submission.lab, submission.manifest
    if not lab.individualized:
        return submission
    if not class_code:
        if manifest.class_code:
            raise Invalid(
                f"packed with class {manifest.class_code}'s values for {manifest.student}; "
                f"grade it with --class {manifest.class_code}"
            )
        return submission
    student = catalog.Student(id=manifest.student, class_code=class_code)
    submission.lab = catalog.load(lab.id, student)
    if manifest.class_code != class_code:
        packed = f"class {manifest.class_code}" if manifest.class_code else "no class"
        submission.notes.append(f"packed for {packed}, graded for class {class_code}")
    if manifest.values != submission.lab.values:
        submission.notes.append(
            f"packed with {_shown(manifest.values)}; {manifest.student}'s values are {_shown(submission.lab.values)}"
        )
    return submission
