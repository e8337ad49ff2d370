"""The linting session: the open documents, and linting one of them with its module.

A document is linted as ``euno-lint --stdin-filename`` lints stdin: its buffer is the content
of its file, the other files of its directory (module context, tfvars) come from disk, or from
their buffers when they are open too, and the configuration is the one that applies to the
file. Linting is in-process and single-job; what it publishes is that file's active findings.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from lsprotocol import types
from pygls.uris import to_fs_path

from euno_lint.config import ConfigError, Settings, resolve
from euno_lint.engine import LintOptions, UsageError, lint_paths
from euno_lint.engine.stamp import shown_path
from euno_lint.engine.suppress import statement_line
from euno_lint.findings import Finding
from euno_lint.hcl import Body, CpuTimeExceeded, HclSyntaxError, parse
from euno_lint.lsp.positions import UTF16, Lines
from euno_lint.lsp.protocol import contains, diagnostic, fix_action, overlaps, suppression_action
from euno_lint.paths import relative_inside
from euno_lint.rules import find_rule
from euno_lint.terraform.discover import DirectoryFiles, file_kind, repository_root
from euno_lint.terraform.source import SourceError, decode, in_memory, read_bytes

CONFIG_FILES = (".euno-lint.toml", "pyproject.toml")


class LintError(Exception):
    """A document could not be linted (an unusable configuration); the message says why."""


@dataclass(slots=True)
class Document:
    """An open buffer: its URI, its file's absolute path, its text and version."""

    uri: str
    path: str
    text: str
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Linted:
    """What linting a document published: its findings with their diagnostics, and what code
    actions need (the text linted, the lint's working directory and settings)."""

    document: Document
    lines: Lines
    cwd: str
    settings: Settings
    results: tuple[tuple[Finding, types.Diagnostic], ...]

    @property
    def diagnostics(self) -> list[types.Diagnostic]:
        """The diagnostics to publish."""
        return [d for _, d in self.results]


def path_of(uri: str) -> str | None:
    """The absolute, normalised path of a ``file:`` URI of a Terraform file, else None."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    if path is None or not os.path.isabs(path):
        return None
    path = os.path.normpath(path)
    return path if file_kind(os.path.basename(path)) is not None else None


class Session:
    """The open documents and the last lint of each."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}  # by URI
        self.linted: dict[str, Linted] = {}  # by URI
        self.encoding = UTF16  # of positions, as the client and server agreed at initialize
        # The root modules that call a module, from a scan of its whole repository: kept
        # until files change on disk (`disk_changed`), so that typing does not rescan.
        self.callers: dict[Hashable, list[DirectoryFiles]] = {}

    def disk_changed(self) -> None:
        """Files changed on disk (saved, created, deleted): scan for callers again."""
        self.callers.clear()

    def open(self, uri: str, text: str, version: int | None) -> Document | None:
        """Track a buffer (None: not a Terraform file we can lint)."""
        path = path_of(uri)
        if path is None:
            return None
        document = Document(uri, path, text, version)
        self.documents[uri] = document
        return document

    def close(self, uri: str) -> Document | None:
        """Forget a buffer; the document it was, if it was open."""
        self.linted.pop(uri, None)
        return self.documents.pop(uri, None)

    def affected_by(self, changed: Iterable[str]) -> list[Document]:
        """The open documents whose lint a change of these files (absolute paths) can alter:
        below a changed configuration file, every one; for a Terraform file, every one of its
        repository (its module, and the modules it calls or that call it, wherever they are)."""
        found: dict[str, Document] = {}
        for path in changed:
            directory = os.path.dirname(path)
            if os.path.basename(path) in CONFIG_FILES:
                scope = directory
            elif file_kind(os.path.basename(path)) is not None:
                scope = repository_root(directory) or directory
            else:
                continue
            for document in self.documents.values():
                if relative_inside(document.path, scope) is not None:
                    found[document.uri] = document
        return list(found.values())

    def lint(self, document: Document) -> Linted:
        """Lint a document's buffer with its module; raises `LintError`."""
        directory = os.path.dirname(document.path)
        root = repository_root(directory) or directory
        try:
            resolved = resolve(root, Settings(jobs=1), start=directory)
        except ConfigError as error:
            raise LintError(str(error)) from None
        sources: dict[str, bytes | SourceError] = {
            d.path: in_memory(d.text.encode("utf-8", "replace")) for d in self.documents.values()
        }
        options = LintOptions(
            resolved.settings,
            cwd=root,
            root=root,
            bases=resolved.bases,
            sources=sources,
            callers=self.callers,
        )
        try:
            report = lint_paths([document.path], options)
        except UsageError as error:
            raise LintError(str(error)) from None
        shown = shown_path(document.path, root)
        lines = Lines.of(document.text, self.encoding)
        cache: dict[str, Lines | None] = {document.path: lines}

        def lines_of(path: str) -> Lines | None:
            if path not in cache:
                cache[path] = self._lines_of(path)
            return cache[path]

        results = tuple(
            (finding, diagnostic(finding, lines, root, lines_of))
            for finding in report.findings
            if finding.path == shown and not finding.suppressed
        )
        linted = Linted(document, lines, root, resolved.settings, results)
        self.linted[document.uri] = linted
        return linted

    def _lines_of(self, path: str) -> Lines | None:
        """An open buffer's lines, else the file's on disk (never through a symbolic link)."""
        for document in self.documents.values():
            if document.path == path:
                return Lines.of(document.text, self.encoding)
        content = read_bytes(path, follow_link=False)
        text = decode(content) if isinstance(content, bytes) else content
        return Lines.of(text, self.encoding) if isinstance(text, str) else None

    def code_actions(self, uri: str, wanted: types.Range) -> list[types.CodeAction]:
        """The fixes and suppressions of the published findings in a range of a document."""
        linted = self.linted.get(uri)
        if linted is None:
            return []
        actions: list[types.CodeAction] = []
        body = None

        def lines_of(path: str) -> Lines | None:
            # A fix's edits are positions in the text that was linted, not in a newer buffer.
            return linted.lines if path == linted.document.path else self._lines_of(path)

        for finding, published in linted.results:
            if not overlaps(published.range, wanted):
                continue
            if finding.fix is not None:
                actions.append(fix_action(finding, finding.fix, published, linted.cwd, lines_of))
            if not self._suppressible(linted, finding):
                continue
            if body is None:
                body = self._body(linted)
                if body is None:
                    return actions
            line = statement_line(body, finding.line)
            if line is not None:
                actions.append(suppression_action(finding.code, published, uri, linted.lines, line))
        return actions

    def _suppressible(self, linted: Linted, finding: Finding) -> bool:
        rule = find_rule(finding.code)
        hcl = file_kind(os.path.basename(linted.document.path)) in ("tf", "tfvars")
        allowed = linted.settings.allow_inline_suppressions
        return hcl and allowed and rule is not None and rule.suppressible

    def _body(self, linted: Linted) -> Body | None:
        text = decode(linted.document.text.encode("utf-8", "replace"))
        if not isinstance(text, str):
            return None
        try:
            return parse(text, comments=False, timeout=linted.settings.parse_timeout or None).body
        except (HclSyntaxError, CpuTimeExceeded, RecursionError):
            return None

    def hover(self, uri: str, position: types.Position) -> list[str]:
        """The codes of the published findings under a position."""
        linted = self.linted.get(uri)
        if linted is None:
            return []
        return [f.code for f, d in linted.results if contains(d.range, position)]
