"""Which PAM service Dovecot asks, and what that service's stacks do (helpers, not checks)."""

import posixpath
from dataclasses import dataclass

from maillab.servers import dovecot as _dovecot
from maillab.target import Target

PAM_DIR = "/etc/pam.d"
MAX_DEPTH = 6


@dataclass(frozen=True)
class Rule:
    """One PAM rule after includes are followed: control, module and the file it came from."""

    control: str
    module: str
    origin: str


def passdbs(target: Target) -> list[dict[str, str]]:
    """The top-level passdb blocks of `doveconf -n`, as dicts of their settings."""

    def compute() -> list[dict[str, str]]:
        blocks: list[dict[str, str]] = []
        depth, current = 0, None
        for raw in _dovecot.doveconf_n(target).stdout.splitlines():
            line = raw.strip()
            if line.endswith("{"):
                if depth == 0 and line.split()[0] == "passdb":
                    current = {}
                    blocks.append(current)
                depth += 1
            elif line == "}":
                depth -= 1
                current = current if depth > 0 else None
            elif current is not None and depth == 1 and "=" in line:
                key, _, value = line.partition("=")
                current[key.strip()] = value.strip()
        return blocks

    return target.cached("pam.passdbs", compute)


def service_name(args: str, protocol: str) -> str:
    """The PAM service a `passdb { driver = pam }` with these args asks for `protocol`."""
    names = [token for token in args.split() if "=" not in token]
    name = names[-1] if names else "dovecot"
    if name == "*":
        return protocol
    return name.replace("%{protocol}", protocol).replace("%{service}", protocol).replace("%s", protocol)


def pam_passdbs(target: Target) -> list[tuple[str, str]]:
    """(args, `file:line` of its `driver = pam`) of every PAM passdb, in the order Dovecot tries them."""
    blocks = [block.get("args", "") for block in passdbs(target) if block.get("driver") == "pam"]
    places = _dovecot.setting_lines(target, "driver", "pam")
    if len(places) != len(blocks):  # a driver line written some other way: say no more than is known
        places = ["the Dovecot configuration"] * len(blocks)
    return list(zip(blocks, places, strict=True))


def _pam_files(target: Target) -> dict[str, str]:
    """Every file in /etc/pam.d with its text, read in one command (empty files included)."""

    def compute() -> dict[str, str]:
        files: dict[str, str] = {}
        current = None
        for line in target.host.run("tail -n +1 -- %s/*", PAM_DIR).stdout.splitlines():
            if line.startswith("==> ") and line.endswith(" <=="):
                current = line[4:-4]
                files[current] = ""
            elif current is not None:
                files[current] += line + "\n"
        return files

    return target.cached("pam.files", compute)


def read(target: Target, name: str) -> str | None:
    """The text of /etc/pam.d/<name>, or None when it does not exist."""
    return _pam_files(target).get(posixpath.join(PAM_DIR, name))


def _tokens(line: str) -> list[str]:
    """Split a PAM line, keeping a bracketed control such as [success=1 default=ignore] as one token."""
    tokens: list[str] = []
    for word in line.split():
        if tokens and tokens[-1].startswith("[") and not tokens[-1].endswith("]"):
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    return tokens


def rules(target: Target, name: str, kind: str, depth: int = 0) -> list[Rule]:
    """The `kind` rules (auth, account, ...) of service `name`, with @include, include and substack followed."""
    text = read(target, name) if depth < MAX_DEPTH else None
    found: list[Rule] = []
    origin = posixpath.join(PAM_DIR, name)
    for raw in (text or "").splitlines():
        tokens = _tokens(raw.split("#", 1)[0])
        if not tokens:
            continue
        if tokens[0] == "@include" and len(tokens) > 1:
            found += rules(target, tokens[1], kind, depth + 1)
            continue
        if len(tokens) < 3 or tokens[0].lstrip("-") != kind:
            continue
        control, module = tokens[1], tokens[2]
        if control in ("include", "substack"):
            found += rules(target, module, kind, depth + 1)
        else:
            found.append(Rule(control, posixpath.basename(module), origin))
    return found


def reaches_unix(stack: list[Rule]) -> tuple[bool, str]:
    """Whether the stack gets to pam_unix.so before a rule that decides alone; and why."""
    for rule in stack:
        if rule.module == "pam_unix.so":
            return True, f"pam_unix.so ({rule.control}) in {rule.origin}"
        if rule.module == "pam_deny.so" and rule.control in ("required", "requisite"):
            return False, f"pam_deny.so ({rule.control}) in {rule.origin} comes before pam_unix.so"
        if rule.module == "pam_permit.so" and rule.control in ("sufficient", "[success=done default=ignore]"):
            return False, f"pam_permit.so ({rule.control}) in {rule.origin} lets anyone pass before pam_unix.so"
    if not stack:
        return False, "it has no rules of this kind"
    return False, "pam_unix.so never appears in it"
