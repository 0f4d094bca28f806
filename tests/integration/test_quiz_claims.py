"""Every `debian` claim of the quiz banks holds on the real server images: names, defaults and paths in one
container per image, each behaviour in a started server of its own."""

import time

import pytest

from maillab import images, servers
from maillab.quiz import behaviour, claims, model
from maillab.runtime import HOSTNAME, INIT_READY, NAMESPACE_LABEL, namespace

SCENARIO_SECONDS = 90
BEHAVIOURS = [(q, c) for server in servers.names() for q, c in claims.debian_claims(model.questions(), server, True)]


def run_claims(client, image: str, server: str, todo: list[tuple[str, model.Claim]]) -> list[claims.Verdict]:
    """Run claims in one throwaway container without network; return a verdict per claim."""
    output = client.containers.run(
        image,
        entrypoint=["sh", "-c", claims.script(todo, server)],
        remove=True,
        network_disabled=True,
        labels={NAMESPACE_LABEL: namespace(), "maillab.purpose": "quiz-claims"},
        stdout=True,
        stderr=False,
    ).decode()
    return claims.judge(todo, output, server)


@pytest.mark.parametrize("server", servers.names())
def test_debian_claims_hold(runtime, server):
    todo = claims.debian_claims(model.questions(), server)
    if not todo:
        pytest.skip(f"no question claims anything about {server}")
    image = images.server_image(runtime.client, server, lambda text: None)
    verdicts = run_claims(runtime.client, image, server, todo)
    false = [f"{v.question}: {v.claim.subject} ({v.seen})" for v in verdicts if not v.ok]
    assert not false, f"{len(false)} of {len(verdicts)} {server} claims are false on {image}:\n" + "\n".join(false)


def _probe(server: str, claims_: list[model.Claim]) -> list[tuple[str, model.Claim]]:
    return [("probe", model.Claim(**{**vars(claim), "server": server})) for claim in claims_]


@pytest.mark.parametrize(
    ("server", "false", "true"),
    [
        (
            "dovecot",
            [
                model.Claim(setting="auth_mechanisms", default="plain login"),
                model.Claim(setting="ssl_enable"),
                model.Claim(setting="mail_location", value="maildir:~/Maildir"),
                model.Claim(path="/etc/dovecot.conf"),
                model.Claim(path="/etc/dovecot/dovecot.conf", exists=False),
                model.Claim(path="/usr/share/dovecot/mkcert.sh", package="dovecot-imapd"),
                model.Claim(command="makealiases"),
                model.Claim(command="doveadm", exists=False),
                model.Claim(command="doveadm", subcommand="restart"),
                model.Claim(command="doveadm", subcommand="auth flush"),
                model.Claim(command="doveadm", subcommand="config", exists=False),
            ],
            [
                model.Claim(setting="ssl_min_protocol", default="TLSv1.2"),
                model.Claim(command="doveconf"),
                model.Claim(command="doveadm", subcommand="auth test"),
            ],
        ),
        (
            "postfix",
            [
                model.Claim(setting="message_size_limit", default="20480000"),
                # the lab image's main.cf sets relayhost; Debian's own main.cf leaves it empty
                model.Claim(setting="relayhost", value="[127.0.0.1]:2525"),
                model.Claim(setting="smtpd_tls_security_level", default="may"),
                model.Claim(setting="smtpd_relay_restrictions", exists=False),
                model.Claim(setting="mail_location", default="maildir:~/Maildir"),
                model.Claim(path="/etc/postfix/main.cf", exists=False),
            ],
            [
                model.Claim(setting="relayhost", value=""),
                model.Claim(setting="smtpd_tls_security_level", default="", value="may"),
                model.Claim(setting="mailbox_size_limit", default="51200000", value="0"),
                model.Claim(setting="lda_mailbox_autocreate", default="no"),
            ],
        ),
        (
            "courier",
            [
                model.Claim(setting="POP3DSTARTTLS", file="/etc/courier/pop3d-ssl"),
                model.Claim(setting="IMAP_TLS_REQUIRED", file="/etc/courier/imapd-ssl", value="1"),
                model.Claim(setting="PORT", file="/etc/courier/imapd", exists=False),
                model.Claim(command="doveadm"),
            ],
            [
                model.Claim(setting="POP3_STARTTLS", file="/etc/courier/pop3d-ssl", value="YES"),
                model.Claim(setting="TLS_PRIVATE_KEYFILE", file="/etc/courier/imapd-ssl"),
                model.Claim(command="makealiases"),
            ],
        ),
    ],
)
def test_false_claims_are_rejected(runtime, server, false, true):
    """The check can fail: each `false` claim is false on the server's image, each `true` one holds."""
    image = images.server_image(runtime.client, server, lambda text: None)
    verdicts = run_claims(runtime.client, image, server, _probe(server, false + true))
    assert [v.ok for v in verdicts] == [False] * len(false) + [True] * len(true), [v.seen for v in verdicts]


