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
