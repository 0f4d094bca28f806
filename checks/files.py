"""Checks of files on the server: existence, owner, mode."""

from maillab import servers
from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

from ._locate import mode_owner, readers


@check
def private_key(target: Target, port: int = 993, group: str | None = None) -> Outcome:
    """The private key that serves `port` is owned by root and readable by root alone: its mode and
    owner allow no one else, and none of the local accounts (the mail users, nobody) can read it
    when they try, which also catches an ACL the mode does not show.

    0600 and 0400 both pass; with `group`, that group may also read it (0640 root:courier).

    Example::

        - {id: key-private, check: files.private_key, with: {port: 993, group: ssl-cert}, points: 2}
    """
    files = servers.tls_paths(target, port)
    key = files.key
    if not key:
        return failed(f"no private key is configured ({files.origin})")
    facts = mode_owner(target, key)
    if facts is None:
        return failed(f"the configured key {key} does not exist")
    mode, user, owner_group = facts
    seen = f"{key} is {mode:04o} {user}:{owner_group}"
    if user != "root":
        return failed(f"{seen}; it must be owned by root")
    allowed_group_bits = 0o040 if group and owner_group == group else 0
    if mode & 0o077 & ~allowed_group_bits:
        return failed(f"{seen}; group and others must not have any access")
    leaked = readers(target, key)
    if leaked:
        return failed(f"{seen}, yet {', '.join(leaked)} can read it: a group they are in or an ACL grants it")
    return passed(f"{seen}; no local user can read it")


@check
def mode_at_most(target: Target, path: str, mode: str, owner: str | None = None) -> Outcome:
    """`path` exists with no permission bits beyond `mode` (e.g. 0600), owned by `owner` if given;
    when `mode` grants others nothing, none of the local accounts can read it either (an ACL counts).

    Example::

        - {id: userdb-source-private, check: files.mode_at_most, with: {path: /etc/courier/userdb, mode: '0700', owner:
           root}, points: 1}
    """
    facts = mode_owner(target, path)
    if facts is None:
        return failed(f"{path} does not exist")
    actual, user, group = facts
    seen = f"{path} is {actual:04o} {user}:{group}"
    if actual & ~int(mode, 8):
        return failed(f"{seen}; allowed at most {mode}")
    if owner and user != owner:
        return failed(f"{seen}; it must be owned by {owner}")
    leaked = readers(target, path) if not int(mode, 8) & 0o004 else []
    if leaked:
        return failed(f"{seen}, yet {', '.join(leaked)} can read it: a group they are in or an ACL grants it")
    return passed(seen)
