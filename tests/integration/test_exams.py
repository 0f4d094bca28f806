"""Every exam proven on real containers: each largest set of tasks that may sit together passes
every check once all their solutions are applied and the whole container has restarted; each
task's wrong cases still fail it beside the other tasks' solutions; work that lives only in the
running processes (the configuration on disk put back) fails after the restart; a sitting runs
from a script, and its archive is graded like a lab's."""

import pytest

from maillab import exams, grader, lifecycle, sitting

EXAMS = exams.load_all()


def _sit(runtime, exam: exams.Exam, labs: list[str]) -> sitting.Sitting:
    for found in sitting.sittings(runtime):
        sitting.finish(runtime, found)
    for container in runtime.labs():  # `lab submit` and `lab hint` name the one running sitting
        runtime.remove(container.lab)
    started, resumed = sitting.start(runtime, exam, 0, lambda text: None, tasks=labs)
    assert not resumed and [lab.id for lab in started.labs] == labs
    return started


def _apply(runtime, started: sitting.Sitting, lab_id: str, case: str, restart: bool = False) -> None:
    """Apply a case's answer; without `restart` when grading restarts next (the container, or the task's services)."""
    code, output = lifecycle.apply_answer(runtime, started.exam.labs[lab_id], case, started.key, restart=restart)
    assert code == 0, f"{lab_id}/{case}/apply.sh failed: {output}"


def _failing(result: grader.Result) -> dict[str, str]:
    return {check.id: check.message for check in result.checks if not check.passed}


COMBINATIONS = [(exam.id, ",".join(combo)) for exam in EXAMS for combo in exam.combinations()]


@pytest.mark.parametrize(("exam_id", "labs"), COMBINATIONS, ids=lambda value: value)
def test_solutions_together_survive_restart(runtime, exam_id, labs):
    exam = exams.load(exam_id)
    started = _sit(runtime, exam, labs.split(","))
    for lab in started.labs:
        _apply(runtime, started, lab.id, "solution")
    before = runtime.client.containers.get(started.container.id).attrs["State"]["StartedAt"]
    result = sitting.grade(runtime, started, final=True)
    after = runtime.client.containers.get(started.container.id).attrs["State"]["StartedAt"]
    assert after != before, "grading must restart the whole container"
    assert {task.lab.id: _failing(task.result) for task in result.tasks} == {lab: {} for lab in labs.split(",")}
    assert (result.scaled, result.passed, result.points) == (800, True, result.max_points)


def _wrong_cases() -> list[tuple[str, str, str]]:
    cases = []
    for exam in EXAMS:
        for task in exam.tasks:
            cases += [(exam.id, task.lab, case.name) for case in exam.labs[task.lab].wrong_cases]
    return cases


@pytest.mark.parametrize(("exam_id", "lab_id", "case"), _wrong_cases(), ids=lambda value: value)
def test_wrong_case_still_fails_its_task(runtime, exam_id, lab_id, case):
    """The other tasks solved first, then the mistake: the task fails exactly the checks its lab's
    case lists. The words may differ from the lab's (another task may, say, change how addresses
    are written), so the proof here is the set of failing checks."""
    exam = exams.load(exam_id)
    labs = next(combo for combo in exam.combinations() if lab_id in combo)
    started = _sit(runtime, exam, labs)
    for other in labs:
        if other != lab_id:
            _apply(runtime, started, other, "solution")
    _apply(runtime, started, lab_id, f"wrong/{case}")
    lab = exam.labs[lab_id]
    target = lifecycle.target_for(runtime.get(started.key), lab, runtime.client)
    failed = _failing(grader.grade(lab, target))
    expected = next(c for c in lab.wrong_cases if c.name == case).fails
    assert set(failed) == set(expected), f"failed: {failed}"


@pytest.mark.parametrize("exam_id", [exam.id for exam in EXAMS])
def test_work_only_in_running_processes_fails(runtime, exam_id):
    """Every solution applied and running, then the configuration on disk put back as it was: the
    processes still hold the answers, a reboot loses them."""
    exam = exams.load(exam_id)
    started = _sit(runtime, exam, exam.combinations()[0])
    folders = [path.rstrip("/") for path in started.labs[0].server_info.collect.paths if path.endswith("/")]
    saved = " ".join(folders)
    runtime.exec(started.key, ["sh", "-c", f"mkdir -p /root/saved && cp -a {saved} /root/saved/"])
    for lab in started.labs:
        _apply(runtime, started, lab.id, "solution", restart=True)
    restore = " && ".join(f"rm -rf {path} && cp -a /root/saved/{path.rsplit('/', 1)[1]} {path}" for path in folders)
    if exam.server == "postfix":
        # Postfix reads main.cf afresh in each new process, so the answers must stay in a running
        # master's own copy: a master started by hand on a copy of the solved configuration.
        restore = (
            "cp -a /etc/postfix /root/solved-postfix && postfix stop && "
            f"{restore} && /usr/lib/postfix/sbin/master -c /root/solved-postfix -w"
        )
    code, output = runtime.exec(started.key, ["sh", "-c", restore])
    assert code == 0, output
    target = lifecycle.target_for(runtime.get(started.key), started.labs[0], runtime.client)
    live = sitting.grade_target(started, target, 0)
    result = sitting.grade(runtime, started, final=True)
    lost = _passing(live) - _passing(result)
    assert not result.passed and lost, f"live {sorted(_passing(live))}, after the restart {sorted(_passing(result))}"


