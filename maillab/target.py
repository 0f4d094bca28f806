"""The thing a check judges: a shell on the server and the way clients reach its ports."""

import base64
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from maillab import paths, servers
from maillab.transcript import Transcript


@dataclass(frozen=True)
class Endpoint:
    """Where a client reaches one service port of the server.

    `inside` means the client must run in the server itself (a sandbox with no
    network), binding to `source` so that the server does not count it as local.
    """

    address: str
    port: int
    inside: bool = False
    source: str | None = None


def client_inside(server: Any) -> Callable[[int], Endpoint]:
    """Endpoints for clients run in the graded server itself, from the address its description names
    (a client from 127.0.0.1 may count as local, e.g. to Dovecot)."""
    source = server.clients_from
    return lambda port: Endpoint("127.0.0.1", port, inside=True, source=source)


def client_command(*arguments: str) -> list[str]:
    """The command that runs checks/_client.py in a server with `arguments` (`serve`, or a protocol and
    its JSON options), the script itself given on the command line: nothing is copied in."""
    script = base64.b64encode((paths.checks_dir() / "_client.py").read_bytes()).decode()
    bootstrap = f"import base64;exec(compile(base64.b64decode('{script}'),'_client.py','exec'))"
    return ["python3", "-c", bootstrap, *arguments]


CLOSED_AT_ONCE = "the connection closed before the server answered"
NO_GREETING = "no answer before the timeout"  # checks/_client.py's words for a greeting that never came
IPV6_LOOPBACK = "00000000000000000000000001000000"  # ::1 as /proc/net/tcp6 writes it
HUNG_UP_WHY = "a TLS server does that when it cannot load its certificate or key; lab logs shows why"


@dataclass
class Target:
    """A server under grading: testinfra's `host` plus `endpoint(port)` for clients."""

    host: Any
    endpoints: Callable[[int], Endpoint]
    name: str = ""
    server: Any = None  # the lab's maillab.servers.Server
    # laid down from a submitted archive (an instructor's sandbox): the files are the student's,
    # but what lives only in the running server (its mail queue, delivered mail) is not
    archive: bool = False
    _cache: dict[str, Any] = field(default_factory=dict)
    _locks: dict[str, threading.RLock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def endpoint(self, port: int) -> Endpoint:
        """Where a client reaches container port `port`."""
        return self.endpoints(port)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute a fact about the server once per grading run (`compute` may itself use `cached`).

        Each fact has its own lock, so check threads wait only for the fact they need.
        """
        with self._guard:
            lock = self._locks.setdefault(key, threading.RLock())
        with lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def client(self, protocol: str, port: int, **options: Any) -> Transcript:
        """Run a real protocol client (checks/_client.py) against `port` and return its transcript.

        A connection closed before any greeting looks the same whether nothing listens (the
        engine's port proxy accepts anyway) or a server hangs up at once, as a TLS wrapper does
        when it cannot load its certificate; the server's own socket table tells them apart.
        """
        return self._told_apart(protocol, port, self.run_client(protocol, port, options), f"on port {port}")

    def _told_apart(self, protocol: str, port: int, report: dict, place: str, inside: bool | None = None) -> Transcript:
        """`report`, where the connection closed before any greeting, saying whether a server listens
        at `place` and hung up; then, or where no greeting came in time, why in the server's own words
        when its module can tell (a server that failed at its start may hang up, or be held back)."""
        error = str(report.get("error", ""))
        if error.startswith(CLOSED_AT_ONCE) and self.listening(port, inside):
            why = servers.startup_error(self, protocol)
            why = f"the mail log says: {why}" if why else HUNG_UP_WHY
            report["error"] = f"{CLOSED_AT_ONCE}: a server listens {place} but hung up at once ({why})"
        elif error == NO_GREETING and not report.get("greeting"):
            why = servers.startup_error(self, protocol)
            report["error"] = f"{NO_GREETING} (the mail log says: {why})" if why else error
        return Transcript.model_validate(report)

    def listening(self, port: int, inside: bool | None = None) -> bool:
        """Whether a socket inside the server listens on container port `port` where a client
        arrives: any address for a client inside, a non-loopback one through a published port
        (`inside` None: where this target's clients of `port` arrive)."""
        inside = self.endpoint(port).inside if inside is None else inside
        table = self.host.run("cat /proc/net/tcp /proc/net/tcp6").stdout
        for line in table.splitlines()[1:]:
            fields = line.split()
            if len(fields) < 4 or fields[3] != "0A" or ":" not in fields[1]:  # 0A: LISTEN
                continue
            address, _, hex_port = fields[1].partition(":")
            loopback = address.endswith("7F") if len(address) == 8 else address == IPV6_LOOPBACK
            if int(hex_port, 16) == port and (inside or not loopback):
                return True
        return False

    def client_inside(self, protocol: str, port: int, **options: Any) -> Transcript:
        """Like `client`, but always run inside the server against 127.0.0.1:`port`, from the
        server's `clients_from` address, whatever the grading mode (ports no client outside reaches)."""
        report = self.run_client(protocol, port, {"inside": True, **options})
        return self._told_apart(protocol, port, report, "there", inside=True)  # `port` may be the grader's own

    def run_client(self, protocol: str, port: int, options: dict[str, Any]) -> dict:
        """The client's raw JSON transcript (a replaying target overrides this).

        The client runs on this machine against the published port, or inside
        the server when the endpoint (or the option `inside`) says so.
        """
        options = dict(options)
        if options.pop("inside", False):
            point = Endpoint("127.0.0.1", port, inside=True, source=self.server.clients_from)
        else:
            point = self.endpoint(port)
        options = {"address": point.address, "port": point.port, "source": point.source, **options}
        if not point.inside:
            from maillab.checks import _client

            return _client.run(protocol, options)
        inside = getattr(self.host.backend, "inside_process", lambda: None)()
        if inside is not None:  # the grading run's one python in the server
            try:
                return inside.client(protocol, options)
            except (ConnectionError, TimeoutError) as error:
                return {"error": f"client inside the server failed: {error}"}
        command = client_command(protocol, json.dumps(options))
        result = self.host.run(" ".join(["%s"] * len(command)), *command)
        try:
            return json.loads(result.stdout)
        except ValueError:
            return {"error": f"client inside the server failed: {result.stderr.strip()[:200]}"}
