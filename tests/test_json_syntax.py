"""Terraform's JSON syntax: the same tree as the equivalent .tf file, with exact JSON positions."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from euno_lint.findings import Span
from euno_lint.hcl import (
    Block,
    Body,
    Expression,
    FunctionCall,
    HclSyntaxError,
    Literal,
    ObjectExpr,
    ObjectItem,
    Opaque,
    SyntaxTree,
    Template,
    Traversal,
    TupleExpr,
    json_syntax,
    parse,
)
from euno_lint.hcl.json_syntax import parse_json

SAMPLES = Path(__file__).resolve().parent / "json_syntax"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "main.tf.json").is_file())
TERRAFORM = shutil.which("terraform")


def _terraform_data_schema(path: tuple[str, ...], name: str) -> bool | None:
    """terraform_data's schema: its arguments (input, triggers_replace) are no blocks."""
    return False if path[:2] == ("resource", "terraform_data") else None


def _shape(value: Any) -> Any:
    """A tree without its spans: what two syntaxes of one configuration must agree on."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        fields = (_shape(v) for v in value if not isinstance(v, Span))
        return (type(value).__name__, *fields)
    if isinstance(value, tuple):
        return tuple(_shape(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (getattr(value, f.name) for f in dataclasses.fields(value))
        return (type(value).__name__, *(_shape(f) for f in fields if not isinstance(f, Span)))
    return value


def _children(expression: Expression) -> list[Expression]:
    """The sub-expressions of an expression, whatever its kind."""
    found: list[Expression] = []
    for field in dataclasses.fields(expression):
        value = getattr(expression, field.name)
        for item in value if isinstance(value, tuple) and not isinstance(value, Span) else (value,):
            for part in item if isinstance(item, ObjectItem) else (item,):
                if dataclasses.is_dataclass(part) and not isinstance(part, type):
                    found.append(part)  # type: ignore[arg-type]
    return found


def _text_at(text: str, span: Span) -> str:
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    first = lines[span.line - 1][span.column - 1 :]
    middle = lines[span.line : span.end_line - 1]
    return "\n".join([first, *middle, lines[span.end_line - 1][: span.end_column - 1]])


def _only(body: Body, block_type: str) -> Block:
    found = body.blocks_of(block_type)
    assert len(found) == 1, found
    return found[0]


def _value(body: Body, name: str) -> Expression:
    attribute = body.attribute(name)
    assert attribute is not None, name
    return attribute.value


def _file(text: str, **options: Any) -> Body:
    return parse_json(text, **options).body


# ---- positions


def test_attribute_and_block_spans_cover_keys_values_and_braces() -> None:
    text = (
        "{\n"
        '  "resource": {\n'
        '    "euno_x": {\n'
        '      "main": {\n'
        '        "name": "sales",\n'
        '        "size": 10\n'
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
    block = _only(_file(text), "resource")
    assert block.labels == ("euno_x", "main")
    assert block.header == Span(4, 7, 4, 16)  # from "main" to its body's brace
    assert block.span == Span(4, 7, 7, 8)
    name, size = block.body.attributes
    assert name.name == "name"
    assert name.name_span == Span(5, 9, 5, 15)
    assert name.value == Literal("sales", Span(5, 17, 5, 24))
    assert name.span == Span(5, 9, 5, 24)
    assert size.value == Literal(10, Span(6, 17, 6, 19))


def test_header_starts_at_the_name_of_its_own_block() -> None:
    # Both resources share the type's key: each header starts at its own name.
    text = '{"resource": {"euno_x": {\n"a": {"n": 1},\n"b": {"n": 2}}}}'
    first, second = _file(text).blocks
    assert (first.labels, second.labels) == (("euno_x", "a"), ("euno_x", "b"))
    assert first.header == Span(2, 1, 2, 7)
    assert second.header == Span(3, 1, 3, 7)
    assert second.span == Span(3, 1, 3, 14)


def test_every_span_points_at_its_text() -> None:
    text = (SAMPLES / "values" / "main.tf.json").read_text(encoding="utf-8")
    tree = parse_json(text)

    def check_body(body: Body) -> None:
        for attribute in body.attributes:
            assert json.loads(_text_at(text, attribute.name_span)) == attribute.name
            assert _text_at(text, attribute.span).startswith(f'"{attribute.name}"')
            check_expression(attribute.value)
        for block in body.blocks:
            assert _text_at(text, block.header)[0] in '"{['
            assert _text_at(text, block.header).endswith("{")
            assert _text_at(text, block.span).endswith("}")
            check_body(block.body)

    def check_expression(expression: Expression, in_string: bool = False) -> None:
        written = _text_at(text, expression.span)
        if isinstance(expression, Literal) and isinstance(expression.value, str):
            if in_string:  # quoted within the string (its quotes escaped), or a bare key
                assert written == expression.value or written[:2] == written[-2:] == '\\"'
            else:  # a template's escapes of ${ and %{ are gone from its value
                decoded: str = json.loads(written)
                unescaped = decoded.replace("$${", "${").replace("%%{", "%{")
                assert expression.value in (decoded, unescaped)
        elif isinstance(expression, Traversal) and not written.startswith('"'):
            assert written.startswith(expression.root)
        elif isinstance(expression, TupleExpr) and not in_string:
            assert written.startswith("[")
        inner = in_string or written.startswith('"')
        for child in _children(expression):
            check_expression(child, inner)

    check_body(tree.body)


# ---- block kinds


@pytest.mark.parametrize(
    ("text", "block_type", "labels"),
    [
        ('{"resource": {"t": {"n": {}}}}', "resource", ("t", "n")),
        ('{"data": {"t": {"n": {}}}}', "data", ("t", "n")),
        ('{"ephemeral": {"t": {"n": {}}}}', "ephemeral", ("t", "n")),
        ('{"action": {"t": {"n": {}}}}', "action", ("t", "n")),
        ('{"variable": {"v": {}}}', "variable", ("v",)),
        ('{"output": {"o": {"value": 1}}}', "output", ("o",)),
        ('{"module": {"m": {"source": "./m"}}}', "module", ("m",)),
        ('{"provider": {"euno": {}}}', "provider", ("euno",)),
        ('{"check": {"c": {}}}', "check", ("c",)),
        ('{"locals": {"a": 1}}', "locals", ()),
        ('{"terraform": {}}', "terraform", ()),
        ('{"moved": {"from": "a.b", "to": "a.c"}}', "moved", ()),
        ('{"removed": {"from": "a.b"}}', "removed", ()),
        ('{"import": {"to": "a.b", "id": "x"}}', "import", ()),
    ],
)
def test_every_top_level_block_kind(text: str, block_type: str, labels: tuple[str, ...]) -> None:
    block = _only(_file(text), block_type)
    assert block.labels == labels


def test_unknown_top_level_properties_are_attributes() -> None:
    body = _file('{"unknown": {"a": 1}, "other": "${x}"}')
    assert body.blocks == ()
    assert isinstance(_value(body, "unknown"), ObjectExpr)
    assert isinstance(_value(body, "other"), Template)


def test_terraform_settings_are_literal() -> None:
    text = """{"terraform": {
      "required_version": ">= 1.5, ${not} a template",
      "experiments": ["some_experiment"],
      "required_providers": {
        "euno": {"source": "euno-ai/euno", "version": "~> 0.1",
                 "configuration_aliases": ["euno.west"]},
        "legacy": ">= 1.0"
      },
      "backend": {"s3": {"bucket": "b-${x}", "assume_role": {"role_arn": "r"}}},
      "cloud": {"organization": "o", "workspaces": {"name": "w"}},
      "provider_meta": {"euno": {"module_name": "m-${x}"}}
    }}"""
    terraform = _only(_file(text), "terraform")
    assert _value(terraform.body, "required_version") == Literal(
        ">= 1.5, ${not} a template", Span(2, 27, 2, 54)
    )
    experiments = _value(terraform.body, "experiments")
    assert isinstance(experiments, TupleExpr)
    assert _shape(experiments.items) == (("Traversal", "some_experiment", ()),)
    requirements = _only(terraform.body, "required_providers").body
    euno = _value(requirements, "euno")
    assert _shape(euno) == (
        "ObjectExpr",
        (
            ("ObjectItem", ("Literal", "source"), ("Literal", "euno-ai/euno")),
            ("ObjectItem", ("Literal", "version"), ("Literal", "~> 0.1")),
            (
                "ObjectItem",
                ("Literal", "configuration_aliases"),
                ("TupleExpr", (("Traversal", "euno", ("west",)),)),
            ),
        ),
    )
    assert _shape(_value(requirements, "legacy")) == ("Literal", ">= 1.0")
    backend = _only(terraform.body, "backend")
    assert backend.labels == ("s3",)
    assert _shape(_value(backend.body, "bucket")) == ("Literal", "b-${x}")
    assert _only(backend.body, "assume_role").body.attributes[0].name == "role_arn"
    cloud = _only(terraform.body, "cloud")
    assert _only(cloud.body, "workspaces").body.attributes[0].name == "name"
    meta = _only(terraform.body, "provider_meta")
    assert meta.labels == ("euno",)
    assert _shape(_value(meta.body, "module_name")) == ("Literal", "m-${x}")


def test_provider_blocks_in_an_array_keep_their_order() -> None:
    text = (
        '{"provider": {"euno": [\n'
        '  {"region": "eu"},\n'
        '  {"alias": "west", "region": "${var.r}", "retry": {"attempts": 3}}\n'
        "]}}"
    )
    first, second = _file(text).blocks_of("provider")
    assert first.labels == second.labels == ("euno",)
    assert first.header == Span(2, 3, 2, 4)  # an element of an array: its own brace
    assert first.span == Span(2, 3, 2, 19)
    assert _shape(_value(second.body, "alias")) == ("Literal", "west")
    assert isinstance(_value(second.body, "region"), Template)
    assert _only(second.body, "retry").body.attributes[0].name == "attempts"


def test_variable_arguments() -> None:
    text = """{"variable": {"token": {
      "type": "object({ id = string, tags = optional(list(string), []) })",
      "default": {"id": "${not.a.reference}", "tags": ["a"]},
      "description": "Costs ${money}.",
      "sensitive": true,
      "nullable": false,
      "validation": {"condition": "${length(var.token.id) > 0}", "error_message": "Empty."}
    }}}"""
    variable = _only(_file(text), "variable")
    assert variable.labels == ("token",)
    type_expression = _value(variable.body, "type")
    assert isinstance(type_expression, FunctionCall)
    assert type_expression.name == "object"
    assert type_expression.span == Span(2, 15, 2, 75)
    assert _shape(_value(variable.body, "default")) == (
        "ObjectExpr",
        (
            ("ObjectItem", ("Literal", "id"), ("Literal", "${not.a.reference}")),
            ("ObjectItem", ("Literal", "tags"), ("TupleExpr", (("Literal", "a"),))),
        ),
    )
    assert _shape(_value(variable.body, "description")) == ("Literal", "Costs ${money}.")
    assert _shape(_value(variable.body, "sensitive")) == ("Literal", True)
    validation = _only(variable.body, "validation")
    assert isinstance(_value(validation.body, "condition"), Template)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("string", ("Traversal", "string", ())),
        ("list(number)", ("FunctionCall", "list", (("Traversal", "number", ()),), False)),
        ("map( any )", ("FunctionCall", "map", (("Traversal", "any", ()),), False)),
    ],
)
def test_variable_type_is_an_expression(written: str, expected: Any) -> None:
    body = _file(json.dumps({"variable": {"v": {"type": written}}}))
    assert _shape(_value(_only(body, "variable").body, "type")) == expected


def test_locals_and_outputs() -> None:
    text = """{
      "locals": [{"a": "${var.x}", "b": {"c": [1, "${local.a}"]}}, {"d": null}],
      "output": {"o": {
        "value": "${local.b}",
        "description": "About ${this}.",
        "depends_on": ["euno_x.main"],
        "precondition": [{"condition": "${true}", "error_message": "No."}]
      }}
    }"""
    body = _file(text)
    first, second = body.blocks_of("locals")
    assert [a.name for a in first.body.attributes] == ["a", "b"]
    assert _shape(_value(first.body, "b")) == (
        "ObjectExpr",
        (
            (
                "ObjectItem",
                ("Literal", "c"),
                ("TupleExpr", (("Literal", 1), ("Template", (("Traversal", "local", ("a",)),)))),
            ),
        ),
    )
    assert _shape(_value(second.body, "d")) == ("Literal", None)
    output = _only(body, "output")
    assert _shape(_value(output.body, "description")) == ("Literal", "About ${this}.")
    assert _shape(_value(output.body, "depends_on")) == (
        "TupleExpr",
        (("Traversal", "euno_x", ("main",)),),
    )
    assert len(output.body.blocks_of("precondition")) == 1


def test_module_inputs_are_attributes_even_when_objects() -> None:
    text = """{"module": {"m": {
      "source": "./modules/${not-a-template}",
      "version": "1.0",
      "count": "${var.n}",
      "providers": {"euno": "euno.west", "euno.east": "euno"},
      "settings": {"a": {"b": 1}},
      "items": [{"a": 1}]
    }}}"""
    module = _only(_file(text), "module")
    assert module.body.blocks == ()
    assert _shape(_value(module.body, "source")) == ("Literal", "./modules/${not-a-template}")
    assert _shape(_value(module.body, "providers")) == (
        "ObjectExpr",
        (
            ("ObjectItem", ("Literal", "euno"), ("Traversal", "euno", ("west",))),
            ("ObjectItem", ("Traversal", "euno", ("east",)), ("Traversal", "euno", ())),
        ),
    )
    assert isinstance(_value(module.body, "settings"), ObjectExpr)
    assert isinstance(_value(module.body, "items"), TupleExpr)


def test_resource_meta_arguments_and_blocks() -> None:
    text = """{"resource": {"euno_x": {"main": {
      "count": "${var.n}",
      "for_each": {"a": 1},
      "provider": "euno.west",
      "depends_on": ["module.m", "euno_x.other[\\"k\\"]"],
      "lifecycle": {
        "ignore_changes": ["name", "schedule[0].frequency"],
        "replace_triggered_by": ["euno_x.other.id"],
        "prevent_destroy": true
      },
      "connection": {"host": "${self.ip}"},
      "provisioner": [{"local-exec": {"command": "x", "when": "destroy"}}],
      "_": {"count": 3}
    }}}}"""
    resource = _only(_file(text), "resource")
    body = resource.body
    assert _shape(_value(body, "count")) == ("Template", (("Traversal", "var", ("n",)),))
    assert isinstance(_value(body, "for_each"), ObjectExpr)
    provider = _value(body, "provider")
    assert provider == Traversal("euno", ("west",), Span(4, 19, 4, 30))
    assert _shape(_value(body, "depends_on")) == (
        "TupleExpr",
        (("Traversal", "module", ("m",)), ("Traversal", "euno_x", ("other", "k"))),
    )
    lifecycle = _only(body, "lifecycle").body
    assert _shape(_value(lifecycle, "ignore_changes")) == (
        "TupleExpr",
        (("Traversal", "name", ()), ("Traversal", "schedule", (0, "frequency"))),
    )
    assert _shape(_value(lifecycle, "prevent_destroy")) == ("Literal", True)
    connection = _only(body, "connection").body
    assert isinstance(_value(connection, "host"), Template)
    provisioner = _only(body, "provisioner")
    assert provisioner.labels == ("local-exec",)
    assert _shape(_value(provisioner.body, "when")) == ("Traversal", "destroy", ())
    escape = _only(body, "_")
    assert _shape(_value(escape.body, "count")) == ("Literal", 3)


def test_ignore_changes_all_is_a_keyword() -> None:
    text = '{"resource": {"t": {"n": {"lifecycle": {"ignore_changes": "all"}}}}}'
    lifecycle = _only(_only(_file(text), "resource").body, "lifecycle")
    assert _shape(_value(lifecycle.body, "ignore_changes")) == ("Traversal", "all", ())


def test_addresses_in_moved_removed_and_import() -> None:
    text = """{
      "moved": {"from": "euno_x.old", "to": "module.m.euno_x.new[\\"k\\"]"},
      "removed": {"from": "euno_x.gone", "lifecycle": {"destroy": false}},
      "import": {"to": "euno_x.main[each.key]", "id": "${each.value}", "for_each": "${var.m}"}
    }"""
    body = _file(text)
    moved = _only(body, "moved").body
    assert _shape(_value(moved, "to")) == ("Traversal", "module", ("m", "euno_x", "new", "k"))
    removed = _only(body, "removed").body
    assert _shape(_value(_only(removed, "lifecycle").body, "destroy")) == ("Literal", False)
    imported = _only(body, "import").body
    assert _shape(_value(imported, "to")) == (
        "Traversal",
        "euno_x",
        ("main", ("Traversal", "each", ("key",))),
    )
    assert isinstance(_value(imported, "id"), Template)


def test_check_blocks_hold_data_and_assert_blocks() -> None:
    text = """{"check": {"health": {
      "data": {"http": {"site": {"url": "https://x"}}},
      "assert": [{"condition": "${1 == 1}", "error_message": "no"}]
    }}}"""
    check = _only(_file(text), "check")
    data = _only(check.body, "data")
    assert data.labels == ("http", "site")
    assert len(check.body.blocks_of("assert")) == 1


# ---- blocks or attributes


def test_objects_in_provider_schema_bodies_are_blocks_by_default() -> None:
    text = """{"resource": {"euno_x": {"main": {
      "schedule": {"frequency": "daily", "window": {"start": "08:00"}},
      "rule": [{"n": 1}, {"n": 2}],
      "tags": [],
      "names": ["a", {"b": 1}],
      "nothing": null
    }}}}"""
    body = _only(_file(text), "resource").body
    schedule = _only(body, "schedule")
    assert schedule.header == Span(2, 7, 2, 20)
    assert _only(schedule.body, "window").body.attributes[0].name == "start"
    assert [b.body.attributes[0].value for b in body.blocks_of("rule")] == [
        Literal(1, Span(3, 22, 3, 23)),
        Literal(2, Span(3, 32, 3, 33)),
    ]
    assert _shape(_value(body, "tags")) == ("TupleExpr", ())
    assert isinstance(_value(body, "names"), TupleExpr)
    assert _shape(_value(body, "nothing")) == ("Literal", None)


def test_is_block_decides_what_the_provider_schema_decides() -> None:
    text = """{"resource": {"euno_x": {"main": {
      "schedule": {"frequency": "daily", "window": {"start": "08:00"}},
      "tags": {"team": "${var.team}"},
      "dynamic": {"rule": {"for_each": "${var.rules}", "content": {"limits": {"max": 1}}}}
    }}}}"""
    asked: list[tuple[tuple[str, ...], str]] = []

    def schema(path: tuple[str, ...], name: str) -> bool | None:
        asked.append((path, name))
        return name != "tags"

    body = _only(_file(text, is_block=schema), "resource").body
    assert asked == [
        (("resource", "euno_x", "main"), "schedule"),
        (("resource", "euno_x", "main", "schedule"), "window"),
        (("resource", "euno_x", "main"), "tags"),
        (("resource", "euno_x", "main", "rule"), "limits"),  # a dynamic block's content
    ]
    assert _shape(_value(body, "tags")) == (
        "ObjectExpr",
        (("ObjectItem", ("Literal", "team"), ("Template", (("Traversal", "var", ("team",)),))),),
    )
    assert [b.type for b in body.blocks] == ["schedule", "dynamic"]


def test_dynamic_blocks() -> None:
    text = """{"resource": {"euno_x": {"main": {"dynamic": {"rule": [{
      "for_each": "${var.rules}",
      "iterator": "r",
      "labels": ["${r.key}"],
      "content": {"name": "${r.value.name}"}
    }]}}}}}"""
    dynamic = _only(_only(_file(text), "resource").body, "dynamic")
    assert dynamic.labels == ("rule",)
    assert dynamic.header == Span(1, 56, 1, 57)
    assert _shape(_value(dynamic.body, "iterator")) == ("Traversal", "r", ())
    assert isinstance(_value(dynamic.body, "labels"), TupleExpr)
    content = _only(dynamic.body, "content")
    assert _shape(_value(content.body, "name")) == (
        "Template",
        (("Traversal", "r", ("value", "name")),),
    )


def test_null_and_empty_bodies() -> None:
    body = _file('{"resource": {"t": {"a": null}}, "locals": [], "variable": null}')
    assert body.blocks == ()
    lifecycle = '{"resource": {"t": {"a": {"lifecycle": []}}}}'
    assert _only(_file(lifecycle), "resource").body.blocks == ()


def test_a_root_array_of_objects_is_one_body() -> None:
    body = _file('[{"locals": {"a": 1}}, {"locals": {"b": 2}}]')
    assert [b.body.attributes[0].name for b in body.blocks] == ["a", "b"]


def test_repeated_properties_are_kept_in_order() -> None:
    body = _file('{"locals": {"a": 1}, "variable": {"v": {}}, "locals": {"b": 2}}')
    assert [b.type for b in body.blocks] == ["locals", "variable", "locals"]


# ---- expressions


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("plain", ("Literal", "plain")),
        ("${var.x}", ("Template", (("Traversal", "var", ("x",)),))),
        ("a ${local.y} b", ("Template", ("a ", ("Traversal", "local", ("y",)), " b"))),
        ("$${x} stays", ("Literal", "${x} stays")),
        ("%%{x} stays", ("Literal", "%{x} stays")),
        ("only $${", ("Literal", "only ${")),
        ("a $ b % c {}", ("Literal", "a $ b % c {}")),
        ('quote " and \\ and \n', ("Literal", 'quote " and \\ and \n')),
        ("\x01 control", ("Literal", "\x01 control")),
        (
            '${lookup(var.m, "k", "d")}',
            (
                "Template",
                (
                    (
                        "FunctionCall",
                        "lookup",
                        (("Traversal", "var", ("m",)), ("Literal", "k"), ("Literal", "d")),
                        False,
                    ),
                ),
            ),
        ),
        (
            '${"nested ${var.x}"}',
            ("Template", (("Template", ("nested ", ("Traversal", "var", ("x",)))),)),
        ),
        ("${ {a = 1}.a }", None),
        ("${\nvar.x\n}", ("Template", (("Traversal", "var", ("x",)),))),
    ],
)
def test_strings_are_templates(written: str, expected: Any) -> None:
    value = _value(_file(json.dumps({"locals": {"v": written}})).blocks[0].body, "v")
    native = parse(f"v = {_native_string(written)}\n").body.attributes[0].value
    assert _shape(value) == _shape(native)
    if expected is not None:
        assert _shape(value) == expected


def _native_string(content: str) -> str:
    """`content` as a native quoted template (written by hand in the tests' cases)."""
    cases = {
        "plain": '"plain"',
        "${var.x}": '"${var.x}"',
        "a ${local.y} b": '"a ${local.y} b"',
        "$${x} stays": '"$${x} stays"',
        "%%{x} stays": '"%%{x} stays"',
        "only $${": '"only $\\u007b"',
        "a $ b % c {}": '"a $ b % c {}"',
        'quote " and \\ and \n': '"quote \\" and \\\\ and \\n"',
        "\x01 control": '"\\u0001 control"',
        '${lookup(var.m, "k", "d")}': '"${lookup(var.m, "k", "d")}"',
        '${"nested ${var.x}"}': '"${"nested ${var.x}"}"',
        "${ {a = 1}.a }": '"${ {a = 1}.a }"',
        "${\nvar.x\n}": '"${ var.x }"',
    }
    return cases[content]


def test_directives_are_opaque_parts() -> None:
    value = _value(_file('{"locals": {"v": "%{if var.on}on%{endif}"}}').blocks[0].body, "v")
    assert isinstance(value, Template)
    assert [type(p).__name__ for p in value.parts] == ["Opaque", "str", "Opaque"]
    first = value.parts[0]
    assert isinstance(first, Opaque)
    assert first.span == Span(1, 19, 1, 31)


def test_template_positions_are_exact_through_json_escapes() -> None:
    text = '{"locals": {"v": "\\u00e9\\t\\ud83d\\ude00 \\"${var.a} ${lookup(m, \\"k\\")}"}}'
    value = _value(_file(text).blocks[0].body, "v")
    assert isinstance(value, Template)
    assert value.span == Span(1, 18, 1, len(text) - 1)
    reference, call = (p for p in value.parts if not isinstance(p, str))
    assert _text_at(text, reference.span) == "var.a"
    assert _text_at(text, call.span) == 'lookup(m, \\"k\\")'
    assert isinstance(call, FunctionCall)
    assert _text_at(text, call.args[1].span) == '\\"k\\"'


def test_template_positions_stay_on_the_line_of_their_string() -> None:
    text = '{\n  "locals": {\n    "v": "x ${var.a + 1}"\n  }\n}\n'
    value = _value(_file(text).blocks[0].body, "v")
    assert isinstance(value, Template)
    operation = value.parts[1]
    assert not isinstance(operation, str)
    assert operation.span == Span(3, 15, 3, 24)


def test_object_keys_are_templates_in_expressions() -> None:
    value = _value(_file('{"locals": {"m": {"plain": 1, "${var.k}": 2}}}').blocks[0].body, "m")
    assert _shape(value) == (
        "ObjectExpr",
        (
            ("ObjectItem", ("Literal", "plain"), ("Literal", 1)),
            ("ObjectItem", ("Template", (("Traversal", "var", ("k",)),)), ("Literal", 2)),
        ),
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0", 0),
        ("-12", -12),
        ("2.5", 2.5),
        ("1e3", 1000.0),
        ("-1.5E-2", -0.015),
        ("true", True),
        ("false", False),
        ("null", None),
    ],
)
def test_numbers_bools_and_null(written: str, expected: object) -> None:
    value = _value(_file(f'{{"locals": {{"v": {written}}}}}').blocks[0].body, "v")
    assert value == Literal(expected, Span(1, 18, 1, 18 + len(written)))  # type: ignore[arg-type]
    assert type(value.value) is type(expected)


