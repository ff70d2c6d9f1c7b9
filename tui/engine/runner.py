"""Running the layered analysis of one text over a pool of worker processes.

:class:`AnalysisRunner` is driven by one background thread (:meth:`AnalysisRunner.run`). It
keeps every worker busy with a job from the :class:`~tui.engine.scheduler.Scheduler`,
merges what comes back into one :class:`~tui.analysis.model.ParagraphAnalysis` per paragraph
and hands batches of them to a :class:`RunnerSink` a few times a second. The heavy work runs
in processes, so the thread that drives them (and the UI beside it) only waits and merges.

The model is loaded in the workers, never in the calling process, and the pool is started
with ``forkserver`` (``spawn`` where there is none): forking a process that runs threads is
unsafe. :meth:`AnalysisRunner.stop` shuts the pool down from any thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Protocol

from ..analysis.model import Paragraph, ParagraphAnalysis
from .layers import (
    FULL,
    JOB_LEXICAL,
    Job,
    JobResult,
    init_worker,
    job_level,
    merge,
    run_job,
)
from .pool import READER_START, default_jobs, start_pool, stop_pool
from .scheduler import BATCH_SIZE, Scheduler

__all__ = ["AnalysisRunner", "Progress", "RunnerSink"]

POST_SECONDS = 0.4
"""How often, at most, background results are handed over: often enough to look live,
rarely enough not to flood the UI with messages on a long book."""

SCREEN_RESERVE = 1
"""Workers beyond ``jobs`` kept for the paragraphs on screen: after a jump the new screen
starts at once instead of waiting for a background job to end. It idles otherwise."""

_EMPTY = Job(JOB_LEXICAL, ())

WORKER_NICENESS = 5
"""Workers run a little below the reader's own priority, so a key press never waits."""


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the analysis has come."""

    done: int
    """Paragraphs fully analysed."""
    total: int
    """Paragraphs in the text."""
    fraction: float
    """Share of the whole analysis's cost done, 0–1 (cheap layers count for little)."""
    eta: float | None
    """Estimated seconds left, once there is enough to estimate from."""
    layer: str
    """The layer being computed in the background (``lexical``, ``entities``, ``syntax``)."""


class RunnerSink(Protocol):
    """Where the runner reports; called from the runner's thread."""

    def model_loaded(self, model: str, seconds: float, warnings: tuple[str, ...]) -> None:
        """The workers' pipeline is loaded (reported with the first result)."""

    def batch(
        self, parts: tuple[ParagraphAnalysis, ...], levels: tuple[int, ...], progress: Progress
    ) -> None:
        """Improved analyses of some paragraphs, and the layer each has reached."""

    def done(self, seconds: float, warnings: tuple[str, ...]) -> None:
        """Every paragraph is fully analysed."""

    def failed(self, message: str) -> None:
        """The analysis cannot go on."""


