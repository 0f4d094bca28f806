"""Benchmark: grade 30 dovecot-ssl submissions (a mix of solved, fresh and wrong) in sandboxes,
and compare with 30 bare `docker run --rm --entrypoint true IMAGE` (the same lab image) in the same run.

Run from the repo root: `.venv/bin/python bench/bench_instructor.py [--jobs N] [--count 30]`.
Target: 30 submissions graded in 30 s or less on 2 cores.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MAILLAB_NAMESPACE", "bench-instructor")

from maillab import catalog, engine, images
from maillab.instructor import batch
from maillab.runtime import Runtime
from tests import classwork


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    runtime = Runtime(engine.connect())
    lab = catalog.load("dovecot-ssl")
    image = images.lab_image(runtime.client, lab, lambda text: None)
    cases = ["fresh", "solution", "solution-alt", *(f"wrong/{c.name}" for c in lab.wrong_cases)]
    sources = classwork.case_sources(runtime, lab, cases)
    runtime.remove(lab.id)
    plan = {f"student{n:02d}": cases[n % len(cases)] for n in range(args.count)}
    with tempfile.TemporaryDirectory() as folder:
        inbox = Path(folder) / "inbox"
        classwork.write_class(sources, lab, inbox, plan)

        started = time.perf_counter()
        for _ in range(args.count):
            # The image's entrypoint supervises daemons forever; run `true` in its place.
            subprocess.run(["docker", "run", "--rm", "--entrypoint", "true", image], check=True, capture_output=True)
        bare = time.perf_counter() - started

        receipts = batch.Receipts(Path(folder) / "receipts.json")
        started = time.perf_counter()
        rows = batch.grade_all(runtime.client, batch.find_archives([inbox]), receipts, jobs=args.jobs)
        graded = time.perf_counter() - started

    statuses = {status: sum(row.status == status for row in rows) for status in {row.status for row in rows}}
    wrong = [row.student for row in rows if row.status == "graded" and plan[row.student].startswith("solution")
             and row.score != row.max_score]  # fmt: skip
    figures = {
        "submissions": args.count,
        "jobs": args.jobs,
        "cores": os.cpu_count(),
        "grade_seconds": round(graded, 2),
        "bare_docker_run_seconds": round(bare, 2),
        "ratio_to_bare": round(graded / bare, 2),
        "per_submission_seconds": round(graded / args.count, 2),
        "statuses": statuses,
        "solutions_not_full_marks": wrong,
        "target_seconds": 30,
    }
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "instructor.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
