"""Record every check passing and failing on real lab containers.

Run: .venv/bin/python -m tests.recordings.record [LAB...]
"""

import json
import os
import sys
import tempfile
import time
from typing import Any

from maillab import catalog, engine, grader, lifecycle
from maillab.checks import registered, resolve
from maillab.runtime import Runtime
from tests.replay import RECORDINGS, RecordingTarget, deterministic


def covered() -> list[str]:
    """Every registered check: each has a passing and a failing recording."""
    return registered()


def failing_states(lab: catalog.Lab, check_id: str) -> list[str]:
    """Lab states in which the check `check_id` fails, as fresh.yaml and wrong/*/expect.yaml declare."""
    states = ["fresh"] if check_id in lab.fresh_case.fails else []
    return states + [f"wrong/{case.name}" for case in lab.wrong_cases if check_id in case.fails]


def plan() -> dict[str, tuple[str, str, str]]:
    """check name -> (lab, check id, failing state), preferring labs that cover many checks, then fresh."""
    names = covered()
    uses = [(lab, spec) for lab in catalog.load_all() for spec in lab.checks if spec.check in names]
    weight = {lab.id: len({spec.check for other, spec in uses if other.id == lab.id}) for lab, _ in uses}
    chosen: dict[str, tuple[str, str, str]] = {}
    for name in names:
        options = [(lab, spec, failing_states(lab, spec.id)) for lab, spec in uses if spec.check == name]
        options = [option for option in options if option[2]]
        if not options:
            raise SystemExit(f"{name}: no lab declares a state in which it fails")
        lab, spec, states = max(options, key=lambda o: (weight[o[0].id], o[2][0] == "fresh", -len(o[2])))
        chosen[name] = (lab.id, spec.id, states[0])
    return chosen


def record_state(runtime: Runtime, lab: catalog.Lab, state: str, wanted: list[tuple[str, str]]) -> None:
    """Bring `lab` to `state` ("solution", "fresh", "wrong/<case>") and record each (check name, kind)."""
    lifecycle.reset(runtime, lab, lambda text: None)
    if state != "fresh":
        code, output = lifecycle.apply_answer(runtime, lab, state)
        if code != 0:
            raise SystemExit(f"{lab.id}: {state}/apply.sh failed: {output}")
    real = lifecycle.target_for(runtime.get(lab.id), lab, runtime.client)
    try:
        grader.restart_services(lab, real)
        for name, kind in wanted:
            spec = next(s for s in lab.checks if s.check == name and s.id == kind.split(":")[1])
            target = RecordingTarget(real)
            with deterministic():
                outcome = resolve(name)(target, **spec.params)
            expected = kind.startswith("pass")
            if outcome.passed != expected:
                raise SystemExit(f"{name} ({lab.id} {state}) gave {outcome}; expected passed={expected}")
            folder = RECORDINGS / name
            folder.mkdir(parents=True, exist_ok=True)
            data: dict[str, Any] = {
                "check": name,
                "lab": lab.id,
                "check_id": spec.id,
                "state": state,
                "params": spec.params,
                "outcome": {"passed": outcome.passed, "message": outcome.message},
                **target.recording(),
            }
            path = folder / f"{kind.split(':')[0]}.json"
            path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            print(f"  {path.relative_to(RECORDINGS)}: {outcome.message}", flush=True)
    finally:
        getattr(real.host.backend, "close", lambda: None)()


def main(argv: list[str]) -> int:
    chosen = plan()
    by_lab: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for name, (lab_id, check_id, fail_state) in chosen.items():
        if argv and lab_id not in argv:
            continue
        states = by_lab.setdefault(lab_id, {})
        states.setdefault("solution", []).append((name, f"pass:{check_id}"))
        states.setdefault(fail_state, []).append((name, f"fail:{check_id}"))
    os.environ["MAILLAB_NAMESPACE"] = f"maillabrec-{os.getpid()}"
    os.environ.setdefault("MAILLAB_HOME", tempfile.mkdtemp(prefix="maillab-record-"))
    runtime = Runtime(engine.connect(setup=False))
    started = time.monotonic()
    try:
        for lab_id, states in sorted(by_lab.items()):
            lab = catalog.load(lab_id)
            for state, wanted in states.items():
                print(f"{lab_id} {state}", flush=True)
                record_state(runtime, lab, state, wanted)
    finally:
        for container in runtime.labs():
            runtime.remove(container.lab)
    print(f"recorded in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
