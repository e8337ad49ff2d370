"""Settings: declared once, layered defaults < configuration file < command line.

`Settings` is the one declaration of every setting: its type, default, meaning and, where it
has one, its command-line flag. The configuration file, the command line (cli.py builds its
options from these fields), ``--show-settings`` and the engine all read it. A layer (the file,
the command line) is a `Settings` validated from what that layer gave; pydantic's
``model_fields_set`` says which keys it set, so merging needs no second model.

The configuration is ``.euno-lint.toml`` (top-level keys) or the ``[tool.euno-lint]`` table of
``pyproject.toml``; each file is linted with the nearest one above it, the run's own being the
nearest above the linted paths (two in one directory is an error). ``--config FILE`` names
one; ``--isolated`` ignores them all. An unknown key, a wrong type or an unknown rule stops the
run with one line naming the file, the key and the closest valid key. Relative paths in a
file are relative to that file.

A configuration file usually comes with the scanned tree, which may be a pull request's: it is
read without following a symbolic link and without blocking (a FIFO is refused), at most
1 MiB, and it cannot lift the resource limits. Only the command line may disable a time limit
(0) or set one above `MAX_FILE_TIMEOUT` (300 s); a file's ``jobs`` is capped at the number of
CPUs. Every layer is bounded: ``jobs`` at `MAX_JOBS` (32), the time limits at `MAX_TIMEOUT`
(one day), and they must be finite.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from euno_lint.findings import Severity
from euno_lint.paths import display_path, relative_inside
from euno_lint.rules import ALL_RULES, find_rule
from euno_lint.rules.base import Rule
from euno_lint.rules.ruleset import RuleSet
from euno_lint.rules.tokens import scrub
from euno_lint.suggest import did_you_mean
from euno_lint.terraform.discover import repository_root
from euno_lint.terraform.profile import AUTO, BUNDLED
from euno_lint.terraform.source import SourceError, read_bytes

CONFIG_NAME = ".euno-lint.toml"
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 1024 * 1024
MAX_JOBS = 32
MAX_TIMEOUT = 86_400.0
MAX_FILE_TIMEOUT = 300.0
_TIMEOUTS = ("parse_timeout", "analysis_timeout")
FailOn = Literal["error", "warning", "note", "never"]
SeverityName = Literal["error", "warning", "note"]


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the user."""


class Flag(NamedTuple):
    """How a setting is given on the command line (cli.py builds the option from it)."""

    name: str
    metavar: str | None = None
    short: str | None = None
    comma_separated: bool = False


class RelativeToSource(NamedTuple):
    """Marks a setting whose relative paths are relative to the layer that set it: the
    configuration file's directory, or the working directory for the command line."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Settings(BaseModel):
    """Every setting of a run, with its default. A configuration file sets any of them."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        alias_generator=_kebab,
        populate_by_name=True,
        defer_build=True,
    )

    select: Annotated[list[str] | None, Flag("--select", "RULES", comma_separated=True)] = Field(
        None, description="Run only these rules (codes, names, prefixes such as EUNO2)."
    )
    ignore: Annotated[list[str], Flag("--ignore", "RULES", comma_separated=True)] = Field(
        [], description="Do not run these rules."
    )
    fail_on: Annotated[FailOn, Flag("--fail-on")] = Field(
        "warning", description="Exit 1 when a finding has this severity or a higher one."
    )
    exclude: Annotated[list[str], Flag("--exclude", "PATTERN"), RelativeToSource()] = Field(
        [], description="Do not lint paths matching this gitignore-style pattern."
    )
    respect_gitignore: Annotated[bool, Flag("--respect-gitignore")] = Field(
        True, description="Skip files that .gitignore ignores."
    )
    var_files: Annotated[list[str], Flag("--var-file", "FILE"), RelativeToSource()] = Field(
        [],
        description="A tfvars file whose values apply to every module, after the auto-loaded ones.",
    )
    provider_schema: Annotated[str, Flag("--provider-schema", "SCHEMA"), RelativeToSource()] = (
        Field(
            "auto",
            description="The provider schema to check against: auto, documented, euno-0.1, or "
            "a file that terraform providers schema -json wrote.",
        )
    )
    severity: dict[str, SeverityName] = Field({}, description="Severity per rule.")
    rules: dict[str, dict[str, Any]] = Field({}, description="Options per rule.")
    allow_inline_suppressions: bool = Field(True, description="Honour ignore comments.")
    required_suppression_reason: bool = Field(False, description="Ignore comments need -- why.")
    jobs: Annotated[int | None, Field(ge=1, le=MAX_JOBS), Flag("--jobs", "N", short="-j")] = Field(
        None,
        description="Worker processes (default: the number of CPUs; 1 lints in-process).",
    )
    parse_timeout: Annotated[
        float,
        Field(ge=0, le=MAX_TIMEOUT, allow_inf_nan=False),
        Flag("--parse-timeout", "SECONDS"),
    ] = Field(
        30.0,
        description="CPU seconds a file may take to parse before it is reported (0: no limit).",
    )
    analysis_timeout: Annotated[
        float,
        Field(ge=0, le=MAX_TIMEOUT, allow_inf_nan=False),
        Flag("--analysis-timeout", "SECONDS"),
    ] = Field(
        60.0,
        description="CPU seconds a directory may take to analyse before it is reported "
        "instead (0: no limit).",
    )


