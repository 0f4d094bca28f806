"""`lab submit`: pack a running lab's graded state into one submission archive."""

from pathlib import Path

from maillab import images, lifecycle
from maillab.catalog import Lab
from maillab.errors import MaillabError, UsageError
from maillab.instructor import archive
from maillab.paths import write_atomic
from maillab.runtime import Runtime, container_name

# Files a server's configuration points to (certificates, keys, DH parameters), one path a line.
POINTED = {
    "dovecot": "doveconf -P 2>/dev/null | sed -n 's/^[a-z_]* = <[[:space:]]*\\(\\/.*\\)$/\\1/p'",
    "courier": "for f in /etc/courier/imapd-ssl /etc/courier/pop3d-ssl; do "
    '[ -f $f ] && (. $f >/dev/null 2>&1; echo "$TLS_CERTFILE"; echo "$TLS_TRUSTCERTS"); done',
}
EXISTING = 'for p; do if [ -e "$p" ] || [ -L "$p" ]; then printf "%s\\n" "${p#/}"; fi; done'


def paths_to_collect(runtime: Runtime, lab: Lab) -> list[str]:
    """The lab's declared `collect:` paths plus the files its configuration points to, that exist."""
    wanted = [path.rstrip("/") or "/" for path in lab.collect]
    command = POINTED.get(lab.server)
    if command:
        _, output = runtime.exec(lab.id, ["sh", "-c", command])
        wanted += [line.strip() for line in output.splitlines() if line.strip().startswith("/")]
    wanted = archive.outermost([path for path in wanted if archive.may_hold(path, lab.collect)])
    _, output = runtime.exec(lab.id, ["sh", "-c", EXISTING, "sh", *wanted])
    return [line for line in output.splitlines() if line]


def source_tar(runtime: Runtime, lab: Lab, paths: list[str]) -> bytes:
    """A tar of `paths` (relative to /) read from the running container, owners kept as numbers."""
    container = runtime.client.containers.get(container_name(lab.id))
    code, (out, err) = container.exec_run(["tar", "-C", "/", "--numeric-owner", "-cf", "-", "--", *paths], demux=True)
    if code not in (0, 1):
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
        raise MaillabError(f"could not read the lab's files: {detail[-1] if detail else f'tar exited {code}'}")
    return out or b""


def submit(runtime: Runtime, lab: Lab, student: str, out: Path) -> archive.Manifest:
    """Write the submission archive for the running lab to `out`; return its manifest."""
    if not archive.valid_student(student):
        raise UsageError(f"student id {student!r}: use letters, digits and . _ @ - (at most 64)")
    lifecycle.running_container(runtime, lab)
    paths = paths_to_collect(runtime, lab)
    if not paths:
        raise MaillabError(f"{lab.id} declares nothing to collect that exists in the server")
    data, manifest = archive.pack(source_tar(runtime, lab, paths), lab.id, images.tree_digest(lab.folder), student)
    write_atomic(out, data)
    return manifest
