"""Make a class's worth of real submission archives from a lab's proven cases (tests and bench)."""

from pathlib import Path

from maillab import images, lifecycle
from maillab.catalog import Lab
from maillab.instructor import archive, collect
from maillab.runtime import Runtime


def case_sources(runtime: Runtime, lab: Lab, cases: list[str]) -> dict[str, bytes]:
    """For each case (fresh, solution, wrong/<name>...): the lab's collected files as a tar."""
    sources = {}
    for case in cases:
        lifecycle.reset(runtime, lab, lambda text: None)
        if case != "fresh":
            code, output = lifecycle.apply_answer(runtime, lab, case)
            assert code == 0, f"{case}: {output}"
        sources[case] = collect.source_tar(runtime, lab, collect.paths_to_collect(runtime, lab))
    return sources


def write_class(sources: dict[str, bytes], lab: Lab, folder: Path, plan: dict[str, str]) -> dict[str, Path]:
    """Write one archive per student (student -> case) into `folder`; student -> archive path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for student, case in plan.items():
        data, _ = archive.pack(sources[case], lab.id, images.tree_digest(lab.folder), student)
        path = folder / f"{student}.tar.gz"
        path.write_bytes(data)
        written[student] = path
    return written
