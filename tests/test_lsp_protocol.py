"""The language server's conversions, without a client: positions (1-based characters to
0-based UTF-16 code units, or the encoding the client chose), findings to diagnostics, fixes to
workspace edits, where a suppression comment goes, and ``--lsp`` without pygls."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsprotocol import types

from euno_lint.engine.suppress import statement_line
from euno_lint.findings import Finding, Fix, FixEdit, Location, Severity
from euno_lint.hcl import parse
from euno_lint.lsp.positions import Lines, split_lines
from euno_lint.lsp.protocol import diagnostic, fix_action, hover_markdown, uri_of
from euno_lint.rules import find_rule
from euno_lint.rules.reference import page_url
from tests.conftest import Run

# "é" is one UTF-16 unit, "😀" (U+1F600) two, "中" one.
TEXT = 'a = "é😀中x"\r\nb = "😀😀"\rc = 1\n'


def P(line: int, character: int) -> types.Position:
    return types.Position(line, character)


def test_lines_are_split_as_lsp_splits_them() -> None:
    assert split_lines(TEXT) == ['a = "é😀中x"', 'b = "😀😀"', "c = 1", ""]
    assert split_lines("x\x0cy\u2028z") == ["x\x0cy\u2028z"]  # not str.splitlines


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        (1, 1, P(0, 0)),
        (1, 6, P(0, 5)),  # before é
        (1, 7, P(0, 6)),  # before 😀
        (1, 8, P(0, 8)),  # after 😀: two units
        (1, 9, P(0, 9)),  # after 中
        (1, 11, P(0, 11)),  # after the closing quote: the end of the line
        (1, 40, P(0, 11)),  # past the end: clamped
        (2, 8, P(1, 9)),  # between the two emoji, after a CRLF line
        (3, 5, P(2, 4)),  # after a lone CR
        (9, 1, P(3, 0)),  # past the last line: its end
        (0, 3, P(0, 0)),
    ],
)
def test_positions_count_utf16_code_units(line: int, column: int, expected: types.Position) -> None:
    assert Lines.of(TEXT).position(line, column) == expected


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-16", P(0, 9)), ("utf-8", P(0, 14)), ("utf-32", P(0, 8))],
)
def test_a_client_may_agree_on_another_position_encoding(
    encoding: str, expected: types.Position
) -> None:
    # 'a = "' is 5 units in any encoding; é is 2 UTF-8 bytes, 😀 4, 中 3.
    assert Lines.of(TEXT, encoding).position(1, 9) == expected


def test_a_bom_is_not_a_column() -> None:
    assert Lines.of("\ufeffa😀 = 1").position(1, 3) == P(0, 3)


def finding(**overrides: object) -> Finding:
    values: dict[str, object] = {
        "path": "infra/main.tf",
        "line": 2,
        "column": 6,
        "end_line": 2,
        "end_column": 8,
        "code": "EUNO205",
        "name": "invalid-repeat-on-day",
        "severity": Severity.ERROR,
        "message": '"😀" is not a day of the week',
    }
    values.update(overrides)
    return Finding(**values)  # type: ignore[arg-type]


def lines_of_nothing(_path: str) -> Lines | None:
    return None


def test_a_finding_becomes_a_diagnostic_with_its_rule_page() -> None:
    lines = Lines.of('x = 1\nd = ["😀", "x"]\n')
    result = diagnostic(finding(), lines, "/repo", lines_of_nothing)

    assert result.range == types.Range(P(1, 5), P(1, 8))
    assert result.severity == types.DiagnosticSeverity.Error
    assert result.code == "EUNO205"
    assert result.source == "euno-lint"
    assert result.message == '"😀" is not a day of the week'
    rule = find_rule("EUNO205")
    assert rule is not None and result.code_description is not None
    assert result.code_description.href == page_url(rule)  # SARIF's helpUri
    assert result.related_information is None


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        (Severity.ERROR, types.DiagnosticSeverity.Error),
        (Severity.WARNING, types.DiagnosticSeverity.Warning),
        (Severity.NOTE, types.DiagnosticSeverity.Information),
    ],
)
def test_severities(severity: Severity, expected: types.DiagnosticSeverity) -> None:
    result = diagnostic(finding(severity=severity), Lines.of("x\n"), "/repo", lines_of_nothing)
    assert result.severity == expected


def test_related_locations_are_converted_with_their_own_file() -> None:
    related = Location("infra/terraform.tfvars", 1, 5, 1, 8, excerpt='  t = "😀x"  ')
    other = Lines.of('t = "😀x"\n')

    def lines_of(path: str) -> Lines | None:
        return other if path == "/repo/infra/terraform.tfvars" else None

    result = diagnostic(finding(related=(related,)), Lines.of("x\n"), "/repo", lines_of)

    assert result.related_information == [
        types.DiagnosticRelatedInformation(
            types.Location("file:///repo/infra/terraform.tfvars", types.Range(P(0, 4), P(0, 8))),
            't = "😀x"',
        )
    ]


def test_a_fix_becomes_a_workspace_edit_across_files() -> None:
    texts = {"/repo/infra/main.tf": Lines.of('a = "😀"\n'), "/repo/vars.tf": Lines.of("b = 1\n")}
    fix = Fix(
        "Write the day in full",
        True,
        (
            FixEdit("infra/main.tf", 1, 6, 1, 7, 5, 9, "monday"),
            FixEdit("vars.tf", 1, 1, 1, 1, 0, 0, "# new\n"),
        ),
    )
    published = types.Diagnostic(types.Range(P(0, 4), P(0, 8)), "m")

    action = fix_action(finding(fix=fix), fix, published, "/repo", texts.get)

    assert action.title == "Write the day in full (EUNO205)"
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.is_preferred is True
    assert action.diagnostics == [published]
    assert action.edit == types.WorkspaceEdit(
        changes={
            uri_of("/repo/infra/main.tf"): [
                types.TextEdit(types.Range(P(0, 5), P(0, 7)), "monday")
            ],
            uri_of("/repo/vars.tf"): [types.TextEdit(types.Range(P(0, 0), P(0, 0)), "# new\n")],
        }
    )
    unsafe = fix._replace(safe=False)
    assert not fix_action(finding(fix=unsafe), unsafe, published, "/repo", texts.get).is_preferred


STATEMENTS = """\
resource "euno_hex_integration" "x" {
  name = "n"
  schedule {
    repeat_on = [
      "mon",
    ]
  }
}
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [(1, 1), (2, 2), (3, 3), (5, 4), (6, 4), (7, 3), (8, 1), (9, None)],
)
def test_a_suppression_goes_above_the_innermost_statement(line: int, expected: int | None) -> None:
    assert statement_line(parse(STATEMENTS).body, line) == expected


