"""Courier's code (see containers/courier/server.yaml)."""

import re
import shlex
from typing import Any

# --- quiz claims ---
# What the quiz's claims ask of Courier (maillab/quiz/claims.py, ClaimCode): a variable of one of its
# shell-style files (/etc/courier/imapd and the like), present or commented out, and the value it is set to.


def claim_problem(claim: Any) -> str | None:
    """A Courier setting claim names the file that holds it; Courier has no table of built-in defaults."""
    if claim.setting is not None and not claim.file:
        return "a Courier setting claim names the file that holds it (file:)"
    if claim.default is not None:
        return "Courier has no table of built-in defaults: claim the value its file sets (value:)"
    return None


def claim_shell(claim: Any) -> list[str]:
    """Whether the file names the variable (set or commented out), then the last value it sets."""
    name, path = re.escape(claim.setting), shlex.quote(claim.file)
    return [
        f"grep -Eq '^#* *{name}=' {path} && echo exists || echo missing",
        f"sed -n 's/^{name}=//p' {path} | tail -n 1",
    ]


def claim_verdict(claim: Any, lines: list[str], sections: dict[str, list[str]]) -> tuple[bool, str]:
    """(holds, what was seen) for a variable of a shell-style file."""
    first = lines[0] if lines else "no output"
    exists = first == "exists"
    if exists != claim.exists:
        return False, f"{claim.file} has {claim.setting} {first}"
    value = lines[1].strip("\"'") if len(lines) > 1 else ""
    if claim.value is not None and value != claim.value:
        return False, f"{claim.file} sets {claim.setting}={value}"
    return True, f"{claim.setting}={value}"


# --- what the running server uses ---
# Measured in the Debian 12 image: the init scripts' sed prints one word per matching line, so
# POP3DSTART=NO followed by POP3DSTART=YES gives "no\nyes" and starts nothing; authdaemond reads only
# the last authmodulelist= line that starts in column 0 (an indented one is ignored although sh honours
# it); couriertcpd keeps the last -maxprocs=/-maxperip= of its command line, so TCPDOPTS, which the start
# scripts put after MAXDAEMONS/MAXPERIP, wins.

CONFIG_DIR = "/etc/courier"
# The files each start script (/usr/lib/courier/<daemon>) sources before it builds couriertcpd's command
# line, in order: the later file sets a value both name. The environment the login programs get is sourced
# the other way round (the -ssl file last), which is why imapd-ssl overrides imapd for port 143's IMAP_*.
COMMAND_LINE_ORDER = {
    143: ("imapd-ssl", "imapd"),
    993: ("imapd", "imapd-ssl"),
    110: ("pop3d-ssl", "pop3d"),
    995: ("pop3d", "pop3d-ssl"),
}

# Run the init script's own DO_START line (its sed over the configuration file) and print the result.
_INIT_DO_START = 'line=$(grep -m 1 "^DO_START=" "/etc/init.d/$1") || exit 3; eval "$line"; printf %s "$DO_START"'


def init_start(target: Any, service: str) -> str | None:
    """What /etc/init.d/<service> computes as DO_START (it starts the daemon only for "yes"); None if it has none."""
    result = target.host.run("sh -c %s sh %s", _INIT_DO_START, service)
    return result.stdout if result.rc == 0 else None


def assignments(target: Any, file: str, name: str, indented: bool = True) -> list[tuple[int, str]]:
    """(line number, text) of every line of `file` that assigns `name` (with `indented`, also after blanks)."""
    lead = "[[:space:]]*" if indented else ""
    pattern = f"^{lead}(export[[:space:]]+)?{re.escape(name)}[[:space:]]*="
    result = target.host.run("grep -nE %s %s", pattern, file)
    found = []
    for line in result.stdout.splitlines():
        number, _, text = line.partition(":")
        if number.isdigit():
            found.append((int(number), text.strip()))
    return found


def where_set(target: Any, files: tuple[str, ...], name: str) -> str:
    """`file:line` of the assignment of `name` that is in force when `files` are sourced in this order."""
    for file in reversed(files):
        path = f"{CONFIG_DIR}/{file}"
        found = assignments(target, path, name)
        if found:
            number, text = found[-1]
            return f"{path}:{number} ({text})"
    return f"no line of {', '.join(f'{CONFIG_DIR}/{file}' for file in files)}"


def authmodulelist_line(text: str) -> tuple[int, list[str]] | None:
    """(line number, modules) of authmodulelist as authdaemond reads authdaemonrc: the last line that
    starts with `authmodulelist=` in column 0, quotes removed; None when no such line exists."""
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("authmodulelist="):
            found = (number, line.split("=", 1)[1].strip().strip("\"'").split())
    return found


_LOADED_MODULES = re.compile(r"/libauth(\w+)\.so")


def loaded_auth_modules(target: Any) -> list[str] | None:
    """The authentication modules the running authdaemond processes have loaded (from /proc/PID/maps);
    None when no authdaemond runs."""
    result = target.host.run(
        "sh -c %s", "for p in $(pgrep -x authdaemond); do cat /proc/$p/maps; done; pgrep -x authdaemond"
    )
    if not result.stdout.strip():
        return None
    return sorted({f"auth{name}" for name in _LOADED_MODULES.findall(result.stdout)})


def tcpd_command(target: Any, port: int) -> list[str] | None:
    """The command line of the couriertcpd that listens on `port`, as the kernel has it; None if none runs."""
    result = target.host.run(
        "sh -c %s", 'for p in $(pgrep -x couriertcpd); do tr "\\0" "\\n" < /proc/$p/cmdline; echo "--end--"; done'
    )
    for block in result.stdout.split("--end--"):
        argv = [word for word in block.splitlines() if word]
        if str(port) in argv[1:]:
            return argv
    return None


def tcpd_option(argv: list[str], option: str) -> tuple[int, str] | None:
    """(position, value) of the last -<option>=VALUE before the port: the one couriertcpd keeps."""
    found = None
    for position, word in enumerate(argv):
        if word.startswith(f"-{option}="):
            found = (position, word.split("=", 1)[1])
    return found