def test_a_string_that_holds_no_reference_stays_a_string() -> None:
    # Terraform rejects it; the tree keeps what is written, as for `provider = "x"` in a .tf.
    text = '{"resource": {"t": {"n": {"provider": "not a reference!", "depends_on": [""]}}}}'
    body = _only(_file(text), "resource").body
    assert _shape(_value(body, "provider")) == ("Literal", "not a reference!")
    assert _shape(_value(body, "depends_on")) == ("TupleExpr", (("Literal", ""),))


@pytest.mark.parametrize("seed", range(4))
def test_reference_positions_survive_any_escapes(seed: int) -> None:
    pieces = ["a", "\u00e9", "\U0001f600", '"', "\\", "\n", "\t", "$${x}", "%%{y}", " "]
    pieces += ["${var.x}", "${ var.x }", '${f("q", var.x)}', "/"]
    rng = random.Random(seed)
    for _ in range(100):
        content = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        written = json.dumps(content, ensure_ascii=rng.random() < 0.5)
        text = '{\n  "locals": {"v": ' + written + "}}"
        value = _value(_file(text).blocks[0].body, "v")
        assert _text_at(text, value.span) == written
        pending = [value]
        while pending:
            expression = pending.pop()
            if isinstance(expression, Traversal):
                assert _text_at(text, expression.span) == "var.x", content
            pending.extend(_children(expression))


