"""The task sheet a student reads: the goal, where the server answers, how to work and be graded."""

from typing import Any

from maillab import servers
from maillab.catalog import Lab
from maillab.runtime import HOSTNAME, LabContainer


def _name(container: LabContainer, port: int) -> str:
    return servers.get(container.server).port_name(port) if container.server else str(port)


def ports_short(container: LabContainer) -> str:
    """`IMAP 32771, IMAPS 32770, ...`: the host ports on 127.0.0.1, for tables."""
    return ", ".join(f"{_name(container, port)} {host}" for port, host in sorted(container.ports.items()))


def ports_line(container: LabContainer) -> str:
    parts = [f"{_name(container, port)} {port} → 127.0.0.1:{host}" for port, host in sorted(container.ports.items())]
    return ", ".join(parts) or "none published"


def values_line(lab: Lab) -> str:
    """`ops_user alice (student s01, class C1)`: the lab's values and whose they are."""
    values = ", ".join(f"{name} {value}" for name, value in lab.values.items())
    student = lab.student
    if student is None:
        return f"{values} (the defaults; `lab start {lab.id} --student ID --class CODE` draws your own)"
    return f"{values} (student {student.id}" + (f", class {student.class_code})" if student.class_code else ")")


def render(lab: Lab, container: LabContainer, env: Any) -> None:
    """Print the sheet with rich: title, goal (markdown), ports, login, reading, next steps."""
    from rich.markdown import Markdown
    from rich.panel import Panel

    out = env.out
    header = (
        f"[bold]{lab.title}[/]\n[dim]lab {lab.id} · LPIC-2 {lab.objective} · {lab.server} · "
        f"difficulty {lab.difficulty}/5 · time budget {lab.time.removesuffix('m')} minutes[/]"
    )
    out.print(Panel(header, expand=False))
    out.print(Markdown(lab.goal))
    if lab.background:
        out.print(Markdown(lab.background))
    out.print(f"[bold]Server[/]   {container.name} ({container.status}), host name {HOSTNAME}")
    out.print(f"[bold]Ports[/]    {ports_line(container)}")
    out.print(f"[bold]Login[/]    user {lab.login.user}, password {lab.login.password}")
    if lab.parameters:
        out.print(f"[bold]Values[/]   {values_line(lab)}", highlight=False)
    if lab.read:
        out.print("[bold]Read[/]     " + "; ".join(lab.read))
    out.print(
        f"[bold]Grading[/]  restarts {lab.restarts} first, so it judges the configuration on disk, "
        "then logs in from this machine like a mail client."
    )
    out.print(
        "[bold]Next[/]     "
        f"lab shell {lab.id}   ·   lab grade {lab.id}   ·   lab hint {lab.id}   ·   lab finish {lab.id}"
    )
