"""How long `lab grade` takes on each solved lab, next to one bare `docker exec` in the same run.

For every lab (or the ones named): start it, apply its reference solution, then time `lab grade`
several times and report the median, with the ratio to `docker exec C true`. MAILLAB_BENCH_LAB
points at another build's `lab` to compare two versions on one machine. Labs run in a namespace
of their own, and each is finished afterwards.
Usage: .venv/bin/python bench/grade_times.py [--runs N] [LAB ...]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import LAB, RESULTS, machine, median_of


def lab(*argv: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([LAB, *argv], capture_output=True, text=True, env=os.environ)
    if check and done.returncode not in (0, 1):
        raise SystemExit(f"bench: `lab {' '.join(argv)}` failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    return done


def all_labs() -> list[str]:
    return [row["id"] for row in json.loads(lab("list", "--format", "json").stdout)]


def measure(lab_id: str, runs: int) -> dict:
    lab("start", lab_id)
    try:
        lab("solve", lab_id, "--yes")
        running = json.loads(lab("status", "--format", "json").stdout)
        container = next(row["container"] for row in running if row["lab"] == lab_id)
        docker = median_of(runs, lambda: subprocess.run(["docker", "exec", container, "true"], check=True))
        outcome = json.loads(lab("grade", lab_id, "--format", "json").stdout)
        grade = median_of(runs, lambda: lab("grade", lab_id, "--format", "json"))
        return {
            "lab": lab_id,
            "checks": len(outcome["checks"]),
            "passed": outcome["passed"],
            "grade_seconds": round(grade, 2),
            "docker_exec_seconds": round(docker, 3),
            "ratio": round(grade / docker, 1),
        }
    finally:
        lab("finish", lab_id, "--yes", check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("labs", nargs="*")
    args = parser.parse_args()
    os.environ.setdefault("MAILLAB_NAMESPACE", f"bench{os.getpid()}")
    os.environ.setdefault("MAILLAB_HOME", tempfile.mkdtemp(prefix="maillab-bench-"))
    rows = [measure(lab_id, args.runs) for lab_id in args.labs or all_labs()]
    print(f"{'lab':<22} {'checks':>6} {'grade':>8} {'docker exec':>12} {'ratio':>7}  passed")
    for row in rows:
        print(
            f"{row['lab']:<22} {row['checks']:>6} {row['grade_seconds']:>7.2f}s"
            f" {row['docker_exec_seconds']:>11.3f}s {row['ratio']:>6.1f}x  {row['passed']}"
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"grade-times-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"machine": machine(), "lab": LAB, "rows": rows}, indent=2) + "\n")
    print(f"written to {out}")
    return 0 if all(row["passed"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
