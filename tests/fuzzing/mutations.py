"""Structure-aware mutations of small Terraform modules, driven by any source of choices.

A fuzz case is a module (a few named files) plus how to lint it. Every random decision goes
through a `Chooser`, so the same mutations serve three drivers: hypothesis (whose draws shrink),
a seeded `random.Random`, and atheris' custom mutator. A case round-trips through one byte
string (`encode_case`/`decode_case`) so that a crash is a single replayable file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Protocol, TypeVar

T = TypeVar("T")

MAX_FILES = 6
MAX_FILE_BYTES = 64 * 1024

# --------------------------------------------------------------------------- choices


class Chooser(Protocol):
    """A source of decisions: an integer in ``range(n)``."""

    def below(self, n: int) -> int:
        """A number ``0 <= k < n`` (``n >= 1``)."""
        ...


class RandomChooser:
    """Decisions from a seeded `random.Random`."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng

    def below(self, n: int) -> int:
        """A uniformly random number below n."""
        return self.rng.randrange(n) if n > 1 else 0


def pick(chooser: Chooser, items: Sequence[T]) -> T:
    """One of the items."""
    return items[chooser.below(len(items))]


def one_in(chooser: Chooser, n: int) -> bool:
    """True with probability 1/n."""
    return chooser.below(n) == 0


# --------------------------------------------------------------------------- the case


@dataclass
class Case:
    """A module to lint and how: its files by relative path, and the lint options."""

    files: dict[str, bytes] = field(default_factory=dict)
    target: str = ""  # "" lints the directory; otherwise this file is given by name
    var_file: str = ""  # a file (of `files`) passed as --var-file
    color: bool = False
    show_source: bool = True

    def copy(self) -> Case:
        """An independent copy."""
        return Case(dict(self.files), self.target, self.var_file, self.color, self.show_source)


_FILE_HEADER = b"#@@euno-fuzz-file "
_CASE_HEADER = b"#@@euno-fuzz-case "
_HEADER_RE = re.compile(rb"(?m)^#@@euno-fuzz-file ([^\n]*)\n")
_SAFE_PART = re.compile(r"[A-Za-z0-9_.+-]{1,64}")


def safe_name(name: str) -> str | None:
    """A relative path that stays inside the module directory, or None."""
    parts = name.split("/")
    if len(parts) > 3 or not all(_SAFE_PART.fullmatch(p) and p not in (".", "..") for p in parts):
        return None
    return name


def encode_case(case: Case) -> bytes:
    """One byte string holding the whole case (the inverse of `decode_case`)."""
    out: list[bytes] = []
    defaults = Case()
    if (case.target, case.var_file, case.color, case.show_source) != (
        defaults.target,
        defaults.var_file,
        defaults.color,
        defaults.show_source,
    ):
        options = (
            f"target={case.target} var_file={case.var_file} "
            f"color={int(case.color)} source={int(case.show_source)}"
        )
        out.append(_CASE_HEADER + options.encode() + b"\n")
    names = list(case.files)
    for index, name in enumerate(names):
        content = case.files[name]
        out.append(_FILE_HEADER + name.encode() + b"\n" + content)
        if index + 1 < len(names):
            out.append(b"\n")
    return b"".join(out)


def decode_case(data: bytes) -> Case:
    """Read a case back; any byte string is a valid case (unknown parts are kept as text)."""
    case = Case()
    if data.startswith(_CASE_HEADER):
        line, _, data = data.partition(b"\n")
        for item in line[len(_CASE_HEADER) :].decode("utf-8", "replace").split():
            key, _, value = item.partition("=")
            if key == "target":
                case.target = safe_name(value) or ""
            elif key == "var_file":
                case.var_file = safe_name(value) or ""
            elif key == "color":
                case.color = value == "1"
            elif key == "source":
                case.show_source = value != "0"
    matches = list(_HEADER_RE.finditer(data))
    if not matches or matches[0].start() > 0:
        end = matches[0].start() if matches else len(data)
        _add_file(case, "main.tf", data[:end], followed=bool(matches))
    for index, match in enumerate(matches):
        followed = index + 1 < len(matches)
        end = matches[index + 1].start() if followed else len(data)
        name = safe_name(match.group(1).decode("utf-8", "replace")) or "main.tf"
        _add_file(case, name, data[match.end() : end], followed=followed)
    return case


def _add_file(case: Case, name: str, content: bytes, *, followed: bool) -> None:
    if followed and content.endswith(b"\n"):
        content = content[:-1]
    case.files[name] = content


def case_from_path(path: Path) -> Case:
    """A case from disk: a .fuzz file, a crash directory, a Terraform file or a module dir."""
    if path.is_dir() and (path / "input.fuzz").is_file():
        return decode_case((path / "input.fuzz").read_bytes())
    if path.is_file():
        if path.suffix == ".fuzz":
            return decode_case(path.read_bytes())
        return Case({path.name: path.read_bytes()})
    files = sorted(p for p in path.rglob("*") if p.is_file())
    return Case({p.relative_to(path).as_posix(): p.read_bytes() for p in files})


