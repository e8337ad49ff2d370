"""Settings: defaults < configuration file < command line, validated by pydantic.

The configuration is ``.euno-lint.toml`` (top-level keys) or the ``[tool.euno-lint]`` table of
``pyproject.toml``; the nearest one from the current directory upwards wins (in one directory,
``.euno-lint.toml`` first). ``--config FILE`` names one; ``--isolated`` ignores them all. An
unknown key, a wrong type or an unknown rule stops the run with one line naming the file, the
key and the closest valid key. Relative paths in a file are relative to that file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from euno_lint.findings import Severity
from euno_lint.registry import RuleSet
from euno_lint.rule import Rule
from euno_lint.rules import ALL_RULES, find_rule
from euno_lint.suggest import did_you_mean

CONFIG_NAME = ".euno-lint.toml"
PYPROJECT = "pyproject.toml"
ALWAYS_ENABLED = frozenset({"EUNO001"})
FailOn = Literal["error", "warning", "note", "never"]
SeverityName = Literal["error", "warning", "note"]


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the user."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class FileConfig(BaseModel):
    """What a configuration file may set; every key is optional."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, alias_generator=_kebab, defer_build=True
    )

    select: list[str] | None = Field(None, description="rules to run (codes, names, prefixes)")
    ignore: list[str] | None = Field(None, description="rules not to run")
    fail_on: FailOn | None = Field(None, description="lowest severity that fails the run")
    exclude: list[str] | None = Field(None, description="gitignore-style patterns not to lint")
    respect_gitignore: bool | None = Field(None, description="skip what .gitignore ignores")
    var_files: list[str] | None = Field(None, description="tfvars files applied to every module")
    severity: dict[str, SeverityName] | None = Field(None, description="severity per rule")
    rules: dict[str, dict[str, Any]] | None = Field(None, description="options per rule")
    allow_inline_suppressions: bool | None = Field(None, description="honour ignore comments")
    required_suppression_reason: bool | None = Field(None, description="comments need -- why")
    jobs: int | None = Field(None, ge=1, description="worker processes (1: in-process)")
    parse_timeout: float | None = Field(
        None, ge=0, description="seconds one file may take to parse (0: no limit)"
    )


@dataclass(frozen=True)
class CommandLine:
    """What the command line overrides (None: not given)."""

    config: str | None = None
    isolated: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: FailOn | None = None
    exclude: tuple[str, ...] | None = None
    var_files: tuple[str, ...] | None = None
    respect_gitignore: bool | None = None
    jobs: int | None = None
    parse_timeout: float | None = None


