"""Which files are linted: walking, hidden directories, .gitignore, symlinks, given files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from euno_lint.engine import LintOptions, lint_paths
from euno_lint.terraform.discover import PathNotFoundError, discover
from tests.conftest import CLEAN_RESOURCE, write_tree

BROKEN = CLEAN_RESOURCE.replace("ttl_days    = 7", 'ttl_days    = "seven"')


def _reported(root: Path, *paths: str, gitignore: bool = True) -> list[str]:
    modules = discover([str(root / p) for p in paths] or [str(root)], respect_gitignore=gitignore)
    return sorted(
        os.path.relpath(f, root).replace(os.sep, "/")
        for m in modules.directories
        for f in m.reported
    )


def test_walks_terraform_files_only(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a/main.tf": "",
            "a/terraform.tfvars": "",
            "a/x.auto.tfvars.json": "{}",
            "a/README.md": "",
            "a/b/c/deep.tf": "",
            "a/main.tf.json": "{}",
        },
    )
    assert _reported(tmp_path) == [
        "a/b/c/deep.tf",
        "a/main.tf",
        "a/main.tf.json",
        "a/terraform.tfvars",
        "a/x.auto.tfvars.json",
    ]


def test_skips_hidden_directories(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {".terraform/modules/m/main.tf": BROKEN, ".git/x.tf": "", "ok/main.tf": ""}
    )
    assert _reported(tmp_path) == ["ok/main.tf"]


def test_respects_gitignore_including_parents_and_negation(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*.secret.tfvars\n",
            "infra/.gitignore": "scratch.tf\n!keep.secret.tfvars\n",
            "infra/main.tf": "",
            "infra/scratch.tf": "",
            "infra/prod.secret.tfvars": "",
            "infra/keep.secret.tfvars": "",
            "infra/generated/main.tf": "",
        },
    )
    assert _reported(tmp_path, "infra") == ["infra/keep.secret.tfvars", "infra/main.tf"]
    assert len(_reported(tmp_path, "infra", gitignore=False)) == 5
    # A file named on the command line is linted even when ignored.
    assert _reported(tmp_path, "infra/scratch.tf") == ["infra/scratch.tf"]


def test_directory_named_like_a_file_is_walked(tmp_path: Path) -> None:
    write_tree(tmp_path, {"x.tf/inner.tf": ""})
    assert _reported(tmp_path) == ["x.tf/inner.tf"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loop_ends_and_dangling_link_is_reported(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mod/main.tf": CLEAN_RESOURCE})
    (tmp_path / "mod" / "loop").symlink_to(tmp_path / "mod")
    (tmp_path / "mod" / "gone.tf").symlink_to(tmp_path / "does-not-exist.tf")
    report = lint_paths([str(tmp_path)], LintOptions(cwd=str(tmp_path)))
    assert [(f.path, f.code, f.message) for f in report.findings] == [
        ("mod/gone.tf", "EUNO001", "cannot read file: broken symbolic link")
    ]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(PathNotFoundError):
        discover([str(tmp_path / "nope")])


def test_given_files_report_only_themselves_but_read_siblings(tmp_path: Path) -> None:
    resource = CLEAN_RESOURCE.split("\n\n", 1)[1].replace(
        "ttl_days    = 7", "ttl_days    = var.ttl"
    )
    write_tree(
        tmp_path,
        {
            "main.tf": resource,
            "variables.tf": (
                'variable "hex_api_token" {\n  sensitive = true\n}\nvariable "ttl" {}\n'
            ),
            "terraform.tfvars": 'ttl = "seven"\n',
            "broken.tf": "this is not = = hcl\n",
        },
    )
    report = lint_paths([str(tmp_path / "main.tf")], LintOptions(cwd=str(tmp_path)))
    # The tfvars value of a sibling reaches the given file; the broken sibling is not reported.
    assert [(f.path, f.code) for f in report.findings] == [("main.tf", "EUNO103")]
    assert report.files == 1
    whole = lint_paths([str(tmp_path)], LintOptions(cwd=str(tmp_path)))
    assert [(f.path, f.code) for f in whole.findings] == [
        ("broken.tf", "EUNO001"),
        ("main.tf", "EUNO103"),
    ]


def test_same_file_twice_is_linted_once(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": BROKEN})
    report = lint_paths(
        ["main.tf", "./main.tf", str(tmp_path / "main.tf")], LintOptions(cwd=str(tmp_path))
    )
    assert len(report.findings) == 1


def test_directories_without_euno_are_not_parsed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"aws/main.tf": "resource = = broken", "euno/main.tf": CLEAN_RESOURCE})
    report = lint_paths([str(tmp_path)], LintOptions(cwd=str(tmp_path)))
    assert report.findings == ()
    assert (report.files, report.resources) == (2, 1)


def test_invalid_gitignore_patterns_are_skipped_like_git_does(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_tree(tmp_path, {".gitignore": "!\nignored.tf\n", "ignored.tf": "", "kept.tf": ""})
    assert _reported(tmp_path) == ["kept.tf"]


def test_a_directory_given_by_name_is_linted_even_inside_an_ignored_one(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n",
            "generated/a/main.tf": "",
            "generated/a/.gitignore": "skip.tf\n",
            "generated/a/skip.tf": "",
        },
    )
    assert _reported(tmp_path) == []
    assert _reported(tmp_path, "generated/a") == ["generated/a/main.tf"]