def flag_of(name: str) -> Flag | None:
    """The command-line flag of a setting, if it has one."""
    return next((m for m in Settings.model_fields[name].metadata if isinstance(m, Flag)), None)


def command_line_settings() -> Iterator[tuple[str, Flag]]:
    """The settings that have a command-line flag, in declaration order."""
    for name in Settings.model_fields:
        flag = flag_of(name)
        if flag is not None:
            yield name, flag


def _relative_to_source(name: str) -> bool:
    """Whether a setting's relative paths are relative to the layer that set it."""
    return any(isinstance(m, RelativeToSource) for m in Settings.model_fields[name].metadata)


@dataclass(frozen=True)
class ResolvedSettings:
    """The effective settings, where each value came from, and the directory that relative
    paths of each `RelativeToSource` setting are relative to."""

    settings: Settings
    bases: Mapping[str, str] = field(default_factory=dict)
    config_file: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)


def find_config(start: str) -> str | None:
    """The nearest configuration file from `start` upwards, if any, up to the top of the git
    work tree around `start` (to the root outside one): a file above the work tree is no
    part of the repository (another user's ``/tmp/.euno-lint.toml`` when a checkout in
    ``/tmp`` is scanned, say). Two in one directory (a ``.euno-lint.toml`` and a
    ``pyproject.toml`` with ``[tool.euno-lint]``) is an error: which one applies would be a
    guess."""
    return NearestConfig().above(start)


class NearestConfig:
    """`find_config` for many directories: each directory is looked at once."""

    def __init__(self) -> None:
        self._found: dict[str, str | None] = {}

    def above(self, start: str) -> str | None:
        """The nearest configuration file at or above `start`."""
        directory = os.path.abspath(start)
        walked: list[str] = []
        found: str | None = None
        while True:
            if directory in self._found:
                found = self._found[directory]
                break
            walked.append(directory)
            found = _config_in(directory)
            if found is not None:
                break
            parent = os.path.dirname(directory)
            if parent == directory or os.path.lexists(os.path.join(directory, ".git")):
                break  # the root, or the top of a git work tree
            directory = parent
        for seen in walked:
            self._found[seen] = found
        return found


def _config_in(directory: str) -> str | None:
    candidate = os.path.join(directory, CONFIG_NAME)
    pyproject = os.path.join(directory, PYPROJECT)
    ours = _present(candidate)
    theirs = _present(pyproject) and _has_tool_table(pyproject)
    if ours and theirs:
        raise ConfigError(
            f"two configurations in {directory}: {CONFIG_NAME} and the [tool.euno-lint] "
            f"table of {PYPROJECT}; keep one"
        )
    if ours:
        return candidate
    return pyproject if theirs else None


def _present(path: str) -> bool:
    """Whether something other than a directory is there: a link or a FIFO is found too (and
    reading it then says why it cannot be used), rather than silently passed over."""
    try:
        return not stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _has_tool_table(path: str) -> bool:
    if os.path.islink(path):
        return True  # may be ours: loading it says why it is refused
    data = read_bytes(path, limit=MAX_CONFIG_BYTES, follow_link=False)
    if isinstance(data, SourceError):
        return True  # may be ours: loading it says why it cannot be read
    if b"euno-lint" not in data:
        return False  # another tool's file, broken or not: none of our business
    try:
        return "euno-lint" in _parse_toml(data, path).get("tool", {})
    except ConfigError:
        return True  # a broken pyproject.toml that may be ours: let loading report it


def _read_toml(path: str, shown_as: str | None = None) -> dict[str, Any]:
    """A configuration file's TOML, read without following a link and without blocking."""
    shown = shown_as or path
    if os.path.islink(path):
        raise ConfigError(
            f"{shown}: is a symbolic link; euno-lint does not follow links to configuration "
            "files (name the file itself with --config)"
        )
    data = read_bytes(path, limit=MAX_CONFIG_BYTES, follow_link=False)
    if isinstance(data, SourceError):
        message = data.message.removeprefix("cannot read file: ")
        raise ConfigError(f"{shown}: cannot read: {message}")
    return _parse_toml(data, shown)


