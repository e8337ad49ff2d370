"""Run Terraform offline against the stand-in provider, for a schema in JSON.

Each call copies the configuration into a fresh temporary directory and runs Terraform there
with its own CLI configuration: ``dev_overrides`` point ``euno-ai/euno`` (and the implicit
``hashicorp/euno``) at a launcher of `standin_provider.py`, so nothing is downloaded and
nothing is written outside the temporary directory. Local module calls are installed with
``terraform get``, which never contacts a registry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

PROVIDER_SCRIPT = Path(__file__).resolve().parent / "standin_provider.py"
TERRAFORM = shutil.which("terraform")
DEV_OVERRIDE_WARNING = "Provider development overrides are in effect"
TIMEOUT = 300.0

Diagnostic = dict[str, Any]


class TerraformError(RuntimeError):
    """A Terraform command failed; `diagnostics` are its JSON diagnostics, when it gave any."""

    def __init__(self, message: str, diagnostics: list[Diagnostic], output: str) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics
        self.output = output


def stand_in_available() -> bool:
    """Whether this interpreter can run the stand-in provider (the `tf` package)."""
    try:
        import tf  # noqa: F401
    except ImportError:
        return False
    return True


class _Sandbox:
    """A temporary directory: src/ (the configuration), plugins/euno/ (the launcher), the CLI
    configuration and a home directory."""

    def __init__(self, workdir: Path, schema: Path, *, framework_checks: bool) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="euno-oracle-")
        root = Path(self._tmp.name)
        shutil.copytree(workdir, root / "src", ignore=shutil.ignore_patterns(".terraform"))
        self.workdir = root / "src"
        plugins = root / "plugins" / "euno"
        plugins.mkdir(parents=True)
        launcher = plugins / "terraform-provider-euno"
        launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{PROVIDER_SCRIPT}" "$@"\n')
        launcher.chmod(0o755)
        config = root / "terraformrc"
        config.write_text(
            "provider_installation {\n  dev_overrides {\n"
            f'    "euno-ai/euno" = "{plugins}"\n    "hashicorp/euno" = "{plugins}"\n'
            "  }\n  direct {}\n}\n"
        )
        (root / "home").mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
        self.env.update(
            TF_CLI_CONFIG_FILE=str(config),
            TF_IN_AUTOMATION="1",
            CHECKPOINT_DISABLE="1",
            HOME=str(root / "home"),
            EUNO_ORACLE_SCHEMA=str(schema.resolve()),
            EUNO_ORACLE_PROVIDER_TYPE="euno",
            EUNO_ORACLE_FRAMEWORK_CHECKS="1" if framework_checks else "0",
            EUNO_ORACLE_CACHE_DIR=str(root / "cache"),
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert TERRAFORM is not None
        return subprocess.run(
            [TERRAFORM, *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )

    def __enter__(self) -> _Sandbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._tmp.cleanup()


def _without_override_warning(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.get("summary") != DEV_OVERRIDE_WARNING]


def validate(workdir: Path, schema: Path, *, framework_checks: bool = True) -> list[Diagnostic]:
    """``terraform validate -json`` diagnostics, sorted by file and position.

    With `framework_checks`, the stand-in also makes the checks terraform-plugin-framework (the
    real provider's SDK) adds to Terraform core's (see standin_provider.py).
    """
    with _Sandbox(workdir, schema, framework_checks=framework_checks) as sandbox:
        sandbox.run("get", "-no-color")
        result = sandbox.run("validate", "-json", "-no-color")
        try:
            document = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise TerraformError("terraform validate gave no JSON", [], result.stderr) from None
        diagnostics = _without_override_warning(document.get("diagnostics", []))
        return sorted(diagnostics, key=_position)


def providers_schema(workdir: Path, schema: Path) -> dict[str, Any]:
    """What ``terraform providers schema -json`` prints for the stand-in serving `schema`."""
    with _Sandbox(workdir, schema, framework_checks=False) as sandbox:
        sandbox.run("get", "-no-color")
        result = sandbox.run("providers", "schema", "-json")
        if result.returncode != 0:
            raise TerraformError("terraform providers schema failed", [], result.stderr)
        document: dict[str, Any] = json.loads(result.stdout)
        return document


def plan(
    workdir: Path,
    schema: Path,
    var_files: Sequence[Path] = (),
    *,
    variables: Mapping[str, str] | None = None,
    framework_checks: bool = True,
) -> dict[str, Any]:
    """``terraform plan`` then ``terraform show -json`` of it (numbers as Decimal)."""
    with _Sandbox(workdir, schema, framework_checks=framework_checks) as sandbox:
        sandbox.run("get", "-no-color")
        arguments = ["plan", "-json", "-no-color", "-input=false", "-lock=false"]
        arguments += ["-refresh=false", "-out=plan.bin"]
        arguments += [f"-var-file={path.resolve()}" for path in var_files]
        arguments += [f"-var={name}={value}" for name, value in (variables or {}).items()]
        result = sandbox.run(*arguments)
        if result.returncode != 0:
            diagnostics = []
            for line in result.stdout.splitlines():
                try:
                    message = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if message.get("type") == "diagnostic":
                    diagnostics.append(message["diagnostic"])
            diagnostics = sorted(_without_override_warning(diagnostics), key=_position)
            raise TerraformError("terraform plan failed", diagnostics, result.stdout)
        shown = sandbox.run("show", "-json", "-no-color", "plan.bin")
        if shown.returncode != 0:
            raise TerraformError("terraform show failed", [], shown.stderr)
        document: dict[str, Any] = json.loads(shown.stdout, parse_float=Decimal)
        return document


def _position(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    where = diagnostic.get("range") or {}
    start = where.get("start") or {}
    return (
        str(where.get("filename", "")),
        int(start.get("line", 0)),
        int(start.get("column", 0)),
        str(diagnostic.get("summary", "")),
    )