def _passing(result: sitting.ExamResult) -> set[str]:
    return {f"{task.lab.id}/{check.id}" for task in result.tasks for check in task.result.checks if check.passed}


def test_scripted_sitting_without_terminal(runtime):
    """A whole sitting from a script: start with a seed, help refused, work through `lab exam shell -c`,
    grading refused before the deadline, then handed in with --final as JSON."""
    import json

    from tests.helpers import run_lab

    for found in sitting.sittings(runtime):
        sitting.finish(runtime, found)
    for container in runtime.labs():
        runtime.remove(container.lab)
    exam = exams.load("postfix")
    drawn = ["postfix-basics", "postfix-relay", "sieve-sort"]
    seed = next(seed for seed in range(100) if exam.drawn(seed) == drawn)
    started = run_lab("exam", "start", "postfix", "--seed", str(seed))
    assert started.status == 0, started.stderr
    assert "Task 2" in started.stdout and "postfix-basics" not in started.stdout
    refused = run_lab("hint")
    assert refused.status == 2 and "exam postfix" in refused.stderr
    basics = "postconf -e myhostname=mail.example.lab mydomain=example.lab 'myorigin = $mydomain' "
    basics += "'mydestination = $myhostname, $mydomain, localhost.$mydomain, localhost' inet_interfaces=all"
    assert run_lab("exam", "shell", "-c", basics).status == 0
    early = run_lab("exam", "grade", "--format", "json")
    assert early.status == 2 and json.loads(early.stdout)["error"].startswith("exam postfix runs")
    graded = run_lab("exam", "grade", "--final", "--format", "json")
    result = json.loads(graded.stdout)
    assert set(result) == {"exam", "seed", "scaled", "pass_mark", "passed", "time_used", "tasks"}
    assert (result["exam"], result["seed"]) == ("postfix", seed)
    tasks = {task["lab"]: task for task in result["tasks"]}
    assert tasks["postfix-basics"]["passed"] and not tasks["postfix-relay"]["passed"]
    assert not tasks["sieve-sort"]["passed"]
    # one task of three: 200 + 600 / 3, below the pass mark of 500, so the exit status is 1
    assert (result["scaled"], result["passed"], graded.status) == (400, False, 1)
    assert run_lab("exam", "finish").status == 0


def test_exam_archive_is_submitted_and_graded_like_a_lab(runtime, tmp_path):
    """`lab submit` packs a sitting with its exam, seed and tasks; `lab instructor grade` grades it
    in a sandbox from the sitting's image, solved tasks passing and the others failing."""
    import json
    import tarfile

    from tests.helpers import run_lab

    exam = exams.load("postfix")
    started = _sit(runtime, exam, ["postfix-basics", "postfix-aliases"])
    _apply(runtime, started, "postfix-basics", "solution")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # with a plain lab running too, `lab submit` does not guess which work is meant
    assert run_lab("start", "dovecot-maildir").status == 0
    ambiguous = run_lab("submit", "--student", "s01", "--out", str(inbox / "s01.tar.gz"))
    assert ambiguous.status == 2 and "exam postfix and lab dovecot-maildir both run" in ambiguous.stderr
    assert not (inbox / "s01.tar.gz").exists()
    assert run_lab("finish", "--yes", "dovecot-maildir").status == 0
    packed = run_lab("submit", "--student", "s01", "--out", str(inbox / "s01.tar.gz"))
    assert packed.status == 0, packed.stderr
    with tarfile.open(inbox / "s01.tar.gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert (manifest["lab"], manifest["exam"], manifest["seed"]) == ("exam-postfix", "postfix", 0)
    assert manifest["tasks"] == ["postfix-basics", "postfix-aliases"]
    ran = run_lab("instructor", "grade", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert ran.status == 0, ran.stderr
    row = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"][0]
    assert (row["status"], row["lab"]) == ("graded", "exam-postfix"), row
    assert "not compared with the reference: exam-postfix has no reference solution" in row["notes"], row
    verdicts = {check["id"]: check["passed"] for check in row["checks"]}
    assert all(passed for check, passed in verdicts.items() if check.startswith("postfix-basics-")), verdicts
    assert not all(passed for check, passed in verdicts.items() if check.startswith("postfix-aliases-")), verdicts