# --------------------------------------------------------------------------- seeds


def seed_cases(root: Path) -> list[tuple[str, Case]]:
    """Valid configurations to start from: each example and fixture module, named."""
    seeds: list[tuple[str, Case]] = []
    for base in (root / "examples", root / "tests" / "fixtures"):
        if not base.is_dir():
            continue
        for module_dir in sorted({p.parent for p in base.rglob("*") if _is_terraform(p)}):
            files = sorted(p for p in module_dir.iterdir() if _is_terraform(p))
            single_files = base.name == "fixtures" and module_dir.parent == base
            if single_files:
                # A rule's fixture directory holds independent cases: one seed per file.
                for path in files:
                    seeds.append((_seed_name(root, path), Case({path.name: path.read_bytes()})))
            else:
                case = Case({p.name: p.read_bytes() for p in files})
                seeds.append((_seed_name(root, module_dir), case))
    return seeds


def _is_terraform(path: Path) -> bool:
    return path.is_file() and path.name.endswith((".tf", ".tfvars", ".tfvars.json"))


def _seed_name(root: Path, path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", path.relative_to(root).as_posix())


# --------------------------------------------------------------------------- dictionaries

CRONS = (
    "0 0 9 * * MON-FRI", "*/15 * * * *", "0 8 * * * *", "0 0 8 * * *", "* * * * * *",
    "0 0 0 29 2 *", "0 0 0 30 2 *", "0 0 0 31 4 *", "0 0 0 31 2 MON", "0 0 0 L * *",
    "0 0 0 * * 5L", "0 0 0 * * MON#2", "0 0 0 * * 1#5", "0 0 0 ? * *", "0 0 0 15W * *",
    "0 0 0 LW * *", "@daily", "@hourly", "@reboot", "@yearly", "@every 5m", "H * * * * *",
    "0 0 0 1-31/0 * *", "0/0 * * * * *", "*/0 * * * * *", "0 0 0 */1000 * *",
    "60 60 24 32 13 8", "-1 * * * * *", "0 0 0 * * 7", "0 0 0 * * 8", "0 0 0 * * SUN-SAT",
    "0 0 0 * * FRI-MON", "0 0 0 * * SAT-SUN", "0 0 0 1 1 * 2099", "0 0 0 1 1 * 1970",
    "0 0 0 * * MON,TUE,,", "0 0 0 1-99999999999999999999 * *", "", " ", "0", "0 0",
    "0 0 0 * * * * *", "0 0 0 * JAN-DEC MON", "0 0 0 * DEC-JAN *", "0 0 0 1,15 * MON-FRI",
    "0 0 */2 * * *", "0 */1 * * * *", "30 59 23 31 12 *", "0 0 0 * * \uff2d\uff2f\uff2e",
    "0 0 0 ٣ * *",
    "0 0 0 * * mon-fri", "0 0 0 1 * 1-7", "0 0 0 * * 0-7/2", "0 0 0 31 */2 *", "${var.cron}",
    "0 0 0 * * MON-", "0 0 0 * * -FRI", "0 0 0 1--3 * *", "0 0 0 * * L", "0 0 0 0 0 0",
)  # fmt: skip
DAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "Monday", "MONDAY", "mon", "MON", "tues", "thu", "sun", "funday", "", " monday",
    "monday ", "mondaý", "\uff4d\uff4f\uff4e\uff44\uff41\uff59", "monday\u0000", "1", "7",
    "0", "mon-fri", "weekday",
)  # fmt: skip
FREQUENCIES = (
    "daily", "weekly", "custom", "hourly", "monthly", "Daily", "WEEKLY", "Custom", "",
    " daily", "dailly", "cron", "once", "never", "custom ", "\uff44\uff41\uff49\uff4c\uff59",
)  # fmt: skip
STRINGS = (
    "", " ", "a", "main", "sales-analytics", "marketing-dashboards", "2024-06", "analytics",
    "ünïcødé", "\u202eevil", "🦄", "日本語", "\u0085", "\u2028", "\u2029", "\ufeff", "\u200b",
    "\\u0000", "\\n", "\\t", '\\"', "\\\\", "\\x41", "\\U0001F984", "\\uD800", "\\", "\\u12",
    "$${literal}", "%%{literal}", "${", "%{", "}", "${var.revision_id}", "${local.namespace}",
    "pre-${var.revision_id}-post", "%{ if true }a%{ else }b%{ endif }",
    "%{ for d in [1] }${d}%{ endfor }",
    "${var.revision_id", "${}", "${ 1 + }", "hxtw_EXAMPLEonlyEXAMPLEonlyEXAMPLE0",
    "hxtw_" + "A" * 60, "Bearer abcdefghijklmnopqrstuvwxyz0123456789", "changeme", "TODO",
    "<REPLACE_ME>", "your-namespace-id", "xxx", "3f9c2d1e-8b7a-4c6d-9e0f-1a2b3c4d5e6f",
    "3F9C2D1E-8B7A-4C6D-9E0F-1A2B3C4D5E6F", "3f9c2d1e8b7a4c6d9e0f1a2b3c4d5e6f",
    "https://app.hex.tech/acme/hex/3f9c2d1e-8b7a-4c6d-9e0f-1a2b3c4d5e6f/draft/logic",
    "https://app.hex.tech/", "http://[::1", "euno_hex_integration", "euno_", "var.x",
    "euno-lint-ignore: EUNO201", "# euno-lint-ignore: EUNO401", "/* */", "// x", "x" * 5000,
    "\u0000", "\x1b[31mred\x1b[0m", "a\nb", "a\r\nb", "\t", "\ud800",
)  # fmt: skip
NUMBERS = (
    "0", "1", "-1", "7", "3", "30", "365", "366", "3.5", "-0", "0.0", "1e308", "1e309",
    "-1e309", "1e-400", "99999999999999999999999999", "007", "0x1F", "1_000", "1.", ".5",
    "2147483648", "9223372036854775808", "NaN", "inf", "1e", "7.0", "6.999999999999999999",
)  # fmt: skip
EXPRESSIONS = (
    "true", "false", "null", '"true"', '"yes"', '"7"', "var.revision_id", "var.hex_api_token",
    "var.missing", "var", "var.", "local.namespace", "local.missing", "local", "each.value",
    "each.key", "count.index", "self.name", "path.module", "terraform.workspace",
    'var.m["k"]', "var.l[0]", "var.l[-1]", "var.l[99999999999999999999]", "local.a.b.c",
    "data.x.y.z", "module.m.out", "euno_hex_integration.main.id", "var.l[*].id",
    "var.l.*.id", 'upper("daily")', 'file("secret.txt")', 'lookup(var.m, "k", "d")',
    "jsonencode({})", 'format("%s", 1)', "max()", "min(1, 2)", 'provider::x::f("a")',
    "[]", "[1, 2]", '["monday", var.day]', "{}", "{ a = 1 }", '{ "k" : "v" }', "{ a = 1, a = 2 }",
    "[for d in var.days : upper(d)]", "{for k, v in var.m : k => v}",
    "[for d in var.days : d if d != \"\"]", "{for k, v in var.m : k => v...}", "[1,]", "[,]",
    "{,}", 'true ? "a" : "b"', 'var.x == "" ? null : var.x', "1 + 2", "7 / 0", "7 % 0",
    "-var.x", "!true", "1 +", "(1)", "((((1))))", "a.b[0].c", "<<EOF\nline\nEOF",
    "<<-EOT\n    indented ${var.revision_id}\n    EOT", "<<EOF\nunterminated", "<<EOF\nEOF",
    "<<EOF\r\nx\r\nEOF", "<<EOF\n${var.hex_api_token}\nEOF", "<<-EOF\n\tx\n   EOF",
    '"unterminated', '"a" "b"', "'single'", "`back`", "01/02", "1..2", "a = b", "#", "//",
)  # fmt: skip
BLOCK_KEYS = (
    "name", "active", "schedule", "frequency", "cron_expression", "repeat_on",
    "invalidation_strategy", "revision_id", "ttl_days", "configuration", "api_token",
    "project_id", "namespace_id", "exclude_deleted_notebooks", "for_each", "count", "lifecycle",
    "depends_on", "provider", "dynamic", "content", "iterator", "variable", "locals", "import",
    "to", "id", "default", "sensitive", "type", "description", "validation", "resource", "data",
    "module", "output", "value", "moved", "from", "terraform", "ignore_changes", "nullable",
)  # fmt: skip
SNIPPETS = (
    "# euno-lint-ignore: EUNO201\n", "# euno-lint-ignore: EUNO201, EUNO401 -- reason\n",
    "# euno-lint-ignore-file: EUNO406\n", "# euno-lint-ignore-file: EUNO001\n",
    "# euno-lint-ignore:\n", "# euno-lint-ignore EUNO401\n", "// euno-lint-ignore: EUNO2O1\n",
    "# euno-lint-ignore: missing-required-argument\n", "# euno-lint-ignore: EUNO999\n",
    "# euno-lint-ignore-all: EUNO406\n", "/* euno-lint-ignore: EUNO406 */\n",
    "# euno-lint-ignore: EUNO201 --\n", "# euno-lint-ignore: ,,, --\n",
    "# euno-lint-ignore: EUNO201 EUNO202\n", "#euno-lint-ignore:EUNO201\n",
    "# EUNO-LINT-IGNORE: EUNO201\n", "# euno-lint-ignore-next-line: EUNO201\n",
    "# euno-lint-ignore: EUNO201 -- 日本語 \u202e\n", "# expect: EUNO201\n",
    "/* a\n   multi-line\n   comment */\n", "/* unterminated\n", "*/\n", "// x\n", "#\n",
    "/**/", "/*/", "# \u2028 split\n", "\n\n\n", "\t\t  \n",
)  # fmt: skip
BLOCKS = (
    'variable "revision_id" {\n  default = "2024-06"\n}\n',
    'variable "hex_api_token" {\n  type = string\n  sensitive = true\n}\n',
    'variable "days" {\n  default = ["monday", "sunday"]\n}\n',
    'variable "cron" {\n  default = "0 0 8 * * *"\n}\n', 'variable "x" {}\n',
    'variable "x" {\n  default = null\n}\n', "locals {\n  namespace = local.namespace\n}\n",
    'locals {\n  a = "${local.b}"\n  b = "${local.a}"\n}\n', "locals {\n  x = var.x\n}\n",
    'import {\n  to = euno_hex_integration.main\n  id = "abc"\n}\n',
    'import {\n  to = euno_hex_integration.main["k"]\n  id = "abc"\n}\n',
    'import {\n  for_each = var.m\n  to = euno_hex_integration.x[each.key]\n  id = each.value\n}\n',
    'schedule {\n  frequency = "daily"\n}\n',
    'schedule {\n  frequency = "custom"\n  cron_expression = "0 0 8 * * *"\n}\n',
    'dynamic "schedule" {\n  for_each = []\n  content {\n    frequency = "daily"\n  }\n}\n',
    "lifecycle {\n  ignore_changes = [name]\n}\n", "terraform {\n}\n", "moved {\n}\n",
    'invalidation_strategy {\n  revision_id = "r"\n  ttl_days = 1\n}\n',
    'configuration {\n  api_token = "hxtw_x"\n  project_id = "p"\n  namespace_id = "n"\n}\n',
    'resource "euno_hex_integration" "main" {\n  name = "main"\n  schedule {\n'
    '    frequency = "weekly"\n    repeat_on = ["monday"]\n  }\n  invalidation_strategy {\n'
    '    revision_id = "2024-06"\n    ttl_days = 7\n  }\n  configuration {\n'
    '    api_token = var.hex_api_token\n    project_id = "0b7c6a52-1f1e-4c7e-9d3a-3f0e8f1e2a10"\n'
    '    namespace_id = "analytics"\n  }\n}\n',
    'resource "euno_hex_integration" "each" {\n  for_each = var.m\n  name = each.key\n}\n',
    'resource "euno_hex_integration" "count" {\n  count = 2\n  name = "n-${count.index}"\n}\n',
    'resource "euno_hex_integration" {\n}\n', 'resource "euno_hex_integration" "" {\n}\n',
    'resource "other" "x" {\n  name = "euno_"\n}\n', 'data "euno_hex_integration" "x" {\n}\n',
    "block {\n}\n", "a = 1\n", 'resource "euno_hex_integration" "x" "y" {\n}\n',
    'resource euno_hex_integration main {\n  name = "bare"\n}\n',
)  # fmt: skip
TOKENS = (
    "{", "}", "[", "]", "(", ")", '"', "${", "%{", "<<EOF", "<<-EOF", "=", "==", ",", ".", "*",
    "...", "?", ":", "=>", "for", "in", "if", "endif", "null", "true", "-", "!", "&&", "||",
    "#", "//", "/*", "*/", "\\", "'", "\n", "\r\n", "\r", "\t", " ", ";", "@", "euno_",
)  # fmt: skip
RAW_BYTES = (
    b"\x00", b"\xff", b"\xfe", b"\xc3\x28", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    b"\xe2\x80\xae", b"\xf0\x9f\xa6\x84", b"\x1b[31m", b"\r", b"\x0b", b"\x0c", b"\xc2\x85",
    b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbb\xbf", b"\xe2\x80\x8b", b"\xc2\xa0", b"\x7f",
    b"\xe3\x80\x80", b"\xcc\x81", b"\xf0\x9d\x94\x98", b"\x80", b"\xe2\x82",
)  # fmt: skip
CODES = tuple(f"EUNO{n:03d}" for n in (1, 2, 3, 101, 102, 103, 104, 105)) + tuple(
    f"EUNO{n}" for n in (*range(201, 209), 301, 302, 303, *range(401, 409), 501, 503, 999)
)
IGNORE_FORMS = (
    "# euno-lint-ignore: {c}", "# euno-lint-ignore: {c} -- {r}", "// euno-lint-ignore: {c}",
    "# euno-lint-ignore-file: {c}", "# euno-lint-ignore: {c}, {c}", "/* euno-lint-ignore: {c} */",
    "# euno-lint-ignore: {c},", "# euno-lint-ignore:{c}--{r}", "#euno-lint-ignore: {c}",
    "# euno-lint-ignore-file: {c} -- {r}", "# euno-lint-ignore: {c} # euno-lint-ignore: {c}",
)  # fmt: skip
FILE_NAMES = (
    "main.tf", "variables.tf", "other.tf", "terraform.tfvars", "terraform.tfvars.json",
    "prod.auto.tfvars", "a.auto.tfvars.json", "extra.tfvars", "sub/main.tf", "sub/x.tfvars",
    "main.tf.json", ".gitignore", "sub/.gitignore", ".hidden/main.tf", "x.tf", "notes.txt",
)  # fmt: skip
GITIGNORES = (
    "*.tf\n", "!main.tf\n", "main.tf\n", "[\n", "\\\n", "sub/\n", "**\n", "*\n!*.tf\n",
    "#comment\n", "/main.tf\n", "*.tfvars\n", "!\n", "[a-\n", "\x00\n", "\ufeff*.tf\n",
)  # fmt: skip

