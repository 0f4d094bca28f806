"""`lab doctor`: what maillab needs from this machine, what it found, and what it fixed.

Looks at the container engine (reachable, kind, version), the Debian base the
images start from (pulled from a registry, or made offline with debootstrap),
the lab images, and the loopback ports labs publish on. With --fix it starts an
engine where maillab may install one and builds missing images.
"""

import argparse
import os
import shutil
import socket
from pathlib import Path
from typing import Any, NamedTuple

from maillab import output
from maillab.errors import ExitStatus
from maillab.verbs import add_verb

OK, WARN, FAIL, FIXED = "ok", "warn", "FAIL", "fixed"


class Finding(NamedTuple):
    """One line of the doctor's report."""

    topic: str
    status: str
    detail: str


def register(verbs: Any) -> None:
    """Add `lab doctor` to the CLI's subcommands."""
    text = "check the container engine, base image, lab images and ports; --fix repairs what it can"
    sub = add_verb(verbs, "doctor", command, text)
    sub.add_argument("--fix", action="store_true", help="start an engine, build missing images")
    sub.add_argument("--format", choices=("table", "json"), default="table")


def engine_findings(fix: bool, say: Any) -> tuple[list[Finding], Any]:
    """The engine: does one answer, which kind and version; (findings, client or None)."""
    from maillab import engine

    where = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock (default)")
    client = engine._try_connect()
    if client is None and fix and engine._can_install():
        try:
            client = engine.connect(say, setup=True)
            return [Finding("engine", FIXED, f"started a container engine at {where}"), *describe(client)], client
        except Exception as error:  # the fix failed: report it and go on with the other checks
            return [Finding("engine", FAIL, f"could not start one: {error}")], None
    if client is None:
        fix_hint = " (`lab doctor --fix` installs and starts docker.io)" if engine._can_install() else ""
        return [Finding("engine", FAIL, f"nothing answers at {where}: {engine.INSTALL_HINT}{fix_hint}")], None
    return [Finding("engine", OK, f"answers at {where}"), *describe(client)], client


def describe(client: Any) -> list[Finding]:
    """Kind and version of the engine (Docker or Podman's Docker-compatible API)."""
    version = client.version()
    names = [c.get("Name", "") for c in version.get("Components") or []]
    kind = "Podman" if any("podman" in name.lower() for name in names) else "Docker"
    detail = f"{kind} {version.get('Version', '?')}, API {version.get('ApiVersion', '?')}, {version.get('Os', '?')}"
    return [Finding("engine version", OK, detail)]


def base_findings(client: Any) -> list[Finding]:
    """Where the Debian base comes from: present already, a registry, or debootstrap from apt's mirror."""
    from maillab import rootfs

    name = rootfs.present(client)
    if name:
        origin = "offline" if name == rootfs.LOCAL_IMAGE else "from a registry"
        return [Finding("base image", OK, f"{name} is present ({origin})")]
    mirror = rootfs.debian_mirror()
    tools = "debootstrap installed" if shutil.which("debootstrap") else "debootstrap will be installed with apt"
    if mirror:
        return [Finding("base image", WARN, f"none yet; `lab build` pulls one or makes it from {mirror} ({tools})")]
    return [Finding("base image", FAIL, "none, and no Debian mirror in /etc/apt; set MAILLAB_DEBIAN_MIRROR")]


def image_findings(client: Any, fix: bool, say: Any) -> list[Finding]:
    """Which labs have an image already; with fix, build what is missing or out of date."""
    from maillab import catalog, images

    labs = catalog.load_all()
    if fix:
        built = [f"{lab.id}: {images.lab_image(client, lab, say)}" for lab in labs]
        return [Finding("lab images", FIXED if built else OK, "; ".join(built) or "no labs")]
    tags = {tag for image in client.images.list(filters={"label": images.LABEL}) for tag in image.tags}
    missing = [lab.id for lab in labs if not any(tag.startswith(f"maillab/lab-{lab.id}:") for tag in tags)]
    if missing:
        return [Finding("lab images", WARN, f"not built yet: {', '.join(missing)} (`lab doctor --fix` builds them)")]
    return [Finding("lab images", OK, f"all {len(labs)} labs have an image (a start rebuilds one that changed)")]


def port_findings(client: Any) -> list[Finding]:
    """Labs publish on free 127.0.0.1 ports chosen by the engine; can this machine give one?"""
    from maillab.runtime import Runtime

    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            free = probe.getsockname()[1]
    except OSError as error:
        return [Finding("ports", FAIL, f"cannot bind a port on 127.0.0.1: {error}")]
    low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
    used = [f"{c.name} {sorted(c.ports.values())}" for c in Runtime(client).labs() if c.ports]
    detail = f"127.0.0.1 has free ports (e.g. {free}, range {low}-{high})"
    return [Finding("ports", OK, detail + (f"; in use by labs: {'; '.join(used)}" if used else ""))]


def diagnose(fix: bool = False, say: Any = None) -> list[Finding]:
    """Every finding, in the order a person would fix them."""
    say = say or (lambda text: None)
    findings, client = engine_findings(fix, say)
    if client is None:
        return findings
    for check in (base_findings, port_findings):
        findings += check(client)
    findings += image_findings(client, fix, say)
    return findings


def command(args: argparse.Namespace, env: Any) -> int:
    """Print the findings; exit 2 when something needs fixing."""
    findings = diagnose(args.fix, lambda text: env.say(text))
    if args.format == "json":
        output.print_json(env, [f._asdict() for f in findings])
    else:
        from rich.table import Table

        table = Table(title="lab doctor", title_justify="left")
        for column in ("Topic", "Status", "What was found"):
            table.add_column(column, overflow="fold")
        styles = {OK: "green", FIXED: "cyan", WARN: "yellow", FAIL: "bold red"}
        for finding in findings:
            table.add_row(finding.topic, f"[{styles[finding.status]}]{finding.status}[/]", finding.detail)
        env.out.print(table)
    return ExitStatus.ERROR if any(f.status == FAIL for f in findings) else ExitStatus.SUCCESS
