"""The one place in Slant that starts processes: the worker pools, and the fork server that
makes the reader's workers.

Both the reader's runner (:mod:`tui.engine.runner`) and ``slant analyze``
(:mod:`tui.engine.batch`) get their pool here. The reader's workers are forked by a
``forkserver`` that has already imported spaCy (:func:`start_worker_server`), so they start in
a fraction of a second and never inherit the UI's threads; ``slant analyze`` may run a
progress bar's thread, so its workers are ``spawn``ed. Stopping a pool never waits for jobs
that are no longer wanted.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .layers import PRELOAD_ENV

__all__ = ["BATCH_START", "READER_START", "default_jobs", "start_pool", "start_worker_server",
           "stop_pool"]

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

_PRELOAD = ("spacy", "tui.engine.layers", "tui.analysis.pipeline", "tui.analysis.claims",
            "tui.analysis.entities", "tui.analysis.devices.component")
"""Modules the fork server imports before forking workers (spaCy's import is most of a
worker's start-up)."""


def _start_helpers(context: multiprocessing.context.BaseContext) -> None:
    """Start multiprocessing's resource tracker and fork server with a real ``stderr``.

    They pass ``sys.stderr``'s descriptor to the helper process; a UI that captures
    ``sys.stderr`` (Textual does) has none, and starting them would fail. They get the null
    device instead: nothing they say may reach the reader's screen."""
    from multiprocessing import forkserver, resource_tracker

    with _helpers_lock, open(os.devnull, "w") as null:
        saved = sys.stderr
        sys.stderr = null
        try:
            resource_tracker.ensure_running()
            if context.get_start_method() == "forkserver":
                # Imported once in the fork server, shared by every worker forked from it.
                context.set_forkserver_preload(list(_PRELOAD))
                forkserver.ensure_running()
        finally:
            sys.stderr = saved


def start_worker_server(model: str | None = None, rule_dirs: Sequence[str] = ()) -> None:
    """Start the process that forks the workers now, silenced, before a UI owns the terminal.

    Call it while the program has one thread and the terminal is still the shell's. The fork
    server imports spaCy while the UI starts, so workers are ready sooner, and its output
    (and every worker's) goes to the null device: not even a Ctrl+C during its start-up can
    print a traceback over the reader's screen. It also loads ``model`` with ``rule_dirs``
    (what the reader will ask for) once, so workers forked from it start ready."""
    context = _context()
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver, resource_tracker

    with _helpers_lock:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        saved = [os.dup(1), os.dup(2)]
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.environ[PRELOAD_ENV] = json.dumps([model, [str(d) for d in rule_dirs]])
            context.set_forkserver_preload([*_PRELOAD, "tui.engine.preload"])
            resource_tracker.ensure_running()
            forkserver.ensure_running()
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for descriptor in (*saved, null):
                os.close(descriptor)


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
