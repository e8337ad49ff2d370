"""Limits on CPU time: a block of code that runs out of its budget is stopped with an exception.

Budgets count the CPU time of this process (``time.process_time``), never wall-clock time, so
that whether a file parses or a module is analysed does not depend on how busy the machine is.
A profiling timer (SIGPROF) checks the budgets; the exception is raised only in frames of the
packages a limit names (a signal that lands in a finaliser would be swallowed there), never in
this module's own bookkeeping, and the timer fires again every 50 ms of CPU time until it lands
where it may. Limits nest. Signals only reach the main thread: elsewhere (a library caller's
thread) the block is unbounded.

Each limit has an absolute deadline. The timer is set for the earliest one, and set again only
when the earliest deadline changes (an inner limit that ends sooner begins, or the limit that
ends first is left): entering and leaving limits never postpones an expiry, however often it
happens. A deadline already passed makes the timer fire at once. The bookkeeping runs with
SIGPROF blocked, so that a limit is always either fully registered or not at all.
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
_AT_ONCE = 1e-6  # setitimer(0) would disarm the timer: the smallest delay instead
_DEFAULT_PACKAGES = frozenset({"euno_lint", "lark", "hcl2", "re", "json"})


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

    def __reduce__(self) -> tuple[type[CpuTimeExceeded], tuple[CpuLimit]]:
        # Pickled (from a worker process, say) with its limit, not with its message.
        return (CpuTimeExceeded, (self.limit,))


_active: list[CpuLimit] = []
_previous_handler: Any = None
_armed: float | None = None  # the deadline the timer is set for


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
    try:
        blocked = _block()
        try:
            if not _active:
                _previous_handler = signal.signal(signal.SIGPROF, _on_signal)
                _disarm()  # whatever the timer was set to, it was not for these limits
            _active.append(limit)
            _arm()
        finally:
            _unblock(blocked)
        yield limit
    finally:
        blocked = _block()
        try:
            if limit in _active:
                _active.remove(limit)
            if _active:
                _arm()
            else:
                _disarm()
                signal.signal(signal.SIGPROF, _previous_handler or signal.SIG_DFL)
        finally:
            _unblock(blocked)


def _block() -> bool:
    """Block SIGPROF in this thread; whether it was not blocked before."""
    if not hasattr(signal, "pthread_sigmask"):
        return False
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})
    return signal.SIGPROF not in before


def _unblock(blocked: bool) -> None:
    if blocked:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGPROF})


def _arm() -> None:
    """Set the timer for the earliest deadline, unless it is already set for it."""
    global _armed
    earliest = min(limit.deadline for limit in _active)
    if earliest == _armed:
        return  # never postpone: re-arming would restart the countdown
    _armed = earliest
    delay = max(earliest - time.process_time(), _AT_ONCE)
    signal.setitimer(signal.ITIMER_PROF, delay, _RECHECK_SECONDS)


def _disarm() -> None:
    global _armed
    _armed = None
    signal.setitimer(signal.ITIMER_PROF, 0)


def _on_signal(_signal: int, frame: FrameType | None) -> None:
    if frame is None or frame.f_globals.get("__name__") == __name__:
        return  # our own bookkeeping: the timer fires again in 50 ms
    now = time.process_time()
    package = str(frame.f_globals.get("__name__", "")).partition(".")[0]
    for limit in _active:  # outermost first: its exception unwinds the inner blocks too
        if now >= limit.deadline and package in limit.packages:
            raise CpuTimeExceeded(limit)
