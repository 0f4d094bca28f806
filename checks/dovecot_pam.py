"""Checks of Dovecot's PAM authentication: the service it asks, its stacks, and doveadm's verdict."""

import secrets
from concurrent.futures import ThreadPoolExecutor

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target

from . import _pam


def _pam_args(target: Target) -> tuple[str | None, str]:
    """(the args of the first PAM passdb, "") or (None, why there is none)."""
    every = _pam.pam_passdbs(target)
    if every:
        return every[0][0], ""
    if _dovecot.config_error(target):
        return None, f"doveconf -n fails: {_dovecot.config_error(target)}"
    drivers = ", ".join(block.get("driver", "?") for block in _pam.passdbs(target)) or "none"
    return None, f"no passdb uses PAM (passdb drivers: {drivers})"


@check
def service(target: Target, expected: str = "dovecot", protocol: str = "imap") -> Outcome:
    """Dovecot's PAM passdb asks the PAM service `expected` (for `protocol` logins).

    Which PAM file Dovecot opens is invisible to a client: a login only shows that some stack
    accepted the password, and auth_debug, which would log the service, changes the student's
    configuration. So the passdb's args in force are read (doveconf), per protocol.

    Example::

        - {id: pam-service, check: dovecot_pam.service, with: {expected: dovecot, protocol: imap}, points: 2}
    """
    args, problem = _pam_args(target)
    if args is None:
        return failed(problem)
    every = _pam.pam_passdbs(target)
    for args, place in every:
        name = _pam.service_name(args, protocol)
        if name != expected:
            seen = f"passdb {{ driver = pam, args = {args or '(empty)'} }} ({place})"
            more = f", one of the {len(every)} PAM passdbs Dovecot tries in turn," if len(every) > 1 else ""
            return failed(f"{seen}{more} makes Dovecot ask the PAM service {name} for {protocol}; expected {expected}")
    args, place = every[0]
    seen = f"passdb {{ driver = pam, args = {args or '(empty)'} }} ({place})"
    return passed(f"{seen}: Dovecot asks the PAM service {expected} (/etc/pam.d/{expected})")


@check
def stack(target: Target, kind: str = "auth", protocol: str = "imap") -> Outcome:
    """The `kind` stack (auth or account) of the PAM service Dovecot uses reaches pam_unix.so.

    Written directly or through @include common-auth / common-account: both count. A right
    password gets in through pam_permit as well, so one login cannot show which module decided;
    the login checks and expired_refused observe the behaviour, this check names the module, and
    its message explains a fallback the student cannot see (no rules: /etc/pam.d/other decides).

    Example::

        - {id: pam-auth-stack, check: dovecot_pam.stack, with: {kind: auth, protocol: imap}, points: 2}
    """
    args, problem = _pam_args(target)
    if args is None:
        return failed(f"{problem}, so no PAM stack is used" if "no passdb" in problem else problem)
    name = _pam.service_name(args, protocol)
    note = ""
    if _pam.read(target, name) is None:
        note = f"/etc/pam.d/{name} does not exist, so PAM uses /etc/pam.d/other; "
        name = "other"
    rules = _pam.rules(target, name, kind)
    if not rules and name != "other":
        note += f"/etc/pam.d/{name} has no {kind} rules, so PAM uses those of /etc/pam.d/other; "
        name = "other"
        rules = _pam.rules(target, name, kind)
    ok, why = _pam.reaches_unix(rules)
    place = f"the {kind} stack of /etc/pam.d/{name}"
    if not ok:
        return failed(f"{note}{place} does not reach pam_unix.so: {why}")
    return passed(f"{note}{place} reaches {why}")


@check
def expired_refused(target: Target, port: int = 143, tls: str = "starttls") -> Outcome:
    """An account of the check's own logs in over IMAP, and once expired (`chage -E 0`) is refused:
    the account stack really runs and really stops expired accounts, whatever its rules look like.

    Example::

        - {id: expired-refused, check: dovecot_pam.expired_refused, with: {port: 143, tls: starttls}, points: 2}
    """
    user = f"mlexp{secrets.token_hex(3)}"
    made = target.host.run("useradd -m %s && echo %s | chpasswd", user, f"{user}:{user}")
    if made.rc != 0:
        return failed(f"could not make a test account {user}: {(made.stderr or made.stdout).strip()[:160]}")
    try:
        before = target.client("imap", port, tls=tls, user=user, password=user, timeout=25)
        if not before.logged_in:
            return failed(f"a new account {user}, not expired, cannot log in over IMAP: {before.said()}")
        target.host.run("chage -E 0 %s", user)
        after = target.client("imap", port, tls=tls, user=user, password=user, timeout=25)
        if after.logged_in:
            return failed(
                f"{user}, expired with chage -E 0, still logs in over IMAP: the account stack lets it through"
            )
        return passed(f"{user} logged in, and once expired (chage -E 0) was refused: {after.said()}")
    finally:
        target.host.run("userdel -r %s", user)


@check
def auth_test(
    target: Target, user: str = "student", password: str = "student", wrong: str = "not-the-password"
) -> Outcome:
    """`doveadm auth test` accepts the user's password and refuses a wrong one.

    Example::

        - {id: doveadm-auth-test, check: dovecot_pam.auth_test, with: {user: student, password: student}, points: 2}
    """
    with ThreadPoolExecutor(max_workers=2) as pool:  # a refusal takes seconds on purpose; run both at once
        right, bad = pool.map(lambda word: target.host.run("doveadm auth test %s %s", user, word), (password, wrong))
    said = (right.stdout + right.stderr).strip().splitlines()
    if right.rc != 0:
        return failed(f"doveadm auth test {user} <right password> fails: {said[0] if said else f'exit {right.rc}'}")
    if bad.rc == 0:
        return failed(f"doveadm auth test {user} accepts the wrong password {wrong!r}")
    return passed(f"doveadm auth test: {said[0] if said else 'succeeded'}; a wrong password is refused")
