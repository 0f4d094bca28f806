"""Dovecot checks of its password and user databases: logins explained by the auth log, the users
`doveadm user` lists, and a passwd-file that holds hashes, not cleartext."""

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target

from . import _pam, _protocol

# Schemes whose stored value gives the password back; an encoding suffix (.b64, .base64, .hex) changes nothing.
PLAINTEXT_SCHEMES = {"PLAIN", "CLEAR", "CLEARTEXT", "PLAIN-TRUNC", "PLAIN-BASE64", "PLAIN-B64"}


def _passwd_files(target: Target) -> list[tuple[str, str]]:
    """(path, default scheme) of every passdb that reads a passwd-file."""
    found = []
    for block in _pam.passdbs(target):
        if block.get("driver") != "passwd-file":
            continue
        words = block.get("args", "").split()
        scheme = next((w.split("=", 1)[1] for w in words if w.lower().startswith("scheme=")), "CRYPT")
        paths = [w for w in words if "=" not in w]
        if paths:
            found.append((paths[-1], scheme.upper()))
    return found


@check
def passwd_file_hashed(target: Target, scheme: str | None = None) -> Outcome:
    """The passwd-file passdb holds no reversible password ({PLAIN}, {CLEAR}, {PLAIN.b64} and the like, or
    a plain default scheme). Whether CRAM-MD5 can use the hashes is proven by logging in (imap.login);
    that nobody can read the passwords back can only be seen in the file.

    With `scheme`, every entry must use it (e.g. CRAM-MD5).

    Example::

        - {id: passwords-hashed, check: dovecot_auth.passwd_file_hashed, points: 3}
    """
    files = _passwd_files(target)
    if not files:
        return failed(f"no passdb reads a passwd-file ({_dovecot.config_error(target) or 'see doveconf -n'})")
    checked = 0
    for path, default in files:
        result = target.host.run("cat -- %s", path)
        if result.rc != 0:
            return failed(f"the passwd-file {path} cannot be read")
        for number, line in enumerate(result.stdout.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            user, _, rest = line.partition(":")
            secret = rest.split(":", 1)[0]
            used = secret[1 : secret.index("}")].upper() if secret.startswith("{") and "}" in secret else default
            if used.split(".", 1)[0] in PLAINTEXT_SCHEMES:
                return failed(f"{path}:{number}: {user}'s password is stored as cleartext ({{{used}}})")
            if scheme and used != scheme.upper():
                return failed(f"{path}:{number}: {user}'s password uses {{{used}}}, not {{{scheme.upper()}}}")
            checked += 1
    if not checked:
        return failed(f"the passwd-file {files[0][0]} holds no users")
    what = f"{{{scheme.upper()}}} hashes" if scheme else "hashes"
    return passed(f"{checked} entries in {', '.join(path for path, _ in files)} hold {what}, no cleartext")


@check
def login(target: Target, user: str, password: str, port: int = 143, tls: str = "starttls", sees: str = "") -> Outcome:
    """An IMAP client logs in as `user` (with `sees`, and finds that message in the INBOX), as
    imap.login does; when Dovecot refuses, the message quotes the auth process's newest error in
    the log (a query or filter that fails says why only there).

    Example::

        - {id: carol-login, check: dovecot_auth.login, with: {user: carol@example.lab, password: Velvet-Tide-42,
           port: 143, tls: starttls, sees: Welcome to example.lab}, points: 3}
    """
    outcome = _protocol.login(target, "imap", port, tls, user, password, timeout=_protocol.REFUSAL_TIMEOUT, sees=sees)
    if outcome.passed or "cannot log in" not in outcome.message:
        return outcome
    said = _dovecot.auth_complaint(target, user)
    return failed(f"{outcome.message}; Dovecot's auth logged: {said}" if said else outcome.message)


@check
def users_listed(target: Target, users: list[str]) -> Outcome:
    """`doveadm user '*'` (the userdb's iteration, which `doveadm -A` commands use) lists every one
    of `users`: without an iterate query or filter that works, Dovecot cannot list its users.

    Example::

        - {id: users-listed, check: dovecot_auth.users_listed, with: {users: [carol@example.lab, dave@example.lab]},
           points: 2}
    """
    result = target.host.run("doveadm user %s", "*")
    listed = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    if result.rc != 0:
        said = [line for line in result.stderr.splitlines() if line.strip()]
        why = _dovecot.auth_complaint(target, "*")
        logged = f"; Dovecot's auth logged: {why}" if why else ""
        return failed(f"doveadm user '*' fails: {said[0] if said else f'exit {result.rc}'}{logged}")
    missing = [user for user in users if user not in listed]
    if missing:
        shown = ", ".join(listed[:8]) + (" ..." if len(listed) > 8 else "") if listed else "nobody"
        return failed(f"doveadm user '*' does not list {', '.join(missing)} (it lists {shown})")
    return passed(f"doveadm user '*' lists {', '.join(users)} ({len(listed)} users in all)")
