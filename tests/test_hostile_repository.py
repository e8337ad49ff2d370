"""A hostile repository, as an attacker would commit it to a pull request: one test per attack.

Each test builds the hostile tree in a temporary directory and checks what the security review
asked for: nothing outside the scanned tree is written or read into an output, no planted
content or token body appears in any output format, the run ends within its budget, and the
findings of the other (honest) module are still reported.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CLEAN_RESOURCE, write_tree

FORMATS = ("text", "json", "sarif", "github", "junit")
# The honest module: one known finding that must survive whatever sits next to it.
HONEST = CLEAN_RESOURCE.replace('"daily"', '"Daily"')
BODY = "ZqPlantedBody7fK2mW9xR4tY6uI8oP"  # 31 letters and digits: a token body
TOKEN = f"hxtw_{BODY}"
MARKER = "planted-content-that-must-not-leak-81723"


def _environment(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "NO_COLOR": "1",
    }


def _run(
    tmp_path: Path, args: list[str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "euno_lint", *args],
        cwd=cwd,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _all_formats(tmp_path: Path, repo: Path, *args: str) -> dict[str, str]:
    """Every format's output (stdout and stderr) for one hostile tree; the run never exits 2."""
    outputs = {}
    for fmt in FORMATS:
        result = _run(tmp_path, ["--format", fmt, *args], cwd=repo)
        assert result.returncode in (0, 1), (fmt, result.stderr)
        outputs[fmt] = result.stdout + result.stderr
    return outputs


def _assert_absent(outputs: dict[str, str], *secrets: str) -> None:
    for fmt, output in outputs.items():
        for secret in secrets:
            assert secret not in output, f"{fmt} output contains {secret!r}"


