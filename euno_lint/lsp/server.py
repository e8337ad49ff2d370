"""The server's wiring: LSP messages in, `Session` work, diagnostics and answers out.

Every handler is guarded: a failure is logged to the client as one line naming the exception's
type (never its message, which may quote a buffer), and the server goes on. pygls's own logging
is silenced for the same reason: it would print messages it could not handle, buffers included.
Linting runs on the event loop's thread, where euno-lint's CPU limits (a profiling-timer signal)
work; changes that arrive while a lint runs are coalesced into one lint of the latest text.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from euno_lint import __version__
from euno_lint.engine.stamp import shown_path
from euno_lint.hcl import CpuTimeExceeded, warm_up
from euno_lint.lsp.protocol import SOURCE, hover_markdown
from euno_lint.lsp.session import CONFIG_FILES, Document, LintError, Session
from euno_lint.rules.tokens import scrub

P = ParamSpec("P")
R = TypeVar("R")
_WATCHED = (
    "**/*.tf",
    "**/*.tf.json",
    "**/*.tfvars",
    "**/*.tfvars.json",
    *(f"**/{name}" for name in CONFIG_FILES),
)


class EunoLanguageServer(LanguageServer):
    """pygls's server with euno-lint's session, lint scheduling and discreet error reports."""

    def __init__(self) -> None:
        super().__init__("euno-lint", __version__)
        self.session = Session()
        self.pending: dict[str, Document] = {}
        self.scheduled = False

    def report_server_error(self, error: Exception, source: object) -> None:
        """pygls's errors (a message it could not read or answer): logged by type only."""
        self.log(f"could not handle a message ({type(error).__name__})")

    def log(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """A window/logMessage line, token-shaped text scrubbed."""
        self.window_log_message(types.LogMessageParams(kind, f"euno-lint: {scrub(message)}"))

    def schedule(self, documents: list[Document]) -> None:
        """Lint these documents soon: at once when idle, after the messages already waiting."""
        for document in documents:
            self.pending[document.uri] = document
        if documents and not self.scheduled:
            self.scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        """Lint every pending document and publish its diagnostics."""
        self.scheduled = False
        pending, self.pending = self.pending, {}
        for uri in pending:
            document = self.session.documents.get(uri)  # the latest text, if still open
            if document is not None:
                self.lint(document)

    def lint(self, document: Document) -> None:
        """Lint one document and publish its diagnostics; when it cannot be linted, one
        diagnostic at its top says so (an empty list would read as "no problems")."""
        try:
            diagnostics = self.session.lint(document).diagnostics
        except LintError as problem:
            diagnostics = [_not_linted(f"euno-lint cannot lint this file: {scrub(str(problem))}")]
        except (Exception, CpuTimeExceeded) as error:  # a limit that escaped its block, too
            why = f"internal error ({type(error).__name__}) while linting {_shown(document)}"
            self.log(why, types.MessageType.Error)
            diagnostics = [_not_linted(f"euno-lint: {why}")]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(document.uri, diagnostics, document.version)
        )


def _not_linted(message: str) -> types.Diagnostic:
    start = types.Position(0, 0)
    return types.Diagnostic(
        types.Range(start, start), message, types.DiagnosticSeverity.Error, source=SOURCE
    )


def _shown(document: Document) -> str:
    return shown_path(document.path, os.getcwd())


def _guarded(handler: Callable[P, R]) -> Callable[P, R | None]:
    """A handler that logs its failure (by type) and answers null instead of failing."""

    @functools.wraps(handler)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return handler(*args, **kwargs)
        except Exception as error:
            server.log(f"internal error ({type(error).__name__}) in {handler.__name__}")
            return None

    return guarded


server = EunoLanguageServer()


@server.feature(types.INITIALIZE)
@_guarded
def initialize(ls: EunoLanguageServer, params: types.InitializeParams) -> None:
    """Load the parser and the rules once, before the first document."""
    from euno_lint.engine import run  # noqa: F401  (the whole pipeline, rules included)

    warm_up()


@server.feature(types.INITIALIZED)
@_guarded
def initialized(ls: EunoLanguageServer, params: types.InitializedParams) -> None:
    """Take the position encoding pygls agreed on (Neovim prefers UTF-8); ask to hear of
    changes to Terraform files that are not open, when the client can."""
    ls.session.encoding = str(ls.server_capabilities.position_encoding or ls.session.encoding)
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if watched is None or not watched.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in _WATCHED]
    )
    registration = types.Registration(
        id="euno-lint-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    ls.client_register_capability(types.RegistrationParams([registration]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@_guarded
def did_open(ls: EunoLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    """Lint a buffer when it opens."""
    item = params.text_document
    document = ls.session.open(item.uri, item.text, item.version)
    if document is not None:
        ls.schedule([document])


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@_guarded
def did_change(ls: EunoLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    """Lint a buffer after each change (pygls has applied it to its copy)."""
    uri = params.text_document.uri
    if uri not in ls.session.documents:
        return
    text = ls.workspace.get_text_document(uri).source
    document = ls.session.open(uri, text, params.text_document.version)
    if document is not None:
        ls.schedule([document])


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@_guarded
def did_save(ls: EunoLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    """A saved file is what the other buffers of its module (and of the modules that call it
    or that it calls) now read from disk: lint them again."""
    ls.session.disk_changed()
    document = ls.session.documents.get(params.text_document.uri)
    if document is not None:
        ls.schedule(ls.session.affected_by([document.path]))


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@_guarded
def did_close(ls: EunoLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    """Clear a closed buffer's diagnostics; the other buffers now read that file from disk."""
    uri = params.text_document.uri
    document = ls.session.close(uri)
    ls.pending.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))
    if document is not None:
        ls.schedule(ls.session.affected_by([document.path]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@_guarded
def did_change_watched_files(
    ls: EunoLanguageServer, params: types.DidChangeWatchedFilesParams
) -> None:
    """Files changed on disk: lint the open buffers of their modules again."""
    paths = [to_fs_path(change.uri) for change in params.changes]
    changed = [os.path.normpath(path) for path in paths if path and os.path.isabs(path)]
    ls.session.disk_changed()
    ls.schedule(ls.session.affected_by(changed))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@_guarded
def code_action(ls: EunoLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Fixes and suppression comments for the diagnostics in a range (all quick fixes: none
    when the client asks only for other kinds)."""
    only = params.context.only
    if only and not any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only):
        return []
    return ls.session.code_actions(params.text_document.uri, params.range)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@_guarded
def hover(ls: EunoLanguageServer, params: types.HoverParams) -> types.Hover | None:
    """The explanation of the rules whose diagnostics are under the cursor."""
    text = hover_markdown(ls.session.hover(params.text_document.uri, params.position))
    if text is None:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


def serve() -> None:
    """Speak LSP on stdin and stdout until the client says exit."""
    quiet = logging.getLogger("pygls")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    server.start_io()
