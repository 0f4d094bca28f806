"""Checks of Dovecot's configuration and daemon."""

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target


@check
def config_valid(target: Target) -> Outcome:
    """`doveconf -n` parses the whole configuration without error.

    Example::

        - {id: config-valid, check: dovecot.config_valid, points: 1}
    """
    error = _dovecot.config_error(target)
    if error:
        return failed(f"doveconf -n fails: {error}")
    return passed("doveconf -n parses the configuration")


@check
def running(target: Target) -> Outcome:
    """The dovecot master process runs (after the restart grading does first).

    Example::

        - {id: running, check: dovecot.running, points: 1}
    """
    if target.host.run("pgrep -x dovecot").rc == 0:
        return passed("dovecot is running")
    error = _dovecot.config_error(target)
    reason = f": doveconf says {error}" if error else "; see /var/log/mail.log (lab logs)"
    return failed(f"dovecot is not running after a restart{reason}")


@check
def mbox_index_kept(target: Target, at_most: str = "1M", protocol: str = "pop3") -> Outcome:
    """Mail served over `protocol` stays in mbox, and Dovecot keeps index files on disk for every
    mailbox larger than `at_most`.

    Without them every POP3 login parses the whole spool again. The location in force for
    `protocol` counts (a `protocol pop3 { }` block or the inbox namespace's own `location`
    wins over mail_location): a location that is not mbox fails, as do INDEX=MEMORY and
    mbox_min_index_size above `at_most`. This reads the configuration in force: a spool just
    over the size would have to be built and timed to see the index made.

    Example::

        - {id: mbox-index, check: dovecot.mbox_index_kept, with: {at_most: 1M}, points: 2}
    """
    location, seen_location = _dovecot.mail_location(target, protocol)
    if location is None:
        return failed(f"doveconf cannot read mail_location: {_dovecot.config_error(target)}")
    if not location.startswith("mbox:"):
        return failed(f"{seen_location}: {protocol.upper()} no longer serves the mbox spool, which is to stay")
    if "INDEX=MEMORY" in location.upper():
        return failed(f"{seen_location} keeps indexes only in memory")
    value = _dovecot.setting_for(target, "mbox_min_index_size", protocol)
    size = _dovecot.size_bytes(value or "")
    limit = _dovecot.size_bytes(at_most) or 0
    place = _dovecot.where_set(target, "mbox_min_index_size", protocol) or "the built-in default"
    seen = f"mbox_min_index_size = {value if value not in (None, '') else '(empty)'} ({place})"
    if size is None or size > limit:
        return failed(f"{seen}: spools up to that size get no index; at most {at_most} keeps POP3 fast")
    return passed(f"{seen_location}, {seen}")


@check
def config_clean(target: Target) -> Outcome:
    """`doveconf -n` parses the configuration and prints no warning (no obsolete or renamed setting).

    Example::

        - {id: config-clean, check: dovecot.config_clean, points: 1}
    """
    status, lines = _dovecot.config_warnings(target)
    if status != 0:
        return failed(f"doveconf -n fails: {lines[-1] if lines else f'exit status {status}'}")
    if lines:
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        return failed(f"doveconf -n warns: {lines[0].removeprefix('Warning: ')}{more}")
    return passed("doveconf -n parses the configuration without a warning")