_TOKEN_RE = re.compile(
    rb'"(?:[^"\\\n]|\\.)*"?|<<-?[A-Za-z_]+|#[^\n]*|//[^\n]*|/\*.*?\*/|[A-Za-z_][A-Za-z0-9_-]*'
    rb"|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\r?\n|[ \t]+|\$\{|%\{|=>|==|!=|<=|>=|&&|\|\|"
    rb"|\.\.\.|.",
    re.S,
)
_ATTRIBUTE_RE = re.compile(rb"(?m)^([ \t]*)([A-Za-z_][A-Za-z0-9_-]*)([ \t]*=[ \t]*)([^\n]*?)(\r?)$")
_HEADER_LINE_RE = re.compile(
    rb"(?m)^([ \t]*)([A-Za-z_][A-Za-z0-9_-]*)"
    rb'((?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][A-Za-z0-9_-]*))*)[ \t]*\{'
)
_STRING_RE = re.compile(rb'"(?:[^"\\\n]|\\.)*"')
_NUMBER_RE = re.compile(rb"(?<![A-Za-z0-9_.])[0-9]+(?:\.[0-9]+)?(?![A-Za-z0-9_])")
_BOOL_RE = re.compile(rb"\b(?:true|false|null)\b")

# --------------------------------------------------------------------------- helpers