def test_mutated_files_parse_or_fail_cleanly() -> None:
    texts = [(SAMPLES / name / "main.tf.json").read_text(encoding="utf-8") for name in SAMPLE_NAMES]
    inserts = [*'{}[]":,\\$% \nu0', "${", "%{", "\\u", "\\ud83d", '"${x}"']
    rng = random.Random(0)
    for _ in range(300):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            if rng.random() < 0.5:
                text = text[:at] + text[at + rng.randint(1, 5) :]
            else:
                text = text[:at] + rng.choice(inserts) + text[at:]
        try:
            parse_json(text)
        except HclSyntaxError as error:
            assert 1 <= error.line <= text.count("\n") + 1


def test_a_null_file_is_empty() -> None:
    assert parse_json("null") == SyntaxTree(Body((), ()), ())


# ---- comments


def test_comment_properties_of_bodies_are_comments() -> None:
    text = (
        "{\n"
        '  "//": "euno-lint-ignore-file: EUNO101",\n'
        '  "resource": {"t": {"n": {\n'
        '    "a": 1, "//": "trailing",\n'
        '    "//": {"not": "text"}\n'
        "  }}}\n"
        "}\n"
    )
    tree = parse_json(text)
    assert [(c.text, c.span, c.own_line) for c in tree.comments] == [
        ("// euno-lint-ignore-file: EUNO101", Span(2, 3, 2, 41), True),
        ("// trailing", Span(4, 13, 4, 29), False),
    ]
    resource = _only(tree.body, "resource")
    assert [a.name for a in resource.body.attributes] == ["a"]
    assert parse_json(text, comments=False).comments == ()


