"""Lab containers on the engine: create, find, publish ports, run commands, remove."""

import codecs
import contextlib
import io
import os
import socket
import struct
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from maillab import interrupts
from maillab.errors import EngineError, ExitStatus

LAB_LABEL = "maillab.lab"
INIT_READY = b"maillab-init: ready"  # what maillab-init logs once it has started the image's services
NAMESPACE_LABEL = "maillab.namespace"
SERVER_LABEL = "maillab.server"
# A lab's network holder: a sleeping container that owns the lab's network and published ports, so
# that `lab reset` replaces the server without the engine's per-network and per-port work.
NETWORK_LABEL = "maillab.network-of"
# Whose values a lab container carries (lab start --student ID --class CODE); absent for the defaults.
STUDENT_LABEL = "maillab.student"
CLASS_LABEL = "maillab.class"
# An exam sitting's container (`lab exam start`): the exam, its seed, the drawn labs, when it began.
EXAM_LABEL = "maillab.exam"
SEED_LABEL = "maillab.exam.seed"
TASKS_LABEL = "maillab.exam.tasks"
STARTED_LABEL = "maillab.exam.started"
HOSTNAME = "mail.example.lab"
# Set on purpose (README "Limits"): 50 concurrent IMAPS sessions hold ~120 processes, Dovecot's
# imap-login process_limit (100) bites before pids_limit; explicit ulimits keep engines (Podman)
# from raising rlimits to the host's maximum, which an unprivileged host refuses.
LIMITS = {
    "mem_limit": "256m",
    "pids_limit": 512,
    "nano_cpus": 1_000_000_000,
    "ulimits": [{"name": "nofile", "soft": 8192, "hard": 8192}, {"name": "nproc", "soft": 4096, "hard": 4096}],
}
DROPPED_CAPABILITIES = ["NET_RAW", "MKNOD", "SETFCAP", "AUDIT_WRITE"]
# The holder runs one `sleep` under the engine's init and needs no privilege at all.
NETWORK_LIMITS = {"mem_limit": "32m", "pids_limit": 8, "nano_cpus": 100_000_000}


def folder_tar(folder: Path, under: str = "", replaced: dict[Path, bytes] | None = None) -> bytes:
    """A tar of a folder's files, relative to it (or inside a directory `under`), owned by root
    (for `put_archive`); `replaced` gives other bytes for some files (by relative path)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in [folder] * bool(under) + sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            info = archive.gettarinfo(str(path), arcname=str(Path(under, relative)))
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            if replaced and relative in replaced:
                info.size = len(replaced[relative])
                archive.addfile(info, io.BytesIO(replaced[relative]))
            elif path.is_file():
                with path.open("rb") as handle:
                    archive.addfile(info, handle)
            else:
                archive.addfile(info)
    return buffer.getvalue()


def exec_with_input(
    api: Any, container: str, command: list[str], data: bytes, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run a command in `container` (name or id) with `data` as its whole input, through the engine
    API's attached exec; (exit status, combined output)."""
    exec_id = api.exec_create(container, command, stdin=True, stdout=True, stderr=True, environment=env or {})
    attached = api.exec_start(exec_id, socket=True)
    raw = getattr(attached, "_sock", attached)
    output = bytearray()
    try:
        with contextlib.suppress(OSError):  # a command that ends before reading it all
            raw.sendall(data)
            raw.shutdown(socket.SHUT_WR)
        stream = raw.makefile("rb")
        while header := stream.read(8):
            output += stream.read(struct.unpack(">I", header[4:])[0])
    finally:
        attached.close()
        raw.close()
    code = api.exec_inspect(exec_id)["ExitCode"]
    return ExitStatus.ERROR if code is None else int(code), output.decode("utf-8", "replace")


def namespace() -> str:
    """Prefix of container names; tests and instructors use their own (MAILLAB_NAMESPACE)."""
    return os.environ.get("MAILLAB_NAMESPACE", "maillab")


def container_name(lab_id: str) -> str:
    return f"{namespace()}-{lab_id}"


def network_name(lab_id: str) -> str:
    """The lab's network holder; a dot, which no lab id holds, keeps it apart from lab containers."""
    return f"{container_name(lab_id)}.net"


def _joined(container: Any) -> str:
    """The id of the container whose network `container` joined, or ""."""
    mode = str(container.attrs.get("HostConfig", {}).get("NetworkMode", ""))
    return mode.removeprefix("container:") if mode.startswith("container:") else ""


def _published(container: Any) -> dict[int, int]:
    """{container port: 127.0.0.1 port} that `container` publishes (while it runs)."""
    ports: dict[int, int] = {}
    for key, bindings in (container.attrs.get("NetworkSettings", {}).get("Ports") or {}).items():
        if bindings:
            ports[int(key.split("/")[0])] = int(bindings[0]["HostPort"])
    return ports


