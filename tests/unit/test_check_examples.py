"""Every check's docstring shows the lab YAML that uses it, and that example loads."""

import textwrap

import pytest
import yaml

from maillab import checks, servers


def _example(name: str) -> list:
    doc = checks.lookup(name).function.__doc__ or ""
    assert "Example::" in doc, f"{name}'s docstring has no Example:: block"
    return yaml.safe_load(textwrap.dedent(doc.split("Example::", 1)[1]))


@pytest.mark.parametrize("name", checks.registered())
def test_docstring_example_binds(name):
    entries = _example(name)
    assert isinstance(entries, list) and len(entries) == 1, f"{name}: the example is one check entry"
    entry = entries[0]
    assert entry["check"] == name and isinstance(entry.get("points"), int) and entry.get("id")
    found = checks.lookup(name)
    for server in [found.server] if found.server else servers.names():
        assert checks.bind(name, entry.get("with") or {}, server) is None, (name, server)