def _quote(text: str) -> bytes:
    """A HCL string literal for text (escaped so that it parses)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return b'"' + escaped.replace("\r", "\\r").encode("utf-8", "surrogatepass") + b'"'


def _raw(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def tokens_of(data: bytes) -> list[bytes]:
    """Split bytes into rough HCL tokens (every byte belongs to one)."""
    return [m.group() for m in _TOKEN_RE.finditer(data)]


def _significant(tokens: Sequence[bytes]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.strip()]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _any_value(chooser: Chooser) -> bytes:
    kind = chooser.below(7)
    if kind == 0:
        return _quote(pick(chooser, STRINGS))
    if kind == 1:
        return _raw(pick(chooser, NUMBERS))
    if kind == 2:
        return _quote(pick(chooser, CRONS))
    if kind == 3:
        return _day_list(chooser)
    if kind == 4:
        return _deep_value(chooser)
    if kind == 5:
        return _raw(pick(chooser, STRINGS))  # unquoted: usually a syntax error, or a name
    return _raw(pick(chooser, EXPRESSIONS))


def _day_list(chooser: Chooser) -> bytes:
    days = [_quote(pick(chooser, DAYS)) for _ in range(chooser.below(9))]
    if one_in(chooser, 4):
        days.append(_raw(pick(chooser, EXPRESSIONS)))
    separator = pick(chooser, (b", ", b",", b",\n", b" ", b",,"))
    return b"[" + separator.join(days) + pick(chooser, (b"]", b",]", b"", b"}"))


def _deep_value(chooser: Chooser) -> bytes:
    depth = pick(chooser, (2, 10, 50, 200, 1000, 3000))
    opener, closer = pick(
        chooser,
        ((b"[", b"]"), (b"(", b")"), (b"{a=", b"}"), (b"[[", b"]]"), (b'"${', b'}"'), (b"-", b"")),
    )
    inner = _raw(pick(chooser, ("1", '"x"', "var.x", "", "null")))
    closing = closer * depth if not one_in(chooser, 5) else closer * max(0, depth - 1)
    return opener * depth + inner + closing


def _value_for(key: bytes, chooser: Chooser) -> bytes:
    if one_in(chooser, 4):
        return _any_value(chooser)
    if key == b"frequency":
        return _quote(pick(chooser, FREQUENCIES))
    if key == b"cron_expression":
        return _quote(pick(chooser, CRONS))
    if key == b"repeat_on":
        return _day_list(chooser)
    if key in (b"ttl_days", b"count"):
        return _raw(pick(chooser, NUMBERS))
    if key in (b"active", b"exclude_deleted_notebooks", b"sensitive", b"nullable"):
        return _raw(pick(chooser, ("true", "false", "null", '"true"', '"no"', "1", "var.flag")))
    return _any_value(chooser)


# --------------------------------------------------------------------------- mutations
# Each mutation changes one file's bytes (or the file set) of a case in place.


def _file(case: Case, chooser: Chooser) -> str:
    if not case.files:
        case.files["main.tf"] = b""
    return pick(chooser, sorted(case.files))


def _token_edit(case: Case, chooser: Chooser) -> None:
    name = _file(case, chooser)
    tokens = tokens_of(case.files[name])
    significant = _significant(tokens)
    if not significant:
        tokens.append(_raw(pick(chooser, TOKENS)))
    else:
        index = pick(chooser, significant)
        action = chooser.below(5)
        if action == 0:
            del tokens[index]
        elif action == 1:
            tokens.insert(index, tokens[index])
        elif action == 2:
            other = pick(chooser, significant)
            tokens[index], tokens[other] = tokens[other], tokens[index]
        elif action == 3:
            tokens[index] = _raw(pick(chooser, TOKENS))
        else:
            tokens.insert(index + chooser.below(2), _raw(pick(chooser, TOKENS)))
    case.files[name] = b"".join(tokens)


def _line_edit(case: Case, chooser: Chooser) -> None:
    name = _file(case, chooser)
    lines = _lines(case.files[name])
    index = chooser.below(len(lines))
    action = chooser.below(5)
    if action == 0:
        del lines[index]
    elif action == 1:
        lines.insert(index, lines[index])
    elif action == 2:
        other = chooser.below(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif action == 3:
        end = min(len(lines), index + 1 + chooser.below(8))
        del lines[index:end]
    else:
        end = min(len(lines), index + 1 + chooser.below(8))
        lines[index:index] = lines[index:end] * (1 + chooser.below(3))
    case.files[name] = b"\n".join(lines)


def _insert_bytes(case: Case, chooser: Chooser) -> None:
    name = _file(case, chooser)
    data = case.files[name]
    at = chooser.below(len(data) + 1)
    if one_in(chooser, 3):
        inserted = bytes(chooser.below(256) for _ in range(1 + chooser.below(4)))
    elif one_in(chooser, 3):
        inserted = _raw(pick(chooser, STRINGS))
    else:
        inserted = pick(chooser, RAW_BYTES) * (1 + chooser.below(2))
    case.files[name] = data[:at] + inserted + data[at:]


def _replace_literal(case: Case, chooser: Chooser) -> None:
    name = _file(case, chooser)
    data = case.files[name]
    kind = chooser.below(3)
    pattern = (_STRING_RE, _NUMBER_RE, _BOOL_RE)[kind]
    matches = list(pattern.finditer(data))
    if not matches:
        return
    match = pick(chooser, matches)
    if kind == 0:
        pool = pick(chooser, (STRINGS, CRONS, DAYS, FREQUENCIES))
        new = _quote(pick(chooser, pool)) if not one_in(chooser, 6) else _any_value(chooser)
    elif kind == 1:
        new = _raw(pick(chooser, NUMBERS))
    else:
        new = _raw(pick(chooser, ("true", "false", "null", '"true"', "1", "0", "True", "yes")))
    case.files[name] = data[: match.start()] + new + data[match.end() :]


def _replace_attribute(case: Case, chooser: Chooser) -> None:
    name = _file(case, chooser)
    data = case.files[name]
    matches = list(_ATTRIBUTE_RE.finditer(data))
    if not matches:
        return
    match = pick(chooser, matches)
    key = match.group(2)
    action = chooser.below(6)
    if action == 0:  # rename the key
        key = _raw(pick(chooser, BLOCK_KEYS))
        value = match.group(4)
    elif action == 1:  # turn the attribute into a block
        line = match.group(1) + key + b" {\n" + match.group(1) + b"}" + match.group(5)
        case.files[name] = data[: match.start()] + line + data[match.end() :]
        return
    else:
        value = _value_for(key, chooser)
    line = match.group(1) + key + match.group(3) + value + match.group(5)
    case.files[name] = data[: match.start()] + line + data[match.end() :]


def _edit_header(case: Case, chooser: Chooser) -> None:
    """Change a block's type or labels: drop, add, replace one, bare or quoted."""
    name = _file(case, chooser)
    data = case.files[name]
    matches = list(_HEADER_LINE_RE.finditer(data))
    if not matches:
        return
    match = pick(chooser, matches)
    block_type = match.group(2)
    labels = re.findall(rb'"[^"\n]*"|[A-Za-z_][A-Za-z0-9_-]*', match.group(3))
    action = chooser.below(5)
    if action == 0 and labels:
        del labels[chooser.below(len(labels))]
    elif action == 1:
        labels.insert(chooser.below(len(labels) + 1), _quote(pick(chooser, STRINGS)))
    elif action == 2 and labels:
        index = chooser.below(len(labels))
        label = pick(chooser, (*STRINGS, "euno_hex_integration", "main", "1x", "a.b", "each"))
        labels[index] = _quote(label) if not one_in(chooser, 3) else _raw(label)
    elif action == 3:
        block_type = _raw(pick(chooser, BLOCK_KEYS))
    else:
        labels = [_quote("euno_hex_integration"), _quote(pick(chooser, ("main", "x", "")))]
        block_type = b"resource"
    header = match.group(1) + block_type + b"".join(b" " + label for label in labels) + b" {"
    case.files[name] = data[: match.start()] + header + data[match.end() :]


