"""The language server end to end: a real LSP client (pytest-lsp) talks over stdio to
``python -m euno_lint --lsp``, which inherits this process's environment (PYTHONPATH included).

Each test works in a repository of its own (a directory with ``.git``), so that neither this
repository's configuration nor another test's files apply.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

MAIN_TF = """\
resource "euno_hex_integration" "sales" {
  name = "sales-analytics"

  schedule {
    frequency = "weekly"
    repeat_on = ["😀 mondäy", "tue"]
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 7
  }

  configuration {
    api_token    = var.hex_api_token
    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
    namespace_id = var.namespace
  }
}
"""
VARIABLES_TF = """\
variable "hex_api_token" {
  type      = string
  sensitive = true
}

variable "namespace" {
  type    = string
  default = "analytics"
}
"""
CLEAN_MAIN_TF = MAIN_TF.replace('["😀 mondäy", "tue"]', '["monday", "tuesday"]')
WAIT_SECONDS = 20
# One server for the module (starting one takes a second); each test has a repository of its own.
ONE_SERVER = pytest.mark.asyncio(loop_scope="module")


# pytest-lsp's fixture decorator is not annotated.
@pytest_lsp.fixture(  # type: ignore[untyped-decorator]
    config=ClientServerConfig(server_command=[sys.executable, "-m", "euno_lint", "--lsp"]),
    scope="module",
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


# pytest-lsp's fixture decorator is not annotated.
@pytest_lsp.fixture(  # type: ignore[untyped-decorator]
    config=ClientServerConfig(server_command=[sys.executable, "-m", "euno_lint", "--lsp"])
)
async def utf8_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A client that counts positions in UTF-8 bytes, as Neovim prefers."""
    general = types.GeneralClientCapabilities(position_encodings=["utf-8", "utf-16"])
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(general=general))
    )
    yield
    await lsp_client.shutdown_session()


# pytest-lsp's fixture decorator is not annotated.
@pytest_lsp.fixture(  # type: ignore[untyped-decorator]
    config=ClientServerConfig(server_command=[sys.executable, "-m", "euno_lint", "--lsp"])
)
async def watching_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A client that can watch files for the server (Neovim, VS Code) and records what the
    server asks it to watch."""
    registrations: list[types.Registration] = []
    lsp_client.registrations = registrations  # type: ignore[attr-defined]

    def register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)(register)

    watched = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
    workspace = types.WorkspaceClientCapabilities(did_change_watched_files=watched)
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(workspace=workspace))
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def module(tmp_path: Path) -> Path:
    """A small module in a repository of its own: main.tf and variables.tf on disk."""
    (tmp_path / ".git").mkdir()
    directory = tmp_path / "infra"
    directory.mkdir()
    (directory / "main.tf").write_text(MAIN_TF, encoding="utf-8")
    (directory / "variables.tf").write_text(VARIABLES_TF, encoding="utf-8")
    return directory


def uri(path: Path) -> str:
    return path.as_uri()


def open_document(client: LanguageClient, path: Path, text: str | None = None) -> str:
    text = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri(path), "terraform", 1, text))
    )
    return uri(path)


def change_document(client: LanguageClient, document: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=document),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def send_raw(client: LanguageClient, body: bytes) -> None:
    """A message as bytes, bypassing the client's (valid) serialisation."""
    writer = client.protocol.writer
    assert writer is not None
    writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


