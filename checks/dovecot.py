"""Checks of Dovecot's configuration and daemon."""

from maillab.checks import _dovecot
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target


def config_valid(target: Target) -> Outcome:
    """`doveconf -n` parses the whole configuration without error."""
    error = _dovecot.config_error(target)
    if error:
        return failed(f"doveconf -n fails: {error}")
    return passed("doveconf -n parses the configuration")


def running(target: Target) -> Outcome:
    """The dovecot master process runs (after the restart grading does first)."""
    if target.host.run("pgrep -x dovecot").rc == 0:
        return passed("dovecot is running")
    error = _dovecot.config_error(target)
    reason = f": doveconf says {error}" if error else "; see /var/log/mail.log (lab logs)"
    return failed(f"dovecot is not running after a restart{reason}")


def setting_is(target: Target, name: str, value: str) -> Outcome:
    """One setting has the expected effective value (as doveconf reports it)."""
    actual = _dovecot.setting(target, name)
    if actual is None:
        return failed(f"doveconf cannot read {name}: {_dovecot.config_error(target) or 'unknown setting'}")
    if actual.split() == value.split():
        return passed(_dovecot.described(target, name))
    return failed(f"{_dovecot.described(target, name)}; expected {value}")
