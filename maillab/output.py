"""The one output layer's writers: JSON, JUnit XML, CSV and HTML pages, each written one way for every command.

What a command shows is decided by the library (report.py for a student's grades and labs,
instructor/gradebook.py and instructor/reportpage.py for a class); the bytes come from here.
"""

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

TEMPLATES = "maillab"  # templates are package files under maillab/templates/


def json_text(data: Any, *, sort_keys: bool = False, compact: bool = False) -> str:
    """`data` as JSON text ending in a newline: indented by 2, or on one line when `compact`."""
    return json.dumps(data, indent=None if compact else 2, sort_keys=sort_keys) + "\n"


def print_json(env: Any, data: Any, **options: bool) -> None:
    """Write `data` as JSON on the command's stdout (see json_text for the options)."""
    env.stdout_file.write(json_text(data, **options))


def csv_text(columns: list[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """A header of `columns`, then one line per row (missing values empty), lines ending in \\n."""
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    """One JUnit test case: passed, failed (message and text) or in error (message and type)."""

    classname: str
    name: str
    output: str | None = None
    failure: str | None = None
    failure_text: str = ""
    error: str | None = None
    error_type: str = ""


@dataclass(frozen=True)
class Suite:
    """One JUnit test suite; `count_errors` adds the errors attribute."""

    name: str
    cases: list[Case] = field(default_factory=list)
    count_errors: bool = False


def junit_text(suites: Iterable[Suite], name: str) -> str:
    """JUnit XML with an XML declaration: <testsuites name> holding each suite and its cases."""
    from xml.etree.ElementTree import Element, SubElement, tostring

    root = Element("testsuites", name=name)
    for suite in suites:
        attributes = {
            "name": suite.name,
            "tests": str(len(suite.cases)),
            "failures": str(sum(case.failure is not None for case in suite.cases)),
        }
        if suite.count_errors:
            attributes["errors"] = str(sum(case.error is not None for case in suite.cases))
        element = SubElement(root, "testsuite", attributes)
        for case in suite.cases:
            test = SubElement(element, "testcase", classname=case.classname, name=case.name)
            if case.failure is not None:
                SubElement(test, "failure", message=case.failure).text = case.failure_text
            if case.error is not None:
                SubElement(test, "error", message=case.error, type=case.error_type)
            if case.output is not None:
                SubElement(test, "system-out").text = case.output
    return tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def html_page(template: str, **context: Any) -> str:
    """Render maillab/templates/`template` with Jinja2; every value is HTML-escaped unless marked safe."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATES, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template(template).render(**context)