@dataclass(frozen=True)
class Settings:
    """The effective settings of a run, and where each value came from."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: FailOn = "warning"
    exclude: tuple[str, ...] = ()
    exclude_base: str = "."
    respect_gitignore: bool = True
    var_files: tuple[str, ...] = ()
    severity: Mapping[str, SeverityName] = field(default_factory=dict)
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    allow_inline_suppressions: bool = True
    required_suppression_reason: bool = False
    jobs: int | None = None
    parse_timeout: float = 10.0
    config_file: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)


def find_config(start: str) -> str | None:
    """The nearest configuration file from `start` upwards, if any."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, CONFIG_NAME)
        if os.path.isfile(candidate):
            return candidate
        pyproject = os.path.join(directory, PYPROJECT)
        if os.path.isfile(pyproject) and _has_tool_table(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _has_tool_table(path: str) -> bool:
    try:
        return "euno-lint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return True  # a broken pyproject.toml that may be ours: let loading report it


def _read_toml(path: str, shown_as: str | None = None) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown_as or path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{shown_as or path}: cannot read: {error.strerror or error}") from None


def load_file(path: str, shown_as: str) -> FileConfig:
    """Read and validate one configuration file."""
    data = _read_toml(path, shown_as)
    if os.path.basename(path) == PYPROJECT:
        table = data.get("tool", {}).get("euno-lint")
        if table is None:
            raise ConfigError(f"{shown_as}: no [tool.euno-lint] table")
        data = table
    try:
        config = FileConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{shown_as}: {_first_problem(error)}") from None
    _check_rule_references(config, shown_as)
    return config


def _first_problem(error: ValidationError) -> str:
    detail = error.errors(include_url=False)[0]
    loc = [str(part) for part in detail["loc"]]
    key = ".".join(loc)
    if detail["type"] == "extra_forbidden":
        known = [info.alias or name for name, info in FileConfig.model_fields.items()]
        return f'unknown key "{key}"{did_you_mean(loc[-1], known)}'
    return f'"{key}": {detail["msg"].lower()}'


def matching_rules(selector: str) -> list[type[Rule]]:
    """The rules a select/ignore entry names: a code, a name, or a code prefix (EUNO2)."""
    exact = find_rule(selector)
    if exact is not None:
        return [exact]
    prefix = selector.strip().upper()
    if len(prefix) >= 4 and prefix.startswith("EUNO"):
        return [rule for rule in ALL_RULES if rule.code.startswith(prefix)]
    return []


def _unknown_rule(key: str, word: str, shown_as: str) -> ConfigError:
    names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
    return ConfigError(f'{shown_as}: {key}: "{word}" is not a rule{did_you_mean(word, names)}')


def _check_rule_references(config: FileConfig, shown_as: str) -> None:
    check_selectors("select", config.select or (), shown_as)
    check_selectors("ignore", config.ignore or (), shown_as)
    for key in config.severity or {}:
        if find_rule(key) is None:
            raise _unknown_rule("severity", key, shown_as)
    for key, options in (config.rules or {}).items():
        rule = find_rule(key)
        if rule is None:
            raise _unknown_rule("rules", key, shown_as)
        check_rule_options(rule, options, f"{shown_as}: rules.{key}")


def check_selectors(key: str, selectors: Sequence[str], shown_as: str) -> None:
    """Every select/ignore entry must name at least one rule; EUNO001 cannot be ignored."""
    for selector in selectors:
        if not matching_rules(selector):
            raise _unknown_rule(key, selector, shown_as)
        rule = find_rule(selector)
        if key.endswith("ignore") and rule is not None and rule.code in ALWAYS_ENABLED:
            raise ConfigError(
                f"{shown_as}: {key}: {rule.code} cannot be disabled; exclude the files instead"
            )


def check_rule_options(rule: type[Rule], options: Mapping[str, Any], where: str) -> None:
    """Validate a rule's options against its Options model."""
    try:
        rule.Options.model_validate(dict(options))
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in detail["loc"])
        if detail["type"] == "extra_forbidden":
            known = [info.alias or name for name, info in rule.Options.model_fields.items()]
            hint = did_you_mean(loc, known) if known else f"; {rule.code} has no options"
            raise ConfigError(f'{where}: unknown option "{loc}"{hint}') from None
        raise ConfigError(f'{where}: "{loc}": {detail["msg"].lower()}') from None


