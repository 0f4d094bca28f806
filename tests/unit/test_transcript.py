"""Client transcripts are typed: every key checks/_client.py writes is a field, and an unknown key is an error."""

import ast

import pytest
from pydantic import ValidationError

from maillab import paths
from maillab.target import Target
from maillab.transcript import Transcript


def _keys_written_by_the_client() -> set[str]:
    """The string keys of `report[...] = ...` and of the `report: dict = {...}` literals in _client.py."""
    tree = ast.parse((paths.checks_dir() / "_client.py").read_text())
    keys = set()
    for node in ast.walk(tree):
        stored = isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
        if stored and getattr(node.value, "id", None) == "report" and isinstance(node.slice, ast.Constant):
            keys.add(node.slice.value)
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "report":
            keys |= {key.value for key in node.value.keys}
    return keys


def test_every_key_the_client_writes_is_a_field():
    fields = {field.alias or name for name, field in Transcript.model_fields.items()}
    written = _keys_written_by_the_client()
    assert {"login", "select", "found", "stat", "list", "retr", "deleted", "create"} <= written
    assert written <= fields, f"keys without a field: {written - fields}"


def test_an_unknown_or_misspelt_key_is_an_error():
    with pytest.raises(ValidationError, match="logn"):
        Transcript.model_validate({"protocol": "imap", "port": 143, "logn": {"ok": True, "reply": ""}})


class Replaying(Target):
    def run_client(self, protocol, port, options):
        return {
            "protocol": "pop3",
            "port": port,
            "tls": None,
            "login": {"ok": True, "reply": "+OK"},
            "stat": [1, 10],
            "list": {"1": 10},
            "retr": {"1": 10},
            "deleted": ["1"],
        }


def test_the_client_returns_typed_fields_after_the_raw_seam():
    report = Replaying(None, lambda port: None).client("pop3", 110, user="bob")
    assert report.login.ok and report.stat == (1, 10) and report.listing == {"1": 10} and report.deleted == ["1"]
    assert not report.found and report.error is None