@dataclass(frozen=True)
class LabContainer:
    """A running (or stopped) lab container and the ports it publishes on 127.0.0.1."""

    lab: str
    name: str
    id: str
    status: str
    image: str
    ports: dict[int, int]
    server: str = ""
    student: str = ""
    class_code: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    network: str = ""  # the id of its network holder ("" for a container with a network of its own)

    @classmethod
    def of(cls, container: Any, holder: Any = None) -> "LabContainer":
        """The lab container, with the ports its network `holder` publishes (or its own)."""
        attrs = container.attrs
        return cls(
            lab=attrs["Config"]["Labels"].get(LAB_LABEL, ""),
            name=container.name,
            id=container.id,
            status=container.status,
            image=attrs["Config"]["Image"],
            ports=_published(holder or container),
            server=attrs["Config"]["Labels"].get(SERVER_LABEL, ""),
            student=attrs["Config"]["Labels"].get(STUDENT_LABEL, ""),
            class_code=attrs["Config"]["Labels"].get(CLASS_LABEL, ""),
            labels=dict(attrs["Config"]["Labels"]),
            network=holder.id if holder is not None else "",
        )


def network_options(lab_id: str, image: str, ports: dict[int, int | None], server: str = "") -> dict[str, Any]:
    """How a lab's network holder runs: the fixed hostname, ports on 127.0.0.1 only, the resolvers
    the server's description names; one `sleep`, no capability, small limits."""
    from maillab import servers

    dns = servers.get(server).dns if server else []
    return {
        **({"dns": dns} if dns else {}),
        "image": image,
        "name": network_name(lab_id),
        "hostname": HOSTNAME,
        "entrypoint": ["sleep", "infinity"],
        "command": [],
        "detach": True,
        "init": True,
        "labels": {NETWORK_LABEL: lab_id, NAMESPACE_LABEL: namespace()},
        "ports": {f"{port}/tcp": ("127.0.0.1", host_port) for port, host_port in ports.items()},
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        **NETWORK_LIMITS,
    }


def run_options(
    lab_id: str, image: str, network: str, server: str = "", labels: dict[str, str] | None = None
) -> dict[str, Any]:
    """How every lab container runs: init, limits, labels, in the network of its holder `network`
    (which gives it the hostname, the resolvers and the published ports)."""
    return {
        "image": image,
        "name": container_name(lab_id),
        "network_mode": f"container:{network}",
        "detach": True,
        "init": True,
        "labels": {**(labels or {}), LAB_LABEL: lab_id, NAMESPACE_LABEL: namespace(), SERVER_LABEL: server},
        "cap_drop": DROPPED_CAPABILITIES,
        **LIMITS,
    }