def resolve(cwd: str, command_line: CommandLine) -> Settings:
    """The effective settings: defaults, then the configuration file, then the command line."""
    path = None if command_line.isolated else (command_line.config or find_config(cwd))
    file_config = FileConfig.model_construct()
    shown_as = None
    if path is not None:
        path = os.path.abspath(os.path.join(cwd, path))
        if command_line.config and not os.path.isfile(path):
            raise ConfigError(f"config file does not exist: {command_line.config}")
        shown_as = (
            os.path.relpath(path, cwd) if not os.path.relpath(path, cwd).startswith("..") else path
        )
        file_config = load_file(path, shown_as)
    base = os.path.dirname(path) if path else cwd
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name in FileConfig.model_fields:
        file_value = getattr(file_config, name)
        cli_value = getattr(command_line, name, None)
        if cli_value is not None:
            values[name], sources[name] = cli_value, "command line"
        elif file_value is not None:
            values[name], sources[name] = file_value, shown_as or ""
        else:
            sources[name] = "default"
    if command_line.select is not None:
        check_selectors("--select", command_line.select, "command line")
    if command_line.ignore is not None:
        check_selectors("--ignore", command_line.ignore, "command line")
    exclude_base = cwd if sources.get("exclude") == "command line" else base
    var_base = cwd if sources.get("var_files") == "command line" else base
    return Settings(
        select=tuple(values["select"]) if "select" in values else None,
        ignore=tuple(values.get("ignore", ())),
        fail_on=values.get("fail_on", "warning"),
        exclude=tuple(values.get("exclude", ())),
        exclude_base=exclude_base,
        respect_gitignore=values.get("respect_gitignore", True),
        var_files=tuple(os.path.join(var_base, v) for v in values.get("var_files", ())),
        severity=dict(values.get("severity", {})),
        rules=dict(values.get("rules", {})),
        allow_inline_suppressions=values.get("allow_inline_suppressions", True),
        required_suppression_reason=values.get("required_suppression_reason", False),
        jobs=values.get("jobs"),
        parse_timeout=float(values.get("parse_timeout", 10.0)),
        config_file=shown_as,
        sources=sources,
    )


def rule_set(settings: Settings) -> RuleSet:
    """The enabled rules, with options and severities applied."""
    selected = (
        {r.code for s in settings.select for r in matching_rules(s)}
        if settings.select is not None
        else {r.code for r in ALL_RULES}
    )
    ignored = {r.code for s in settings.ignore for r in matching_rules(s)}
    enabled = (selected - ignored) | ALWAYS_ENABLED
    options: dict[str, Mapping[str, Any]] = {}
    for key, rule_options in settings.rules.items():
        rule = find_rule(key)
        if rule is not None:
            options[rule.code] = rule_options
    severities: dict[str, Severity] = {}
    for key, severity in settings.severity.items():
        rule = find_rule(key)
        if rule is not None:
            severities[rule.code] = Severity(severity)
    rules = tuple(rule(options.get(rule.code)) for rule in ALL_RULES if rule.code in enabled)
    return RuleSet(rules, severities)


def show(settings: Settings, rules: RuleSet) -> str:
    """The effective settings as TOML, each value followed by where it came from."""
    import json

    lines = [f"# effective settings; configuration file: {settings.config_file or 'none'}"]
    simple = {
        "select": list(settings.select) if settings.select is not None else None,
        "ignore": list(settings.ignore),
        "fail_on": settings.fail_on,
        "exclude": list(settings.exclude),
        "respect_gitignore": settings.respect_gitignore,
        "var_files": list(settings.var_files),
        "allow_inline_suppressions": settings.allow_inline_suppressions,
        "required_suppression_reason": settings.required_suppression_reason,
        "jobs": settings.jobs,
        "parse_timeout": settings.parse_timeout,
    }
    for name, value in simple.items():
        source = settings.sources.get(name, "default")
        shown = "(all rules)" if value is None and name == "select" else json.dumps(value)
        if value is None and name == "jobs":
            shown, source = str(os.cpu_count() or 1), f"{source}: the number of CPUs"
        lines.append(f"{_kebab(name)} = {shown}  # {source}")
    lines.append(f"\n[severity]  # {settings.sources.get('severity', 'default')}")
    lines.extend(f'{code} = "{value}"' for code, value in sorted(settings.severity.items()))
    for key, options in sorted(settings.rules.items()):
        lines.append(f"\n[rules.{key}]  # {settings.sources.get('rules', 'default')}")
        lines.extend(f"{name} = {json.dumps(value)}" for name, value in options.items())
    enabled = ", ".join(rule.code for rule in rules.rules)
    lines.append(f"\n# enabled rules ({len(rules.rules)} of {len(ALL_RULES)}): {enabled}")
    return "\n".join(lines) + "\n"