def codes(client: LanguageClient, document: str) -> list[str] | None:
    published = client.diagnostics.get(document)
    return None if published is None else [str(d.code) for d in published]


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait until the condition holds (the server answers asynchronously), or fail."""
    for _ in range(WAIT_SECONDS * 100):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def published(client: LanguageClient, document: str, expected: Sequence[str]) -> None:
    await until(
        lambda: codes(client, document) == list(expected),
        f"{list(expected)} on {document}, have {codes(client, document)}",
    )


@ONE_SERVER
async def test_open_publishes_exact_diagnostics(client: LanguageClient, module: Path) -> None:
    document = open_document(client, module / "main.tf")
    await published(client, document, ["EUNO205", "EUNO205"])

    first, second = client.diagnostics[document]
    # Line 6 is `    repeat_on = ["😀 mondäy", "tue"]`: the emoji is two UTF-16 code units.
    assert first.range == types.Range(types.Position(5, 17), types.Position(5, 28))
    assert second.range == types.Range(types.Position(5, 30), types.Position(5, 35))
    assert second.severity == types.DiagnosticSeverity.Error
    assert second.source == "euno-lint"
    assert second.message == '"tue" is not a day of the week; did you mean "tuesday"?'
    assert second.code_description is not None
    assert second.code_description.href.endswith("/rules/EUNO205.md")


@ONE_SERVER
async def test_an_edit_that_fixes_the_problem_clears_it(
    client: LanguageClient, module: Path
) -> None:
    document = open_document(client, module / "main.tf")
    await published(client, document, ["EUNO205", "EUNO205"])

    change_document(client, document, 2, CLEAN_MAIN_TF)
    await published(client, document, [])
    assert (module / "main.tf").read_text(encoding="utf-8") == MAIN_TF  # nothing written

    change_document(client, document, 3, CLEAN_MAIN_TF.replace('"weekly"', '"wekly"'))
    await published(client, document, ["EUNO201"])


@ONE_SERVER
async def test_a_saved_sibling_relints_the_module(client: LanguageClient, module: Path) -> None:
    main = open_document(client, module / "main.tf", CLEAN_MAIN_TF)
    await published(client, main, [])
    tfvars = module / "terraform.tfvars"
    tfvars.write_text('namespace = ""\n', encoding="utf-8")
    tfvars_document = open_document(client, tfvars)
    await until(lambda: tfvars_document in client.diagnostics, "the tfvars diagnostics")

    client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(tfvars_document))
    )
    await published(client, main, ["EUNO409"])
    (diagnostic,) = client.diagnostics[main]
    assert diagnostic.range.start.line == 16  # namespace_id = var.namespace
    assert diagnostic.related_information is not None
    (related,) = diagnostic.related_information
    assert related.location.uri == tfvars_document
    assert related.location.range.start == types.Position(0, 12)


@ONE_SERVER
async def test_a_file_changed_on_disk_relints_the_open_buffers_of_its_module(
    client: LanguageClient, module: Path
) -> None:
    main = open_document(client, module / "main.tf", CLEAN_MAIN_TF)
    await published(client, main, [])

    (module / "variables.tf").write_text(
        VARIABLES_TF.replace('default = "analytics"', 'default = "your-namespace-id"'),
        encoding="utf-8",
    )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri(module / "variables.tf"), types.FileChangeType.Changed)]
        )
    )
    await published(client, main, ["EUNO406"])


async def code_actions(
    client: LanguageClient, document: str, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(document),
            diagnostic.range,
            types.CodeActionContext([diagnostic]),
        )
    )
    assert actions is not None
    return [a for a in actions if isinstance(a, types.CodeAction)]


@ONE_SERVER
async def test_the_fix_action_corrects_the_finding(client: LanguageClient, module: Path) -> None:
    text = CLEAN_MAIN_TF.replace('"weekly"', '"Weekly"')
    document = open_document(client, module / "main.tf", text)
    await published(client, document, ["EUNO201"])
    (diagnostic,) = client.diagnostics[document]
    actions = await code_actions(client, document, diagnostic)
    fix = next(a for a in actions if a.is_preferred)
    assert fix.edit is not None and fix.edit.changes is not None
    (edit,) = fix.edit.changes[document]
    assert edit.new_text == '"weekly"'
    lines = text.split("\n")
    line = lines[edit.range.start.line]
    assert line[edit.range.start.character : edit.range.end.character] == '"Weekly"'
    lines[edit.range.start.line] = (
        line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
    )
    change_document(client, document, 2, "\n".join(lines))
    await published(client, document, [])


@ONE_SERVER
async def test_the_suppression_action_silences_the_finding(
    client: LanguageClient, module: Path
) -> None:
    text = CLEAN_MAIN_TF.replace('"weekly"', '"wekly"')
    document = open_document(client, module / "main.tf", text)
    await published(client, document, ["EUNO201"])
    (diagnostic,) = client.diagnostics[document]

    fix, action = await code_actions(client, document, diagnostic)
    assert fix.title == 'write "weekly" (EUNO201)'
    assert not fix.is_preferred  # "wekly" -> "weekly" is a guess: an unsafe fix
    assert action.title == "Suppress EUNO201 here (# euno-lint-ignore)"
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[document]
    assert edit.new_text == "    # euno-lint-ignore: EUNO201 -- <reason>\n"
    assert edit.range.start == edit.range.end == types.Position(4, 0)

    other_kinds = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(document),
            diagnostic.range,
            types.CodeActionContext(
                [diagnostic], only=[types.CodeActionKind.SourceOrganizeImports]
            ),
        )
    )
    assert other_kinds is not None and len(other_kinds) == 0

    lines = text.splitlines(keepends=True)
    lines.insert(4, edit.new_text)
    change_document(client, document, 2, "".join(lines))
    await published(client, document, [])


@ONE_SERVER
async def test_hover_explains_the_rule(client: LanguageClient, module: Path) -> None:
    document = open_document(client, module / "main.tf")
    await published(client, document, ["EUNO205", "EUNO205"])

    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(document), types.Position(5, 31))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**EUNO205** `invalid-repeat-on-day`")
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(document), types.Position(0, 0))
    )
    assert nothing is None


@ONE_SERVER
async def test_bad_input_does_not_stop_the_server(client: LanguageClient, module: Path) -> None:
    secret = "hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0"
    send_raw(client, b"{not json " + secret.encode())
    send_raw(
        client,
        b'{"jsonrpc": "2.0", "id": "bad", "method": "textDocument/hover", '
        b'"params": {"textDocument": 5, "position": "%s"}}' % secret.encode(),
    )
    send_raw(client, b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": []}')
    unknown = await client.text_document_hover_async(
        types.HoverParams(
            types.TextDocumentIdentifier(uri(module / "nowhere.tf")), types.Position(0, 0)
        )
    )
    assert unknown is None
    no_actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri(module / "nowhere.tf")),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext([]),
        )
    )
    assert no_actions is not None and len(no_actions) == 0
    assert not any(secret in m.message for m in client.log_messages)

    document = open_document(client, module / "main.tf", 'resource "euno_hex_integration" {\n')
    await published(client, document, ["EUNO001"])
    change_document(client, document, 2, MAIN_TF)
    await published(client, document, ["EUNO205", "EUNO205"])
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(document))
    )
    await published(client, document, [])


@ONE_SERVER
async def test_an_unusable_configuration_is_said_on_the_file_until_fixed(
    client: LanguageClient, module: Path
) -> None:
    config = module.parent / ".euno-lint.toml"
    config.write_text("no-such-setting = 1\n", encoding="utf-8")
    document = open_document(client, module / "main.tf")
    await until(lambda: bool(client.diagnostics.get(document)), "a diagnostic")
    (problem,) = client.diagnostics[document]
    assert problem.message.startswith("euno-lint cannot lint this file: ")
    assert "no-such-setting" in problem.message
    assert problem.range == types.Range(types.Position(0, 0), types.Position(0, 0))
    assert problem.code is None and problem.source == "euno-lint"

    config.write_text('ignore = ["EUNO205"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri(config), types.FileChangeType.Changed)]
        )
    )
    await published(client, document, [])


@pytest.mark.asyncio
async def test_positions_in_the_encoding_the_client_chose(
    utf8_client: LanguageClient, module: Path
) -> None:
    document = open_document(utf8_client, module / "main.tf")
    await published(utf8_client, document, ["EUNO205", "EUNO205"])

    first, second = utf8_client.diagnostics[document]
    # `    repeat_on = ["😀 mondäy", "tue"]`: the emoji is 4 bytes, the ä 2.
    assert first.range == types.Range(types.Position(5, 17), types.Position(5, 31))
    assert second.range == types.Range(types.Position(5, 33), types.Position(5, 38))


@pytest.mark.asyncio
async def test_the_server_asks_to_watch_terraform_and_configuration_files(
    watching_client: LanguageClient,
) -> None:
    registrations: list[types.Registration] = watching_client.registrations  # type: ignore[attr-defined]
    await until(lambda: bool(registrations), "a registration")
    (registration,) = registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    options = watching_client.protocol._converter.structure(
        registration.register_options, types.DidChangeWatchedFilesRegistrationOptions
    )
    assert [w.glob_pattern for w in options.watchers] == [
        "**/*.tf",
        "**/*.tf.json",
        "**/*.tfvars",
        "**/*.tfvars.json",
        "**/.euno-lint.toml",
        "**/pyproject.toml",
    ]


CALLED_MODULE = """\
variable "frequency" {
  type = string
}

