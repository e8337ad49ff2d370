"""A compiled Lark LALR parser as plain data, loaded without pickle.

Lark can cache a compiled grammar, but its cache is a pickle: whoever can write the cache file
can run code in every process that loads it. This module turns a compiled LALR parser into a
JSON-compatible structure (strings, ints, bools, None, lists and dicts with string keys) that
can ship inside a package, and rebuilds an equivalent ``lark.Lark`` from it without pickle,
without re-analysing the grammar and without running any code found in the data.

``build(grammar_path)`` compiles a grammar and returns the data; ``dumps_json(data)`` renders it
deterministically (the same bytes for the same grammar, Lark and options, whatever the hash
seed); ``load(data, postlex)`` makes the parser.

The loader builds Lark's objects directly, as ``Lark._load`` does after unpickling, and so
relies on these Lark internals (checked against lark 1.3.1, recorded in the data as "lark"):

- ``Lark.__new__`` plus the attributes ``_load`` sets (options, rules, source_path, lexer_conf,
  terminals, _terminals_dict, parser) and ``Lark._prepare_callbacks``;
- ``LarkOptions(dict)``; ``LexerConf(...)`` with ``lexer_type``; ``ParserConf(...)`` with
  ``parser_type``; ``ParsingFrontend(lexer_conf, parser_conf, options, parser=...)``;
- ``LALR_Parser`` with the attributes ``_parse_table`` and ``parser`` (a ``_Parser``), the way
  ``LALR_Parser.deserialize`` makes it; ``IntParseTable(states, start_states, end_states)`` whose
  states map a symbol name to ``(Shift, state)`` or ``(Reduce, rule)``;
- ``TerminalDef``, ``PatternStr``, ``PatternRE`` (and its ``_width`` cache), ``Rule``,
  ``RuleOptions``, ``Terminal``, ``NonTerminal``.

``load`` refuses data made by another Lark version (``IncompatibleDataError``); a caller can then
fall back to compiling the grammar.

The data, a dict with string keys:

- "format" (`FORMAT`), "lark" (``lark.__version__``), "grammar_sha256" (of the grammar's text
  as compiled; grammars it %imports are not covered), "always_accept" (the post-lexer's, sorted);
- "options": Lark's options that the compiled parser depends on (`_COMPILED_OPTIONS`);
- "terminals": ``[name, "str" | "re", pattern, sorted flags, raw, priority, width]`` in Lark's
  order, width being ``[min, max]`` for regexps (max None when unbounded) and None for strings;
- "ignore": names of the terminals the lexer drops;
- "symbols": ``[name, kind]`` sorted, kind 0 for a nonterminal, 1 for a terminal, 2 for a
  terminal filtered out of the tree;
- "rules": ``[origin, [expansion], order, alias, keep_all_tokens, expand1, priority,
  template_source, empty_indices as 0/1]`` in Lark's order, symbols by index in "symbols";
- "tokens": the symbol names the parse table is keyed by, sorted;
- "states": one flat list a state, ``[token, action, token, action...]`` with tokens by index
  in "tokens" (ascending) and action ``n >= 0`` shifting to state n, ``~i < 0`` reducing by
  rules[i]; states are numbered breadth-first from the start states, by symbol name;
- "start_states", "end_states": start symbol -> state.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, cast

import lark
from lark.common import LexerConf, ParserConf
from lark.grammar import NonTerminal, Rule, RuleOptions, Symbol, Terminal
from lark.lark import LarkOptions, PostLex
from lark.lexer import Pattern, PatternRE, PatternStr, TerminalDef, Token
from lark.parser_frontends import ParsingFrontend
from lark.parsers.lalr_analysis import IntParseTable, Reduce, Shift
from lark.parsers.lalr_parser import LALR_Parser, _Parser
from lark.utils import get_regexp_width

__all__ = [
    "FORMAT",
    "IncompatibleDataError",
    "PostLexer",
    "build",
    "dumps_json",
    "grammar_digest",
    "load",
]

FORMAT = "lark-lalr-data/1"
"""Version of the layout below; bumped whenever the layout or its meaning changes."""

# Options compiled into the data: they change the grammar analysis or the lexer. Options that
# Lark lets a cached parser change (postlex, propagate_positions, tree_class...) are given to
# `load` instead, except regex, g_regex_flags and use_bytes which shape the lexer and are kept.
_COMPILED_OPTIONS = (
    "start",
    "parser",
    "lexer",
    "keep_all_tokens",
    "maybe_placeholders",
    "priority",
    "ambiguity",
    "strict",
    "ordered_sets",
    "regex",
    "g_regex_flags",
    "use_bytes",
)
# Options `build` cannot record as data (they are code), or that would change what is built.
_REFUSED_BUILD_OPTIONS = frozenset(
    {
        "transformer",
        "lexer_callbacks",
        "edit_terminals",
        "tree_class",
        "postlex",
        "cache",
        "cache_grammar",
        "parser",
        "lexer",
        "_plugins",
        "import_paths",
        "source_path",
        "debug",
    }
)

# Symbol kinds in "symbols": a nonterminal, a terminal kept in the tree, one filtered out.
_NONTERMINAL, _TERMINAL, _FILTERED_TERMINAL = 0, 1, 2


class PostLexer(Protocol):
    """What Lark asks of a post-lexer (python-hcl2's does not subclass ``lark.lark.PostLex``)."""

    @property
    def always_accept(self) -> Iterable[str]: ...

    def process(self, stream: Iterator[Token]) -> Iterator[Token]: ...


class IncompatibleDataError(ValueError):
    """The data was made by another format or Lark version, or for another post-lexer."""


def grammar_digest(text: str) -> str:
    """SHA-256 of a grammar's text, as recorded in the data under "grammar_sha256"."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(
    grammar_path: str | Path,
    *,
    text: str | None = None,
    postlex: PostLexer | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Compile the grammar at `grammar_path` (LALR, contextual lexer) into plain data.

    `text`, when given, is the grammar to compile instead of the file's contents (a modified
    copy); `grammar_path` still names it and anchors its %imports. `postlex` matters only
    through its ``always_accept`` terminals, which Lark keeps in the
    grammar; the post-lexer itself is never stored (give it to `load`). Other `options` are
    Lark's (``start``, ``keep_all_tokens``, ``maybe_placeholders``, ``priority``, ``regex``,
    ``g_regex_flags``, ``use_bytes``...); options that are code cannot be stored and are refused.
    The result depends only on the grammar, the options and Lark's version (not on the hash
    seed): state numbers are canonical (breadth-first from the start states, by symbol name).
    """
    refused = sorted(set(options) & _REFUSED_BUILD_OPTIONS)
    if refused:
        raise ValueError(f"options that cannot be stored as data: {', '.join(refused)}")
    path = Path(grammar_path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    parser = lark.Lark(
        text,
        parser="lalr",
        lexer="contextual",
        postlex=postlex,
        cache=False,
        source_path=str(path),
        **options,
    )
    always_accept = sorted(postlex.always_accept) if postlex is not None else []
    lark_options = parser.options
    compiled_options: dict[str, Any] = {}
    for name in _COMPILED_OPTIONS:
        value = getattr(lark_options, name)
        compiled_options[name] = list(value) if name == "start" else value

    rules = list(parser.rules)
    frontend = parser.parser
    if frontend.parser_conf.rules != rules:  # one list of rules serves both
        raise AssertionError("Lark's parser rules differ from Lark.rules")
    symbols, symbol_index = _symbol_table(rules)
    rule_index = {rule: i for i, rule in enumerate(rules)}
    lexer_conf = parser.lexer_conf

    return {
        "format": FORMAT,
        "lark": lark.__version__,
        "grammar_sha256": grammar_digest(text),
        "options": compiled_options,
        "always_accept": always_accept,
        "terminals": [_dump_terminal(t) for t in lexer_conf.terminals],
        "ignore": list(lexer_conf.ignore),
        "symbols": symbols,
        "rules": [_dump_rule(rule, symbol_index) for rule in rules],
        **_dump_parse_table(frontend.parser._parse_table, rule_index),
    }


def load(
    data: Mapping[str, Any],
    postlex: PostLexer | None = None,
    *,
    propagate_positions: bool | Callable[[Any], bool] = False,
    tree_class: Callable[[str, list[Any]], Any] | None = None,
    transformer: Any = None,
    lexer_callbacks: Mapping[str, Callable[[Token], Token]] | None = None,
    debug: bool = False,
) -> lark.Lark:
    """A ``lark.Lark`` parser made from `build`'s data (JSON-decoded).

    `postlex` and the keyword options are those Lark lets a cached parser take at load time;
    the post-lexer's ``always_accept`` must be the one the data was built with. Raises
    `IncompatibleDataError` for data of another format or Lark version, and ValueError or
    KeyError for data that is malformed.
    """
    _check_compatible(data, postlex)
    stored = data["options"]
    options = LarkOptions(
        {
            **{name: stored[name] for name in _COMPILED_OPTIONS},
            "start": list(stored["start"]),
            "postlex": postlex,
            "propagate_positions": propagate_positions,
            "tree_class": tree_class,
            "transformer": transformer,
            "lexer_callbacks": dict(lexer_callbacks or {}),
            "debug": debug,
        }
    )
    if options.parser != "lalr" or options.lexer != "contextual":
        raise ValueError("only LALR parsers with the contextual lexer are supported")

    terminals = [_load_terminal(t) for t in data["terminals"]]
    symbols = [_load_symbol(name, kind) for name, kind in data["symbols"]]
    rules = [_load_rule(r, symbols) for r in data["rules"]]

    inst = lark.Lark.__new__(lark.Lark)
    inst.options = options
    inst.rules = rules
    inst.source_path = "<deserialized>"
    lexer_conf = LexerConf(
        terminals,
        _regex_module(options.regex),
        list(data["ignore"]),
        cast(PostLex | None, postlex),
        options.lexer_callbacks,
        options.g_regex_flags,
        skip_validation=True,  # the data was validated when it was built
        use_bytes=options.use_bytes,
        strict=options.strict,
    )
    lexer_conf.lexer_type = options.lexer
    inst.lexer_conf = lexer_conf
    inst.terminals = terminals
    inst._prepare_callbacks()
    inst._terminals_dict = {t.name: t for t in terminals}

    callbacks = inst._callbacks
    parser_conf = ParserConf(rules, callbacks, options.start)
    parser_conf.parser_type = "lalr"
    table = _load_parse_table(data, rules)
    lalr_parser = LALR_Parser.__new__(LALR_Parser)
    lalr_parser._parse_table = table  # type: ignore[assignment]  # as in LALR_Parser.deserialize
    lalr_parser.parser = _Parser(table, callbacks, debug)
    inst.parser = ParsingFrontend(lexer_conf, parser_conf, options, parser=lalr_parser)
    return inst


def dumps_json(data: Mapping[str, Any]) -> str:
    """`data` as JSON text, byte-for-byte reproducible, one terminal, rule or state a line."""
    lines = ["{"]
    keys = sorted(data)
    for n, key in enumerate(keys):
        value = data[key]
        comma = "," if n < len(keys) - 1 else ""
        head = f"{json.dumps(key)}:"
        if isinstance(value, list) and value and isinstance(value[0], list):
            lines.append(head + "[")
            lines.extend(
                _compact_json(item) + ("," if i < len(value) - 1 else "")
                for i, item in enumerate(value)
            )
            lines.append("]" + comma)
        else:
            lines.append(head + _compact_json(value) + comma)
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- building ---------------------------------------------------------------------------


def _compact_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _symbol_table(rules: Sequence[Rule]) -> tuple[list[list[Any]], dict[tuple[str, int], int]]:
    kinds = {(str(rule.origin.name), _NONTERMINAL) for rule in rules}
    kinds.update((str(s.name), _symbol_kind(s)) for rule in rules for s in rule.expansion)
    symbols = sorted(kinds)
    return [[name, kind] for name, kind in symbols], {s: i for i, s in enumerate(symbols)}


def _symbol_kind(symbol: Symbol) -> int:
    if not symbol.is_term:
        return _NONTERMINAL
    return _FILTERED_TERMINAL if getattr(symbol, "filter_out", False) else _TERMINAL


def _dump_rule(rule: Rule, symbol_index: Mapping[tuple[str, int], int]) -> list[Any]:
    o = rule.options
    expansion = [symbol_index[(str(s.name), _symbol_kind(s))] for s in rule.expansion]
    return [
        symbol_index[(str(rule.origin.name), _NONTERMINAL)],
        expansion,
        rule.order,
        None if rule.alias is None else str(rule.alias),
        bool(o.keep_all_tokens),
        bool(o.expand1),
        o.priority,
        None if o.template_source is None else str(o.template_source),
        [int(b) for b in o.empty_indices],
    ]


def _dump_terminal(terminal: TerminalDef) -> list[Any]:
    pattern = terminal.pattern
    width: list[int | None] | None = None
    if isinstance(pattern, PatternRE):
        low, high = pattern.min_width, pattern.max_width
        # Lark's "unbounded" differs between Python versions (sre MAXREPEAT or MAXWIDTH).
        width = [low, None if high >= _unbounded_width() else high]
    return [
        str(terminal.name),
        pattern.type,
        pattern.value,
        sorted(pattern.flags),
        pattern.raw,
        terminal.priority,
        width,
    ]


def _dump_parse_table(table: IntParseTable, rule_index: Mapping[Rule, int]) -> dict[str, Any]:
    """States renumbered canonically, with their actions sorted by symbol name."""
    states = table.states
    numbering: dict[int, int] = {}
    queue: list[int] = []

    def visit(state: int) -> None:
        if state not in numbering:
            numbering[state] = len(numbering)
            queue.append(state)

    for start in sorted(table.start_states):
        visit(table.start_states[start])
    for state in queue:  # grows while we walk it: breadth-first
        for name in sorted(states[state]):
            action, arg = states[state][name]
            if action is Shift:
                visit(arg)
    if len(numbering) != len(states):
        raise AssertionError("the parse table has states no start state reaches")

    tokens = sorted({name for actions in states.values() for name in actions})
    token_index = {name: i for i, name in enumerate(tokens)}
    rows: list[list[int]] = []
    for state in queue:
        row: list[int] = []
        for name in sorted(states[state]):
            action, arg = states[state][name]
            row.append(token_index[name])
            row.append(numbering[arg] if action is Shift else ~rule_index[arg])
        rows.append(row)
    return {
        "tokens": tokens,
        "states": rows,
        "start_states": {k: numbering[v] for k, v in sorted(table.start_states.items())},
        "end_states": {k: numbering[v] for k, v in sorted(table.end_states.items())},
    }


# --- loading ------------------------------------------------------------------------------


def _check_compatible(data: Mapping[str, Any], postlex: PostLexer | None) -> None:
    if data.get("format") != FORMAT:
        raise IncompatibleDataError(f"data format {data.get('format')!r}, expected {FORMAT!r}")
    if data.get("lark") != lark.__version__:
        raise IncompatibleDataError(
            f"data made with lark {data.get('lark')}, running lark {lark.__version__}"
        )
    given = sorted(postlex.always_accept) if postlex is not None else []
    if given != list(data["always_accept"]):
        raise IncompatibleDataError("the post-lexer's always_accept differs from the data's")


def _regex_module(use_regex: bool) -> Any:
    if not use_regex:
        return re
    return importlib.import_module("regex")  # what Lark uses for regex=True


@functools.cache
def _unbounded_width() -> int:
    """What Lark computes, on this Python, as the maximum width of an unbounded regexp."""
    return int(get_regexp_width("a*")[1])


def _load_terminal(item: Sequence[Any]) -> TerminalDef:
    name, kind, value, flags, raw, priority, width = item
    pattern: Pattern
    if kind == "str":
        pattern = PatternStr(value, flags, raw)
    elif kind == "re":
        pattern = PatternRE(value, flags, raw)
        low, high = width
        pattern._width = [low, _unbounded_width() if high is None else high]
    else:
        raise ValueError(f"unknown pattern type {kind!r}")
    return TerminalDef(name, pattern, priority)


def _load_symbol(name: str, kind: int) -> Symbol:
    if kind == _NONTERMINAL:
        return NonTerminal(name)
    if kind in (_TERMINAL, _FILTERED_TERMINAL):
        return Terminal(name, filter_out=kind == _FILTERED_TERMINAL)
    raise ValueError(f"unknown symbol kind {kind!r}")


def _load_rule(item: Sequence[Any], symbols: Sequence[Symbol]) -> Rule:
    origin, expansion, order, alias, keep_all, expand1, priority, template, empty = item
    options = RuleOptions(keep_all, expand1, priority, template, tuple(bool(b) for b in empty))
    origin_symbol = symbols[origin]
    if not isinstance(origin_symbol, NonTerminal):
        raise ValueError(f"rule origin {origin_symbol!r} is not a nonterminal")
    return Rule(origin_symbol, [symbols[i] for i in expansion], order, alias, options)


def _load_parse_table(data: Mapping[str, Any], rules: Sequence[Rule]) -> IntParseTable:
    tokens: Sequence[str] = data["tokens"]
    rows: Sequence[Sequence[int]] = data["states"]
    count = len(rows)
    # Every action, indexed by its code: shifts at 0..count-1, then reductions reversed, so
    # that a negative code ~i (== -1-i) indexes reductions[i] from the end of the list.
    actions: list[tuple[Any, Any]] = [(Shift, n) for n in range(count)]
    actions.extend((Reduce, rule) for rule in reversed(rules))
    name_of, action_of = tokens.__getitem__, actions.__getitem__
    for row in rows:
        codes = row[1::2]
        if codes and not (-len(rules) <= min(codes) and max(codes) < count):
            raise ValueError("an action in the parse table is out of range")
    states = {
        n: dict(zip(map(name_of, row[0::2]), map(action_of, row[1::2]), strict=True))
        for n, row in enumerate(rows)
    }
    start_states = {str(k): int(v) for k, v in data["start_states"].items()}
    end_states = {str(k): int(v) for k, v in data["end_states"].items()}
    for state in (*start_states.values(), *end_states.values()):
        if not 0 <= state < count:
            raise ValueError(f"state {state} out of range")
    return IntParseTable(states, start_states, end_states)  # type: ignore[no-untyped-call]
