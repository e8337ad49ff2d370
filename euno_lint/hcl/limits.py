"""Limits on CPU time: a block of code that runs out of its budget is stopped with an exception.

Budgets count the CPU time of this process (``time.process_time``), never wall-clock time, so
that whether a file parses or a module is analysed does not depend on how busy the machine is.
A profiling timer (SIGPROF) checks the budgets; the exception is raised only in frames of the
packages a limit names (a signal that lands in a finaliser would be swallowed there), and the
timer fires again every 50 ms of CPU time until it lands where it may. Limits nest. Signals
only reach the main thread: elsewhere (a library caller's thread) the block is unbounded.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_RECHECK_SECONDS = 0.05
_DEFAULT_PACKAGES = frozenset({"euno_lint", "lark", "hcl2", "re", "json", "croniter"})


class CpuLimit:
    """One active budget: when it runs out, and in which packages it may stop the code."""

    def __init__(self, seconds: float, packages: frozenset[str]) -> None:
        self.seconds = seconds
        self.deadline = time.process_time() + seconds
        self.packages = packages


class CpuTimeExceeded(BaseException):
    """A block ran out of CPU time (a BaseException, so that no ``except Exception`` in the
    code it stops can swallow it); `limit` says which budget ran out."""

    def __init__(self, limit: CpuLimit) -> None:
        super().__init__(f"more than {limit.seconds:g} s of CPU time")
        self.limit = limit


_active: list[CpuLimit] = []
_previous_handler: Any = None


@contextmanager
def cpu_limit(
    seconds: float | None, packages: frozenset[str] = _DEFAULT_PACKAGES
) -> Iterator[CpuLimit | None]:
    """Raise `CpuTimeExceeded` in the block once it has used `seconds` of CPU time.

    None or 0 means no limit. Catch the exception and compare its `limit` with the one this
    context yields: an outer limit's exception must be re-raised.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield None
        return
    global _previous_handler
    limit = CpuLimit(seconds, packages)
    if not _active:
        _previous_handler = signal.signal(signal.SIGPROF, _on_signal)
    _active.append(limit)
    _arm()
    try:
        yield limit
    finally:
        _active.remove(limit)
        if _active:
            _arm()
        else:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, _previous_handler or signal.SIG_DFL)


def _arm() -> None:
    now = time.process_time()
    first = max(min(limit.deadline for limit in _active) - now, 0.001)
    signal.setitimer(signal.ITIMER_PROF, first, _RECHECK_SECONDS)


def _on_signal(_signal: int, frame: FrameType | None) -> None:
    now = time.process_time()
    module = frame.f_globals.get("__name__", "") if frame is not None else ""
    package = str(module).partition(".")[0]
    for limit in _active:  # outermost first: its exception unwinds the inner blocks too
        if now >= limit.deadline and package in limit.packages:
            raise CpuTimeExceeded(limit)