def _json_findings(tmp_path: Path, repo: Path, *args: str) -> list[dict[str, object]]:
    result = _run(tmp_path, ["--format", "json", *args], cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def _codes(findings: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(f["path"], f["code"]) for f in findings]


def _repo(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    repo = tmp_path / "repo"
    write_tree(repo, {"honest/main.tf": HONEST, **(files or {})})
    return repo


# --------------------------------------------------------------------------- 1. clobbering


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_1_a_planted_symlink_is_never_written_through(tmp_path: Path, option: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    repo = _repo(tmp_path)
    (repo / "euno-lint.sarif").symlink_to(victim)
    result = _run(tmp_path, ["--format", "sarif", option, "euno-lint.sarif", "."], cwd=repo)
    assert result.returncode == 2
    assert "symbolic link" in result.stderr and len(result.stderr.splitlines()) == 1
    assert victim.read_text() == "precious\n"
    assert (repo / "euno-lint.sarif").is_symlink()


def test_1_a_planted_fifo_or_directory_is_never_written(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "report.json").mkdir()
    result = _run(tmp_path, ["--format", "json", "--output", "report.json", "."], cwd=repo)
    assert (result.returncode, "not a regular file" in result.stderr) == (2, True)


def test_1_no_cache_is_code_and_nothing_is_written_to_the_home_cache(tmp_path: Path) -> None:
    cache = tmp_path / "home" / ".cache" / "euno-lint"
    cache.mkdir(parents=True)
    planted = tmp_path / "pwned"
    # Lark's cache format: a hash line, then pickles (the first is loaded before any check).
    payload = b"0\ncos\nsystem\n(S'touch " + str(planted).encode() + b"'\ntR."
    for name in ("hcl2-8.1.4-lark-1.3.1-tokens.bin", "hcl2-8.1.4-lark-1.3.1.bin"):
        (cache / name).write_bytes(payload)
    repo = _repo(tmp_path)
    result = _run(tmp_path, ["--output", "report.txt", "."], cwd=repo)
    assert result.returncode == 1, result.stderr
    assert not planted.exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        ("hcl2-8.1.4-lark-1.3.1-tokens.bin", "hcl2-8.1.4-lark-1.3.1.bin")
    )


def test_1_file_names_cannot_start_a_new_line_in_text_output(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"evil\n::error::forged\nx.tf": HONEST.replace("main", "evil")})
    result = _run(tmp_path, ["."], cwd=repo)
    assert result.returncode == 1
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "evil\\n::error::forged\\nx.tf" in result.stdout


# --------------------------------------------------------------------------- 2. out-of-tree reads


def test_2_a_file_symlink_out_of_the_tree_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.tf"
    outside.write_text(f'locals {{\n  a = "{MARKER}"\n  b = "{TOKEN}"\n}}\nthis is = = broken\n')
    repo = _repo(tmp_path)
    (repo / "honest" / "passwd.tf").symlink_to(outside)
    outputs = _all_formats(tmp_path, repo, ".")
    _assert_absent(outputs, MARKER, BODY)
    findings = _json_findings(tmp_path, repo, ".")
    assert ("honest/main.tf", "EUNO201") in _codes(findings)
    link = next(f for f in findings if f["path"] == "honest/passwd.tf")
    assert link["code"] == "EUNO001" and "outside the scanned tree" in str(link["message"])


def test_2_a_symlinked_tfvars_out_of_the_tree_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "config.json"
    outside.write_text(json.dumps({"hex_api_token": MARKER, "auths": {"x": TOKEN}}))
    repo = _repo(tmp_path, {"honest/variables.tf": 'variable "hex_api_token" {}\n'})
    (repo / "honest" / "docker.auto.tfvars.json").symlink_to(outside)
    outputs = _all_formats(tmp_path, repo, ".")
    _assert_absent(outputs, MARKER, BODY)
    assert "outside the scanned tree" in outputs["text"]


def test_2_var_files_in_the_repositorys_configuration_stay_inside(tmp_path: Path) -> None:
    outside = tmp_path / "secrets.tfvars"
    outside.write_text(f'hex_api_token = "{MARKER}"\n')
    for entry in (str(outside), "../secrets.tfvars"):
        repo = _repo(tmp_path, {".euno-lint.toml": f"var-files = [{json.dumps(entry)}]\n"})
        result = _run(tmp_path, ["."], cwd=repo)
        assert result.returncode == 2
        assert "outside the repository" in result.stderr and MARKER not in result.stderr


def test_2_var_file_on_the_command_line_is_the_users_choice(tmp_path: Path) -> None:
    outside = tmp_path / "ttl.tfvars"
    outside.write_text("ttl = 0\n")
    repo = _repo(tmp_path)
    result = _run(tmp_path, ["--var-file", str(outside), "."], cwd=repo)
    assert result.returncode == 1, result.stderr


def test_2_a_directory_symlink_to_the_root_is_not_walked(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "everything").symlink_to("/")
    started = time.monotonic()
    findings = _json_findings(tmp_path, repo, ".")
    assert time.monotonic() - started < 30
    assert ("everything", "EUNO001") in _codes(findings)
    assert ("honest/main.tf", "EUNO201") in _codes(findings)


# --------------------------------------------------------------------------- 3. hidden commits


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_3_a_committed_but_ignored_tfvars_is_linted(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        {
            ".gitignore": "*.tfvars\n.hidden/\n",
            "honest/terraform.tfvars": f'hex_api_token = "{TOKEN}"\n',
            ".hidden/main.tf": f'locals {{\n  t = "{TOKEN}"\n}}\n',
        },
    )
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "add", "-f", "honest/terraform.tfvars", ".hidden/main.tf")
    findings = _json_findings(tmp_path, repo, ".")
    assert ("honest/terraform.tfvars", "EUNO405") in _codes(findings)
    assert (".hidden/main.tf", "EUNO407") in _codes(findings)
    # An ignored file that is not committed stays ignored.
    write_tree(repo, {"honest/local.auto.tfvars": f'hex_api_token = "{TOKEN}"\n'})
    paths = {f["path"] for f in _json_findings(tmp_path, repo, ".")}
    assert "honest/local.auto.tfvars" not in paths


# --------------------------------------------------------------------------- 4. bounded work


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_4_a_hostile_gitignore_does_not_hang(tmp_path: Path, kind: str) -> None:
    repo = _repo(tmp_path)
    (repo / ".git").mkdir()
    if kind == "fifo":
        os.mkfifo(repo / "honest" / ".gitignore")
    else:
        (repo / "honest" / ".gitignore").symlink_to("/dev/zero")
    findings = _json_findings(tmp_path, repo, ".")
    assert ("honest/main.tf", "EUNO201") in _codes(findings)