def _nest(case: Case, chooser: Chooser) -> None:
    """Wrap some lines in blocks, from one level to very deep."""
    name = _file(case, chooser)
    lines = _lines(case.files[name])
    start = chooser.below(len(lines) + 1)
    end = min(len(lines), start + chooser.below(12))
    depth = pick(chooser, (1, 1, 2, 3, 10, 100, 600))
    block = pick(chooser, (b"schedule", b"configuration", b"content", b"a", b'dynamic "schedule"'))
    opened = [block + b" {"] * depth
    closed = [b"}"] * (depth - (1 if one_in(chooser, 6) else 0))
    lines[start:end] = opened + lines[start:end] + closed
    case.files[name] = b"\n".join(lines)


def _insert_snippet(case: Case, chooser: Chooser) -> None:
    """Insert a whole block, a comment or a suppression directive at a line or line end."""
    name = _file(case, chooser)
    lines = _lines(case.files[name])
    kind = chooser.below(3)
    if kind == 0:
        snippet = _raw(pick(chooser, BLOCKS))
    elif kind == 1:
        snippet = _raw(pick(chooser, SNIPPETS))
    else:
        form = pick(chooser, IGNORE_FORMS)
        code = pick(chooser, (*CODES, "missing-required-argument", "euno201", "EUNO2O1", "*"))
        reason = pick(chooser, ("legacy", "", "日本語", "x" * 300, "-- --", "\u202e"))
        snippet = _raw(form.format(c=code, r=reason)) + b"\n"
    index = chooser.below(len(lines) + 1)
    if one_in(chooser, 3) and index < len(lines):
        lines[index] = lines[index] + b" " + snippet.rstrip(b"\n")  # a trailing comment
    else:
        lines[index:index] = snippet.rstrip(b"\n").split(b"\n")
    case.files[name] = b"\n".join(lines)


