"""Run a lab's checks against a target and return the result as plain data."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from maillab.catalog import CheckSpec, Lab
from maillab.checks import resolve, runs_last
from maillab.errors import ExitStatus
from maillab.outcome import Outcome, failed
from maillab.target import Target

WORKERS = 4


@dataclass(frozen=True)
class CheckResult:
    """One check's verdict as reports show it; `points` is what was awarded."""

    id: str
    title: str
    passed: bool
    points: int
    max_points: int
    message: str
    hint: str = ""


@dataclass
class Result:
    """A lab's grade: every check, the score, and whether help was used."""

    lab: str
    checks: list[CheckResult]
    hints_used: int = 0
    solved_with_help: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def exit_status(self) -> ExitStatus:
        """What `lab grade` returns: success when every check passes."""
        return ExitStatus.SUCCESS if self.passed else ExitStatus.CHECKS_FAILED

    @property
    def score(self) -> int:
        return sum(check.points for check in self.checks)

    @property
    def max_score(self) -> int:
        return sum(check.max_points for check in self.checks)

    def to_dict(self) -> dict:
        """The JSON shape of a grade (docs/architecture.md, "Results")."""
        checks = [{k: v for k, v in asdict(c).items() if k != "hint"} for c in self.checks]
        return {
            "lab": self.lab,
            "passed": self.passed,
            "score": self.score,
            "max_score": self.max_score,
            "hints_used": self.hints_used,
            "solved_with_help": self.solved_with_help,
            "checks": checks,
            **self.extra,
        }


def run_check(spec: CheckSpec, target: Target) -> Outcome:
    """One check; a crash inside it is a failure that names the error, never a traceback."""
    try:
        outcome = resolve(spec.check)(target, **spec.params)
    except Exception as error:  # a check must never take the whole grade down
        return failed(f"the check could not run: {type(error).__name__}: {error}")
    if not isinstance(outcome, Outcome):
        return failed(f"the check {spec.check} returned {type(outcome).__name__}, not an Outcome")
    return outcome


def restart_services(lab: Lab, target: Target) -> None:
    """Restart the lab's services so grading judges the configuration on disk (one exec for all)."""
    if lab.restart:
        target.host.run("sh -c %s", lab.server_info.restart_script(lab.restart))


def grade(lab: Lab, target: Target, restart: bool = True, workers: int = WORKERS) -> Result:
    """Restart the lab's services (unless told not to), then run every check: those that fail a
    login on purpose (`after_others`) once the others are done."""
    if restart:
        restart_services(lab, target)
    found: dict[str, Outcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for last in (False, True):
            batch = [spec for spec in lab.checks if runs_last(spec.check) == last]
            outcomes = pool.map(lambda spec: run_check(spec, target), batch)
            found.update(zip([spec.id for spec in batch], outcomes, strict=True))
    checks = [
        CheckResult(
            id=spec.id,
            title=spec.title,
            passed=outcome.passed,
            points=spec.points if outcome.passed else 0,
            max_points=spec.points,
            message=outcome.message,
            hint="" if outcome.passed else spec.hint,
        )
        for spec, outcome in ((spec, found[spec.id]) for spec in lab.checks)
    ]
    return Result(lab=lab.id, checks=checks)