def test_comment_keys_inside_expressions_are_keys() -> None:
    value = _value(_file('{"locals": {"m": {"//": "kept"}}}').blocks[0].body, "m")
    assert _shape(value) == (
        "ObjectExpr",
        (("ObjectItem", ("Literal", "//"), ("Literal", "kept")),),
    )


# ---- errors

SECRET = "hunter2-secret"


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("", "empty", 1, 1),
        ("  \n", "empty", 2, 1),
        ('{"a": 1,}', "trailing comma", 1, 8),
        ('{"a": [1,]}', "trailing comma", 1, 9),
        ('{"a" 1}', "':'", 1, 6),
        ('{"a": 1 "b": 2}', "','", 1, 9),
        ("{'a': 1}", "property name", 1, 2),
        ('{"a": hunter2-secret}', "expected a JSON value", 1, 7),
        ('{"a": "hunter2-secret', "unterminated string", 1, 7),
        ('{"a": "line\nbreak hunter2-secret"}', "control character", 1, 12),
        ('{"a": "\\x hunter2-secret"}', "escape", 1, 8),
        ('{"a": 1} hunter2-secret', "after the JSON value", 1, 10),
        ('{"a": [1, 2', "ends inside an array", 1, 7),
        ('{"a": 01}', "','", 1, 8),
        ('"hunter2-secret"', "holds a JSON object", 1, 1),
        ('{"resource": {"t": "hunter2-secret"}}', "block", 1, 20),
        ('{"resource": {"t": {"n": ["hunter2-secret"]}}}', "block", 1, 27),
        ('{"resource": {"t": [1]}}', "labels", 1, 21),
        ('{"variable": {"v": {"validation": "hunter2-secret"}}}', "block", 1, 35),
        ('{"locals": {"v": "${var.}"}}', "template", 1, 25),
        ('{"locals": {"v": "${1 + hunter2-secret +}"}}', "template", 1, 41),
        ('{"locals": {"v": "ok ${var.x"}}', "unterminated", 1, 22),
        ('{"locals": {"v": "${\\"hunter2-secret}"}}', "unterminated", 1, 19),
    ],
)
def test_errors_say_where_and_never_quote_the_file(
    text: str, message: str, line: int, column: int
) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_json(text)
    assert message in caught.value.message
    assert SECRET not in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


