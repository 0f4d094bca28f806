"""The check library: the modules live in the content folder checks/ (files.py, imap.py, ...).

`maillab.checks.imap` imports checks/imap.py. A module's functions marked `@check` are the
only ones a lab may name, as `module.function` (`imap.login`). A module named after a server
(`dovecot.py`, `dovecot_mail.py`, `courier.py`) holds checks for that server only; the others
are protocol checks that work on any server. `bind` checks a lab's `with:` parameters against
the function's signature when the lab loads.
"""

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from maillab import paths

# Check modules are content (checks/ beside labs/, or in the wheel), imported as maillab.checks.<name>.
# Inside checks/, a module imports its private helpers relatively (`from . import _protocol`), which
# editors and ruff resolve in the folder itself, and the registry as `from maillab.checks import check`.
__path__.append(str(paths.checks_dir()))


@dataclass(frozen=True)
class Registered:
    """A check a lab may name: its function and the server it is for ("" for any server)."""

    name: str
    function: Callable
    server: str


_REGISTRY: dict[str, Registered] = {}


def check(function: Callable) -> Callable:
    """Mark `function` as a check a lab file may name as `<module>.<function>`."""
    from maillab import servers

    module = function.__module__.rsplit(".", 1)[-1]
    prefix = module.split("_", 1)[0]
    name = f"{module}.{function.__name__}"
    _REGISTRY[name] = Registered(name, function, prefix if prefix in servers.names() else "")
    return function


def after_others(function: Callable) -> Callable:
    """Mark a check that fails a login on purpose: the grader runs it once the lab's other checks
    are done, since a refused login slows the server's next logins down by seconds. (An exam grades
    its tasks one after another, so such a check may still come before a later task's logins:
    grading them all at once would let one task's connection-limit check crowd out another's logins.)"""
    function.after_others = True  # type: ignore[attr-defined]
    return function


def runs_last(name: str) -> bool:
    """Whether the check `module.function` is marked `after_others`."""
    return bool(getattr(resolve(name), "after_others", False))


def lookup(name: str) -> Registered:
    """The registered check `module.function`; LookupError says what is wrong with the name."""
    module_name, _, function_name = name.partition(".")
    if module_name.startswith("_"):
        raise LookupError(f"{name}: private modules hold no checks")
    try:
        importlib.import_module(f"maillab.checks.{module_name}")
    except ModuleNotFoundError as error:
        if error.name != f"maillab.checks.{module_name}":
            raise
        raise LookupError(f"{name}: no module checks/{module_name}.py") from None
    found = _REGISTRY.get(name)
    if found is None:
        known = ", ".join(sorted(n.split(".", 1)[1] for n in _REGISTRY if n.startswith(f"{module_name}.")))
        raise LookupError(f"{name}: checks/{module_name}.py has no check {function_name!r} (it has: {known})")
    return found


def registered() -> list[str]:
    """Every check a lab may name, `module.function`, sorted (every check module is imported)."""
    for module in sorted(paths.checks_dir().glob("*.py")):
        if not module.stem.startswith("_"):
            importlib.import_module(f"maillab.checks.{module.stem}")
    return sorted(_REGISTRY)


def resolve(name: str) -> Callable:
    """The check function named `module.function`, e.g. `imap.login`."""
    return lookup(name).function


@cache
def _parameters(function: Callable) -> Any:
    """A pydantic model of the function's parameters after `target`."""
    from pydantic import ConfigDict, create_model

    fields: dict[str, Any] = {}
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        annotation = Any if parameter.annotation is inspect.Parameter.empty else parameter.annotation
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        fields[parameter.name] = (annotation, default)
    config = ConfigDict(extra="forbid", strict=False, arbitrary_types_allowed=True)
    return create_model(f"params_{function.__name__}", __config__=config, **fields)


def bind(name: str, params: dict[str, Any], server: str) -> tuple[list[str | int], str] | None:
    """None when `name` is a check for `server` that takes `params`; else (where in `with:`, problem)."""
    from pydantic import ValidationError

    try:
        found = lookup(name)
    except LookupError as error:
        return ["check"], str(error)
    if found.server and found.server != server:
        return ["check"], f"{name} is a check for {found.server} servers; this lab's server is {server}"
    try:
        _parameters(found.function).model_validate(params)
    except ValidationError as error:
        first = error.errors()[0]
        where = [step for step in first["loc"] if isinstance(step, str | int)]
        field = ".".join(str(step) for step in where) or "with"
        return ["with", *where[:1]], f"{name}: {field}: {first['msg']}"
    return None
