"""Dovecot checks of stored passwords: the passwd-file passdb holds hashes, not cleartext."""

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import dovecot as _dovecot
from maillab.target import Target

from . import _pam

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
