"""The issue 14 review (nested configuration, given-files runs, the parser's post-lexer, the
cron parser, new messages): one test per problem it found, named for the attack.

Each test fails on the code the review examined: it builds the hostile tree or input, and
checks what the review asked for.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import euno_lint
from euno_lint.engine import run
from euno_lint.terraform import profile
from tests.conftest import CLEAN_RESOURCE, Run, write_tree

HONEST = CLEAN_RESOURCE.replace('"daily"', '"Daily"')  # one EUNO201 finding
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
TOKEN = "hxtp_" + "Abcdefghij0123456789" * 2  # shaped like a Hex personal API token


def _json(run_cli: Run, root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(["--format", "json", *args], cwd=root)
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------- a token cut short in a cron error message


def test_a_token_in_a_cron_field_is_not_quoted_cut_short(run_cli: Run, tmp_path: Path) -> None:
    # The cron parser cut a value to 24 characters before the stamper redacted the message:
    # "hxtp_" and 19 characters of the token no longer look like a token, and were printed.
    cron = f'cron_expression = "{TOKEN} * * * *"'
    resource = CLEAN_RESOURCE.replace('frequency = "daily"', f'frequency = "custom"\n    {cron}')
    write_tree(tmp_path, {"main.tf": resource})
    code, out, err = _json(run_cli, tmp_path, ".")
    assert code == 1, err
    messages = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "EUNO204"]
    assert len(messages) == 1
    assert TOKEN[:12] not in out + err, messages


# ------------------------------------------------------- --stdin-filename naming a directory


def test_a_stdin_filename_that_is_a_directory_is_refused(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A directory named like a Terraform file: the buffer on stdin was dropped and the files
    # under the directory were linted (and reported) in its place, a green run for the buffer.
    write_tree(tmp_path, {"infra.tf/main.tf": HONEST})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x = {\n")))
    result = run_cli(["--no-source", "--stdin-filename", "infra.tf", "-"], cwd=tmp_path)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr == (
        "euno-lint: error: --stdin-filename infra.tf: is a directory; name the file the "
        "buffer on stdin is (infra.tf/main.tf, say)\n"
    )


# ------------------------------------- a configuration planted above the repository's top


@needs_git
@pytest.mark.parametrize("where", [".", "infra", "infra/main.tf"])
def test_a_configuration_above_the_work_tree_does_not_apply(
    run_cli: Run, tmp_path: Path, where: str
) -> None:
    # Another user's /tmp/.euno-lint.toml, say, when a checkout in /tmp/x is scanned: the walk
    # went on up to /, so it silenced every rule it liked in a tree that is not its own.
    write_tree(tmp_path, {".euno-lint.toml": 'ignore = ["EUNO201"]\n'})
    repository = write_tree(tmp_path / "checkout", {"infra/main.tf": HONEST})
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    code, out, err = _json(run_cli, repository, where)
    assert code == 1, err
    assert [f["code"] for f in json.loads(out)["findings"]] == ["EUNO201"]
    shown = run_cli(["--show-settings", where], cwd=repository)
    assert shown.stdout.startswith("# effective settings; configuration file: none\n")


def test_outside_a_work_tree_the_walk_still_goes_up(run_cli: Run, tmp_path: Path) -> None:
    write_tree(tmp_path, {".euno-lint.toml": 'ignore = ["EUNO201"]\n', "infra/main.tf": HONEST})
    code, out, err = _json(run_cli, tmp_path / "infra", ".")
    assert (code, json.loads(out)["findings"]) == (0, []), err


# ------------------------------- given files: what a nested configuration excludes stays out


def test_a_caller_a_nested_configuration_excludes_is_not_read_for_given_files(
    run_cli: Run, tmp_path: Path
) -> None:
    # The repository scan for the callers of given files minded the run's exclusions only: a
    # directory its own configuration excludes (vendored or hostile fixtures, say) was read,
    # parsed and evaluated, and its values reported in the given module.
    module = CLEAN_RESOURCE.replace('frequency = "daily"', "frequency = var.frequency")
    call = 'module "hex" {\n  source = "../../modules/hex"\n  frequency = "%s"\n}\n'
    write_tree(
        tmp_path,
        {
            "modules/hex/main.tf": module + 'variable "frequency" {\n  type = string\n}\n',
            "legacy/.euno-lint.toml": 'exclude = ["old"]\n',
            "legacy/old/main.tf": call % "Daily",
            "envs/prod/main.tf": call % "daily",
        },
    )
    (tmp_path / ".git").mkdir()
    whole = _json(run_cli, tmp_path, ".")
    given = _json(run_cli, tmp_path, "modules/hex/main.tf")
    assert (whole[0], json.loads(whole[1])["findings"]) == (0, []), whole[2]
    assert (given[0], json.loads(given[1])["findings"]) == (0, []), given[2]


# ------------------------------------------ a configuration's provider-schema file, read safely

SCHEMA = Path(euno_lint.__file__).parent / "terraform" / "profiles" / "euno-0.1.json"


def test_a_fifo_provider_schema_does_not_block(tmp_path: Path) -> None:
    # The schema a configuration names was opened with open(): a FIFO blocked the run for
    # good (a CI job hung until its own time limit), a device or a huge file was read whole.
    write_tree(tmp_path, {".euno-lint.toml": 'provider-schema = "schema.json"\n'})
    write_tree(tmp_path, {"main.tf": HONEST})
    os.mkfifo(tmp_path / "schema.json")
    result = subprocess.run(
        [sys.executable, "-m", "euno_lint", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert result.stderr == (
        "euno-lint: error: provider-schema: cannot read schema.json: not a regular file\n"
    )


def test_an_oversized_provider_schema_is_refused(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": HONEST})
    with (tmp_path / "schema.json").open("wb") as handle:
        handle.truncate(profile.MAX_SCHEMA_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(profile.ProfileError, match="larger than"):
        profile.from_file(str(tmp_path / "schema.json"), "schema.json")


def test_nested_configurations_naming_one_schema_read_it_once(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each nested configuration loaded its provider-schema file again: a few hundred small
    # configurations naming one large schema cost hundreds of parses of it (no time limit
    # covers loading settings), a cost that grows as their product.
    files: dict[str, str | bytes] = {"schema.json": SCHEMA.read_bytes()}
    for n in range(20):
        files[f"d{n}/.euno-lint.toml"] = 'provider-schema = "../schema.json"\n'
        files[f"d{n}/main.tf"] = HONEST
    write_tree(tmp_path, files)
    (tmp_path / ".git").mkdir()
    loaded: list[str] = []
    real = profile.from_file

    def counting(path: str, shown_as: str) -> profile.Profile:
        loaded.append(path)
        return real(path, shown_as)

    monkeypatch.setattr(run, "from_file", counting)
    code, out, err = _json(run_cli, tmp_path, ".")
    assert code == 1, err
    paths = {f["path"] for f in json.loads(out)["findings"] if "(schema: file:" in f["message"]}
    assert len(paths) == 20  # every directory checked against the file
    assert len(loaded) == 1


# --------------------------------------- a nested configuration that is a FIFO, said truly


def test_a_fifo_nested_configuration_is_named_for_what_it_is(run_cli: Run, tmp_path: Path) -> None:
    # It was "config file does not exist", with an absolute path: a FIFO is not a file.
    write_tree(tmp_path, {"main.tf": HONEST, "sub/main.tf": HONEST})
    os.mkfifo(tmp_path / "sub" / ".euno-lint.toml")
    result = run_cli(["--no-source", "."], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "euno-lint: error: sub/.euno-lint.toml: cannot read: not a regular file\n"
    )
