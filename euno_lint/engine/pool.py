"""Lint directories as they are read: in-process, or in worker processes once there is enough.

Work goes to the workers as soon as a batch is read, so that reading the rest of the tree
overlaps with parsing. Results come back in the order the directories were added, so output
never depends on scheduling.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from euno_lint.engine.module import Job, ModuleOutcome, RunSettings, lint_module

if TYPE_CHECKING:  # worker processes are only started (and multiprocessing imported) when needed
    from concurrent.futures import Future, ProcessPoolExecutor

# Below this much configuration to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 96 * 1024
# Directories go to a worker in batches of about this much: fewer round trips between processes.
BATCH_BYTES = 48 * 1024


# Jobs are linted with the settings of their configuration: a key into the settings given.
_Keyed = tuple[str, Job]


def _size(job: Job) -> int:
    return sum(
        len(content)
        for directory in job.directories
        for _, content in directory.contents
        if isinstance(content, bytes)
    )


class ModuleLinter:
    """Collects directories to lint and lints them, in worker processes when it pays."""

    def __init__(self, settings: Mapping[str, RunSettings], workers: int) -> None:
        self.settings = dict(settings)
        self.workers = workers
        self.pending: list[_Keyed] = []
        self.pending_size = 0
        self.size = 0
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[list[ModuleOutcome]]] = []

    def add(self, job: Job, key: str = "") -> None:
        """Queue a configuration, to lint with the settings under `key`; start the workers
        once there is enough to parse."""
        size = _size(job)
        self.size += size
        self.pending.append((key, job))
        self.pending_size += size
        if self.pool is None and self.workers > 1 and self.size >= PARALLEL_MIN_BYTES:
            self.pool = self._start_pool()
        if self.pool is not None and self.pending_size >= BATCH_BYTES:
            self._submit()

    def results(self) -> list[ModuleOutcome]:
        """The outcome of every configuration added, in the order added."""
        if self.pool is None:
            return [lint_module(job, self.settings[key]) for key, job in self.pending]
        self._submit()
        with self.pool:
            return [result for future in self.futures for result in future.result()]

    def _submit(self) -> None:
        assert self.pool is not None
        if self.pending:
            self.futures.append(self.pool.submit(_lint_in_worker, tuple(self.pending)))
        self.pending, self.pending_size = [], 0

    def _start_pool(self) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from euno_lint.hcl import warm_up

        warm_up()  # forked workers inherit the loaded grammar instead of each loading it
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(self.settings,)
        )


_worker_settings: dict[str, RunSettings] = {}


def _start_worker(settings: dict[str, RunSettings]) -> None:
    global _worker_settings
    _worker_settings = settings


def _lint_in_worker(jobs: tuple[_Keyed, ...]) -> list[ModuleOutcome]:
    return [lint_module(job, _worker_settings[key]) for key, job in jobs]