variable "token" {
  type      = string
  sensitive = true
}

resource "euno_hex_integration" "sales" {
  name = "sales-analytics"

  schedule {
    frequency = var.frequency
  }

  invalidation_strategy {
    revision_id = "2024-06"
    ttl_days    = 7
  }

  configuration {
    api_token    = var.token
    project_id   = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"
    namespace_id = "analytics"
  }
}
"""


@ONE_SERVER
async def test_a_new_caller_on_disk_is_seen_after_the_change_is_notified(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    called = tmp_path / "modules" / "hex"
    called.mkdir(parents=True)
    (called / "main.tf").write_text(CALLED_MODULE, encoding="utf-8")
    document = open_document(client, called / "main.tf")
    await published(client, document, [])

    root = tmp_path / "envs" / "prod"
    root.mkdir(parents=True)
    caller = root / "main.tf"
    caller.write_text(
        'module "hex" {\n  source    = "../../modules/hex"\n  frequency = "dayly"\n}\n',
        encoding="utf-8",
    )
    change_document(client, document, 2, CALLED_MODULE + "\n")
    await published(client, document, [])  # the repository scan is reused while typing
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri(caller), types.FileChangeType.Created)]
        )
    )
    await published(client, document, ["EUNO201"])
    (diagnostic,) = client.diagnostics[document]
    assert diagnostic.related_information is not None
    assert diagnostic.related_information[0].location.uri == uri(caller)
