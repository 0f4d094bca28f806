"""The shell command that restarts a lab's services before grading, as fast as each daemon allows.

Every service restarts with `service NAME restart`, except where a measured delay
has a safe shortcut:

- dovecot: after SIGTERM the master closes every child within ~0.1 s but then
  waits about a second for its log process to drain before it exits, and keeps
  its listeners meanwhile. The shortcut sends the same SIGTERM, waits until only
  the log process is left (at most 3 s), ends master and log with SIGKILL and
  starts Dovecot again with `service dovecot start`, so a broken configuration
  still leaves Dovecot stopped, exactly as a plain restart would.
"""

QUIET = "</dev/null >/dev/null 2>&1"

DOVECOT = f"""\
pid=$(cat /run/dovecot/master.pid 2>/dev/null)
if [ -n "$pid" ] && [ "$(ps -o comm= -p "$pid")" = dovecot ]; then
  kill -TERM "$pid"
  for _ in $(seq 150); do
    ps -o comm= --ppid "$pid" | grep -qvx log || break
    sleep 0.02
  done
  kill -KILL "$pid" $(ps -o pid= --ppid "$pid") 2>/dev/null
  rm -f /run/dovecot/master.pid
  service dovecot start {QUIET}
else
  service dovecot restart {QUIET}
fi
"""

FAST = {"dovecot": DOVECOT}


def command(services: list[str]) -> str:
    """One shell script restarting `services` in order (one exec instead of one per service)."""
    import shlex

    steps = [FAST.get(name) or f"service {shlex.quote(name)} restart {QUIET}\n" for name in services]
    return "".join(steps)
