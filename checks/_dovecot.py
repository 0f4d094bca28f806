"""Reading Dovecot's effective configuration through doveconf (helpers, not checks)."""

from maillab.target import Target

CONF_FILES = "/etc/dovecot/dovecot.conf /etc/dovecot/conf.d/*.conf /etc/dovecot/conf.d/*.ext /etc/dovecot/local.conf"


def config_error(target: Target) -> str | None:
    """doveconf's complaint about the configuration, or None when it parses."""

    def compute() -> str | None:
        result = target.host.run("doveconf -n")
        if result.rc == 0:
            return None
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        return (lines[-1] if lines else f"doveconf -n exited {result.rc}").removeprefix("doveconf: ")

    return target.cached("dovecot.config_error", compute)


def setting(target: Target, name: str) -> str | None:
    """The effective value of one setting (doveconf -h), or None when doveconf fails."""

    def compute() -> str | None:
        result = target.host.run("doveconf -P -h %s", name)
        return result.stdout.strip() if result.rc == 0 else None

    return target.cached(f"dovecot.setting.{name}", compute)


def source(target: Target, name: str) -> str:
    """Where a setting is last written, as `file:line`, or `the built-in default`."""

    def compute() -> str:
        script = f"grep -nHE '^[[:space:]]*{name}[[:space:]]*=' {CONF_FILES} 2>/dev/null | tail -n 1"
        found = target.host.run(script).stdout.strip()
        return ":".join(found.split(":")[:2]) if found else "the built-in default"

    return target.cached(f"dovecot.source.{name}", compute)


def described(target: Target, name: str) -> str:
    """`name = value (file:line)` for messages."""
    value = setting(target, name)
    return f"{name} = {value if value not in (None, '') else '(empty)'} ({source(target, name)})"


def file_setting(target: Target, name: str) -> str | None:
    """The path of a `<file` setting such as ssl_cert, or None when it names no file."""
    value = setting(target, name) or ""
    return value[1:].strip() if value.startswith("<") else None
