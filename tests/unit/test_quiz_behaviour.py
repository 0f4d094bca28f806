"""Behaviour claims without an engine: the scenario script and how its output is judged, the probe's lines."""

import subprocess

import pytest

from maillab import servers
from maillab.quiz import behaviour, model, probe

CLAIM = model.Claim(
    server="dovecot", behaviour="probe", run="imap 143 plain alice alice\n", expect=[r"login: NO"], absent=[r"OK"]
)


def test_script_carries_the_clients_the_helpers_and_the_servers_own_facts():
    script = behaviour.script(CLAIM)
    server = servers.get("dovecot")
    assert f"LOG={server.log}" in script and f"CLIENT_FROM={server.clients_from}" in script
    assert "/tmp/maillab-quiz/_client.py" in script and "/tmp/maillab-quiz/probe.py" in script
    for helper in ("imap()", "pop3()", "smtp()", "sieve()", "sieve_test()", "waitfor()", "logged()", "send()", "got()"):
        assert helper in script
    assert script.endswith(CLAIM.run)


def test_waitfor_returns_once_the_command_succeeds_and_gives_up_after_its_seconds(tmp_path):
    flag = tmp_path / "flag"
    scenario = (
        behaviour.HELPERS
        + f"(sleep 0.4; touch {flag}) &\n"
        + f"waitfor 5 test -f {flag} && echo appeared\n"
        + "start=$(date +%s%N); waitfor 1 false || echo gave up after $(( ($(date +%s%N) - start) / 100000000 ))\n"
    )
    lines = subprocess.run(["sh", "-c", scenario], capture_output=True, text=True, timeout=30).stdout.split("\n")
    assert lines[0] == "appeared"
    tenths = int(lines[1].removeprefix("gave up after "))
    assert 10 <= tenths < 30, lines


def test_judge_needs_every_expect_and_no_absent():
    assert behaviour.judge(CLAIM, "imap 143 login: NO [PRIVACYREQUIRED]\n")[0]
    ok, seen = behaviour.judge(CLAIM, "imap 143 login: OK Logged in\n")
    assert not ok and "no line matches 'login: NO'" in seen and "a line matches 'OK'" in seen


def test_probe_prints_one_line_per_fact():
    report = {
        "port": 110,
        "greeting": "+OK ready",
        "capabilities_before_tls": ["STLS", "UIDL"],
        "tls": {"version": "TLSv1.3"},
        "capabilities": ["UIDL", "USER"],
        "login": {"ok": False, "reply": "-ERR [AUTH] no"},
        "stat": [2, 400],
        "list": {"1": 200, "2": 200},
        "uidl": {"1": "a", "2": "b"},
    }
    assert probe.lines("pop3", report) == [
        "pop3 110 greeting: +OK ready",
        "pop3 110 caps: STLS UIDL",
        "pop3 110 tls: TLSv1.3",
        "pop3 110 caps after tls: UIDL USER",
        "pop3 110 login: NO -ERR [AUTH] no",
        "pop3 110 stat: 2 messages",
        "pop3 110 sizes: 1=200 2=200",
        "pop3 110 uidl: 1=a 2=b",
    ]
    assert probe.options(["143", "starttls", "bob", "bob"])["tls"] == "starttls"


def test_smtp_probe_prints_each_reply_and_reads_its_options():
    report = {
        "port": 25,
        "greeting": "220 mail.example.lab ESMTP Postfix",
        "capabilities_before_tls": ["SIZE 10240000", "STARTTLS"],
        "xclient": {"ok": True, "reply": "220 mail.example.lab ESMTP"},
        "mail": {"ok": True, "reply": "250 2.1.0 Ok"},
        "rcpt": [{"address": "v@remote.example", "ok": False, "reply": "454 4.7.1 Relay access denied"}],
    }
    assert probe.smtp_lines(report) == [
        "smtp 25 greeting: 220 mail.example.lab ESMTP Postfix",
        "smtp 25 caps: SIZE 10240000 STARTTLS",
        "smtp 25 xclient: 220 mail.example.lab ESMTP",
        "smtp 25 mail: 250 2.1.0 Ok",
        "smtp 25 rcpt v@remote.example: 454 4.7.1 Relay access denied",
    ]
    options = probe.smtp_options(["587", "starttls", "from=a@x.example", "to=b@y.example", "to=c@y.example"])
    assert options["tls"] == "starttls" and options["sender"] == "a@x.example"
    assert options["recipients"] == ["b@y.example", "c@y.example"]
    assert probe.smtp_options(["25"])["tls"] == "none"


def test_a_scenario_that_waits_for_a_log_line_covers_the_servers_log():
    from maillab.quiz import lint

    question = model.Question(
        id="pf-log",
        type="single",
        prompt="Where is /var/log/mail.log?",
        answer="a",
        explanation="x" * 20,
        objective="211.1",
        topics=["postfix"],
        choices=["a", "b", "c"],
        lab="postfix-basics",
        claims=[model.Claim(server="postfix", behaviour="logs", run="logged 'status=sent'\n", expect=["sent"])],
    )
    assert ("path", "/var/log/mail.log") in lint.claimed(question)
    assert lint.named_facts(question) - lint.claimed(question) == set()


def _sieve_question(run: str, expect: list[str], topics: tuple[str, ...] = ("sieve",)) -> model.Question:
    prompt = 'What does this script do?\n    require "fileinto";\n    fileinto "Lab";\n'
    claim = model.Claim(server="postfix", behaviour="compiles", run=run, expect=expect)
    return model.Question(
        id="sv-probe",
        type="single",
        prompt=prompt,
        answer="a",
        explanation="x" * 20,
        objective="211.2",
        topics=list(topics),
        choices=["keep;", "discard;", "files it"],
        lab="postfix-basics",
        claims=[claim],
    )


def test_every_sieve_snippet_is_compiled_and_a_failure_names_its_error():
    from maillab.quiz import lint

    script = 'sieve <<S\nrequire "fileinto";\nfileinto "Lab";\nS\necho "keep;" | sieve\necho "discard;" | sieve\n'
    assert lint.sieve_snippets(_sieve_question(script, [])) == [
        '    require "fileinto";\n    fileinto "Lab";',
        "keep;",
        "discard;",
    ]
    assert lint._sieve_problems(_sieve_question(script, ["^sievec: compiled$"])) == []
    unmade = lint._sieve_problems(_sieve_question('echo "keep;" | sieve\n', ["compiled"]))
    assert len(unmade) == 2 and all("that no claim compiles" in problem for problem in unmade)
    bare = lint._sieve_problems(_sieve_question(script, ["^sievec: failed$"]))
    assert bare == ["expects sievec to fail without naming the error it must print, for each failure"]
    require = ["sievec: .*unknown command 'fileinto'", "^sievec: failed$"]
    assert "not the intended error" in lint._sieve_problems(_sieve_question(script, require))[0]
    assert lint._sieve_problems(_sieve_question(script, require, ("sieve", "require"))) == []
    assert lint._sieve_problems(_sieve_question(script, ["sievec: .*unknown command 'elseif'", "sievec: failed"])) == []


def test_smtp_probe_mode_is_optional_and_unknown_words_are_named():
    assert probe.smtp_options(["25", "to=a@b.example"])["recipients"] == ["a@b.example"]
    with pytest.raises(SystemExit, match="unknown word 'colour=red'"):
        probe.smtp_options(["25", "colour=red"])