def _heredoc(case: Case, chooser: Chooser) -> None:
    """Turn a string into a heredoc (well-formed or not)."""
    name = _file(case, chooser)
    data = case.files[name]
    matches = list(_STRING_RE.finditer(data))
    if not matches:
        return
    match = pick(chooser, matches)
    body = match.group()[1:-1]
    marker = pick(chooser, (b"EOF", b"EOT", b"END_OF_TEXT", b"X"))
    opener = pick(chooser, (b"<<", b"<<-"))
    indent = pick(chooser, (b"", b"  ", b"\t", b"    "))
    closing = pick(chooser, (marker, indent + marker, marker + b" ", b"EO", marker + b"\r"))
    newline = pick(chooser, (b"\n", b"\n", b"\r\n"))
    heredoc = opener + marker + newline + indent + body + newline + closing
    if one_in(chooser, 5):
        heredoc = opener + marker + newline + body  # unterminated
    tail = b"" if one_in(chooser, 4) else b"\n"
    case.files[name] = data[: match.start()] + heredoc + tail + data[match.end() :]


def _comment(case: Case, chooser: Chooser) -> None:
    """Insert a comment of any style between tokens, possibly unterminated."""
    name = _file(case, chooser)
    tokens = tokens_of(case.files[name])
    at = chooser.below(len(tokens) + 1)
    comment = pick(
        chooser,
        (b"/* c */", b"/* euno-lint-ignore: EUNO401 */", b"/*", b"*/", b"/* a\nb */",
         b"// c\n", b"# c\n", b"#", b"//", b"/* # euno-lint-ignore: EUNO201 */", b"/**/"),
    )  # fmt: skip
    tokens.insert(at, comment)
    case.files[name] = b"".join(tokens)


