"""python-hcl2's grammar in a Lark parser: imported lean, cached per user, bounded in time.

We import only python-hcl2's parser module (its package imports the whole dict API), build a
Lark parser from its grammar and post-lexer that reads positions from tokens only (python-hcl2
asks Lark to give every tree node positions too, which costs about 40% of parse time), keep
the compiled grammar in a per-user cache, and stop a parse that runs out of time.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, ModuleType

import lark

_PARSER_PACKAGES = frozenset({"lark", "hcl2", "euno_lint", "re"})


class ParseTimeoutError(Exception):
    """Raised from the SIGALRM handler inside a parse that ran out of time."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    # Lark's parser is pure Python, so a signal interrupts it between bytecodes. Signals only
    # reach the main thread: elsewhere (a library caller's thread) the parse is unbounded.
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def stop(_signal: int, frame: FrameType | None) -> None:
        # Raise only inside the parser: raised in a finaliser or a gc callback, the exception
        # would be swallowed there (and reported as unraisable). The timer fires again soon.
        module = frame.f_globals.get("__name__", "") if frame is not None else ""
        if module.partition(".")[0] in _PARSER_PACKAGES:
            raise ParseTimeoutError

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, stop)
    # Fire again every 50 ms: a signal that lands in a finaliser is swallowed there, and the
    # next one must still stop the parse.
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # give back what remains of a caller's own timer
            remaining = max(previous_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)


def warm_up() -> None:
    """Load the compiled grammar now (before forking workers, so they inherit it)."""
    lark_parser()


_parser_module: ModuleType | None = None
_lark_instance: lark.Lark | None = None


def lark_parser() -> lark.Lark:
    """python-hcl2's grammar and post-lexer, in a Lark parser that skips node positions.

    python-hcl2 asks Lark to propagate positions to every tree node; we read positions from
    tokens only, and not computing the rest makes parsing about 40% faster.
    """
    global _lark_instance
    if _lark_instance is None:
        module = _hcl2_parser()
        _lark_instance = lark.Lark.open(
            "hcl2.lark",
            rel_to=module.__file__,
            parser="lalr",
            propagate_positions=False,
            postlex=module.PostLexer(),
            cache=_grammar_cache_file(),
        )
    return _lark_instance


def _grammar_cache_file() -> str | bool:
    """Where Lark keeps the compiled grammar: a per-user cache, else its temporary file."""
    directory = _user_cache_dir()
    if directory is None:
        return True
    return str(directory / f"hcl2-{_hcl2_version()}-lark-{lark.__version__}-tokens.bin")


def _user_cache_dir() -> Path | None:
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        directory = Path(base) / "euno-lint"
        directory.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return None
    return directory if os.access(directory, os.W_OK) else None


def _hcl2_parser() -> ModuleType:
    """``hcl2.parser``, with its grammar cache in a writable place, imported once."""
    global _parser_module
    if _parser_module is None:
        _parser_module = _import_parser_module()
        _use_writable_parser_cache(_parser_module)
    return _parser_module


def _import_parser_module() -> ModuleType:
    # hcl2/__init__.py imports python-hcl2's whole dict API (transformer, formatter,
    # reconstructor...), a fifth of a pre-commit run's time; we need only the parser. Import
    # it under a bare stand-in for the package, then drop the stand-in, so that a later
    # `import hcl2` elsewhere in the process still gets the real package.
    if "hcl2" in sys.modules:
        return importlib.import_module("hcl2.parser")
    spec = importlib.util.find_spec("hcl2")
    if spec is None or not spec.submodule_search_locations:
        return importlib.import_module("hcl2.parser")
    sys.modules["hcl2"] = importlib.util.module_from_spec(spec)
    try:
        return importlib.import_module("hcl2.parser")
    finally:
        del sys.modules["hcl2"]


def _use_writable_parser_cache(parser: ModuleType) -> None:
    # python-hcl2 caches its compiled grammar next to its own source; in read-only installs
    # that write fails and every use of its parser pays seconds to rebuild it. We parse with
    # our own instance (above), but python-hcl2's parser may be used in the same process.
    default = Path(parser.PARSER_FILE)
    if default.is_file() or os.access(default.parent, os.W_OK):
        return
    directory = _user_cache_dir()
    if directory is not None:
        name = f"hcl2-{_hcl2_version()}-lark-{lark.__version__}.bin"
        setattr(parser, "PARSER_FILE", directory / name)  # noqa: B010 - a module attribute


def _hcl2_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("python-hcl2")
    except PackageNotFoundError:
        return "unknown"
