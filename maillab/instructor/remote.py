"""Grade a server that is not a lab container: a student's own machine over ssh, or any container.

`ssh://user@host[:port]` uses testinfra's ssh backend (options such as
`?ssh_config=FILE` or `?ssh_identity_file=FILE` pass through); `docker://NAME`
runs commands through the engine's API, so a remote engine works via DOCKER_HOST.
Protocol clients run on the graded machine itself, bound to the address the server's
description names (`clients_from`), so they reach every port without any being published
and the server does not treat them as local (a TLS-only rule is judged as from the network). That needs python3 there.
"""

from maillab import grader
from maillab.catalog import Lab
from maillab.errors import MaillabError, UsageError
from maillab.target import Target, client_inside


def target_for(spec: str, lab: Lab) -> Target:
    """A Target for `ssh://user@host[:port]` or `docker://NAME` running the lab's server."""
    scheme, _, rest = spec.partition("://")
    if scheme == "ssh" and rest:
        import shutil

        import testinfra

        if not shutil.which("ssh"):
            raise MaillabError("--target ssh:// needs an ssh client; install it: apt-get install openssh-client")

        host = testinfra.get_host(spec)
    elif scheme == "docker" and rest:
        import docker.errors

        from maillab import dockerexec, engine

        client = engine.connect(setup=False)
        try:
            container = client.containers.get(rest)
        except docker.errors.NotFound:
            raise MaillabError(f"no container named {rest!r} on this engine (DOCKER_HOST picks another)") from None
        if container.status != "running":
            raise MaillabError(f"container {rest!r} is {container.status}, not running")
        host = dockerexec.host(client, container.id)
    else:
        raise UsageError(f"--target {spec!r}: use ssh://user@host[:port] or docker://NAME")
    return Target(host, client_inside(lab.server_info), spec.split("?")[0], lab.server_info)


def grade(lab: Lab, spec: str) -> grader.Result:
    """Restart the lab's services on the target, then run every check there."""
    target = target_for(spec, lab)
    try:
        probe = target.host.run("true")
    except RuntimeError as error:  # testinfra's ssh backend raises when ssh itself fails (exit 255)
        stderr = getattr(error.args[0], "stderr", "") if error.args else ""
        raise MaillabError(f"cannot reach {target.name}: {(stderr or str(error)).strip()[:200]}") from None
    if probe.rc != 0:
        raise MaillabError(f"cannot run commands on {target.name}: {probe.stderr.strip()[:200]}")
    result = grader.grade(lab, target)
    result.extra["target"] = target.name
    return result