def test_4_a_backtracking_glob_costs_nothing(tmp_path: Path) -> None:
    glob = "*a*a*a*a*a*a*a*a*a*a*b"
    repo = _repo(tmp_path, {".gitignore": glob + "\n", "honest/" + "a" * 200 + ".tf": ""})
    (repo / ".git").mkdir()
    started = time.monotonic()
    findings = _json_findings(tmp_path, repo, "--exclude", glob, ".")
    assert time.monotonic() - started < 20
    assert ("honest/main.tf", "EUNO201") in _codes(findings)


def test_4_self_doubling_locals_are_bounded(tmp_path: Path) -> None:
    locals_ = "".join(f'  l{n} = "${{local.l{n - 1}}}${{local.l{n - 1}}}"\n' for n in range(1, 41))
    bomb = (
        'locals {\n  l0 = "ab"\n'
        + locals_
        + "}\n"
        + HONEST.replace('"main"', '"bomb"').replace('"sales"', "local.l40")
    )
    repo = _repo(tmp_path, {"bomb/main.tf": bomb})
    started = time.monotonic()
    findings = _json_findings(tmp_path, repo, ".")
    assert time.monotonic() - started < 30
    assert ("honest/main.tf", "EUNO201") in _codes(findings)
    assert ("bomb/main.tf", "EUNO004") in _codes(findings)


def test_4_a_tfvars_json_with_many_keys_is_linear(tmp_path: Path) -> None:
    many = {f"key_{n}": n for n in range(20_000)}
    repo = _repo(tmp_path, {"honest/big.auto.tfvars.json": json.dumps(many, indent=1)})
    started = time.monotonic()
    findings = _json_findings(tmp_path, repo, ".")
    assert time.monotonic() - started < 8
    assert ("honest/main.tf", "EUNO201") in _codes(findings)


def test_4_a_long_line_of_tokens_gives_bounded_output(tmp_path: Path) -> None:
    words = " ".join(f"hxtw_{n:05d}{BODY}" for n in range(3_500))  # about 130 KB
    repo = _repo(tmp_path, {"honest/notes.tf": f"# {words}\n"})
    for fmt in FORMATS:
        result = _run(tmp_path, ["--format", fmt, "."], cwd=repo)
        assert result.returncode == 1
        assert len(result.stdout) < 20_000_000, fmt
        assert BODY not in result.stdout


def test_4_ten_thousand_token_lines_in_a_tfvars(tmp_path: Path) -> None:
    lines = "".join(f'hex_api_token = "hxtw_{n:06d}{BODY}"\n' for n in range(10_000))
    repo = _repo(tmp_path, {"honest/terraform.tfvars": lines})
    started = time.monotonic()
    result = _run(tmp_path, ["--format", "json", "."], cwd=repo)
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and BODY not in result.stdout


# --------------------------------------------------------------------------- 5. crashes

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad/main.tf", f"locals {{\n  n = {HUGE}\n}}\n" + HONEST.replace('"main"', '"x"')),
        ("honest/terraform.tfvars", f"ttl = {HUGE}\n"),
        ("honest/x.auto.tfvars.json", f'{{"ttl": {HUGE}}}'),
        ("honest/deep.auto.tfvars.json", '{"a": ' + "[" * 500 + "]" * 500 + "}"),
        (
            "chain/main.tf",
            'locals {\n  l0 = "x"\n'
            + "".join(f"  l{n} = local.l{n - 1}\n" for n in range(1, 331))
            + "}\n"
            + HONEST.replace('"main"', '"c"').replace('"sales"', "local.l330"),
        ),
    ],
    ids=["huge-number-tf", "huge-number-tfvars", "huge-number-json", "deep-json", "locals-chain"],
)
def test_5_hostile_values_never_crash_the_run(tmp_path: Path, name: str, content: str) -> None:
    repo = _repo(tmp_path, {name: content})
    findings = _json_findings(tmp_path, repo, ".")
    assert ("honest/main.tf", "EUNO201") in _codes(findings)


def test_5_a_huge_number_in_a_var_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "big.tfvars").write_text(f"ttl = {HUGE}\n")
    repo = _repo(tmp_path)
    result = _run(tmp_path, ["--var-file", str(tmp_path / "big.tfvars"), "."], cwd=repo)
    assert result.returncode in (1, 2)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_5_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    name = os.fsencode(str(repo / "honest")) + b"/n\xffme.tf"
    with open(name, "wb") as handle:
        handle.write(HONEST.replace('"main"', '"other"').replace('"sales"', '"s2"').encode())
    outputs = _all_formats(tmp_path, repo, ".")
    assert "n\\xffme.tf" in outputs["text"]
    assert "honest/main.tf" in outputs["text"]


