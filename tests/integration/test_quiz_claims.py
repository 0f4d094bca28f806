"""Every `debian` claim of the quiz banks holds on the real server images (one container per image)."""

import pytest

from maillab import images, paths
from maillab.quiz import claims, model
from maillab.runtime import NAMESPACE_LABEL, namespace

SERVERS = ("dovecot", "courier")


def run_claims(client, image: str, server: str) -> list[claims.Verdict]:
    """Run the server's claims in one throwaway container without network; return a verdict per claim."""
    todo = claims.debian_claims(model.questions(), server)
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
    verdicts = run_claims(runtime.client, image, server)
    assert verdicts, f"no claims about {server}"
    false = [f"{v.question}: {v.claim.subject} ({v.seen})" for v in verdicts if not v.ok]
    assert not false, f"{len(false)} of {len(verdicts)} {server} claims are false on {image}:\n" + "\n".join(false)
