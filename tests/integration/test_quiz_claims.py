"""Every `debian` claim of the quiz banks holds on the real server images (one container per image)."""

import pytest

from maillab import images, paths
from maillab.quiz import claims, model
from maillab.runtime import NAMESPACE_LABEL, namespace

SERVERS = ("dovecot", "courier")


def run_claims(client, image: str, todo: list[tuple[str, model.Claim]]) -> list[claims.Verdict]:
    """Run claims in one throwaway container without network; return a verdict per claim."""
    output = client.containers.run(
        image,
        entrypoint=["sh", "-c", claims.script(todo)],
        remove=True,
        network_disabled=True,
        labels={NAMESPACE_LABEL: namespace(), "maillab.purpose": "quiz-claims"},
        stdout=True,
        stderr=False,
    ).decode()
    return claims.judge(todo, output)


@pytest.mark.parametrize("server", SERVERS)
def test_debian_claims_hold(runtime, server):
    if not (paths.containers_dir() / server / "Dockerfile").is_file():
        pytest.skip(f"no {server} image under containers/ yet; its claims wait for it")
    image = images.server_image(runtime.client, server, lambda text: None)
    verdicts = run_claims(runtime.client, image, claims.debian_claims(model.questions(), server))
    assert verdicts, f"no claims about {server}"
    false = [f"{v.question}: {v.claim.subject} ({v.seen})" for v in verdicts if not v.ok]
    assert not false, f"{len(false)} of {len(verdicts)} {server} claims are false on {image}:\n" + "\n".join(false)


def test_false_claims_are_rejected(runtime):
    """The check can fail: each of these claims is false on the Dovecot image."""
    image = images.server_image(runtime.client, "dovecot", lambda text: None)
    false = [
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
    ]
    true = [
        model.Claim(setting="ssl_min_protocol", default="TLSv1.2"),
        model.Claim(command="doveconf"),
        model.Claim(command="doveadm", subcommand="auth test"),
    ]
    verdicts = run_claims(runtime.client, image, [("probe", claim) for claim in false + true])
    assert [v.ok for v in verdicts] == [False] * len(false) + [True] * len(true), [v.seen for v in verdicts]
