"""Courier's code: settings as its init scripts, authdaemond and couriertcpd read them, and sendmail delivery."""

import re
import shlex
from typing import Any

from maillab.servers import Delivered
from maillab.shellwait import PAUSE

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
# line, in order: the later file sets a value both name. The environment couriertcpd and the login
# programs get is sourced in ENVIRONMENT_ORDER (`env -i sh -c ". <daemon>; . <daemon>-ssl; ..."`), which
# is why imapd-ssl overrides imapd for port 143's IMAP_* and TLS_* settings.
COMMAND_LINE_ORDER = {
    143: ("imapd-ssl", "imapd"),
    993: ("imapd", "imapd-ssl"),
    110: ("pop3d-ssl", "pop3d"),
    995: ("pop3d", "pop3d-ssl"),
}
ENVIRONMENT_ORDER = {
    143: ("imapd", "imapd-ssl"),
    993: ("imapd", "imapd-ssl"),
    110: ("pop3d", "pop3d-ssl"),
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


def daemon_environment(target: Any, port: int) -> dict[str, str] | None:
    """The environment of the couriertcpd listening on `port`, which its login programs inherit;
    None when none runs."""
    result = target.host.run(
        "sh -c %s sh %s",
        'for p in $(pgrep -x couriertcpd); do tr "\\0" "\\n" < /proc/$p/cmdline | grep -qx "$1" '
        '&& tr "\\0" "\\n" < /proc/$p/environ && exit 0; done; exit 1',
        str(port),
    )
    if result.rc != 0:
        return None
    return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)


def file_path(target: Any, spec: Any, port: int) -> tuple[str | None, str]:
    """(path, where it is set) of a file setting such as TLS_CERTFILE for `port`: the value in the
    running daemon's environment, else what its start script would put there."""
    files = ENVIRONMENT_ORDER[port]
    origin = where_set(target, files, spec.setting)
    environment = daemon_environment(target, port)
    if environment is not None:
        return environment.get(spec.setting) or None, f"{spec.setting} of the daemon on port {port}, {origin}"
    script = "; ".join(f". {CONFIG_DIR}/{file} >/dev/null 2>&1" for file in files)
    value = target.host.run("sh -c %s", f'{script}; printf %s "${spec.setting}"').stdout
    return value or None, f"{spec.setting} as the start script sets it (no daemon on port {port}), {origin}"


def tcpd_option(argv: list[str], option: str) -> tuple[int, str] | None:
    """(position, value) of the last -<option>=VALUE before the port: the one couriertcpd keeps."""
    found = None
    for position, word in enumerate(argv):
        if word.startswith(f"-{option}="):
            found = (position, word.split("=", 1)[1])
    return found


# --- local delivery through Courier's sendmail ---

DELIVERY_WAIT_SECONDS = 10
# Send one message with sendmail, then wait for it in the user's Maildir (new/ or cur/).
# Prints the file found (exit 0) or the mail log lines the delivery wrote (exit 1).
_SEND_AND_WAIT = PAUSE + """
recipient=$1 user=$2 subject=$3 wait=$4 sender=$5 log=$6
home=$(getent passwd "$user" | cut -d: -f6)
[ -n "$home" ] || { echo "no such user $user"; exit 2; }
before=$(wc -l < "$log" 2>/dev/null || echo 0)
printf 'From: %s\\nTo: %s\\nSubject: %s\\n\\nSent by lab grade.\\n' "$sender" "$recipient" "$subject" \\
  | /usr/sbin/sendmail -f "$sender" "$recipient" >/dev/null 2>&1 || { echo "sendmail failed"; exit 2; }
ours() { tail -n +"$((before + 1))" "$log" | grep -F "from=<$sender>"; }
settle=5
while [ "$waited" -lt $((wait * 10)) ] && [ "$settle" -gt 0 ]; do
  found=$(grep -rlsF "Subject: $subject" "$home/Maildir/new" "$home/Maildir/cur" | head -n 1)
  [ -n "$found" ] && { echo "$found"; exit 0; }
  ours | grep -qE 'status:|success:|failed' && settle=$((settle - 1))
  pause
done
ours | grep -E 'addr=' | tail -n 2 | sed 's/^.*mail\\.[a-z]* //' | cut -c 1-200
exit 1
"""
# Queue ids and our own envelope sender make log lines long without telling the student anything.
_LOG_NOISE = re.compile(r"id=[^,]*,|from=<[^>]*>,")
_FIND_IN_MAILDIR = 'grep -rlsF "$1" "$(getent passwd "$2" | cut -d: -f6)/Maildir"'


def send(target: Any, recipient: str, user: str, subject: str) -> tuple[bool, str]:
    """Mail `recipient` with sendmail and wait for it in `user`'s ~/Maildir:
    (arrived, the Maildir file or what the mail log said about it)."""
    sender = f"maillab-{subject.split()[-1]}@localhost"
    result = target.host.run(
        "sh -c %s sh %s %s %s %s %s %s",
        _SEND_AND_WAIT,
        recipient,
        user,
        subject,
        str(DELIVERY_WAIT_SECONDS),
        sender,
        target.server.log,
    )
    said = " / ".join(_LOG_NOISE.sub("", line).strip() for line in result.stdout.splitlines() if line.strip())
    return result.rc == 0, said


def deliver_test(target: Any, user: str, subject: str) -> Delivered:
    """A test message through sendmail to `user`, found in ~/Maildir (see maillab.servers.ServerModule)."""
    arrived, said = send(target, user, user, subject)
    if arrived:
        return Delivered(None, said)
    return Delivered(f"a message to {user} did not reach ~{user}/Maildir: {said or 'no log line'}")


def left_behind(target: Any, user: str, subject: str) -> str | None:
    """The Maildir file still holding a message with this subject, or None."""
    found = target.host.run("sh -c %s sh %s %s", _FIND_IN_MAILDIR, f"Subject: {subject}", user).stdout.split()
    return f"it is still in {found[0]}" if found else None
