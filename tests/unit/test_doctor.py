"""`lab doctor` without an engine: it says so in its report and exits 2."""

import json

from tests.helpers import run_lab


def test_doctor_reports_a_dead_engine(monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/maillab/docker.sock")
    ran = run_lab("doctor", "--format", "json")
    assert ran.status == 2
    findings = json.loads(ran.stdout)
    assert findings[0]["topic"] == "engine" and findings[0]["status"] == "FAIL"
    assert "unix:///nonexistent/maillab/docker.sock" in findings[0]["detail"]
    assert "Traceback" not in ran.stderr