def test_a_template_error_points_into_its_string() -> None:
    text = '{\n  "locals": {\n    "v": "\\u00e9 ${var.}"\n  }\n}\n'
    with pytest.raises(HclSyntaxError) as caught:
        parse_json(text)
    assert caught.value.line == 3
    assert 11 <= caught.value.column <= 27


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    depth = json_syntax.MAX_DEPTH + 1
    with pytest.raises(HclSyntaxError, match="levels deep"):
        parse_json('{"locals": {"v": ' + "[" * depth + "]" * depth + "}}")
    very_deep = 100_000
    with pytest.raises(HclSyntaxError, match="levels deep"):
        parse_json("[" * very_deep + "]" * very_deep)


def test_nesting_within_the_limit_parses() -> None:
    depth = json_syntax.MAX_DEPTH - 3
    value = _value(
        _file('{"locals": {"v": ' + "[" * depth + "]" * depth + "}}").blocks[0].body, "v"
    )
    for _ in range(depth - 1):
        assert isinstance(value, TupleExpr)
        value = value.items[0]


def test_a_huge_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_syntax, "MAX_CHARS", 10)
    with pytest.raises(HclSyntaxError, match="too large"):
        parse_json('{"locals": {"a": 1}}')


def test_a_number_too_long_to_convert() -> None:
    with pytest.raises(HclSyntaxError, match="too long") as caught:
        parse_json('{"locals": {"a": ' + "9" * 5000 + "}}")
    assert (caught.value.line, caught.value.column) == (1, 18)


