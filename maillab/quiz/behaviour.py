"""Behaviour claims: a short scenario run as root in a started server, judged on what it prints.

The scenario is POSIX sh. Before it runs, it has:

- `imap PORT [plain|starttls|tls] [USER PASSWORD [MECHANISM]]` and the same for `pop3`: a real client
  (maillab/quiz/probe.py) printing lines such as `imap 143 login: OK ...`, from $CLIENT_FROM, the address
  the server description gives for clients (a client from there is not local to the server);
- `smtp PORT [plain|starttls] [from=SENDER] [to=RCPT]... [xclient=ADDR] [user=U password=P] [subject=S]`:
  an SMTP session printing each reply (`smtp 25 rcpt x@remote.example: 454 4.7.1 ...`); DATA only with
  `subject=` and only when every recipient was accepted;
- `sieve [USER]`: compile the Sieve script read from stdin with sievec as USER (default alice; sievec as
  root misbehaves) in a folder of its own under /tmp, printing `sievec: compiled`, or sievec's lines
  prefixed `sievec: ` and then `sievec: failed`;
- `sieve_test MESSAGE [USER]`: run the Sieve script read from stdin on the message file with sieve-test as
  USER (default alice), printing its lines prefixed `sieve-test: ` (` * store message in folder: X`);
- `waitfor SECONDS COMMAND...`: run COMMAND until it succeeds, sleeping 0.1 s between tries at first,
  then longer up to 0.5 s, for at most SECONDS of sleep (false after that);
- `restart SERVICE...`: restart each service the way grading does (the server description's own
  restart where it has one, else `service NAME restart`), then wait up to 20 s for the ready ports
  to listen, so a client that follows meets the new server, not a race with the old one;
- `logged REGEX`: wait up to 5 s for a line of the server's log ($LOG) matching REGEX, and print it;
- `send RECIPIENT SUBJECT`: hand a small message to the server's sendmail;
- `got USER SUBJECT`: wait up to 10 s for that subject in USER's ~/Maildir, then print
  `USER got SUBJECT` or `USER lacks SUBJECT`.

The claim holds when every `expect` regex matches some output line and no `absent` regex matches any.
"""

import base64
import re
import shlex
from pathlib import Path

from maillab import paths, servers
from maillab.quiz.model import Claim

HELPERS = """\
imap() { python3 /tmp/maillab-quiz/probe.py imap "$@"; }
pop3() { python3 /tmp/maillab-quiz/probe.py pop3 "$@"; }
smtp() { python3 /tmp/maillab-quiz/probe.py smtp "$@"; }
sieve() {
  _dir=$(mktemp -d /tmp/maillab-sieve.XXXXXX); cat > "$_dir/script.sieve"; chown -R "${1:-alice}" "$_dir"
  if su "${1:-alice}" -s /bin/sh -c "sievec $_dir/script.sieve" > "$_dir/out" 2>&1
  then echo 'sievec: compiled'; else sed 's/^/sievec: /' "$_dir/out"; echo 'sievec: failed'; fi
}
sieve_test() {
  _dir=$(mktemp -d /tmp/maillab-sieve.XXXXXX); cat > "$_dir/script.sieve"; cp "$1" "$_dir/message"
  chown -R "${2:-alice}" "$_dir"
  su "${2:-alice}" -s /bin/sh -c "sieve-test $_dir/script.sieve $_dir/message" 2>&1 | sed 's/^/sieve-test: /'
}
waitfor() {
  _limit=$(($1 * 10)) _waited=0 _step=1; shift
  until "$@" >/dev/null 2>&1; do
    [ "$_waited" -ge "$_limit" ] && return 1
    sleep "0.$_step"; _waited=$((_waited + _step)); [ "$_step" -lt 5 ] && _step=$((_step + 1))
  done
  return 0
}
logged() { waitfor 5 grep -Eq "$1" "$LOG"; grep -E "$1" "$LOG"; }
send() { printf 'From: quiz@localhost\nSubject: %s\n\nA quiz message.\n' "$2" | sendmail "$1"; }
got() {
  _home=$(getent passwd "$1" | cut -d: -f6)
  if waitfor 10 grep -rqsx "Subject: $2" "$_home/Maildir/new" "$_home/Maildir/cur"
  then echo "$1 got $2"; else echo "$1 lacks $2"; fi
}
"""


def _file(path: Path, target: str) -> str:
    """Shell lines writing a file of this machine into the server."""
    encoded = base64.b64encode(path.read_bytes()).decode()
    return f"base64 -d > {target} <<'@@maillab-file'\n{encoded}\n@@maillab-file\n"


def script(claim: Claim) -> str:
    """The whole scenario: the clients copied in, the helpers, then the claim's own lines (stderr shown too)."""
    server = servers.get(claim.server)
    setup = "mkdir -p /tmp/maillab-quiz\n"
    setup += _file(paths.checks_dir() / "_client.py", "/tmp/maillab-quiz/_client.py")
    setup += _file(Path(__file__).with_name("probe.py"), "/tmp/maillab-quiz/probe.py")
    setup += f"LOG={shlex.quote(server.log)}\nexport CLIENT_FROM={shlex.quote(server.clients_from)}\n"
    return setup + HELPERS + _restart(server) + "exec 2>&1\n" + (claim.run or "")


def _restart(server: servers.Server) -> str:
    """The `restart SERVICE...` helper for this server."""
    branches = "".join(
        f"    {shlex.quote(service.name)}) (\n{service.restart}) ;;\n" for service in server.services if service.restart
    )
    ready = " ".join(str(port) for port in server.ready_ports)
    return (
        "restart() {\n  for _service; do\n    case $_service in\n"
        f"{branches}"
        '    *) service "$_service" restart </dev/null >/dev/null 2>&1 ;;\n    esac\n  done\n'
        "  waitfor 20 _ready\n}\n"
        f'_ready() {{ for _port in {ready}; do [ -n "$(ss -Hltn "sport = :$_port")" ] || return 1; done; }}\n'
    )


def judge(claim: Claim, output: str) -> tuple[bool, str]:
    """(holds, why not or what matched) from the scenario's output."""
    lines = output.splitlines()
    missing = [p for p in claim.expect if not any(re.search(p, line) for line in lines)]
    present = [p for p in claim.absent if any(re.search(p, line) for line in lines)]
    if not missing and not present:
        return True, "; ".join(next(line for line in lines if re.search(p, line)) for p in claim.expect)
    why = [f"no line matches {p!r}" for p in missing] + [f"a line matches {p!r}" for p in present]
    tail = "\n".join(f"    {line}" for line in lines[-15:])
    return False, "; ".join(why) + f"\n  the scenario printed (last lines):\n{tail}"