class Runtime:
    """maillab's view of the engine: lab containers in this namespace."""

    def __init__(self, client: Any):
        self.client = client

    def get(self, lab_id: str) -> LabContainer | None:
        """The lab's container, running or not, or None."""
        import docker.errors

        try:
            container = self.client.containers.get(container_name(lab_id))
        except docker.errors.NotFound:
            return None
        return LabContainer.of(container, self._holder(container))

    def _holder(self, container: Any) -> Any:
        import docker.errors

        joined = _joined(container)
        try:
            return self.client.containers.get(joined) if joined else None
        except docker.errors.NotFound:
            return None

    def _namespace_containers(self) -> tuple[list[Any], dict[str, Any]]:
        """(lab containers, network holders by id) of this namespace."""
        found = self.client.containers.list(all=True, filters={"label": f"{NAMESPACE_LABEL}={namespace()}"})
        holders = {c.id: c for c in found if NETWORK_LABEL in c.labels}
        return [c for c in found if c.id not in holders], holders

    def labs(self) -> list[LabContainer]:
        """Every lab container of this namespace."""
        containers, holders = self._namespace_containers()
        return sorted((LabContainer.of(c, holders.get(_joined(c))) for c in containers), key=lambda c: c.lab)

    def create(
        self,
        lab_id: str,
        image: str,
        ports: dict[int, int | None],
        server: str = "",
        labels: dict[str, str] | None = None,
    ) -> LabContainer:
        """Start a new lab container (with extra `labels`) in the lab's network holder, which is kept
        when it runs and publishes these ports, else made anew; if anything fails or is interrupted,
        nothing is left behind."""
        import docker.errors

        try:
            with interrupts.deferred():
                holder = self._network(lab_id, image, ports, server)
                container = self.client.containers.create(**run_options(lab_id, image, holder.id, server, labels))
                container.start()
            container.reload()
            return LabContainer.of(container, holder)
        except BaseException as error:
            # by name: the container may exist even when its id never came back
            with contextlib.suppress(Exception):
                self.remove(lab_id)
            if isinstance(error, docker.errors.APIError):
                raise EngineError(f"could not start {container_name(lab_id)}: {error.explanation}") from None
            raise

    def _network(self, lab_id: str, image: str, ports: dict[int, int | None], server: str) -> Any:
        """The lab's running network holder publishing `ports`, made anew unless there is one."""
        import docker.errors

        with contextlib.suppress(docker.errors.NotFound):
            holder = self.client.containers.get(network_name(lab_id))
            if holder.status == "running" and set(_published(holder)) == set(ports):
                return holder
            holder.remove(force=True, v=True)
        holder = self.client.containers.create(**network_options(lab_id, image, ports, server))
        holder.start()
        holder.reload()
        return holder

    def start(self, lab_id: str) -> LabContainer:
        """Start a stopped lab container again (work kept), its network holder first."""
        container = self.client.containers.get(container_name(lab_id))
        holder = self._holder(container)
        if holder is None and _joined(container):
            raise EngineError(f"the network of {container.name} was removed; `lab reset {lab_id}` makes the lab anew")
        if holder is not None and holder.status != "running":
            holder.start()
            holder.reload()
        container.start()
        container.reload()
        return LabContainer.of(container, holder)

    def stop(self, lab_id: str, timeout: int = 10) -> None:
        """Stop the lab's container: every process in it ends, as at a shutdown; its ports go with it."""
        container = self.client.containers.get(container_name(lab_id))
        container.stop(timeout=timeout)
        holder = self._holder(container)
        if holder is not None:
            holder.stop(timeout=1)

    def remove(self, lab_id: str, keep_network: bool = False) -> None:
        """Remove the lab's container (by name), if there is one, and its network holder unless kept
        (`lab reset` keeps it, so the new server has the same ports)."""
        self._force_remove(container_name(lab_id))
        if not keep_network:
            self._force_remove(network_name(lab_id))

    def discard(self, container: LabContainer, keep_network: bool = False) -> None:
        """Remove this very container (by id, whatever its name) and, unless kept, its network holder."""
        self._force_remove(container.id)
        if container.network and not keep_network:
            self._force_remove(container.network)

    def prune_networks(self, keep: set[str] | frozenset[str] = frozenset()) -> None:
        """Remove the network holders (but those whose ids are in `keep`) that no lab container uses."""
        containers, holders = self._namespace_containers()
        used = {_joined(c) for c in containers} | set(keep)
        for holder_id in holders.keys() - used:
            self._force_remove(holder_id)

    def _force_remove(self, name_or_id: str) -> None:
        import docker.errors

        with contextlib.suppress(docker.errors.NotFound):
            self.client.containers.get(name_or_id).remove(force=True, v=True)

    def exec(self, lab_id: str, command: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
        """Run a command in the lab container; (exit status, combined output)."""
        container = self.client.containers.get(container_name(lab_id))
        code, output = container.exec_run(command, environment=env or {})
        return code, output.decode("utf-8", "replace")

    def exec_stream(self, lab_id: str, command: list[str], out: TextIO, err: TextIO) -> int:
        """Run a command in the lab container, writing its output to `out` and `err` as it comes; its exit status."""
        api = self.client.api
        exec_id = api.exec_create(container_name(lab_id), command, stdout=True, stderr=True)
        streams = [(stream, codecs.getincrementaldecoder("utf-8")("replace")) for stream in (out, err)]
        for chunks in api.exec_start(exec_id, stream=True, demux=True):
            for (stream, decoder), chunk in zip(streams, chunks, strict=True):
                if chunk:
                    stream.write(decoder.decode(chunk))
                    stream.flush()
        for stream, decoder in streams:
            stream.write(decoder.decode(b"", final=True))
        code = api.exec_inspect(exec_id)["ExitCode"]
        return ExitStatus.ERROR if code is None else int(code)

    def shell_argv(self, lab_id: str, command: str | None = None, tty: bool = True) -> list[str]:
        """The docker CLI line for a login shell in the lab container as root, or for `sh -c command`.

        The CLI, not the SDK, because it hands the terminal (or stdin) straight to the container.
        """
        if command is None:
            return ["docker", "exec", "-it", "-w", "/root", container_name(lab_id), "bash", "-l"]
        return ["docker", "exec", "-it" if tty else "-i", container_name(lab_id), "sh", "-c", command]

    def shell(self, lab_id: str, command: str | None = None, tty: bool = True) -> int:
        """Run shell_argv: a login shell takes this process over; a command returns its exit status."""
        import shutil
        import subprocess

        argv = self.shell_argv(lab_id, command, tty)
        if shutil.which(argv[0]) is None:
            raise EngineError(
                "a shell in the lab needs the docker command-line client (Debian: apt-get install docker.io)"
            )
        if command is None:
            os.execvp(argv[0], argv)
        return subprocess.call(argv)
