"""What each server is, described once: containers/<server>/server.yaml, plus an optional module.

The data names the ports, the services and how they restart, the log file, what `lab submit`
collects, which certificate and key serve which port, and where grading clients stand. Code
that must be code lives in `maillab/servers/<server>.py` (see `ServerModule`); a server with no
module still works with the protocol checks.
"""

import contextlib
import importlib
from collections.abc import Callable, Iterator
from functools import cache
from types import ModuleType
from typing import Annotated, Any, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from maillab import paths, yamlfile
from maillab.errors import LabFileError

NAME = r"^[a-z][a-z0-9-]{1,30}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Service(_Strict):
    """A service the image's init starts, in order; `start` (one line) replaces `service NAME start`
    when the container starts, `restart` replaces `service NAME restart` when grading restarts it."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9.-]*$")]
    start: str = ""
    restart: str = ""

    @field_validator("start")
    @classmethod
    def _one_line(cls, start: str) -> str:
        if "\n" in start.strip():
            raise ValueError("must be one line: the image's services file holds one line per service")
        return start.strip()


class FileSetting(_Strict):
    """A setting that names a file: `setting` alone is asked of the server's module; with `file`,
    the file is sourced in sh and the variable read."""

    setting: str
    file: str = ""


class TlsFiles(_Strict):
    """The certificate and key that serve some of the named ports."""

    ports: Annotated[list[str], Field(min_length=1)]
    cert: FileSetting
    key: FileSetting


class Collect(_Strict):
    """What `lab submit` packs by default, and a shell command printing files the configuration points to."""

    paths: list[str] = Field(default_factory=list)
    pointed_to: str = ""


class Server(_Strict):
    """One server as containers/<name>/server.yaml describes it."""

    name: Annotated[str, Field(pattern=NAME)]
    title: str
    ports: Annotated[dict[str, int], Field(min_length=1)]
    ready: Annotated[list[str], Field(min_length=1, description="ports whose greeting proves the server is up")]
    ready_all: bool = Field(False, description="a start waits for every ready port, not the first that greets")
    services: Annotated[list[Service], Field(min_length=1)]
    log: str
    collect: Collect = Field(default_factory=Collect)
    tls: list[TlsFiles] = Field(default_factory=list)
    clients_from: str = Field("127.0.0.2", description="source address of a client run inside the server")
    dns: list[str] = Field(default_factory=list, description="resolvers a lab container is given (none: the engine's)")
    tools: list[str] = Field(default_factory=list, description="the server's own commands, for the quiz")
    settings: str = Field("", description="a file beside server.yaml naming the server's settings, for the quiz lint")

    @model_validator(mode="after")
    def _names_known_ports(self) -> "Server":
        named = set(self.ports)
        for name in [*self.ready, *(port for files in self.tls for port in files.ports)]:
            if name not in named:
                raise ValueError(f"port {name!r} is not one of ports: {', '.join(sorted(named))}")
        return self

    @property
    def port_numbers(self) -> list[int]:
        """Container ports a client reaches, published on 127.0.0.1."""
        return list(self.ports.values())

    @property
    def ready_ports(self) -> list[int]:
        return [self.ports[name] for name in self.ready]

    @property
    def service_names(self) -> list[str]:
        return [service.name for service in self.services]

    def port_name(self, port: int) -> str:
        """`IMAPS` for 993; the number itself for a port the server does not name."""
        return next((name for name, number in self.ports.items() if number == port), str(port))

    def tls_files(self, port: int) -> TlsFiles | None:
        """The certificate and key settings that serve container port `port`."""
        name = self.port_name(port)
        return next((files for files in self.tls if name in files.ports), None)

    def services_file(self) -> str:
        """The image's /etc/maillab/services: a line per service in start order, its name and, when
        it has one, its own start command (containers/base/maillab-init reads it)."""
        return "".join(f"{service.name} {service.start}".rstrip() + "\n" for service in self.services)

    def restart_script(self, names: list[str]) -> str:
        """One shell script restarting `names` in order, with each service's own restart when it has one."""
        import shlex

        by_name = {service.name: service for service in self.services}
        quiet = "</dev/null >/dev/null 2>&1"
        steps = [
            (by_name[name].restart if name in by_name and by_name[name].restart else "")
            or f"service {shlex.quote(name)} restart {quiet}"
            for name in names
        ]
        return "\n".join(steps) + "\n"

    @property
    def module(self) -> "ServerModule | None":
        """maillab/servers/<name>.py, when the server has code of its own."""
        return _module(self.name)


class Delivered(NamedTuple):
    """A test message handed to the server: what went wrong (None when it was delivered) and,
    when the server can tell, where it was stored."""

    problem: str | None
    stored: str = ""


class ServerModule(Protocol):
    """What a server's module may offer to the shared code (each part optional)."""

    def file_path(self, target: Any, spec: FileSetting, port: int) -> tuple[str | None, str]:
        """(path, where it is set) of a file setting, e.g. the certificate serving container port `port`."""
        ...

    def deliver_test(self, target: Any, user: str, subject: str) -> Delivered:
        """Deliver a small message with this subject to `user`'s INBOX, the server's own way."""
        ...

    def left_behind(self, target: Any, user: str, subject: str) -> str | None:
        """None when no message with this subject is left in `user`'s INBOX, else where it is."""
        ...

    def discard(self, target: Any, user: str, subject: str) -> None:
        """Remove test messages with this subject from `user`'s mail (tidying up)."""
        ...

    def await_delivery(self, target: Any, reply: str) -> str:
        """Wait (bounded) until the message SMTP queued with `reply` has left the queue; what the log said."""
        ...

    def local_domains(self, target: Any) -> list[str]:
        """The mail domains the server keeps for itself (an SMTP check sends DATA only to these)."""
        ...

    def startup_error(self, target: Any, protocol: str) -> str | None:
        """Why the server of `protocol` gave a client no greeting (hung up, or held it), as its log says, or None."""
        ...

    def posing(self, target: Any, port: int) -> Any:
        """A context in which an SMTP client inside the server may pose as another client address of
        the service on `port`: it yields (why not, or None; the loopback port a client inside uses,
        naming the address with XCLIENT)."""
        ...


