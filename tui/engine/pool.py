"""The one place in Slant that starts processes: the worker pools, the fork server that
makes the reader's workers, and a Dask cluster (local, or joined by address).

Both the reader's runner (:mod:`tui.engine.runner`) and ``slant analyze``
(:mod:`tui.engine.corpus`) get their workers here. The reader's workers are forked by a
``forkserver`` that has already imported spaCy (:func:`start_worker_server`), so they start in
a fraction of a second and never inherit the UI's threads; ``slant analyze`` may run a
progress bar's thread, so its workers are ``spawn``ed. Stopping a pool never waits for jobs
that are no longer wanted.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from .layers import PRELOAD_ENV

__all__ = ["BATCH_START", "READER_START", "ClusterError", "ClusterWorkers", "LocalWorkers",
           "Workers", "default_jobs", "start_pool", "start_worker_server", "stop_pool"]

READER_START = "forkserver"
"""How the reader's workers start (``spawn`` where there is no fork server)."""
BATCH_START = "spawn"
"""How ``slant analyze``'s workers start: the parent may run a progress bar's thread, and
forking a threaded process is unsafe; each worker imports Slant and loads the model afresh."""


def default_jobs() -> int:
    """Worker processes to use by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)



def start_pool(
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    *,
    method: str,
) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes started by ``method``, each running ``initializer``."""
    context = _context() if method == READER_START else multiprocessing.get_context(method)
    if method == READER_START:
        _start_helpers(context)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    )


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where it exists (safe with threads, cheap per worker), else ``spawn``."""
    try:
        return multiprocessing.get_context("forkserver")
    except ValueError:
        return multiprocessing.get_context("spawn")


_helpers_lock = threading.Lock()

_PRELOAD = ("tui.engine.quiet", "spacy", "tui.engine.layers", "tui.analysis.pipeline",
            "tui.analysis.claims", "tui.analysis.entities", "tui.analysis.devices.component")
"""Modules the fork server imports before forking workers (spaCy's import is most of a
worker's start-up); the first one silences it and lowers its priority."""

_preload: list[str] = list(_PRELOAD)


def _start_helpers(context: multiprocessing.context.BaseContext) -> None:
    """Start multiprocessing's resource tracker and fork server, silenced.

    They pass ``sys.stderr``'s descriptor to the helper process; a UI that captures
    ``sys.stderr`` (Textual does) has none, and starting them would fail: they get the null
    device instead. The fork server's own output, and every worker's, goes nowhere
    (:mod:`tui.engine.quiet`, its first import): nothing they say may reach the reader's
    screen."""
    from multiprocessing import forkserver, resource_tracker

    with _helpers_lock, open(os.devnull, "w") as null:
        saved = sys.stderr
        sys.stderr = null
        try:
            resource_tracker.ensure_running()
            if context.get_start_method() == "forkserver":
                # Imported once in the fork server, shared by every worker forked from it.
                context.set_forkserver_preload(list(_preload))
                forkserver.ensure_running()
        finally:
            sys.stderr = saved


def start_worker_server(model: str | None = None, rule_dirs: Sequence[str] = (),
                        encoder: bool = False) -> None:
    """Start the process that forks the reader's workers, and have it load ``model`` with
    ``rule_dirs`` (and the encoder) once, so that every worker forked from it starts with the
    model in memory.

    Safe from any thread, while a UI runs (the reader calls it from its analysis thread,
    after the first frame is on the screen): nothing here writes to the terminal, and the
    server imports spaCy at a lower priority than the reader's. A server already running is
    kept."""
    global _preload
    context = _context()
    if context.get_start_method() != "forkserver":
        return
    with _helpers_lock:
        os.environ[PRELOAD_ENV] = json.dumps([model, [str(d) for d in rule_dirs], encoder])
        _preload = [*_PRELOAD, "tui.engine.preload"]
    _start_helpers(context)


def stop_pool(executor: ProcessPoolExecutor, *, terminate: bool = False) -> None:
    """Cancel what has not started and let the workers exit, without waiting for them.

    With ``terminate`` the workers are ended at once: their current jobs are not wanted
    (the document was closed), and quitting must not wait for them."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    # A pool already broken has nothing left to shut down; a process may be gone already.
    with contextlib.suppress(Exception):
        executor.shutdown(wait=False, cancel_futures=True)
    if terminate:
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()


# -- where slant analyze's tasks run ------------------------------------------------------------


class Workers:
    """Where the engine's tasks run: :meth:`submit` gives
    :class:`concurrent.futures.Future` objects, whatever runs the tasks."""

    executor: Executor
    """What runs the tasks."""
    size: int
    """How many tasks run at once."""

    def submit(self, function: Callable[[Any], Any], task: Any) -> Future[Any]:
        """Run ``function(task)`` on a worker."""
        return self.executor.submit(function, task)

    def restart(self) -> None:
        """Start again after a crash broke the pool (nothing to do for a cluster)."""

    def lost(self) -> list[str]:
        """Workers that left since the last call (a cluster's; Dask reruns their tasks)."""
        return []

    def close(self, *, terminate: bool = False) -> None:
        """Stop; with ``terminate``, without waiting for running tasks."""


class LocalWorkers(Workers):
    """``size`` processes on this machine, each loading the pipeline once as it starts."""

    def __init__(self, size: int, initializer: Callable[..., None],
                 initargs: tuple[Any, ...]) -> None:
        self.size = size
        self._initializer = initializer
        self._initargs = initargs
        self._spawned: dict[int, Any] = {}
        self.executor: ProcessPoolExecutor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return start_pool(self.size, self._initializer, self._initargs, method=BATCH_START)

    def submit(self, function: Callable[[Any], Any], task: Any) -> Future[Any]:
        """Run ``function(task)`` in a worker process (started on demand: remembered, so
        that a broken pool's survivors can be ended, whatever the pool forgot of them)."""
        future = self.executor.submit(function, task)
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            self._spawned[process.pid] = process
        return future

    def restart(self) -> None:
        """A fresh pool in place of the broken one, whose processes are all ended: one that
        died holding the pool's queue lock would leave the others waiting for ever."""
        self._end_all()
        stop_pool(self.executor, terminate=True)
        self.executor = self._start()

    def _end_all(self) -> None:
        for process in self._spawned.values():
            with contextlib.suppress(Exception):
                if process.is_alive():
                    process.kill()
        self._spawned.clear()

    def close(self, *, terminate: bool = False) -> None:
        """Let the workers exit (at once with ``terminate``)."""
        if terminate:
            stop_pool(self.executor, terminate=True)
            self._end_all()
        else:
            self.executor.shutdown(wait=True)


class ClusterError(RuntimeError):
    """The cluster cannot be used (Dask missing, the scheduler unreachable); ``str()`` is
    one line for the user."""


class ClusterWorkers(Workers):
    """The workers of a Dask scheduler at ``address`` (``tcp://host:8786``), or of a
    ``LocalCluster`` of ``size`` one-thread worker processes started here (``"local"``).
    Dask reruns the tasks of a worker that dies on the others."""

    def __init__(self, address: str, size: int) -> None:
        try:
            distributed = importlib.import_module("distributed")
        except Exception as error:  # missing, or broken: one line, not a traceback
            raise ClusterError(
                f"--cluster needs Dask ({type(error).__name__}: {error}); install it with: "
                "pip install 'slant[cluster]'"
            ) from None
        self._cluster: Any = None
        try:
            if address == "local":
                self._cluster = distributed.LocalCluster(
                    n_workers=size, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
                address = self._cluster.scheduler_address
            self.client: Any = distributed.Client(address, timeout="10s",
                                                  set_as_default=False)
        except (OSError, TimeoutError) as error:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        from .dask_worker import AnalysisWorker

        with contextlib.suppress(Exception):  # an older scheduler: the defaults, only slower
            self.client.register_plugin(AnalysisWorker(), name=AnalysisWorker.name)
        self.executor = self.client.get_executor(pure=False)
        self._known = self._workers()
        self.size = max(1, sum(self._known.values()))

    def _workers(self) -> dict[str, int]:
        info = self.client.scheduler_info(n_workers=-1)
        return {name: int(worker.get("nthreads", 1))
                for name, worker in info.get("workers", {}).items()}

    def lost(self) -> list[str]:
        """Workers gone since the last call; the size follows the workers there are."""
        with contextlib.suppress(Exception):
            now = self._workers()
            gone = sorted(set(self._known) - set(now))
            self._known = now
            self.size = max(1, sum(now.values()))
            return gone
        return []

    def close(self, *, terminate: bool = False) -> None:
        """Let go of the cluster (and stop it, if it was started here)."""
        for part in (getattr(self, "client", None), self._cluster):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.close()
