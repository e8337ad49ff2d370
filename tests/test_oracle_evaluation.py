"""Terraform judges the evaluation: for every evaluation fixture, `terraform plan` and
`terraform show -json` (offline, against the stand-in provider) give the instances Terraform
creates and their planned values, and euno-lint's evaluated instances must be the same: the
same addresses, and every value euno-lint knows equal to Terraform's (sensitive values are
compared by hash, never printed).

Variables are given the values in `VARIABLES`, to both. A fixture Terraform refuses to plan
(an unknown argument, say) is judged by its diagnostics instead: each error Terraform reports
is a finding of euno-lint on the same line. A fixture calling a registry module cannot be
planned offline, and is skipped with that reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from euno_lint.engine import LintOptions, lint_paths
from euno_lint.engine.instances import configuration_instances
from euno_lint.engine.jobs import plan_jobs
from euno_lint.engine.module import DirectorySources
from euno_lint.rules.tokens import sensitive_paths
from euno_lint.terraform.configuration import build
from euno_lint.terraform.discover import discover
from euno_lint.terraform.loader import load_var_file
from euno_lint.terraform.resource import Resource
from euno_lint.terraform.source import read_bytes
from euno_lint.terraform.values import Unknown, Value
from tests.oracle import harness

FIXTURES = Path(__file__).parent / "fixtures" / "evaluation"
PROFILES = Path(__file__).parent.parent / "euno_lint" / "terraform" / "profiles"

TOKEN = 'hex_api_token = "oracle-token-0123456789"\n'
# The variables each fixture is planned with (tfvars syntax), besides its own tfvars files.
VARIABLES: Mapping[str, str] = {
    "conditional_branches": TOKEN + 'env = "prod"\n',
    "dynamic_blocks": TOKEN + 'schedules = ["a"]\n',
    "for_each_local_map": TOKEN,
    "for_each_variable_token": (
        'teams = {\n  sales = { token = "t-sales-0123456789", '
        'project_id = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10" }\n'
        '  ops = { token = "t-ops-0123456789", '
        'project_id = "1c8d7b63-2a2f-4d8f-8e4b-4a1f9a2f3b21" }\n}\n'
    ),
    "function_arguments": (
        'raw_token = "  raw-token-0123456789  "\nfallback = "fallback-token-0123"\n'
        'tokens = { prod = "prod-token-0123456789" }\nenv = "prod"\n'
    ),
    "module_calls": 'token = "module-token-0123456789"\n',
    "names_per_account": TOKEN + 'env = "prod"\neuno_api_key = "key-0123456789"\n',
    "object_default_token": "",
    "object_tfvars_token": "",
    "override_files": TOKEN,
    "tf_json": TOKEN,
    "value_origin": TOKEN,
}
NOT_PLANNED = {"remote_module": "calls a registry module, which cannot be fetched offline"}


def _cases() -> list[Any]:
    cases = []
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        marks = [pytest.mark.slow]
        if case.name in NOT_PLANNED:
            marks.append(pytest.mark.skip(reason=NOT_PLANNED[case.name]))
        cases.append(pytest.param(case, marks=marks, id=case.name))
    return cases


def test_every_evaluation_fixture_has_variables() -> None:
    names = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert names == set(VARIABLES) | set(NOT_PLANNED)


@pytest.mark.skipif(harness.TERRAFORM is None, reason="terraform is not on PATH")
@pytest.mark.skipif(not harness.stand_in_available(), reason="the tf package is not installed")
@pytest.mark.parametrize("case", _cases())
def test_terraform_plans_what_euno_lint_evaluates(case: Path, tmp_path: Path) -> None:
    variables = tmp_path / "oracle.tfvars"
    variables.write_text(VARIABLES[case.name])
    schema = _schema(tmp_path)
    try:
        plan = harness.plan(case, schema, [variables])
    except harness.TerraformError as error:
        if not error.diagnostics:
            raise
        _assert_same_errors(case, error.diagnostics)
        return
    planned = dict(_planned(plan["planned_values"]["root_module"]))
    ours = {r.address: r for r in _evaluated(case, variables)}
    assert sorted(ours) == sorted(planned)
    for address, resource in ours.items():
        mismatches = list(_differences(resource, planned[address]))
        assert not mismatches, f"{address}: {mismatches}"


def _schema(directory: Path) -> Path:
    """The documented schema for euno_hex_integration and the code's for the provider block
    (the two the fixtures are written against), its arguments optional: fixtures without a
    provider block plan too."""
    documented = json.loads((PROFILES / "documented.json").read_text())
    code = json.loads((PROFILES / "euno-0.1.json").read_text())
    ((name, provider),) = documented["provider_schemas"].items()
    ((_, code_provider),) = code["provider_schemas"].items()
    provider["provider"] = code_provider["provider"]
    for attribute in provider["provider"]["block"].get("attributes", {}).values():
        attribute.pop("required", None)
        attribute["optional"] = True
    merged = directory / "schema.json"
    merged.write_text(json.dumps({"format_version": "1.0", "provider_schemas": {name: provider}}))
    return merged


def _planned(module: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for resource in module.get("resources", ()):
        if resource["type"].startswith("euno_"):
            yield resource["address"], resource["values"]
    for child in module.get("child_modules", ()):
        yield from _planned(child)


def _evaluated(case: Path, variables: Path) -> list[Resource]:
    """euno-lint's resource instances of the fixture (integrations, not provider blocks)."""
    assignments = load_var_file(str(variables))
    assert isinstance(assignments, list)
    discovery = discover([str(case)])
    directories = [
        DirectorySources(d.directory, tuple((p, read_bytes(p)) for p in d.files), d.reported)
        for d in discovery.directories
    ]
    resources: list[Resource] = []
    for job in plan_jobs(directories, [str(case)]).jobs:
        sources = {d.directory: dict(d.contents) for d in job.directories}
        configuration = build(job.root, sources, assignments, None)
        assert configuration is not None
        instances = configuration_instances(configuration, None)
        resources.extend(r for r in instances.resources() if r.is_integration)
    return resources


