"""A file's mode and owner on the server, and who can really read it (helpers, not checks)."""

from maillab.target import Target

# Local accounts a leaked key would reach: the base image's mail users and nobody.
LOCAL_USERS = ("student", "alice", "bob", "admin", "nobody")
# setpriv switches user and groups without a PAM session: about 15 ms an account, where runuser took 60.
_READERS = (
    'path=$1; shift; read=cat; [ -d "$path" ] && read=ls; '
    'for u in "$@"; do setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups $read -- "$path" >/dev/null 2>&1 '
    '&& echo "$u"; done'
)


def mode_owner(target: Target, path: str) -> tuple[int, str, str] | None:
    """(mode, owner, group) of `path`, following symlinks; None when it does not exist."""
    result = target.host.run("stat -L -c '%%a %%U %%G' -- %s", path)
    if result.rc != 0:
        return None
    mode, user, group = result.stdout.split()
    return int(mode, 8), user, group


def readers(target: Target, path: str, users: tuple[str, ...] = LOCAL_USERS) -> list[str]:
    """Those of `users` who can read `path`, or list it if it is a folder (mode, ACLs and parents count)."""
    result = target.host.run("sh -c %s sh %s " + " ".join(["%s"] * len(users)), _READERS, path, *users)
    return result.stdout.split()


def listed(names: list[str], most: int = 5) -> str:
    """`a, b, c` with at most `most` names, then how many more."""
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def accounts(target: Target, but: tuple[str, ...] = ("root",)) -> tuple[str, ...]:
    """Every account in the server's passwd, except those named in `but`."""
    names = target.host.run("getent passwd | cut -d: -f1").stdout.split()
    return tuple(name for name in names if name not in but)