def run_behaviour(client, claim: model.Claim) -> tuple[bool, str]:
    """Start the claim's server (its init, no network), wait until it has started its services, run the
    scenario, judge it; the container is removed whatever happens."""
    image = images.server_image(client, claim.server, lambda text: None)
    labels = {NAMESPACE_LABEL: namespace(), "maillab.purpose": "quiz-behaviour"}
    container = client.containers.run(
        image, detach=True, init=True, network_disabled=True, hostname=HOSTNAME, labels=labels
    )
    try:
        deadline = time.monotonic() + 60
        while INIT_READY not in container.logs() and time.monotonic() < deadline:
            time.sleep(0.1)
        command = ["timeout", str(SCENARIO_SECONDS), "sh", "-c", behaviour.script(claim)]
        _, output = container.exec_run(command)
        return behaviour.judge(claim, output.decode("utf-8", "replace"))
    finally:
        container.remove(force=True, v=True)


@pytest.mark.parametrize(("question", "claim"), BEHAVIOURS, ids=[f"{q}-{i}" for i, (q, _) in enumerate(BEHAVIOURS)])
def test_behaviour_claim_holds(runtime, question, claim):
    ok, seen = run_behaviour(runtime.client, claim)
    assert ok, f"{question}: {claim.behaviour} does not hold on {claim.server}: {seen}"


IMAP_TLS_REQUIRED = "sed -i 's/^IMAP_TLS_REQUIRED=.*/IMAP_TLS_REQUIRED=1/' /etc/courier/imapd-ssl\n"
SSL_ONLY = IMAP_TLS_REQUIRED + "service courier-imap-ssl restart\nimap 143 plain alice alice\n"
PORT_144 = (
    "printf 'service imap-login {\\n inet_listener imap {\\n  port = 144\\n }\\n}\\n' "
    "> /etc/dovecot/conf.d/99-port.conf\ndoveadm reload\nwaitfor 5 sh -c \"ss -Hltn 'sport = :144' | grep -q .\"\n"
)
RELAY = "smtp 25 plain from=a@outside.example to=v@remote.example\n"
NO_REQUIRE = "printf 'fileinto \"Junk\";\\n' | sieve\n"
FALSE_BEHAVIOURS = [
    # restarting courier-imap-ssl alone does not make port 143 refuse LOGIN
    ("courier", SSL_ONLY, [r"login: NO"], []),
    # a reload does move Dovecot's listener
    ("dovecot", PORT_144 + "ss -Hltn\n", [r":143 "], [r":144 "]),
    # Dovecot refuses a plaintext LOGIN on 143 from a client that is not local
    ("dovecot", "imap 143 plain alice alice\n", [r"imap 143 login: OK"], []),
    # a wrong password fails
    ("dovecot", "doveadm auth test alice wrong\n", [r"auth succeeded"], []),
    # a client in mynetworks (127.0.0.2) may relay, so it is not refused
    ("postfix", RELAY, [r"rcpt v@remote\.example: 454"], []),
    # fileinto needs its require: sievec refuses the script
    ("postfix", NO_REQUIRE, [r"^sievec: compiled$"], []),
]
TRUE_BEHAVIOURS = [
    ("courier", SSL_ONLY, [r"login: OK"], []),
    ("dovecot", PORT_144 + "ss -Hltn\n", [r":144 "], [r":143 "]),
    ("dovecot", "imap 143 starttls alice alice\n", [r"imap 143 login: OK", r"select: OK \d+ messages"], []),
    ("postfix", RELAY, [r"^smtp 25 rcpt v@remote\.example: 250 "], []),
    ("postfix", NO_REQUIRE, [r"unknown command 'fileinto'", r"^sievec: failed$"], [r"^sievec: compiled$"]),
]


@pytest.mark.parametrize(
    ("server", "run", "expect", "absent", "holds"),
    [(*case, False) for case in FALSE_BEHAVIOURS] + [(*case, True) for case in TRUE_BEHAVIOURS],
)
def test_behaviour_check_can_fail(runtime, server, run, expect, absent, holds):
    """Each false behaviour is judged false on the real server, each true one holds."""
    claim = model.Claim(server=server, behaviour="probe", run=run, expect=expect, absent=absent)
    ok, seen = run_behaviour(runtime.client, claim)
    assert ok is holds, seen