class AnalysisRunner:
    """Analyses one text's paragraphs in worker processes, viewport first, layer by layer."""

    def __init__(
        self,
        text: str,
        paragraphs: Sequence[Paragraph],
        sink: RunnerSink,
        *,
        model: str | None = None,
        rule_dirs: Sequence[str] = (),
        encoder: bool = False,
        jobs: int | None = None,
        batch_size: int = BATCH_SIZE,
        layered: bool = True,
        on_complete: Callable[[list[ParagraphAnalysis], str], None] | None = None,
    ) -> None:
        self.text = text
        """The document."""
        self.sink = sink
        """Where results go."""
        self.model = model
        """The pipeline asked for, or None for the best installed."""
        self.rule_dirs = tuple(str(directory) for directory in rule_dirs)
        """Folders of the user's device rules."""
        self.encoder = encoder
        """Add the fine-tuned encoder too, when installed."""
        self.jobs = max(1, jobs or default_jobs())
        """Worker processes."""
        self.on_complete = on_complete
        """Called (from the runner's thread) with every paragraph's analysis and the model's
        name once all are done: the cache stores them."""
        self.parts: dict[int, ParagraphAnalysis] = {}
        """The best analysis of each paragraph so far."""
        self.warnings: tuple[str, ...] = ()
        """Rule files skipped and detectors that failed, as the workers last reported."""
        self._scheduler = Scheduler(
            text, paragraphs, batch_size=batch_size, screen_jobs=self.jobs, layered=layered
        )
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._executor: ProcessPoolExecutor | None = None

    # -- from any thread -----------------------------------------------------------------------

    def focus(self, first: int, last: int) -> None:
        """Paragraphs ``first``…``last`` are on screen: analyse them before anything else."""
        with self._lock:
            self._scheduler.focus(first, last)

    def stop(self) -> None:
        """Stop handing out work and shut the worker processes down; safe to call twice."""
        self._stopped.set()
        executor = self._executor
        if executor is not None:
            stop_pool(executor, terminate=True)

    # -- the runner's thread -------------------------------------------------------------------

    def run(self, cancelled: Callable[[], bool] = lambda: False) -> None:
        """Analyse the whole text, reporting to the sink; returns when done or stopped."""
        started = time.monotonic()
        if not self._scheduler.paragraphs:
            self.sink.done(0.0, ())
            return
        from concurrent.futures.process import BrokenProcessPool

        for attempt in range(2):
            executor = start_pool(
                self.jobs + SCREEN_RESERVE,
                init_worker,
                (self.model, self.rule_dirs, WORKER_NICENESS, self.encoder),
                method=READER_START,
            )
            self._executor = executor
            if self._stopped.is_set():  # stopped while the pool was being made
                stop_pool(executor)
                return
            try:
                self._drive(executor, started, cancelled)
            except BrokenProcessPool as error:
                # A worker that dies before any result (killed while starting) is worth one
                # fresh pool; a pool that breaks again, or later, is reported.
                if attempt == 0 and not self.parts and not self._stopped.is_set():
                    continue
                self._fail(error, cancelled)
            except Exception as error:  # the model, a bug: say so, once
                self._fail(error, cancelled)
            finally:
                self._executor = None
                # Abandoned (the document closed, the app quitting): the running jobs are
                # not wanted, and nothing may wait for them.
                stop_pool(executor, terminate=self._stopped.is_set() or cancelled())
            return

    def _fail(self, error: BaseException, cancelled: Callable[[], bool]) -> None:
        """Report ``error`` unless the analysis was abandoned."""
        if not self._stopped.is_set() and not cancelled():
            self.sink.failed(_failure_message(error))

    def _drive(
        self, executor: ProcessPoolExecutor, started: float, cancelled: Callable[[], bool]
    ) -> None:
        running: dict[Future[JobResult], Job] = {}
        try:
            self._drive_jobs(executor, started, cancelled, running)
        except BaseException:
            # What was handed out and not done may be handed out again (by a fresh pool).
            with self._lock:
                for job in running.values():
                    self._scheduler.release(job)
            raise

    def _drive_jobs(
        self,
        executor: ProcessPoolExecutor,
        started: float,
        cancelled: Callable[[], bool],
        running: dict[Future[JobResult], Job],
    ) -> None:
        pending: list[tuple[ParagraphAnalysis, int]] = []
        last_post = time.monotonic()
        first_result: float | None = None
        warm_reserve = False
        warnings: tuple[str, ...] = ()
        while not (self._stopped.is_set() or cancelled()):
            wanted: list[Job] = []
            with self._lock:
                while len(running) + len(wanted) < self.jobs + SCREEN_RESERVE:
                    # Beyond `jobs` jobs, only the screen's: a free worker is kept for it.
                    busy = len(running) + len(wanted)
                    job = self._scheduler.next_job(urgent_only=busy >= self.jobs)
                    if job is None:
                        break
                    wanted.append(job)
            # Submitted outside the lock: the first submit waits for the fork server to have
            # the model, and focus() (the UI thread, as the screen scrolls) takes the lock.
            for position, job in enumerate(wanted):
                try:
                    running[executor.submit(run_job, job)] = job
                except BaseException:
                    with self._lock:  # not handed out after all
                        for left in wanted[position:]:
                            self._scheduler.release(left)
                    raise
            if warm_reserve and len(running) >= self.jobs:
                # Every worker is busy, so this empty job starts the screen's reserve worker
                # (its model loads now, off the critical path, not at the next jump).
                warm_reserve = False
                running[executor.submit(run_job, _EMPTY)] = _EMPTY
            if not running:
                if not self._scheduler.complete:  # a bug, not a state to hang in
                    raise RuntimeError("paragraphs were left unanalysed")
                break
            finished, _ = wait(running, timeout=0.1, return_when=FIRST_COMPLETED)
            urgent = False
            for future in finished:
                job = running.pop(future)
                result = future.result()
                if first_result is None:
                    first_result = time.monotonic()
                    self.sink.model_loaded(result.model, first_result - started, result.warnings)
                    warm_reserve = SCREEN_RESERVE > 0
                warnings = self.warnings = result.warnings
                urgent = urgent or job.urgent
                pending.extend(self._merge(job, result))
            now = time.monotonic()
            if pending and (urgent or now - last_post >= POST_SECONDS or not running):
                self._post(pending, first_result or started)
                pending = []
                last_post = now
        if self._stopped.is_set() or cancelled():
            return
        if pending:
            self._post(pending, first_result or started)
        parts = [self.parts[index] for index in sorted(self.parts)]
        if self.on_complete is not None:
            self.on_complete(parts, self._model_name)
        self.sink.done(time.monotonic() - started, warnings)

    _model_name = ""

    def _merge(self, job: Job, result: JobResult) -> list[tuple[ParagraphAnalysis, int]]:
        self._model_name = result.model
        level = job_level(job.kind)
        improved: list[tuple[ParagraphAnalysis, int]] = []
        with self._lock:
            scheduler = self._scheduler
            before = [scheduler.levels[item.index] for item in job.items]
            scheduler.complete_job(job, result.raw_entities)
            for item, found, old_level in zip(job.items, result.parts, before, strict=True):
                if level <= old_level:
                    continue  # a later layer got there first (the paragraph came on screen)
                part = merge(self.parts.get(item.index), job.kind, found)
                self.parts[item.index] = part
                improved.append((part, level))
        return improved

    def _post(self, pending: list[tuple[ParagraphAnalysis, int]], since: float) -> None:
        with self._lock:
            scheduler = self._scheduler
            fraction = scheduler.fraction
            done = scheduler.levels.count(FULL)
            total = len(scheduler.paragraphs)
            layer = _layer_now(scheduler.levels)
        elapsed = time.monotonic() - since
        eta = elapsed * (1 - fraction) / fraction if fraction >= 0.01 and elapsed > 0.5 else None
        progress = Progress(done, total, fraction, eta, layer)
        self.sink.batch(
            tuple(part for part, _ in pending), tuple(level for _, level in pending), progress
        )


def _layer_now(levels: bytearray) -> str:
    """The layer the background is working on: the lowest one not yet everywhere."""
    if levels.count(0):
        return "lexical"
    if levels.count(1):
        return "entities"
    return "syntax"


def _failure_message(error: BaseException) -> str:
    from concurrent.futures.process import BrokenProcessPool

    from ..analysis.pipeline import ModelNotFoundError

    if isinstance(error, ModelNotFoundError):
        return str(error)
    if isinstance(error, BrokenProcessPool):
        return "The analysis stopped: a worker process ended unexpectedly."
    return f"The analysis stopped: {type(error).__name__}: {error}"
