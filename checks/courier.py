"""Checks of Courier's configuration: settings in /etc/courier, authdaemon, aliases, services."""

from maillab import servers
from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import courier as courier_server
from maillab.target import Target

from . import _protocol
from ._locate import accounts, listed, mode_owner, readers

CONFIG_DIR = "/etc/courier"


def _authdaemonrc(target: Target) -> tuple[str, tuple[int, list[str]] | None]:
    path = f"{CONFIG_DIR}/authdaemonrc"
    text = target.host.run("cat -- %s", path).stdout
    return path, courier_server.authmodulelist_line(text)


@check
def authmodules_include(target: Target, modules: list[str], only: bool = False) -> Outcome:
    """The running authdaemond has loaded every module in `modules` (and, with `only`, nothing else).

    What it loaded is read from its processes' memory maps (/proc/PID/maps), so only a list authdaemond
    itself accepted counts: it reads the last authmodulelist= line that starts in column 0 and ignores an
    indented one, which sh would honour. The message names the line it read.

    Example::

        - {id: authpam-listed, check: courier.authmodules_include, with: {modules: [authpam]}, points: 1}
    """
    path, line = _authdaemonrc(target)
    if line:
        said = f"{path}:{line[0]} says {' '.join(line[1]) or '(nothing)'}"
    else:
        said = f"{path} has no authmodulelist= line in column 0"
    loaded = courier_server.loaded_auth_modules(target)
    if loaded is None:
        return failed(f"authdaemond is not running ({said})")
    seen = f"authdaemond loaded {' '.join(loaded) or 'no module'} ({said})"
    missing = [module for module in modules if module not in loaded]
    if missing:
        ignored = _ignored_lines(target, path, line)
        return failed(f"{seen}: it lacks {', '.join(missing)}{ignored}")
    extra = [module for module in loaded if module not in modules]
    if only and extra:
        return failed(f"{seen}: it also loaded {', '.join(extra)}")
    return passed(seen)


def _ignored_lines(target: Target, path: str, line: tuple[int, list[str]] | None) -> str:
    """Lines that set authmodulelist for sh but that authdaemond does not read (indented, or not the last)."""
    used = line[0] if line else 0
    others = [f"{path}:{n}" for n, _ in courier_server.assignments(target, path, "authmodulelist") if n != used]
    return (
        f"; authdaemond ignores {', '.join(others)} (only the last line starting in column 0 counts)" if others else ""
    )


@check
def init_starts(target: Target, service: str, port: int, protocol: str) -> Outcome:
    """/etc/init.d/<service> decides to start the daemon, and after the restart grading does it greets on `port`.

    The decision is the init script's own: its DO_START line (a sed over every *START= line of the file)
    is run as it is, so a NO followed by an appended YES, which sh reads as YES, starts nothing here as at boot.

    Example::

        - {id: imapd-start, check: courier.init_starts, with: {service: courier-imap, port: 143, protocol: imap},
           points: 2}
    """
    files = {"imap": ("imapd", "IMAPDSTART"), "pop3": ("pop3d", "POP3DSTART")}
    ssl = port in (993, 995)
    file, name = files[protocol]
    file, name = (f"{file}-ssl", name.replace("DSTART", "DSSLSTART")) if ssl else (file, name)
    path = f"{CONFIG_DIR}/{file}"
    decided = courier_server.init_start(target, service)
    lines = courier_server.assignments(target, path, name, indented=False)
    shown = "; ".join(f"{path}:{n} {text}" for n, text in lines) or f"no {name}= line in {path}"
    if decided is None:
        return failed(f"/etc/init.d/{service} has no DO_START line to read")
    if decided != "yes":
        words = " then ".join(repr(word) for word in decided.split("\n")) or "nothing"
        return failed(
            f"/etc/init.d/{service} reads {name} as {words} from {shown}: it starts the server only when"
            f" exactly one {name}= line says YES"
        )
    report = target.client(protocol, port, tls="implicit" if ssl else "none")
    place = _protocol.where(target, port)
    if not report.greeting:
        return failed(f"{shown} lets /etc/init.d/{service} start it, but on {place}: {report.error or 'no greeting'}")
    return passed(f"{shown}: /etc/init.d/{service} starts it, and it greets on {place}")