def _line_endings(case: Case, chooser: Chooser) -> None:
    """CRLF, CR, mixed endings, a BOM (at the start, twice, or inside), UTF-16, Latin-1."""
    name = _file(case, chooser)
    data = case.files[name]
    action = chooser.below(9)
    if action == 0:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    elif action == 1:
        data = data.replace(b"\n", b"\r")
    elif action == 2:
        lines = _lines(data)
        index = chooser.below(len(lines))
        lines[index] = lines[index] + b"\r"
        data = b"\n".join(lines)
    elif action == 3:
        data = b"\xef\xbb\xbf" + data
    elif action == 4:
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + data
    elif action == 5:
        at = chooser.below(len(data) + 1)
        data = data[:at] + b"\xef\xbb\xbf" + data[at:]
    elif action == 6:
        text = data.decode("utf-8", "replace")
        data = text.encode(pick(chooser, ("utf-16", "utf-16-be", "utf-32")), "replace")
    elif action == 7:
        data = data.decode("utf-8", "replace").encode("latin-1", "replace")
    else:
        data = data.replace(b"\n", b"\r\n") + pick(chooser, (b"\r", b"\r\n\r\n", b"\x1a"))
    case.files[name] = data


def _truncate(case: Case, chooser: Chooser) -> None:
    name = _file(case, chooser)
    data = case.files[name]
    case.files[name] = data[: chooser.below(len(data) + 1)]


