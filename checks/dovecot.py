"""Checks of Dovecot's configuration and daemon."""

import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target


@check
def config_valid(target: Target) -> Outcome:
    """`doveconf -n` parses the whole configuration without error, and its $variables expand as the
    master expands them at start (`doveconf -x`): the goal is what Dovecot's own parser says.

    Example::

        - {id: config-valid, check: dovecot.config_valid, points: 1}
    """
    error = _dovecot.config_error(target)
    if error:
        return failed(f"doveconf -n fails: {error}")
    if _dovecot.start_error(target):
        return failed(f"doveconf -n parses it, but Dovecot cannot start: {_dovecot.start_error(target)}")
    return passed("doveconf -n parses the configuration")


@check
def running(target: Target) -> Outcome:
    """The dovecot master process runs after the restart grading does first, so the configuration
    survives a restart; whether it serves is for the protocol checks.

    Example::

        - {id: running, check: dovecot.running, points: 1}
    """
    if target.host.run("pgrep -x dovecot").rc == 0:
        return passed("dovecot is running")
    error = _dovecot.config_error(target)
    reason = f": doveconf says {error}" if error else "; see /var/log/mail.log (lab logs)"
    return failed(f"dovecot is not running after a restart{reason}")


SPOOL_SCRIPT = """
import sys
path, size = sys.argv[1], int(sys.argv[2])
line = "x" * 71 + "\\n"
with open(path, "w") as spool:
    number = 0
    while spool.tell() <= size:
        number += 1
        spool.write(f"From maillab@mail.example.lab Mon Jan  2 09:00:00 2023\\nSubject: filler {number}\\n\\n")
        spool.write(line * 1000 + "\\n")
print(number)
"""


@check
def mbox_index_kept(target: Target, at_most: str = "1M", port: int = 995, tls: str = "implicit") -> Outcome:
    """A spool just over `at_most` is served over POP3 from /var/mail, and that login leaves
    Dovecot's index files on disk.

    The check makes an account of its own with such a spool in /var/mail, logs in over POP3
    and counts the messages (a location that is not the mbox spool shows none), then looks
    for dovecot.index* files the account owns, wherever INDEX= puts them. INDEX=MEMORY, an
    mbox_min_index_size above the spool's size or an index folder the user cannot write all
    leave none; the message then cites the settings in force for POP3.

    Example::

        - {id: mbox-index, check: dovecot.mbox_index_kept, with: {at_most: 1M, port: 995, tls: implicit}, points: 2}
    """
    user = f"mlidx{secrets.token_hex(3)}"
    size = (_dovecot.size_bytes(at_most) or 0) + 16384
    spool = f"/var/mail/{user}"
    made = target.host.run(
        "useradd -m %s && echo %s | chpasswd && python3 -c %s %s %s && chown %s:mail %s && chmod 0600 %s",
        user,
        f"{user}:{user}",
        SPOOL_SCRIPT,
        spool,
        str(size),
        user,
        spool,
        spool,
    )
    try:
        if made.rc != 0:
            return failed(f"could not make a test account {user}: {(made.stderr or made.stdout).strip()[:160]}")
        count = int(made.stdout.split()[-1])
        report = target.client("pop3", port, tls=tls, user=user, password=user, subject="filler 1")
        if not report.logged_in:
            return failed(f"a new account {user} cannot log in over POP3 on port {port}: {report.said()}")
        _, seen_location = _dovecot.mail_location(target, "pop3")
        if report.messages != count:
            return failed(
                f"POP3 shows {user} {report.messages} of the {count} messages in {spool}: it does not serve "
                f"the mbox spool ({seen_location})"
            )
        found = target.host.run("find / -xdev -user %s -name 'dovecot.index*'", user).stdout.split()
        if not found:
            value = _dovecot.setting_for(target, "mbox_min_index_size", "pop3")
            place = _dovecot.where_set(target, "mbox_min_index_size", "pop3") or "the built-in default"
            return failed(
                f"a POP3 login to a {size // 1024} KiB spool left no index files on disk "
                f"({seen_location}; mbox_min_index_size = {value or '(empty)'}, {place})"
            )
        folder = found[0].rsplit("/", 1)[0]
        home = f"/home/{user}"
        return passed(
            f"a POP3 login to a {size // 1024} KiB spool in /var/mail left its index in {folder.replace(home, '~')}"
        )
    finally:
        target.host.run("userdel -r %s; rm -f %s", user, spool)


@check
def config_clean(target: Target) -> Outcome:
    """`doveconf -n` parses the configuration and prints no warning (no obsolete or renamed setting),
    and its $variables expand as the master expands them at start (`doveconf -x`): what Dovecot's
    own parser says is the behaviour judged.

    Example::

        - {id: config-clean, check: dovecot.config_clean, points: 1}
    """
    status, lines = _dovecot.config_warnings(target)
    if status != 0:
        return failed(f"doveconf -n fails: {lines[-1] if lines else f'exit status {status}'}")
    if lines:
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        return failed(f"doveconf -n warns: {lines[0].removeprefix('Warning: ')}{more}")
    if _dovecot.start_error(target):
        return failed(f"doveconf -n is silent, but Dovecot cannot start: {_dovecot.start_error(target)}")
    return passed("doveconf -n parses the configuration without a warning")