def test_a_timeout_allows_a_normal_parse() -> None:
    tree = parse_json('{"locals": {"a": "${var.x}"}}', timeout=30)
    assert len(tree.body.blocks) == 1


# ---- the same configuration in both syntaxes


def _both(sample: str) -> tuple[SyntaxTree, SyntaxTree]:
    directory = SAMPLES / sample
    written_json = (directory / "main.tf.json").read_text(encoding="utf-8")
    written_native = (directory / "main.tf").read_text(encoding="utf-8")
    return parse_json(written_json, is_block=_terraform_data_schema), parse(written_native)


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_json_and_native_samples_give_the_same_tree(sample: str) -> None:
    from_json, from_native = _both(sample)
    assert _shape(from_json.body) == _shape(from_native.body)


def test_without_a_schema_objects_in_resources_are_blocks() -> None:
    written = (SAMPLES / "resources" / "main.tf.json").read_text(encoding="utf-8")
    first = parse_json(written).body.blocks[0]
    assert [b.type for b in first.body.blocks] == [
        "input",
        "lifecycle",
        "provisioner",
        "provisioner",
    ]


def _validate(directory: Path, home: Path) -> dict[str, Any]:
    assert TERRAFORM is not None
    config = home / "terraformrc"
    config.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env.update(
        TF_IN_AUTOMATION="1",
        CHECKPOINT_DISABLE="1",
        HOME=str(home),
        TF_CLI_CONFIG_FILE=str(config),
    )
    done = subprocess.run(
        [TERRAFORM, "validate", "-json", "-no-color"],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.slow
@pytest.mark.skipif(TERRAFORM is None, reason="terraform is not installed")
@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_terraform_accepts_both_syntaxes_of_each_sample(sample: str, tmp_path: Path) -> None:
    """Terraform validates each syntax alone (terraform_data needs no provider download)."""
    for name in ("main.tf", "main.tf.json"):
        directory = tmp_path / name.replace(".", "_")
        directory.mkdir()
        shutil.copy(SAMPLES / sample / name, directory / name)
        home = tmp_path / f"home_{name}"
        home.mkdir()
        result = _validate(directory, home)
        assert result["valid"], (name, result["diagnostics"])
        assert result["diagnostics"] == [], (name, result["diagnostics"])
    from_json, from_native = _both(sample)
    assert _shape(from_json.body) == _shape(from_native.body)
