"""A file's mode and owner on the server (a helper, not a check)."""

from maillab.target import Target


def mode_owner(target: Target, path: str) -> tuple[int, str, str] | None:
    """(mode, owner, group) of `path`, following symlinks; None when it does not exist."""
    result = target.host.run("stat -L -c '%%a %%U %%G' -- %s", path)
    if result.rc != 0:
        return None
    mode, user, group = result.stdout.split()
    return int(mode, 8), user, group
