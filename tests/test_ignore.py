"""Gitignore matching: git itself (`git check-ignore`) is the oracle, and no pattern backtracks."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from euno_lint.terraform import ignore

PATTERNS = [
    "*.tfvars",
    "!keep.tfvars",
    "generated/",
    "/root-only.tf",
    "docs/*.tf",
    "a/**/b.tf",
    "**/deep/*.tf",
    "logs/**",
    "x?.tf",
    "[abc]*.tf",
    "[!z]z.tf",
    "name\\ with\\ space.tf",
    "\\#hash.tf",
    "*.tf.bak",
    "build",
    "sub/dir/",
]
FILES = [
    "prod.tfvars",
    "keep.tfvars",
    "a/keep.tfvars",
    "generated/main.tf",
    "x/generated/main.tf",
    "root-only.tf",
    "sub/root-only.tf",
    "docs/a.tf",
    "docs/deep/a.tf",
    "a/b.tf",
    "a/x/y/b.tf",
    "q/deep/r.tf",
    "deep/s.tf",
    "logs/x/y.tf",
    "x1.tf",
    "x12.tf",
    "apple.tf",
    "dz.tf",
    "zz.tf",
    "name with space.tf",
    "#hash.tf",
    "main.tf.bak",
    "build/x.tf",
    "build.tf",
    "sub/dir/f.tf",
    "sub/dir.tf",
    "plain.tf",
]


def _ours(root: Path, relative: str) -> bool:
    """Our answer for one file, as discovery asks it: each directory above it first."""
    patterns = ignore.compile_lines(PATTERNS)
    parts = relative.split("/")
    for depth in range(1, len(parts)):
        if ignore.decide(patterns, "/".join(parts[:depth]), True):
            return True
    return bool(ignore.decide(patterns, relative, False))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git, the oracle")
def test_matches_what_git_check_ignore_says(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("\n".join(PATTERNS) + "\n")
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    result = subprocess.run(
        ["git", "check-ignore", "--stdin"],
        cwd=tmp_path,
        input="\n".join(FILES) + "\n",
        capture_output=True,
        text=True,
    )
    git_ignored = set(result.stdout.splitlines())
    ours = {name for name in FILES if _ours(tmp_path, name)}
    assert ours == git_ignored
    assert len(git_ignored) > 10 and len(git_ignored) < len(FILES) - 5


def test_a_hostile_pattern_does_not_backtrack() -> None:
    patterns = ignore.compile_lines(["*a*a*a*a*a*a*a*a*a*a*a*a*b"])
    started = time.process_time()
    assert ignore.decide(patterns, "a" * 4000, False) is None
    assert time.process_time() - started < 2


def test_unusable_patterns_are_skipped() -> None:
    assert ignore.compile_pattern("!") is None
    assert ignore.compile_pattern("[abc") is None
    assert ignore.compile_pattern("   ") is None
    assert ignore.compile_pattern("# comment") is None
