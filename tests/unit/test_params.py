"""Lab parameters: derivation is deterministic, differs between students, stays in range; templates
fail as file:line; without a student every lab is what its defaults make it."""

import shutil

import pytest

from maillab import catalog, params, paths
from maillab.errors import LabFileError

USER = params.UserParameter(name="ops_user", kind="user", choices=["admin", "alice", "bob"], default="admin")
WORD = params.WordParameter(name="folder", kind="word", choices=["Archive", "Projects", "Receipts"], default="Archive")
DOMAIN = params.DomainParameter(name="office_domain", kind="domain", default="office.example.lab")
NUMBER = params.NumberParameter(name="size_limit_mb", kind="number", min=5, max=50, default=10)
ALL = [USER, WORD, DOMAIN, NUMBER]
CLASS = [f"s{n:02d}" for n in range(1, 31)]


def test_the_same_lab_student_and_class_give_the_same_values():
    first = params.derive("courier-aliases", ALL, "s01", "C1")
    assert params.derive("courier-aliases", ALL, "s01", "C1") == first


def test_students_classes_and_labs_draw_different_values():
    drawn = {tuple(params.derive("lab-a", ALL, student, "C1").values()) for student in CLASS}
    assert len(drawn) >= 25  # 3 * 3 * 16 * 46 possible sets: 30 students nearly never collide
    assert params.derive("lab-a", ALL, "s01", "C1") != params.derive("lab-a", ALL, "s01", "C2")
    assert params.derive("lab-a", ALL, "s01", "C1") != params.derive("lab-b", ALL, "s01", "C1")


def test_every_kind_stays_in_its_range_and_reaches_all_of_it():
    seen: dict[str, set] = {p.name: set() for p in ALL}
    for number in range(400):
        for name, value in params.derive("lab-a", ALL, f"student{number}", "C1").items():
            seen[name].add(value)
    assert seen["ops_user"] == {"admin", "alice", "bob"}
    assert seen["folder"] == {"Archive", "Projects", "Receipts"}
    assert seen["office_domain"] == {label + ".example.lab" for label in params.DOMAIN_LABELS}
    assert min(seen["size_limit_mb"]) == 5 and max(seen["size_limit_mb"]) == 50


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"name": "u", "kind": "user", "choices": ["bob", "carol"], "default": "bob"}, "'carol' is not a mail"),
        ({"name": "u", "kind": "word", "choices": ["a", "b"], "default": "c"}, "default 'c' is not one of"),
        ({"name": "n", "kind": "number", "min": 5, "max": 9, "default": 10}, "outside 5..9"),
        ({"name": "d", "kind": "domain", "default": "office.example.com"}, "should match pattern"),
        ({"name": "Bad-Name", "kind": "word", "choices": ["a", "b"], "default": "a"}, "should match pattern"),
    ],
)
def test_a_parameter_that_cannot_work_is_refused(data, words):
    from pydantic import TypeAdapter, ValidationError

    with pytest.raises(ValidationError, match=words):
        TypeAdapter(params.Parameter).validate_python(data)


def test_user_choices_are_the_users_the_base_image_creates():
    seed = (paths.containers_dir() / "base" / "seed-users").read_text()
    assert f"for user in {' '.join(params.MAIL_USERS)}; do" in seed


def test_a_lone_template_keeps_the_value_type_and_text_is_filled_in():
    assert params.render("{{ size_limit_mb }}", {"size_limit_mb": 12}) == 12
    assert params.render("limit {{ size_limit_mb }} MB", {"size_limit_mb": 12}) == "limit 12 MB"
    assert params.render("no template, ${HOME} stays", {}) == "no template, ${HOME} stays"


@pytest.fixture
def content(tmp_path, monkeypatch):
    root = tmp_path / "content"
    shutil.copytree(paths.labs_dir() / "courier-aliases", root / "labs" / "courier-aliases")
    shutil.copytree(paths.containers_dir(), root / "containers")
    monkeypatch.setenv("MAILLAB_CONTENT", str(root))
    paths.content_root.cache_clear()
    yield root / "labs" / "courier-aliases"
    paths.content_root.cache_clear()


def _line(text: str, words: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if words in line)


def test_a_misspelt_parameter_in_a_block_is_an_error_at_its_line(content):
    lab_file = content / "lab.yaml"
    text = lab_file.read_text().replace("lands in {{ ops_user }}'s", "lands in {{ ops_usr }}'s")
    lab_file.write_text(text)
    with pytest.raises(LabFileError) as caught:
        catalog.load("courier-aliases")
    assert f"lab.yaml:{_line(text, 'ops_usr')}:" in str(caught.value)
    assert "'ops_usr' is undefined" in str(caught.value) and "parameters: ops_user" in str(caught.value)


def test_a_broken_template_in_a_check_argument_is_an_error_at_its_line(content):
    lab_file = content / "lab.yaml"
    text = lab_file.read_text().replace('uucp], to: "{{ ops_user }}"}', 'uucp], to: "{{ ops_user }"}')
    lab_file.write_text(text)
    line = _line(text, '{{ ops_user }"')
    with pytest.raises(LabFileError, match=rf"lab.yaml:{line}: template: "):
        catalog.load("courier-aliases")