def _parse_toml(data: bytes, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: invalid TOML: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{shown}: invalid TOML: arrays or tables nested too deeply") from None


def load_file(path: str, shown_as: str) -> Settings:
    """Read and validate one configuration file (only the keys it sets are marked set)."""
    data = _read_toml(path, shown_as)
    if os.path.basename(path) == PYPROJECT:
        table = data.get("tool", {}).get("euno-lint")
        if table is None:
            raise ConfigError(f"{shown_as}: no [tool.euno-lint] table")
        data = table
    try:
        config = Settings.model_validate(data, by_alias=True, by_name=False)
    except ValidationError as error:
        raise ConfigError(f"{shown_as}: {_first_problem(error)}") from None
    except RecursionError:
        raise ConfigError(f"{shown_as}: values nested too deeply") from None
    _check_file_limits(config, shown_as)
    _check_rule_references(config, shown_as)
    return config


def _check_file_limits(config: Settings, shown_as: str) -> None:
    """A file may lower the time limits, or raise them a little; only the command line (the
    user's own) may disable them or set more, since the file may be the scanned tree's."""
    for name in _TIMEOUTS:
        value = getattr(config, name)
        if name in config.model_fields_set and not 0 < value <= MAX_FILE_TIMEOUT:
            raise ConfigError(
                f'{shown_as}: "{_kebab(name)}": must be more than 0 and at most '
                f"{MAX_FILE_TIMEOUT:g} seconds in a configuration file (only the command line "
                "may disable the limit or set more)"
            )


def _first_problem(error: ValidationError) -> str:
    detail = error.errors(include_url=False)[0]
    loc = [str(part) for part in detail["loc"]]
    key = ".".join(loc)
    if detail["type"] == "extra_forbidden":
        known = [info.alias or name for name, info in Settings.model_fields.items()]
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


def _check_rule_references(config: Settings, shown_as: str) -> None:
    check_selection("select", config.select, shown_as)
    check_selectors("select", config.select or (), shown_as)
    check_selectors("ignore", config.ignore, shown_as)
    for key in config.severity:
        if find_rule(key) is None:
            raise _unknown_rule("severity", key, shown_as)
    for key, options in config.rules.items():
        rule = find_rule(key)
        if rule is None:
            raise _unknown_rule("rules", key, shown_as)
        check_rule_options(rule, options, f"{shown_as}: rules.{key}")


def check_selectors(key: str, selectors: Sequence[str], shown_as: str) -> None:
    """Every select/ignore entry must name at least one rule; some rules cannot be disabled."""
    for selector in selectors:
        if not matching_rules(selector):
            raise _unknown_rule(key, selector, shown_as)
        rule = find_rule(selector)
        if key.endswith("ignore") and rule is not None and not rule.can_be_disabled:
            raise ConfigError(
                f"{shown_as}: {key}: {rule.code} cannot be disabled; exclude the files instead"
            )


def check_selection(key: str, selectors: Sequence[str] | None, shown_as: str) -> None:
    """A selection that names no rule (``--select ,``, ``select = []``) would run none: an
    error, not a silently green run. None means no selection: every rule."""
    if selectors is not None and not selectors:
        raise ConfigError(
            f"{shown_as}: {key}: selects no rule; name at least one (a code, a name or a "
            "prefix such as EUNO2), or leave it out to run every rule"
        )


def check_rule_options(rule: type[Rule], options: Mapping[str, Any], where: str) -> None:
    """Validate a rule's options against its Options model, as strictly as top-level keys:
    keys by their documented (kebab-case) names only, values of the declared type (no
    ``"30"`` for 30)."""
    try:
        rule.Options.model_validate(dict(options), strict=True, by_alias=True, by_name=False)
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in detail["loc"])
        if detail["type"] == "extra_forbidden":
            known = [info.alias or name for name, info in rule.Options.model_fields.items()]
            hint = did_you_mean(loc, known) if known else f"; {rule.code} has no options"
            raise ConfigError(f'{where}: unknown option "{loc}"{hint}') from None
        raise ConfigError(f'{where}: "{loc}": {detail["msg"].lower()}') from None


def command_line(values: Mapping[str, Any]) -> Settings:
    """The command-line layer: the settings given as options (None means not given)."""
    given = {name: value for name, value in values.items() if value is not None}
    check_selection("--select", given.get("select"), "command line")
    for name in ("select", "ignore"):
        if name in given:
            check_selectors(f"--{name}", given[name], "command line")
    try:
        return Settings.model_validate(given)
    except ValidationError as error:
        raise ConfigError(f"command line: {_first_problem(error)}") from None


