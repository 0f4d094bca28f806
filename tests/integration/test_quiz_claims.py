"""Every `debian` claim of the quiz banks holds on the real server images (one container per image)."""

import pytest

from maillab import images, servers
from maillab.quiz import claims, model
from maillab.runtime import NAMESPACE_LABEL, namespace


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