def _differences(resource: Resource, planned: Mapping[str, Any]) -> Iterator[str]:
    secret = set(sensitive_paths(resource))
    yield from _compare(resource.schema.values, planned, "", secret)


def _compare(ours: Value, theirs: Any, path: str, secret: set[str]) -> Iterator[str]:
    if isinstance(ours, Unknown):
        return
    if isinstance(ours, dict):
        if isinstance(theirs, list) and len(theirs) == 1:
            theirs = theirs[0]  # a block Terraform lists
        if not isinstance(theirs, dict):
            yield f"{path}: an object here, not in the plan"
            return
        for key, value in ours.items():
            yield from _compare(value, theirs.get(key), f"{path}.{key}".lstrip("."), secret)
        return
    if isinstance(ours, tuple):
        if not isinstance(theirs, list) or len(theirs) != len(ours):
            yield f"{path}: {len(ours)} elements here, the plan has {theirs!r}"
            return
        for position, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            yield from _compare(a, b, f"{path}[{position}]", secret)
        return
    if path in secret:
        if _digest(ours) != _digest(theirs):
            yield f"{path}: the sensitive values differ (compared by hash)"
        return
    if isinstance(ours, int | float) and not isinstance(ours, bool):
        if not isinstance(theirs, Decimal | int) or Decimal(repr(ours)) != Decimal(theirs):
            yield f"{path}: {ours!r} here, {theirs!r} in the plan"
        return
    if ours != theirs:
        yield f"{path}: {ours!r} here, {theirs!r} in the plan"


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _assert_same_errors(case: Path, diagnostics: list[dict[str, Any]]) -> None:
    """Each error Terraform reports is in the configuration, and a finding of euno-lint on the
    same line."""
    report = lint_paths([str(case)], LintOptions(cwd=str(case)))
    ours = {(f.path, f.line) for f in report.active() if f.severity == "error"}
    errors = [d for d in diagnostics if d.get("severity") == "error"]
    assert errors
    for diagnostic in errors:
        assert "range" in diagnostic, f"Terraform failed outside the configuration: {diagnostic}"
        where = diagnostic["range"]
        line = (os.path.normpath(where["filename"]), where["start"]["line"])
        assert line in ours, f"Terraform: {diagnostic['summary']} at {line}; euno-lint: {ours}"


def test_plan_comparison_sees_a_difference() -> None:
    """The comparison is not blind: a value that differs is a difference, a secret is not
    printed."""
    assert list(_compare({"a": {"b": 1}}, {"a": [{"b": 2}]}, "", set()))
    message = list(_compare({"t": "secret-x"}, {"t": "secret-y"}, "", {"t"}))
    assert message and "secret" not in message[0].replace("sensitive", "")
    assert not list(_compare({"a": 1.5, "l": ("x",)}, {"a": Decimal("1.5"), "l": ["x"]}, "", set()))
    with tempfile.TemporaryDirectory() as directory:
        assert _schema(Path(directory)).exists()