# --------------------------------------------------------------------------- 6. redaction


@pytest.mark.parametrize(
    "token",
    [
        '"${local.prefix}' + BODY + '"',
        '"hxtw_${"' + BODY + '"}"',
        '"${local.prefix}' + BODY + '\\u0021"',
    ],
    ids=["template-with-local", "interpolated-literal", "template-with-escape"],
)
def test_6_every_literal_that_flows_into_a_token_is_redacted(tmp_path: Path, token: str) -> None:
    resource = CLEAN_RESOURCE.replace("var.hex_api_token", token)
    repo = _repo(tmp_path, {"leak/main.tf": 'locals {\n  prefix = "hxtw_"\n}\n' + resource})
    _assert_absent(_all_formats(tmp_path, repo, "."), BODY)


def test_6_messages_are_redacted_before_they_are_truncated(tmp_path: Path) -> None:
    long_secret = "plain-long-secret-value-" + BODY  # longer than a message quotes in full
    resource = CLEAN_RESOURCE.replace("ttl_days    = 7", "ttl_days    = var.hex_api_token")
    repo = _repo(
        tmp_path,
        {"leak/main.tf": resource, "leak/terraform.tfvars": f'hex_api_token = "{long_secret}"\n'},
    )
    outputs = _all_formats(tmp_path, repo, ".")
    _assert_absent(outputs, BODY, long_secret[:20])


def test_6_suppressions_paths_and_settings_are_redacted(tmp_path: Path) -> None:
    suppressed = HONEST.replace('"Daily"', f'"Daily" # euno-lint-ignore: {TOKEN} -- {TOKEN}')
    repo = _repo(
        tmp_path,
        {
            "leak/main.tf": suppressed.replace('"main"', '"l"').replace('"sales"', '"s3"'),
            f"leak/{TOKEN}.tf": HONEST.replace('"main"', '"n"').replace('"sales"', '"s4"'),
            ".euno-lint.toml": f'exclude = ["{TOKEN}/"]\n',
        },
    )
    outputs = _all_formats(tmp_path, repo, ".")
    _assert_absent(outputs, BODY)
    baseline = _run(tmp_path, ["--write-baseline", "b.json", "."], cwd=repo)
    assert baseline.returncode == 0, baseline.stderr
    assert BODY not in (repo / "b.json").read_text()
    settings = _run(tmp_path, ["--show-settings"], cwd=repo)
    assert settings.returncode == 0 and BODY not in settings.stdout


# --------------------------------------------------------------------------- 7. pre-commit


def test_7_a_file_named_like_an_option_is_a_path(tmp_path: Path) -> None:
    import yaml

    (hook,) = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert hook["args"][-1] == "--"
    repo = _repo(tmp_path, {"--exclude=*.tf": ""})
    # pre-commit appends the staged files to entry and args.
    result = _run(tmp_path, [*hook["args"], "--exclude=*.tf", "honest/main.tf"], cwd=repo)
    assert result.returncode == 1 and "EUNO201" in result.stdout
    for option in ("--output=x.tf", "--write-baseline=x.tf"):
        write_tree(repo, {"x.tf": "# keep me\n", option: ""})
        _run(tmp_path, [*hook["args"], option, "honest/main.tf"], cwd=repo)
        assert (repo / "x.tf").read_text() == "# keep me\n"


# --------------------------------------------------------------------------- 8. log injection

FORGERY = "\n::add-mask::forged\n::stop-commands::token\n"


def test_8_values_cannot_forge_workflow_commands_or_reorder_text(tmp_path: Path) -> None:
    escaped = FORGERY.replace("\n", "\\n")
    forged = HONEST.replace('"Daily"', f'"{escaped}\\u2028\\u202e"')
    repo = _repo(tmp_path, {"forge/main.tf": forged.replace('"sales"', '"s5"')})
    for fmt in ("text", "github", "junit"):
        result = _run(tmp_path, ["--format", fmt, "."], cwd=repo)
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        assert not any(line.startswith(("::add-mask", "::stop-commands")) for line in lines)
        assert "\u2028" not in result.stdout and "\u202e" not in result.stdout


