"""Checks of Courier's configuration: settings in /etc/courier, authdaemon, aliases, services."""

from maillab.checks._locate import mode_owner

from maillab import servers
from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

CONFIG_DIR = "/etc/courier"


def setting(target: Target, file: str, name: str) -> str | None:
    """The value of `name` after sourcing /etc/courier/<file> in sh, as Courier's scripts do; None if unset."""
    return servers.sourced(target, f"{CONFIG_DIR}/{file}", name)


def _described(file: str, name: str, value: str | None) -> str:
    shown = "unset" if value is None else f"= {value or '(empty)'}"
    return f"{name} {shown} in {CONFIG_DIR}/{file}"


@check
def setting_is(target: Target, file: str, name: str, value: str, ignore_case: bool = False) -> Outcome:
    """`name` in /etc/courier/<file> has `value` (optionally ignoring case, as the init scripts do for *START)."""
    actual = setting(target, file, name)
    same = actual is not None and (actual.lower() == value.lower() if ignore_case else actual == value)
    if same:
        return passed(_described(file, name, actual))
    return failed(f"{_described(file, name, actual)}; expected {value}")


def auth_modules(target: Target) -> list[str]:
    """The authmodulelist authdaemond reads from authdaemonrc."""
    return (setting(target, "authdaemonrc", "authmodulelist") or "").split()


@check
def authmodules_include(target: Target, modules: list[str], only: bool = False) -> Outcome:
    """authmodulelist names every module in `modules` (and, with `only`, nothing else)."""
    listed = auth_modules(target)
    seen = f'authmodulelist="{" ".join(listed)}" in {CONFIG_DIR}/authdaemonrc'
    missing = [module for module in modules if module not in listed]
    if missing:
        return failed(f"{seen} lacks {', '.join(missing)}")
    extra = [module for module in listed if module not in modules]
    if only and extra:
        return failed(f"{seen} also lists {', '.join(extra)}")
    return passed(seen)


@check
def authtest(target: Target, user: str = "student", password: str = "student") -> Outcome:
    """authdaemond answers `authtest user password` with success, as the login servers would ask it."""
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
    """`makealiases -dump` resolves every name in `names` to `to` alone."""
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
    """aliases.dat exists and is newer than every file under /etc/courier/aliases/ (makealiases ran last)."""
    database = f"{CONFIG_DIR}/aliases.dat"
    if target.host.run("test -f %s", database).rc != 0:
        return failed(f"{database} does not exist: the aliases were never compiled")
    newer = target.host.run("find %s -newer %s -type f", f"{CONFIG_DIR}/aliases/", database).stdout.split()
    if newer:
        return failed(f"{', '.join(newer)} changed after {database} was made: it is stale")
    return passed(f"{database} is newer than every file in {CONFIG_DIR}/aliases/")


@check
def pem_private(target: Target, port: int = 993) -> Outcome:
    """The PEM file serving `port` (TLS_CERTFILE: key and certificate) is readable by Courier and no other user.

    For STARTTLS couriertls reads it as user courier (measured: with 0600 root:root port 993 works but
    STARTTLS on 143 fails), so
    Debian's 0640 root:courier and mkimapdcert's own 0600 courier:root both pass; others get nothing.
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
    if mode & 0o030 or (mode & 0o040 and group != "courier"):
        return failed(f"{seen}; only the courier group may read it, and nobody but its owner may write it")
    if not ((user == "courier" and mode & 0o400) or (group == "courier" and mode & 0o040)):
        return failed(f"{seen}; STARTTLS runs couriertls as user courier, which cannot read it")
    return passed(seen)