def _splice(case: Case, chooser: Chooser, donors: Sequence[Case]) -> None:
    """Copy some lines from another file (of this case or a donor) into a file of this one."""
    donor = pick(chooser, donors) if donors and not one_in(chooser, 3) else case
    if not donor.files:
        return
    source = _lines(donor.files[pick(chooser, sorted(donor.files))])
    start = chooser.below(len(source))
    chunk = source[start : start + 1 + chooser.below(20)]
    name = _file(case, chooser)
    lines = _lines(case.files[name])
    at = chooser.below(len(lines) + 1)
    lines[at:at] = chunk
    case.files[name] = b"\n".join(lines)


def _json_value(chooser: Chooser, depth: int = 0) -> object:
    kind = chooser.below(8 if depth < 4 else 5)
    if kind == 0:
        return pick(chooser, STRINGS + DAYS + CRONS)
    if kind == 1:
        return pick(chooser, (0, -1, 7, 1.5, 10**30, -(10**30), 1e308))
    if kind == 2:
        return pick(chooser, (True, False, None))
    if kind == 3:
        return float(pick(chooser, ("nan", "inf", "-inf")))
    if kind == 4:
        return pick(chooser, ("daily", "weekly", "custom", "2024-06", "hxtw_abcdefghijklmnop"))
    if kind == 5:
        return [_json_value(chooser, depth + 1) for _ in range(chooser.below(4))]
    keys = (*BLOCK_KEYS, "hex_api_token", "days", "cron", "m", "", "日本")
    return {pick(chooser, keys): _json_value(chooser, depth + 1) for _ in range(chooser.below(4))}


def _file_set(case: Case, chooser: Chooser) -> None:
    """Add, drop, rename or duplicate files; write tfvars (HCL or JSON) and .gitignore files."""
    action = chooser.below(6)
    names = sorted(case.files)
    if action == 0 and len(case.files) < MAX_FILES:
        new = pick(chooser, FILE_NAMES)
        if new.endswith(".json"):
            if one_in(chooser, 4):
                document = _raw(
                    pick(chooser, ("{", "[]", "", "null", '{"a": }', "{}{}", "\ufeff{}"))
                )
            else:
                value = {
                    pick(chooser, ("revision_id", "hex_api_token", "days", "cron", "ttl")): (
                        _json_value(chooser)
                    )
                    for _ in range(1 + chooser.below(3))
                }
                if one_in(chooser, 5):
                    value = {"variable": value}
                document = _raw(json.dumps(value, ensure_ascii=one_in(chooser, 2)))
            case.files[new] = document
        elif new.endswith(".gitignore"):
            case.files[new] = _raw(pick(chooser, GITIGNORES))
        elif new.endswith(".tfvars"):
            lines = [
                _raw(pick(chooser, ("revision_id", "hex_api_token", "days", "cron", "m", "x")))
                + b" = "
                + _any_value(chooser)
                for _ in range(1 + chooser.below(3))
            ]
            case.files[new] = b"\n".join(lines) + b"\n"
        else:
            case.files[new] = _raw(pick(chooser, BLOCKS))
    elif action == 1 and len(case.files) > 1:
        del case.files[pick(chooser, names)]
    elif action == 2 and names:
        old = pick(chooser, names)
        case.files[pick(chooser, FILE_NAMES)] = case.files.pop(old)
    elif action == 3 and names and len(case.files) < MAX_FILES:
        case.files[pick(chooser, FILE_NAMES)] = case.files[pick(chooser, names)]
    elif action == 4:
        case.files[pick(chooser, names or ["main.tf"])] = b""
    else:
        _lint_options(case, chooser)


def _lint_options(case: Case, chooser: Chooser) -> None:
    names = sorted(case.files)
    action = chooser.below(4)
    if action == 0:
        case.target = pick(chooser, ["", *names]) if names else ""
    elif action == 1:
        case.var_file = pick(chooser, ["", *names, "missing.tfvars"]) if names else ""
    elif action == 2:
        case.color = not case.color
    else:
        case.show_source = not case.show_source


Mutation = Callable[[Case, Chooser], None]

MUTATIONS: tuple[Mutation, ...] = (
    _token_edit, _token_edit, _line_edit, _line_edit, _insert_bytes, _replace_literal,
    _replace_literal, _replace_attribute, _replace_attribute, _edit_header, _nest,
    _insert_snippet, _insert_snippet, _heredoc, _comment, _line_endings, _truncate, _file_set,
)  # fmt: skip


def mutate(case: Case, chooser: Chooser, donors: Sequence[Case] = (), count: int = 0) -> Case:
    """A mutated copy of case: `count` mutations (or 1 to 8, chosen) of any kind."""
    result = case.copy()
    for _ in range(count or 1 + chooser.below(8)):
        index = chooser.below(len(MUTATIONS) + 1)
        if index == len(MUTATIONS):
            _splice(result, chooser, donors)
        else:
            MUTATIONS[index](result, chooser)
    for name, content in list(result.files.items()):
        if len(content) > MAX_FILE_BYTES:
            result.files[name] = content[:MAX_FILE_BYTES]
    return result
