"""The check library: the modules live in the content folder checks/ (files.py, imap.py, ...).

`maillab.checks.imap` imports checks/imap.py; `resolve("imap.login")` finds a
lab's check function by the name lab.yaml gives it.
"""

import importlib
from collections.abc import Callable

from maillab import paths

__path__ = [str(paths.checks_dir())]


def resolve(name: str) -> Callable:
    """The check function named `module.function`, e.g. `imap.login`."""
    module_name, _, function_name = name.partition(".")
    if module_name.startswith("_"):
        raise LookupError(f"{name}: private modules hold no checks")
    try:
        module = importlib.import_module(f"maillab.checks.{module_name}")
    except ModuleNotFoundError:
        raise LookupError(f"{name}: no module checks/{module_name}.py") from None
    function = getattr(module, function_name, None)
    if function_name.startswith("_") or not callable(function):
        raise LookupError(f"{name}: checks/{module_name}.py has no check {function_name!r}")
    return function