def _part(target: Any, name: str) -> Callable[..., Any] | None:
    module = target.server.module
    return getattr(module, name, None) if module is not None else None


def _no_code(target: Any, what: str) -> str:
    return f"{target.server.name} has no code to {what} (maillab/servers/{target.server.name}.py)"


def deliver_test(target: Any, user: str, subject: str) -> Delivered:
    """Deliver a test message to `user` through the target's server (see ServerModule)."""
    deliver = _part(target, "deliver_test")
    return deliver(target, user, subject) if deliver else Delivered(_no_code(target, "deliver a test message"))


def left_behind(target: Any, user: str, subject: str) -> str | None:
    """Where a message with this subject is still in `user`'s INBOX, or None (see ServerModule)."""
    find = _part(target, "left_behind")
    return find(target, user, subject) if find else _no_code(target, "look into a mailbox")


def discard(target: Any, user: str, subject: str) -> None:
    """Tidy up test messages, where the server's module can."""
    remove = _part(target, "discard")
    if remove:
        remove(target, user, subject)


def local_domains(target: Any) -> list[str] | None:
    """The domains the target's server delivers for itself, or None when its module cannot tell."""
    find = _part(target, "local_domains")
    return find(target) if find else None


def startup_error(target: Any, protocol: str) -> str | None:
    """Why the server of `protocol` gave a client no greeting, or None (see ServerModule)."""
    find = _part(target, "startup_error")
    return find(target, protocol) if find else None


def await_delivery(target: Any, reply: str) -> str | None:
    """Wait until the message queued with this SMTP reply is delivered; the log's words, or None."""
    wait = _part(target, "await_delivery")
    return wait(target, reply) if wait else None


@contextlib.contextmanager
def posing(target: Any, port: int = 25) -> Iterator[tuple[str | None, int]]:
    """(why an SMTP client of `port` cannot pose as another address, or None; the loopback port to use)."""
    pose = _part(target, "posing")
    if pose is None:
        yield f"{_no_code(target, 'let a client pose as another address')}", 0
        return
    with pose(target, port) as answer:
        yield answer


@cache
def _module(name: str) -> ModuleType | None:
    module_name = f"maillab.servers.{name.replace('-', '_')}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return None


# Source the file as an init script does, then print the variable, exiting 3 when it is unset.
_SOURCE_AND_PRINT = (
    '_file=$1 _name=$2; . "$_file" >/dev/null 2>&1 || exit 4; '
    'eval "test \\"\\${$_name+set}\\" = set" || exit 3; eval "printf %s \\"\\$$_name\\""'
)


def sourced(target: Any, file: str, name: str) -> str | None:
    """The value of `name` after sourcing `file` in sh (read once per grading run); None if unset."""

    def compute() -> str | None:
        result = target.host.run("sh -c %s sh %s %s", _SOURCE_AND_PRINT, file, name)
        return result.stdout if result.rc == 0 else None

    return target.cached(f"sourced.{file}.{name}", compute)


class TlsPaths(BaseModel):
    """The certificate and key files that serve a port, and which settings named them."""

    cert: str | None
    key: str | None
    origin: str


def tls_paths(target: Any, port: int) -> TlsPaths:
    """The configured certificate and key for container port `port` of the target's server."""
    server: Server = target.server
    files = server.tls_files(port)
    if files is None:
        return TlsPaths(cert=None, key=None, origin=f"{server.name} describes no TLS files for port {port}")

    def compute() -> TlsPaths:
        (cert, origin), (key, key_origin) = (_file_path(target, spec, port) for spec in (files.cert, files.key))
        return TlsPaths(cert=cert, key=key, origin=origin if origin == key_origin else f"{origin}, {key_origin}")

    return target.cached(f"servers.tls_paths.{server.port_name(port)}", compute)


def _file_path(target: Any, spec: FileSetting, port: int) -> tuple[str | None, str]:
    module = target.server.module
    if module is not None and hasattr(module, "file_path"):
        return module.file_path(target, spec, port)
    if spec.file:
        return sourced(target, spec.file, spec.setting) or None, f"{spec.setting} in {spec.file}"
    return None, f"{spec.setting} (no way to read it is described)"


def names() -> list[str]:
    """Every server with a description under containers/, sorted."""
    root = paths.containers_dir()
    return sorted(p.name for p in root.iterdir() if (p / "server.yaml").is_file()) if root.is_dir() else []


@cache
def get(name: str) -> Server:
    """The server described in containers/<name>/server.yaml; a broken file is a file:line error."""
    path = paths.containers_dir() / name / "server.yaml"
    if not path.is_file():
        known = ", ".join(names()) or "none"
        raise LabFileError(path, None, f"no server {name!r} is described (known: {known})")
    server, lines = yamlfile.load_model(path, Server, "a server description")
    if server.name != name:
        raise LabFileError(path, lines.line(["name"]), f"name {server.name!r} differs from its folder {name!r}")
    return server


def clear_cache() -> None:
    """Forget loaded descriptions (tests that point MAILLAB_CONTENT elsewhere)."""
    get.cache_clear()
    _module.cache_clear()