def test_hover_text_explains_the_rule() -> None:
    text = hover_markdown(["EUNO205", "EUNO205", "NOPE"])
    rule = find_rule("EUNO205")
    assert rule is not None and text is not None
    assert text.startswith(f"**EUNO205** `invalid-repeat-on-day` (error)\n\n{rule.summary}.")
    assert text.count("**EUNO205**") == 1
    assert text.endswith(f"[EUNO205 reference]({page_url(rule)})")
    assert hover_markdown(["NOPE"]) is None


def test_lsp_without_pygls_says_how_to_install_it(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls now raises ImportError
    result = run_cli(["--lsp"])
    assert result.exit_code == 2
    assert result.stderr == ("euno-lint: error: --lsp needs pygls: pip install 'euno-lint[lsp]'\n")


def test_a_session_offers_a_findings_fix_and_its_suppression(tmp_path: Path) -> None:
    from euno_lint.config import Settings
    from euno_lint.lsp.session import Linted, Session

    text = 'resource "euno_hex_integration" "x" {\n  schedule {\n    frequency = "dayly"\n  }\n}\n'
    path = tmp_path / "main.tf"
    session = Session()
    document = session.open(path.as_uri(), text, 3)
    assert document is not None
    fix = Fix("Write daily", True, (FixEdit("main.tf", 3, 17, 3, 22, 0, 0, "daily"),))
    found = finding(path="main.tf", line=3, column=5, end_line=3, end_column=24, fix=fix)
    lines = Lines.of(text)
    published = diagnostic(found, lines, str(tmp_path), lines_of_nothing)
    session.linted[document.uri] = Linted(
        document, lines, str(tmp_path), Settings(), ((found, published),)
    )
    newer = text.replace("    frequency", "😀😀frequency")  # the fix is for the linted text
    session.open(path.as_uri(), newer, 4)

    fixed, suppressed = session.code_actions(document.uri, published.range)

    assert fixed.edit == types.WorkspaceEdit(
        changes={document.uri: [types.TextEdit(types.Range(P(2, 16), P(2, 21)), "daily")]}
    )
    assert fixed.is_preferred
    assert suppressed.edit == types.WorkspaceEdit(
        changes={
            document.uri: [
                types.TextEdit(
                    types.Range(P(2, 0), P(2, 0)), "    # euno-lint-ignore: EUNO205 -- <reason>\n"
                )
            ]
        }
    )
    elsewhere = types.Range(P(0, 0), P(0, 3))
    assert session.code_actions(document.uri, elsewhere) == []
    assert session.code_actions("file:///nowhere.tf", published.range) == []
