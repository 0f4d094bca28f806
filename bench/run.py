"""Run every maillab benchmark, print a table and write JSON to bench/results/.

Each figure is measured several times and reported as the median, next to a
yardstick (bare docker or bare python) measured in the same run, so the ratio
holds on any machine. Usage: .venv/bin/python bench/run.py [--runs N]
"""

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LAB_ID = "dovecot-ssl"
POSTFIX_LAB_ID = "postfix-relay"  # starts with Postfix listening on every interface
SUBMISSION_LAB_ID = "postfix-submission"  # STARTTLS and AUTH on 587, a twin of it, a refused login last
LAB = os.environ.get("MAILLAB_BENCH_LAB") or str(Path(sys.executable).parent / "lab")  # another build to compare


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def median_of(runs: int, action: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """Median wall time of `action`; `before` (not timed) runs ahead of each run."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(timed(action))
    return statistics.median(samples)


def run(*argv: str) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, env=os.environ)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: `{' '.join(argv)}` failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    return done.stdout


def greets(port: int, banner: bytes, what: str) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        if not sock.recv(64).startswith(banner):
            raise SystemExit(f"bench: the lab does not greet on {what}")


def lab_state() -> dict:
    return next(lab for lab in json.loads(run(LAB, "status", "--format", "json")) if lab["lab"] == LAB_ID)


def published(lab_id: str, port: int) -> int:
    """The 127.0.0.1 port where the lab's container `port` answers: asked of the engine in this
    process (a `lab status` run inside a timed action would be timed too)."""
    from maillab import engine, runtime

    container = runtime.Runtime(engine.connect(setup=False)).get(lab_id)
    if container is None or port not in container.ports:
        raise SystemExit(f"bench: {lab_id} publishes no port {port}")
    return container.ports[port]


def lab_image(lab_id: str = LAB_ID) -> str:
    """The lab's image tag, built if needed (the same tag `lab start` uses)."""
    from maillab import catalog, engine, images

    return images.lab_image(engine.connect(setup=False), catalog.load(lab_id), lambda text: None)


def idle_memory(container: str, settle: float = 3.0) -> dict:
    """Memory the idle container uses, as `docker stats` counts it (cgroup usage minus page cache)."""
    import docker

    time.sleep(settle)
    stats = docker.from_env().containers.get(container).stats(stream=False)["memory_stats"]
    detail = stats.get("stats", {})
    cache = detail.get("total_inactive_file", detail.get("inactive_file", 0))
    return {"usage_mib": (stats["usage"] - cache) / 2**20, "cgroup_usage_mib": stats["usage"] / 2**20}


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    engine = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"], capture_output=True, text=True)
    memory = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mib": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "docker": engine.stdout.strip(),
        "load_average_1min": round(os.getloadavg()[0], 1),
    }


