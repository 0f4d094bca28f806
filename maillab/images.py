"""Build the server and lab images from containers/ and labs/, cached by a hash of their inputs."""

import hashlib
import io
import tarfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from maillab import paths, rootfs, servers
from maillab.catalog import Lab
from maillab.errors import EngineError

LABEL = "maillab.image"


def tree_digest(folder: Path, extra: Iterable[str] = ()) -> str:
    """A short sha256 over every file (name, mode bits that matter, bytes) under `folder`, plus `extra`."""
    digest = hashlib.sha256()
    for item in extra:
        digest.update(item.encode() + b"\0")
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(b"x" if path.stat().st_mode & 0o111 else b"-")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


_FOUND: set[str] = set()  # tags this process has found: a tag is a hash of its inputs, so it stays right


def _exists(client: Any, tag: str) -> bool:
    """Whether the engine has `tag` (asked once per process once found); an engine that fails to
    answer is an error, not a missing image."""
    import docker.errors

    if tag in _FOUND:
        return True
    try:
        client.images.get(tag)
        _FOUND.add(tag)
        return True
    except docker.errors.ImageNotFound:
        return False
    except docker.errors.APIError as error:
        raise EngineError(f"the engine could not look up image {tag}: {error.explanation or error}") from None


def _build(client: Any, context: Path | bytes, tag: str, buildargs: dict, say: Callable[[str], None]) -> None:
    """docker build with a line of progress per step; the build's own error on failure."""
    options: dict[str, Any] = {"tag": tag, "buildargs": buildargs, "rm": True, "forcerm": True, "decode": True}
    options["labels"] = {LABEL: tag}
    if isinstance(context, bytes):
        options.update(fileobj=io.BytesIO(context), custom_context=True)
    else:
        options["path"] = str(context)
    tail: list[str] = []
    for chunk in client.api.build(**options):
        if "error" in chunk:
            detail = chunk.get("errorDetail", {}).get("message") or chunk["error"]
            raise EngineError(f"building {tag} failed: {detail.strip().splitlines()[-1]}")
        line = chunk.get("stream", "").strip()
        if line:
            tail = [*tail[-20:], line]
            if line.startswith("Step "):
                say(f"building {tag}: {line}")
    if not _exists(client, tag):
        raise EngineError(f"building {tag} failed: {tail[-1] if tail else 'no output'}")


def base_image(client: Any, say: Callable[[str], None]) -> str:
    """maillab/base:<hash>, built on the Debian root image."""
    root = rootfs.ensure(client, say)
    folder = paths.containers_dir() / "base"
    tag = f"maillab/base:{tree_digest(folder, [root])}"
    if not _exists(client, tag):
        _build(client, folder, tag, {"ROOTFS": root}, say)
    return tag


def server_image(client: Any, server: str, say: Callable[[str], None]) -> str:
    """maillab/<server>:<hash>, e.g. the Dovecot image; its `services` file comes from server.yaml."""
    base = base_image(client, say)
    folder = paths.containers_dir() / server
    tag = f"maillab/{server}:{tree_digest(folder, [base])}"
    if not _exists(client, tag):
        _build(client, _context(folder, {"services": servers.get(server).services_file()}), tag, {"BASE": base}, say)
    return tag


def _context(folder: Path, extra: dict[str, str]) -> bytes:
    """A build context: every file under `folder` plus generated `extra` files (name → text)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in sorted(p for p in folder.rglob("*") if "__pycache__" not in p.parts):
            archive.add(path, arcname=str(path.relative_to(folder)), recursive=False)
        for name, text in extra.items():
            _add_text(archive, name, text)
    return buffer.getvalue()


def _add_text(archive: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    archive.addfile(info, io.BytesIO(data))


def _lab_context(lab: Lab, server_tag: str) -> bytes:
    """A build context: the server image plus the lab's setup script (its starting state)."""
    script = "#!/bin/sh\nset -e\n" + "\n".join(lab.setup_script) + "\n"
    dockerfile = (
        f"FROM {server_tag}\n"
        "COPY setup.sh /tmp/maillab-setup.sh\n"
        "RUN sh /tmp/maillab-setup.sh && rm -f /tmp/maillab-setup.sh\n"
    )
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, text in (("Dockerfile", dockerfile), ("setup.sh", script)):
            _add_text(archive, name, text)
    return buffer.getvalue()


def lab_image(client: Any, lab: Lab, say: Callable[[str], None]) -> str:
    """maillab/lab-<id>:<hash>: the server image in the lab's starting state."""
    server_tag = server_image(client, lab.server, say)
    digest = hashlib.sha256("\n".join([server_tag, *lab.setup_script]).encode()).hexdigest()[:16]
    tag = f"maillab/lab-{lab.id}:{digest}"
    if not _exists(client, tag):
        _build(client, _lab_context(lab, server_tag), tag, {}, say)
    return tag
