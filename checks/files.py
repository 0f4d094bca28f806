"""Checks of files on the server: existence, owner, mode."""

from maillab import servers
from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target

from ._locate import accounts, listed, mode_owner, readers


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
def read_by_root_alone(target: Target, path: str, owner: str = "root") -> Outcome:
    """`path` belongs to `owner` and no account but root can read it: every account in the server's
    passwd tries to (a folder: to list it, and to read each file in it), so a group the account is in
    or an ACL counts, and a mode such as 0640 root:root, whose group holds no one else, passes.

    Example::

        - {id: userdb-shadow-private, check: files.read_by_root_alone, with: {path: /etc/courier/userdbshadow.dat,
           owner: root}, points: 1}
    """
    facts = mode_owner(target, path)
    if facts is None:
        return failed(f"{path} does not exist")
    actual, user, group = facts
    seen = f"{path} is {actual:04o} {user}:{group}"
    if user != owner:
        return failed(f"{seen}; it must be owned by {owner}")
    others = accounts(target)
    inside = target.host.run("find %s -mindepth 1 -type f", path).stdout.split()
    for each in (path, *inside):
        leaked = readers(target, each, others)
        if leaked:
            name = seen if each == path else f"{seen}, and {each} inside"
            return failed(f"{name}: {listed(leaked)} can read it (mode, a group they are in or an ACL)")
    return passed(f"{seen}; none of the other {len(others)} accounts can read it")