def measure(runs: int) -> list[dict]:
    rows: list[dict] = []

    def row(figure: str, seconds: float, yardstick: str, base: float | None, target: str, ok: bool) -> None:
        ratio = seconds / base if base else None
        rows.append(
            {"figure": figure, "value": round(seconds, 3), "yardstick": yardstick, "yardstick_value": base}
            | {"ratio": round(ratio, 2) if ratio else None, "target": target, "ok": ok}
        )
        print(f"  {figure}: {seconds:.3f}" + (f" ({ratio:.1f}x {yardstick})" if ratio else ""), file=sys.stderr)

    run(LAB, "finish", "--all", "--yes")
    image = lab_image()

    bare_run = median_of(runs, lambda: run("docker", "run", "--rm", "--entrypoint", "true", image))

    def start_until_imap() -> None:
        run(LAB, "start", LAB_ID)  # returns once IMAP greets; the greeting is read again to be sure
        greets(published(LAB_ID, 143), b"* OK", "IMAP")

    start = median_of(runs, start_until_imap, before=lambda: run(LAB, "finish", "--all", "--yes"))
    row(
        "warm `lab start` until IMAP answers",
        start,
        "docker run --rm --entrypoint true IMAGE",
        round(bare_run, 3),
        "<= 3x",
        start <= 3 * bare_run,
    )

    def reset_until_imap() -> None:
        run(LAB, "reset", LAB_ID, "--yes")  # a new server container in the lab's network holder
        greets(published(LAB_ID, 143), b"* OK", "IMAP")

    reset = median_of(runs, reset_until_imap)
    row(
        "warm `lab reset` until IMAP answers",
        reset,
        "docker run --rm --entrypoint true IMAGE",
        round(bare_run, 3),
        "<= 3x",
        reset <= 3 * bare_run,
    )

    container = lab_state()["container"]
    memory = idle_memory(container)
    rows.append(
        {"figure": "idle memory of the lab container (MiB)", "value": round(memory["usage_mib"], 1)}
        | {"yardstick": "", "yardstick_value": None, "ratio": None, "target": "<= 40 MiB"}
        | {"ok": memory["usage_mib"] <= 40, "cgroup_usage_mib": round(memory["cgroup_usage_mib"], 1)}
    )

    run(LAB, "solve", LAB_ID, "--yes")
    graded = json.loads(run(LAB, "grade", "--format", "json"))
    if not graded["passed"] or len(graded["checks"]) < 8:
        raise SystemExit("bench: the solved lab does not pass")
    bare_exec = median_of(runs, lambda: run("docker", "exec", container, "true"))
    grade = median_of(runs, lambda: run(LAB, "grade", "--format", "json"))
    row(
        f"`lab grade` of the solved lab ({len(graded['checks'])} checks)",
        grade,
        "docker exec C true",
        round(bare_exec, 3),
        "<= 10x",
        grade <= 10 * bare_exec,
    )

    python = median_of(runs, lambda: run(sys.executable, "-c", "pass"))
    for argv in (["--help"], ["list"]):
        seconds = median_of(runs, lambda argv=argv: run(LAB, *argv))
        row(f"`lab {' '.join(argv)}`", seconds, "python -c pass", round(python, 3), "<= 0.3 s", seconds <= 0.3)

    postfix_image = lab_image(POSTFIX_LAB_ID)
    bare_postfix = median_of(runs, lambda: run("docker", "run", "--rm", "--entrypoint", "true", postfix_image))

    def start_until_smtp() -> None:
        run(LAB, "start", POSTFIX_LAB_ID)  # returns once SMTP and IMAP greet; the banner is read again
        greets(published(POSTFIX_LAB_ID, 25), b"220 ", "SMTP")

    start = median_of(runs, start_until_smtp, before=lambda: run(LAB, "finish", "--all", "--yes"))
    row(
        f"warm `lab start {POSTFIX_LAB_ID}` until the SMTP banner",
        start,
        "docker run --rm --entrypoint true IMAGE",
        round(bare_postfix, 3),
        "<= 3x",
        start <= 3 * bare_postfix,
    )
    run(LAB, "start", SUBMISSION_LAB_ID)
    for lab_id, how in ((POSTFIX_LAB_ID, "XCLIENT twin"), (SUBMISSION_LAB_ID, "TLS, AUTH, a refused login last")):
        run(LAB, "solve", lab_id, "--yes")
        postfix_container = f"{os.environ['MAILLAB_NAMESPACE']}-{lab_id}"
        bare_exec = median_of(runs, lambda container=postfix_container: run("docker", "exec", container, "true"))
        grade = median_of(runs, lambda lab_id=lab_id: run(LAB, "grade", lab_id, "--format", "json"))
        row(
            f"`lab grade {lab_id}` of the solved lab ({how})",
            grade,
            "docker exec C true",
            round(bare_exec, 3),
            "<= 10x",
            grade <= 10 * bare_exec,
        )
    run(LAB, "finish", "--all", "--yes")

    rebuild = median_of(runs, lambda: run(LAB, "build", "--all"))
    row("`lab build --all`, nothing changed", rebuild, "", None, "<= 2 s", rebuild <= 2)
    run(LAB, "finish", "--all", "--yes")
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| figure | median | yardstick | ratio | target | ok |", "|---|---|---|---|---|---|"]
    for r in rows:
        unit = "" if "MiB" in r["figure"] else " s"
        yardstick = f"{r['yardstick']} {r['yardstick_value']} s" if r["yardstick_value"] else "—"
        ratio = f"{r['ratio']}x" if r["ratio"] else "—"
        lines.append(
            f"| {r['figure']} | {r['value']}{unit} | {yardstick} | {ratio} | {r['target']} | "
            f"{'yes' if r['ok'] else 'NO'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5); the median is reported")
    args = parser.parse_args()
    os.environ.setdefault("MAILLAB_NAMESPACE", f"bench{os.getpid()}")
    with tempfile.TemporaryDirectory(prefix="maillab-bench-") as home:
        os.environ["MAILLAB_HOME"] = home
        try:
            rows = measure(args.runs)
        finally:
            subprocess.run([LAB, "finish", "--all", "--yes"], capture_output=True)
    report = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "runs": args.runs, "machine": machine()}
    report["figures"] = rows
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    info = report["machine"]
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_mib']} MiB, docker {info['docker']}, "
        f"Linux {info['kernel']}, Python {info['python']}; load average {info['load_average_1min']}; "
        f"median of {args.runs} runs"
    )
    print(table(rows))
    print(f"written to {path.relative_to(ROOT)}")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
