"""One guard for every parser: a time budget, and Python's limits turned into syntax errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from euno_lint.hcl.limits import CpuLimit, CpuTimeExceeded, cpu_limit
from euno_lint.hcl.tree import HclSyntaxError


@contextmanager
def parse_guard(timeout: float | None, packages: frozenset[str]) -> Iterator[None]:
    """Run a parse within `timeout` seconds of CPU time (stopped only in `packages`): a parse
    over its budget, or nested too deeply for Python's stack, is an HclSyntaxError."""
    limit: CpuLimit | None = None  # bound even if an outer limit fires as this one is entered
    try:
        with cpu_limit(timeout, packages) as limit:
            yield
    except RecursionError:
        raise HclSyntaxError("nesting is too deep to parse") from None
    except CpuTimeExceeded as error:
        if limit is None or error.limit is not limit:
            raise
        raise HclSyntaxError(
            f"file took too long to parse (more than {timeout:g} s of CPU time; see parse-timeout)"
        ) from None