def resolve(
    cwd: str,
    command_line: Settings | None = None,
    *,
    config: str | None = None,
    isolated: bool = False,
    start: str | None = None,
) -> ResolvedSettings:
    """The effective settings: defaults, then the configuration file, then the command line.

    The configuration file is the nearest one above `start` (the directory of the linted
    paths, so that a tree is linted with its own configuration from wherever it is run),
    else above `cwd`; relative paths on the command line are relative to `cwd`.
    """
    cli = command_line or Settings()
    path = None if isolated else (config or find_config(start or cwd))
    file_layer = Settings()
    shown_as = None
    if path is not None:
        path = os.path.abspath(os.path.join(cwd, path))
        if config and not _present(path):  # a FIFO or a link is there: reading says why
            raise ConfigError(f"config file does not exist: {config}")
        shown_as = display_path(path, cwd)
        file_layer = load_file(path, shown_as)
        _check_paths_inside(file_layer, os.path.dirname(path), shown_as)
    file_base = os.path.dirname(path) if path else cwd
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    bases: dict[str, str] = {}
    for name in Settings.model_fields:
        if name in cli.model_fields_set:
            values[name], sources[name] = getattr(cli, name), "command line"
            base = cwd
        elif name in file_layer.model_fields_set:
            values[name], sources[name] = getattr(file_layer, name), shown_as or ""
            base = file_base
            cpus = os.cpu_count() or 1
            if name == "jobs" and values[name] is not None and values[name] > cpus:
                values[name] = cpus  # a file may not fork more workers than there are CPUs
                sources[name] += ", capped at the number of CPUs"
        else:
            sources[name], base = "default", cwd
        if _relative_to_source(name):
            bases[name] = base
    return ResolvedSettings(Settings.model_construct(**values), bases, shown_as, sources)


def _check_paths_inside(config: Settings, directory: str, shown_as: str) -> None:
    """The files a configuration file names must stay in its repository: it comes with the
    scanned tree, which may be an attacker's (the command line, the user's own, goes anywhere)."""
    repository = os.path.realpath(repository_root(directory) or directory)
    files = [("var-files", entry) for entry in config.var_files]
    if config.provider_schema not in (AUTO, *BUNDLED):
        files.append(("provider-schema", config.provider_schema))
    for key, entry in files:
        target = os.path.realpath(os.path.join(directory, entry))
        if relative_inside(target, repository) is None:
            raise ConfigError(
                f"{shown_as}: {key}: {json.dumps(entry)} is outside the repository "
                "(only the command line may name files outside it)"
            )


def rule_set(settings: Settings) -> RuleSet:
    """The enabled rules, with options and severities applied."""
    selected = (
        {r.code for s in settings.select for r in matching_rules(s)}
        if settings.select is not None
        else {r.code for r in ALL_RULES}
    )
    ignored = {r.code for s in settings.ignore for r in matching_rules(s)}
    always = {r.code for r in ALL_RULES if not r.can_be_disabled}
    enabled = (selected - ignored) | always
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


def show(resolved: ResolvedSettings, rules: RuleSet) -> str:
    """The effective settings as TOML, each value followed by where it came from."""
    settings, sources = resolved.settings, resolved.sources
    lines = [f"# effective settings; configuration file: {resolved.config_file or 'none'}"]
    tables: list[str] = []
    for name in Settings.model_fields:
        value = getattr(settings, name)
        source = sources.get(name, "default")
        if isinstance(value, dict):
            tables.append(name)
            continue
        shown = "(all rules)" if value is None and name == "select" else json.dumps(value)
        if value is None and name == "jobs":
            shown, source = str(os.cpu_count() or 1), f"{source}: the number of CPUs"
        lines.append(f"{_kebab(name)} = {shown}  # {source}")
    for name in tables:
        table: Mapping[str, Any] = getattr(settings, name)
        if name == "rules":
            for key, options in sorted(table.items()):
                lines.append(f"\n[rules.{key}]  # {sources.get(name, 'default')}")
                lines.extend(f"{option} = {json.dumps(v)}" for option, v in options.items())
        else:
            lines.append(f"\n[{name}]  # {sources.get(name, 'default')}")
            lines.extend(f'{code} = "{value}"' for code, value in sorted(table.items()))
    enabled = ", ".join(rule.code for rule in rules.rules)
    lines.append(f"\n# enabled rules ({len(rules.rules)} of {len(ALL_RULES)}): {enabled}")
    return scrub("\n".join(lines) + "\n")  # values come from a file the repository holds
