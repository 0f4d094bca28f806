"""Integration fixtures: a real engine, lab images built once, containers in a test namespace."""

import fcntl
import os
import tempfile
from pathlib import Path

import pytest

from maillab import catalog, engine, images
from maillab.runtime import Runtime


def pytest_collection_modifyitems(items):
    for item in items:
        if "integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def namespace(worker_id="master"):
    return f"maillabtest-{os.getpid()}"


@pytest.fixture(scope="session")
def runtime(namespace):
    """The engine, with every test container of this worker removed at the end."""
    previous = os.environ.get("MAILLAB_NAMESPACE")
    os.environ["MAILLAB_NAMESPACE"] = namespace
    client = engine.connect(setup=False)
    live = Runtime(client)
    yield live
    for container in live.labs():
        live.remove(container.lab)
    live.prune_networks()
    if previous is None:
        os.environ.pop("MAILLAB_NAMESPACE", None)
    else:
        os.environ["MAILLAB_NAMESPACE"] = previous


@pytest.fixture(scope="session")
def built_images(runtime):
    """Build every lab image once; parallel workers wait for each other on a lock file."""
    lock_path = Path(tempfile.gettempdir()) / "maillab-test-build.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        tags = {lab.id: images.lab_image(runtime.client, lab, lambda text: None) for lab in catalog.load_all()}
        fcntl.flock(lock, fcntl.LOCK_UN)
    return tags


@pytest.fixture(autouse=True)
def containers_end_with_their_test(request):
    """The containers a test starts are removed when it ends; those of module fixtures, started before
    it, stay for their module. Idle servers left running would slow every later start: each keeps its
    daemons awake and its published ports in the firewall rules the engine walks (with 120 Postfix labs
    idle, a start and removal costs twice the CPU). The network holders of the labs the test used
    stay, the others go: the worker's next case of the same lab then starts its server in that holder,
    as `lab reset` does, without the engine's work for a new network and its ports."""
    if "runtime" not in request.fixturenames:
        yield
        return
    runtime = request.getfixturevalue("runtime")
    before = {container.id for container in runtime.labs()}
    yield
    kept = set()
    for container in runtime.labs():
        if container.id not in before:
            runtime.discard(container, keep_network=True)
            kept.add(container.network)
    runtime.prune_networks(keep=kept)
