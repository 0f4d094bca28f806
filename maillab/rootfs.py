"""The Debian root file system every image starts from: pulled, or made with debootstrap when offline."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from maillab.errors import EngineError

REGISTRY_IMAGE = ("debian", "bookworm")
LOCAL_IMAGE = "maillab/rootfs:bookworm"
SUITE = "bookworm"


def debian_mirror(sources: Path = Path("/etc/apt")) -> str | None:
    """The Debian mirror apt already uses: deb822 *.sources first, then sources.list lines."""
    override = os.environ.get("MAILLAB_DEBIAN_MIRROR")
    if override:
        return override
    for path in sorted(sources.glob("sources.list.d/*.sources")):
        for stanza in path.read_text(errors="replace").split("\n\n"):
            uris = re.search(r"^URIs:\s*(\S+)", stanza, re.M)
            suites = re.search(r"^Suites:\s*(.+)$", stanza, re.M)
            debian = suites and re.search(r"\b(bookworm|stable|bullseye|trixie)\b", suites.group(1))
            if uris and debian and "security" not in uris.group(1):
                return uris.group(1)
    lists = [sources / "sources.list", *sorted(sources.glob("sources.list.d/*.list"))]
    for path in lists:
        if not path.is_file():
            continue
        for line in path.read_text(errors="replace").splitlines():
            match = re.match(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
            if match and "security" not in match.group(1) and "ubuntu" not in match.group(1):
                return match.group(1)
    return None


def _pull(client: Any) -> str | None:
    try:
        client.images.pull(*REGISTRY_IMAGE)
    except Exception:  # offline, no registry, rate limit: all mean "build it ourselves"
        return None
    return ":".join(REGISTRY_IMAGE)


def _debootstrap(client: Any, say: Any) -> str:
    if os.geteuid() != 0:
        raise EngineError("no registry answers and building the base needs root (debootstrap); run as root once")
    mirror = debian_mirror()
    if not mirror:
        raise EngineError("no Debian mirror in /etc/apt; set MAILLAB_DEBIAN_MIRROR to one and retry")
    if not shutil.which("debootstrap"):
        say("installing debootstrap with apt-get")
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "debootstrap"], capture_output=True, text=True)
        if done.returncode != 0:
            raise EngineError("apt-get install debootstrap failed; install it and retry")
    say(f"no registry answers: building a Debian {SUITE} base with debootstrap from {mirror} (about a minute)")
    with tempfile.TemporaryDirectory(prefix="maillab-rootfs-", dir="/var/tmp") as work:
        root = Path(work) / "root"
        done = subprocess.run(
            ["debootstrap", "--variant=minbase", SUITE, str(root), mirror], capture_output=True, text=True
        )
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or ["unknown error"]
            raise EngineError(f"debootstrap failed: {tail[0]}")
        archive = Path(work) / "rootfs.tar"
        subprocess.run(["tar", "-C", str(root), "-cf", str(archive), "."], check=True)
        repository, tag = LOCAL_IMAGE.split(":")
        client.api.import_image(src=str(archive), repository=repository, tag=tag)
    return LOCAL_IMAGE


_FOUND: list[str] = []  # the root image this process has found, asked for once


def present(client: Any) -> str | None:
    """The name of a Debian bookworm root image the engine has already (pulled or made here), or None."""
    if _FOUND:
        return _FOUND[0]
    for name in (":".join(REGISTRY_IMAGE), LOCAL_IMAGE):
        try:
            client.images.get(name)
            _FOUND.append(name)
            return name
        except Exception:
            continue
    return None


def ensure(client: Any, say: Any) -> str:
    """The name of a usable Debian bookworm root image, making one if needed."""
    return present(client) or _pull(client) or _debootstrap(client, say)
