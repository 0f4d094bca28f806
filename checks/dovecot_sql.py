"""Checks of Dovecot's SQL password and user database kept in an SQLite file."""

import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

from . import _protocol

NOBODY = "65534"


@check
def user_added(
    target: Target,
    insert: str,
    delete: str,
    login: str,
    home: str,
    database: str = "/etc/dovecot/users.sqlite",
    port: int = 143,
    tls: str = "starttls",
) -> Outcome:
    """A user the check adds to the database while Dovecot runs logs in over IMAP at once, with no
    restart: Dovecot really asks the table at each login. `insert`, `delete`, `login` and `home`
    may use {name} (the new user's name) and {hash} (a {SHA512-CRYPT} hash of its password); the
    row is deleted and the home removed afterwards.

    Example::

        - {id: new-user-live, check: dovecot_sql.user_added, with: {
             insert: "INSERT INTO accounts (local_part, domain, pwhash, home, uid, gid)
                      VALUES ('{name}', 'example.lab', '{hash}', '/var/vmail/example.lab/{name}', 5000, 5000)",
             delete: "DELETE FROM accounts WHERE local_part = '{name}'",
             login: "{name}@example.lab", home: "/var/vmail/example.lab/{name}"}, points: 3}
    """
    name = f"mlnew{secrets.token_hex(3)}"
    password = f"{name}-Secret-9"
    made = target.host.run("openssl passwd -6 %s", password)  # what doveadm pw -s SHA512-CRYPT makes, minus the prefix
    if made.rc != 0:
        return failed(f"openssl passwd could not hash a password: {(made.stderr or made.stdout).strip()[:160]}")

    def fill(text: str) -> str:
        return text.replace("{name}", name).replace("{hash}", "{SHA512-CRYPT}" + made.stdout.strip())

    user, folder = fill(login), fill(home)
    added = target.host.run("sqlite3 %s %s", database, fill(insert))
    if added.rc != 0:
        return failed(f"could not add {user} to {database}: {(added.stderr or added.stdout).strip()[:200]}")
    try:
        return _protocol.added_user_logs_in(target, user, password, port, tls, database)
    finally:
        target.host.run("sqlite3 %s %s", database, fill(delete))
        if name in folder:
            target.host.run("rm -rf -- %s", folder)


@check
def no_cleartext(target: Target, passwords: dict[str, str], database: str = "/etc/dovecot/users.sqlite") -> Outcome:
    """No user's password can be read from the database file: its bytes (and any journal beside it)
    hold none of `passwords` (user name: password). A login cannot show how a password is stored.

    Example::

        - {id: no-cleartext, check: dovecot_sql.no_cleartext, with: {database: /etc/dovecot/users.sqlite,
           passwords: {carol: Velvet-Tide-42}}, points: 2}
    """
    found = target.host.run("ls -1 -- %s %s %s 2>/dev/null", database, f"{database}-journal", f"{database}-wal")
    files = found.stdout.split()
    if not files:
        return failed(f"{database} does not exist")
    for user, password in passwords.items():
        for path in files:
            if target.host.run("grep -a -q -F -e %s -- %s", password, path).rc == 0:
                return failed(f"{user}'s password is stored in the clear in {path}")
    return passed(f"none of the {len(passwords)} users' passwords can be read in {database}")


def _worker(target: Target) -> tuple[str, str, str] | None:
    """(uid, gid, supplementary groups) of Dovecot's auth worker after a userdb lookup, or None."""
    target.host.run("doveadm user maillab-probe >/dev/null 2>&1")
    pids = target.host.run("pgrep -f '^dovecot/auth -w'").stdout.split()
    for pid in pids:
        status = target.host.run("cat /proc/%s/status", pid).stdout
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if "Uid" in fields:
            groups = ",".join(fields.get("Groups", "").split())
            return fields["Uid"].split()[0], fields["Gid"].split()[0], groups
    return None


@check
def database_private(target: Target, database: str = "/etc/dovecot/users.sqlite") -> Outcome:
    """Dovecot's auth worker, which runs the SQL queries, does not run as root, can read the database
    with its own credentials (uid, gid and groups from /proc), and an unprivileged account cannot.

    Example::

        - {id: database-private, check: dovecot_sql.database_private, with: {database: /etc/dovecot/users.sqlite},
           points: 2}
    """
    worker = _worker(target)
    if worker is None:
        return failed("no auth worker (dovecot/auth -w) ran for a userdb lookup; is Dovecot running?")
    uid, gid, groups = worker
    who = target.host.run("getent passwd %s | cut -d: -f1", uid).stdout.strip() or f"uid {uid}"
    if uid == "0":
        return failed("Dovecot's auth worker runs as root; service auth-worker { user = ... } sets an unprivileged one")
    as_worker = ["--reuid", uid, "--regid", gid, *(["--groups", groups] if groups else ["--clear-groups"])]
    read = target.host.run("setpriv " + " ".join(["%s"] * len(as_worker)) + " head -c 16 -- %s", *as_worker, database)
    if read.rc != 0:
        said = (read.stderr.strip().splitlines() or [f"exit {read.rc}"])[-1]
        return failed(f"the auth worker runs as {who} and cannot read {database}: {said}")
    other = target.host.run("setpriv --reuid %s --regid %s --clear-groups head -c 16 -- %s", NOBODY, NOBODY, database)
    if other.rc == 0:
        return failed(f"{database} holds password hashes but any account can read it (tried as nobody)")
    return passed(f"the auth worker runs as {who} and reads {database}; nobody else can")