_PROBE = """
import socket, sys
port, count, source = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks, greeted = [], []
for _ in range(count):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1.5, source_address=(source, 0))
        socks.append(s)
        greeted.append(bool(s.recv(64)))
    except OSError:
        greeted.append(False)
print(" ".join("1" if g else "0" for g in greeted))
"""
# A source address no other check uses, so connections of checks that run alongside do not count.
PROBE_SOURCE = "127.0.0.77"
LIMIT_SETTINGS = {"maxprocs": "MAXDAEMONS", "maxperip": "MAXPERIP"}


@check
def connection_limit(target: Target, port: int, option: str, at_most: int) -> Outcome:
    """The couriertcpd serving `port` enforces -<option> (maxprocs or maxperip) of at most `at_most`, above 0.

    The value is the one couriertcpd keeps, the last -<option>= of its running command line (the start
    script builds it from MAXDAEMONS/MAXPERIP, then TCPDOPTS); for maxperip the limit is also proved by
    opening at_most+1 connections from one address and seeing the last one closed without a greeting
    (measured: couriertcpd accepts and closes it at once, well under a second). maxprocs is not probed:
    that would take more than at_most connections from several addresses while other checks connect
    alongside, and a connection over maxprocs is left waiting unanswered rather than closed (measured),
    so only a timeout would show it: the running command line is the observation.

    Example::

        - {id: maxdaemons, check: courier.connection_limit, with: {port: 110, option: maxprocs, at_most: 30}, points: 1}
    """
    argv = courier_server.tcpd_command(target, port)
    if argv is None:
        return failed(f"no couriertcpd serves port {port}, so no limit is enforced there")
    kept = courier_server.tcpd_option(argv, option)
    files = courier_server.COMMAND_LINE_ORDER.get(port, ())
    if kept is None:
        return failed(f"couriertcpd on port {port} runs without -{option}= (no limit)")
    position, value = kept
    first = next(i for i, word in enumerate(argv) if word.startswith(f"-{option}="))
    variable = "TCPDOPTS" if position != first else LIMIT_SETTINGS[option]
    origin = courier_server.where_set(target, files, variable)
    seen = f"couriertcpd on port {port} runs with -{option}={value}, from {variable} at {origin}"
    if not value.isdigit() or not 0 < int(value) <= at_most:
        return failed(f"{seen}; expected at most {at_most} (and more than 0)")
    if option != "maxperip":
        return passed(seen)
    probe = target.host.run("python3 -c %s %s %s %s", _PROBE, str(port), str(at_most + 1), PROBE_SOURCE)
    greeted = probe.stdout.split()
    if len(greeted) != at_most + 1:
        return failed(f"{seen}, but the connection test failed: {(probe.stderr or probe.stdout).strip()[:160]}")
    if greeted[-1] == "1":
        return failed(f"{seen}, yet connection {at_most + 1} from {PROBE_SOURCE} was greeted")
    return passed(f"{seen}; of {at_most + 1} connections from {PROBE_SOURCE}, {greeted.count('1')} were greeted")


@check
def authtest(target: Target, user: str = "student", password: str = "student") -> Outcome:
    """authdaemond answers `authtest user password` with success, as the login servers would ask it:
    authentication observed on its own, apart from the IMAP and POP3 servers.

    Example::

        - {id: authtest, check: courier.authtest, with: {user: student, password: student}, points: 1}
    """
    result = target.host.run("authtest %s %s", user, password)
    said = " ".join((result.stdout + result.stderr).split())[:160]
    if result.rc == 0:
        return passed(f"authtest {user}: authentication succeeded")
    return failed(f"authtest {user} fails: {said or f'exit {result.rc}'}")