def test_a_misspelt_parameter_in_a_script_is_an_error_at_its_line(content):
    script = content / "solution" / "apply.sh"
    script.write_text(script.read_text().replace("{{ ops_user }}", "{{ opsuser }}"))
    lab = catalog.load("courier-aliases")
    with pytest.raises(LabFileError, match=r"solution/apply.sh:4: template: 'opsuser' is undefined"):
        lab.script("solution/apply.sh")


def test_a_misspelt_parameter_in_a_wrong_case_is_an_error_at_its_line(content):
    expect = content / "wrong" / "not-compiled" / "expect.yaml"
    text = expect.read_text().replace("{{ ops_user }}", "{{ op }}", 1)
    expect.write_text(text)
    with pytest.raises(LabFileError, match=rf"expect.yaml:{_line(text, '{{ op }}')}: template: 'op' is undefined"):
        _ = catalog.load("courier-aliases").wrong_cases


@pytest.mark.parametrize("lab_id", catalog.lab_ids())
def test_every_script_and_case_fills_in_with_defaults_and_with_a_student(lab_id):
    for student in (None, catalog.Student(id="s01", class_code="C1")):
        lab = catalog.load(lab_id, student)
        for script in sorted(lab.folder.rglob("apply.sh")):
            filled = lab.script(script.relative_to(lab.folder))
            assert "{{" not in filled
            if not lab.parameters:
                assert filled == script.read_text()
        assert lab.fresh_case.fails and all(case.fails for case in lab.wrong_cases)


def test_courier_aliases_routes_s01_and_s02_of_class_c1_to_different_users():
    first = catalog.load("courier-aliases", catalog.Student(id="s01", class_code="C1"))
    second = catalog.load("courier-aliases", catalog.Student(id="s02", class_code="C1"))
    assert first.values["ops_user"] != second.values["ops_user"]
    assert first.checks[0].params["to"] == first.values["ops_user"]
    assert catalog.load("courier-aliases").checks[0].params == {"names": ["postmaster"], "to": "admin"}


def test_a_created_user_is_made_by_the_setup_only_when_the_images_lack_it():
    created = params.UserParameter(name="u", kind="user", create=True, choices=["admin", "sysop"], default="admin")
    assert params.setup_commands([created], {"u": "admin"}) == []
    (command,) = params.setup_commands([created], {"u": "sysop"})
    assert command.endswith(" sh sysop") and "useradd" in command
    with pytest.raises(ValueError, match="'mail' cannot be a new mail user"):
        params.UserParameter(name="u", kind="user", create=True, choices=["admin", "mail"], default="admin")


def test_defaults_keep_the_starting_state_and_so_the_image_of_every_lab():
    for lab_id in catalog.lab_ids():
        lab = catalog.load(lab_id)
        assert lab.setup_script == lab.setup


def test_the_readme_counts_the_value_sets_of_a_class_of_30_right():
    import importlib.util
    import re

    spec = importlib.util.spec_from_file_location("value_sets", paths.content_root() / "bench" / "value_sets.py")
    value_sets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(value_sets)
    readme = (paths.content_root() / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([a-z0-9-]+) \| (`.*`) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", readme, re.M)
    assert {row[0] for row in rows} == {lab.id for lab in catalog.load_all() if lab.individualized}
    for lab_id, names, possible, distinct, sharing, pairs in rows:
        lab = catalog.load(lab_id)
        drawn = value_sets.class_sets(lab_id, "C1", CLASS)
        assert names == ", ".join(f"`{p.name}`" for p in lab.parameters)
        assert int(possible) == value_sets.possible(lab), lab_id
        assert int(distinct) == len(drawn), lab_id
        assert int(sharing) == sum(count for count in drawn.values() if count > 1), lab_id
        assert int(pairs) == value_sets.shared_pairs(drawn), lab_id


def test_jinja2_fills_in_what_is_more_than_a_placeholder():
    assert params.render("{{ name | upper }} {% raw %}{{ kept }}{% endraw %}", {"name": "bob"}) == "BOB {{ kept }}"
    with pytest.raises(params.TemplateError, match="'nmae' is undefined") as caught:
        params.render("a\n{{ nmae | upper }}", {"name": "bob"})
    assert caught.value.line == 2
    with pytest.raises(params.TemplateError, match="'nmae' is undefined") as caught:
        params.render("a\nb {{ nmae }}", {"name": "bob"})
    assert caught.value.line == 2


def test_shell_length_and_brace_forms_are_not_template_syntax():
    """`${#var}` and a lone `{%` are shell, not Jinja2: they pass through, placeholders beside them filled."""
    assert params.render('n=${#1}; echo "{%"', {}) == 'n=${#1}; echo "{%"'
    assert params.render("{{ user }} has ${#HOME} letters", {"user": "alice"}) == "alice has ${#HOME} letters"
    assert params.render("{# a note #}{{ user }}", {"user": "bob"}) == "bob"
