"""Checks of Dovecot's LDAP password and user database, against the OpenLDAP server in the lab."""

import secrets

from maillab.checks import check
from maillab.outcome import Outcome, failed
from maillab.target import Target

from . import _protocol


@check
def user_added(
    target: Target,
    entry: str,
    login: str,
    home: str,
    bind_dn: str = "cn=admin,dc=example,dc=lab",
    bind_password: str = "ldap-admin",
    uri: str = "ldapi:///",
    port: int = 143,
    tls: str = "starttls",
) -> Outcome:
    """A user the check adds to the directory with ldapadd while Dovecot runs logs in over IMAP at
    once: Dovecot really searches the directory at each login. `entry` (LDIF), `login` and `home`
    may use {name} (the new user's name) and {hash} (slappasswd's {SSHA} of its password); the entry
    is deleted (its dn: line) and the home removed afterwards.

    Example::

        - {id: new-user-live, check: dovecot_ldap.user_added, with: {
             entry: "dn: uid={name},ou=people,dc=example,dc=lab\\nobjectClass: inetOrgPerson\\n...",
             login: "{name}@example.lab", home: "/var/vmail/example.lab/{name}"}, points: 3}
    """
    name = f"mlnew{secrets.token_hex(3)}"
    password = f"{name}-Secret-9"
    made = target.host.run("slappasswd -s %s", password)
    if made.rc != 0:
        return failed(f"slappasswd could not hash a password: {(made.stderr or made.stdout).strip()[:160]}")

    def fill(text: str) -> str:
        return text.replace("{name}", name).replace("{hash}", made.stdout.strip())

    ldif, user, folder = fill(entry).strip() + "\n", fill(login), fill(home)
    dn = next((line[3:].strip() for line in ldif.splitlines() if line.lower().startswith("dn:")), "")
    added = target.host.run("printf '%%s' %s | ldapadd -x -H %s -D %s -w %s", ldif, uri, bind_dn, bind_password)
    if added.rc != 0:
        return failed(f"ldapadd could not add {dn or 'the entry'}: {(added.stderr or added.stdout).strip()[:200]}")
    try:
        return _protocol.added_user_logs_in(target, user, password, port, tls, f"the directory ({dn})")
    finally:
        target.host.run("ldapdelete -x -H %s -D %s -w %s %s", uri, bind_dn, bind_password, dn)
        if name in folder:
            target.host.run("rm -rf -- %s", folder)