# --------------------------------------------------------------------------- budgets


def test_a_module_over_its_cpu_budget_is_one_finding(tmp_path: Path) -> None:
    resources = "".join(
        HONEST.replace('"main"', f'"r{n}"').replace('"sales"', f'"s{n}"') for n in range(800)
    )
    repo = _repo(tmp_path, {"heavy/main.tf": resources})
    findings = _json_findings(tmp_path, repo, "--analysis-timeout", "0.5", ".")
    heavy = [f for f in findings if str(f["path"]).startswith("heavy/")]
    assert [f["code"] for f in heavy] == ["EUNO004"]
    assert ("honest/main.tf", "EUNO201") in _codes(findings)


def _big_module(directory: Path, integrations: int = 2000) -> None:
    """About 760 KB: the file a newcomer's QA run lost to the wall-clock parse timeout."""
    frequencies = ("daily", "hourly", "Daily", "weekly", "custom")
    blocks = []
    for n in range(integrations):
        frequency = frequencies[n % len(frequencies)]
        extra = {"weekly": '    repeat_on = ["monday", "thu"]\n', "custom": ""}.get(frequency, "")
        blocks.append(
            f'resource "euno_hex_integration" "integration_{n}" {{\n'
            f'  name = "integration-{n}"\n\n'
            f'  schedule {{\n    frequency = "{frequency}"\n{extra}  }}\n\n'
            "  invalidation_strategy {\n"
            f'    revision_id = "2024-06"\n    ttl_days    = {n % 9}\n  }}\n\n'
            "  configuration {\n    api_token    = var.hex_api_token\n"
            f'    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-{n:012d}"\n'
            '    namespace_id = "analytics"\n  }\n}\n\n'
        )
    write_tree(
        directory,
        {
            "main.tf": "".join(blocks),
            "variables.tf": 'variable "hex_api_token" {\n  sensitive = true\n}\n',
        },
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.slow
def test_results_do_not_depend_on_machine_load(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _big_module(repo)
    assert 700_000 < (repo / "main.tf").stat().st_size < 900_000
    before = _children_cpu()
    idle = _run(tmp_path, ["--format", "json", "--jobs", "1", "."], cwd=repo, timeout=600)
    cpu = _children_cpu() - before
    document = json.loads(idle.stdout)
    assert document["summary"]["resources"] == 2000
    assert not any(f["code"] in ("EUNO001", "EUNO004") for f in document["findings"])
    # A parse limit just above the CPU time the whole idle run took: counted in wall-clock
    # time, three busy processes competing for the cores would push the parse past it.
    limit = f"{max(cpu * 1.25, 1.0):.2f}"
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    try:
        loaded = _run(
            tmp_path,
            ["--format", "json", "--jobs", "1", "--parse-timeout", limit, "."],
            cwd=repo,
            timeout=600,
        )
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert json.loads(loaded.stdout)["findings"] == document["findings"]


# --------------------------------------------------------------------------- review, round 2
# The second security review (problems 2, 4-8, 10, 11, 17 of its report).

TEMPLATE_TOKEN = CLEAN_RESOURCE.replace("var.hex_api_token", '"hxtw_${var.suffix}"') + (
    'variable "suffix" {\n  type      = string\n  sensitive = true\n}\n'
)


def test_review_2_a_token_named_directory_keeps_its_findings(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {f"{TOKEN}/main.tf": HONEST})
    findings = _json_findings(tmp_path, repo, ".")
    assert [f["path"] for f in findings if f["code"] == "EUNO201"] == [
        "honest/main.tf",
        "hxtw_…/main.tf",
    ]
    _assert_absent(_all_formats(tmp_path, repo, "."), BODY)


def test_review_4_a_secret_that_is_a_token_prefix_leaves_no_token_body(tmp_path: Path) -> None:
    # "hxtw_" feeds api_token (a template): a secret. Replacing it first used to leave the
    # body of every token written next to it.
    planted = TEMPLATE_TOKEN + f"# the old token, revoked: {TOKEN}\n"
    repo = _repo(
        tmp_path, {"m/main.tf": planted.replace('"daily"', '"Daily"'), f"m/{TOKEN}.tf": ""}
    )
    outputs = _all_formats(tmp_path, repo, ".")
    assert "EUNO201" in outputs["text"]
    _assert_absent(outputs, BODY)


def test_review_5_escaped_secrets_are_masked_in_suppression_excerpts(tmp_path: Path) -> None:
    escaped = "Sk3y\\u0041PlantedBody7fK2mW9xR4tY6uI8oP"
    repo = _repo(
        tmp_path,
        {
            "m/main.tf": CLEAN_RESOURCE,
            "m/terraform.tfvars": f'hex_api_token = "{escaped}" # euno-lint-ignore: EUNO40S -- x\n',
            "o/main.tf": CLEAN_RESOURCE.replace("var.hex_api_token", "local.tokens.prod")
            + 'locals {\n  tokens = {\n    prod = "hxtw_\\u0041PlantedBody7fK2mW9xR4tY6uI8oP"\n'
            + '    dev  = "other"\n  }\n}\n',
        },
    )
    outputs = _all_formats(tmp_path, repo, ".")
    assert "EUNO002" in outputs["text"] and "EUNO401" in outputs["text"]
    _assert_absent(outputs, "PlantedBody7fK2mW9xR4tY6uI8oP")


def test_review_6_suppression_reasons_are_redacted(tmp_path: Path) -> None:
    suppressed = HONEST.replace(
        '"Daily"', f'"Daily" # euno-lint-ignore: EUNO201 -- rotate later; old value {TOKEN}'
    )
    repo = _repo(tmp_path, {"s/main.tf": suppressed})
    outputs = _all_formats(tmp_path, repo, ".")
    assert "rotate later" in outputs["json"]
    _assert_absent(outputs, BODY)


def test_review_7_an_escaped_resource_type_is_linted(tmp_path: Path) -> None:
    escaped = HONEST.replace('"euno_hex_integration"', '"euno\\u005fhex_integration"')
    escaped = escaped.replace('"euno_', '"\\u0065uno_')
    repo = _repo(tmp_path, {"e/main.tf": escaped})
    assert ("e/main.tf", "EUNO201") in _codes(_json_findings(tmp_path, repo, "."))


def test_review_8_values_of_a_var_file_outside_the_repository_never_print(
    tmp_path: Path,
) -> None:
    secret = "ci-provided-secret-0123456789abcdef"
    var_file = tmp_path / "ci.tfvars"
    var_file.write_text(f'hex_api_token = "{secret}"\n')
    # b's own token comes from elsewhere: there, hex_api_token is just a value to print.
    printing = CLEAN_RESOURCE.replace('frequency = "daily"', "frequency = var.hex_api_token")
    printing = printing.replace("api_token    = var.hex_api_token", "api_token    = var.b_token")
    printing += 'variable "b_token" {\n  type      = string\n  sensitive = true\n}\n'
    repo = _repo(tmp_path, {"a/main.tf": CLEAN_RESOURCE, "b/main.tf": printing})
    (repo / ".git").mkdir()
    outputs = _all_formats(tmp_path, repo, "--var-file", str(var_file), ".")
    assert "EUNO201" in outputs["text"]
    _assert_absent(outputs, secret)


def test_review_10_redaction_is_linear_in_the_number_of_secrets(tmp_path: Path) -> None:
    from euno_lint.engine.redact import Redactor

    # Every position of the text starts like every secret, and none matches there: a scan
    # that tries the secrets one by one at each position makes 100 million comparisons.
    secrets = [f"AAAA{n:06d}" for n in range(5000)]
    redact = Redactor(secrets)
    text = "AAAAX" * 20_000 + " AAAA001999 " + TOKEN
    started = time.process_time()
    shown = redact(text)
    assert time.process_time() - started < 5
    assert "001999" not in shown and BODY not in shown


def test_review_17_a_var_file_link_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "other-project.tfvars"
    outside.write_text(f'frequency = "{MARKER}"\n')
    repo = _repo(tmp_path, {"env/.keep": ""})
    (repo / ".git").mkdir()
    (repo / "env" / "prod.tfvars").symlink_to(outside)
    result = _run(tmp_path, ["--var-file", "env/prod.tfvars", "."], cwd=repo)
    assert result.returncode == 2
    assert "leads outside the repository" in result.stderr
    assert MARKER not in result.stdout + result.stderr