def _alias_map(target: Target) -> dict[str, list[str]]:
    """`makealiases -dump`: each alias's local part mapped to the local parts it finally reaches."""

    def compute() -> dict[str, list[str]]:
        result = target.host.run("makealiases -dump")
        found: dict[str, list[str]] = {}
        for line in result.stdout.splitlines():
            name, colon, targets = line.partition(":")
            if colon and name.strip():
                found[name.strip().split("@")[0]] = [t.strip().split("@")[0] for t in targets.split(",") if t.strip()]
        return found

    return target.cached("courier.aliases", compute)


@check
def aliases_resolve(target: Target, names: list[str], to: str) -> Outcome:
    """`makealiases -dump` resolves every name in `names` to `to` alone.

    It asks the compiled database that Courier's delivery consults, for every name at once; the
    delivery checks then mail some of the names for real.

    Example::

        - {id: postmaster-target, check: courier.aliases_resolve, with: {names: [postmaster], to: admin}, points: 2}
    """
    found = _alias_map(target)
    wrong = []
    for name in names:
        reaches = found.get(name)
        if reaches != [to]:
            wrong.append(f"{name} -> {', '.join(reaches) if reaches else 'no alias' if reaches is None else 'nobody'}")
    if wrong:
        return failed(f"makealiases -dump resolves {'; '.join(wrong)}; expected {to}")
    return passed(f"makealiases -dump resolves {', '.join(names)} to {to}")


@check
def aliases_compiled(target: Target) -> Outcome:
    """aliases.dat exists and is newer than every file under /etc/courier/aliases/ (makealiases ran last).

    Delivery (courier_delivery.reaches_maildir) shows where mail goes today for the names it mails;
    an edit that was never compiled shows in no delivery of other names, so the times are compared.

    Example::

        - {id: aliases-compiled, check: courier.aliases_compiled, points: 2}
    """
    database = f"{CONFIG_DIR}/aliases.dat"
    if target.host.run("test -f %s", database).rc != 0:
        return failed(f"{database} does not exist: the aliases were never compiled")
    newer = target.host.run("find %s -newer %s -type f", f"{CONFIG_DIR}/aliases/", database).stdout.split()
    if newer:
        return failed(f"{', '.join(newer)} changed after {database} was made: it is stale")
    return passed(f"{database} is newer than every file in {CONFIG_DIR}/aliases/")


@check
def pem_private(target: Target, port: int = 993) -> Outcome:
    """The PEM file serving `port` (TLS_CERTFILE: key and certificate) is readable by Courier and no
    other account: it belongs to root or courier, gives others nothing and its group no write, user
    courier really reads it, and no other account in the server's passwd can (a group it is in or an
    ACL counts, so 0640 root:courier and 0640 courier:<a group of no one else> both pass).

    For STARTTLS couriertls reads it as user courier (measured: with 0600 root:root port 993 works but
    STARTTLS on 143 fails), so
    Debian's 0640 root:courier and mkimapdcert's own 0600 courier:root both pass.

    Example::

        - {id: imap-pem-private, check: courier.pem_private, with: {port: 993}, points: 2}
    """
    files = servers.tls_paths(target, port)
    if not files.key:
        return failed(f"no certificate file is configured ({files.origin})")
    facts = mode_owner(target, files.key)
    if facts is None:
        return failed(f"{files.key}, named by {files.origin}, does not exist")
    mode, user, group = facts
    seen = f"{files.key} is {mode:04o} {user}:{group}"
    if user not in ("root", "courier"):
        return failed(f"{seen}; it must be owned by root or courier")
    if mode & 0o007:
        return failed(f"{seen}; others must have no access to the private key in it")
    if mode & 0o020:
        return failed(f"{seen}; nobody but its owner may write it")
    if not readers(target, files.key, ("courier",)):
        why = "STARTTLS runs couriertls as user courier, which cannot read it (mode, owner, folders above it)"
        return failed(f"{seen}; {why}")
    leaked = readers(target, files.key, accounts(target, but=("root", "courier")))
    if leaked:
        return failed(f"{seen}, yet {listed(leaked)} can read it: a group they are in or an ACL grants it")
    return passed(f"{seen}; courier reads it, no other account can")
