"""What Slant asks of each Dask worker it runs on: to spend its core on the analysis.

Imported only where Dask is installed. Registered by
:class:`tui.engine.pool.ClusterWorkers` as a Dask worker plugin, so it reaches
every worker, also one that joins later. Two of a Dask worker's defaults cost the analysis
about a sixth of its speed, measured on the same batches in the same run
(``benchmarks/bench_corpus.py``): the statistical profiler, which samples the running task's
stack every 10 ms while it holds the GIL, and a malloc trim threshold of 64 kB (set by the
nanny), which makes glibc return memory to the system at almost every free in spaCy's
allocation-heavy loop. The plugin stops the one and raises the other; both only on this
worker, and a worker where either is not there (another version, another C library) is
left as it is.
"""

from __future__ import annotations

import contextlib
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

__all__ = ["TRIM_THRESHOLD", "AnalysisWorker"]

TRIM_THRESHOLD = 64 << 20
"""Bytes free at the top of the heap before glibc gives memory back to the system."""

_M_TRIM_THRESHOLD = -1
"""glibc's mallopt parameter number for the trim threshold."""


class AnalysisWorker(WorkerPlugin):
    """A Dask worker plugin that tunes each worker for the analysis."""

    name = "slant-analysis"
    """Registered under this name: registering again replaces it, never stacks it."""

    def setup(self, worker: Any) -> None:
        """Stop the worker's profiler and raise its malloc trim threshold."""
        for key in ("profile", "profile-cycle"):
            callback = getattr(worker, "periodic_callbacks", {}).get(key)
            if callback is not None:
                with contextlib.suppress(Exception):
                    callback.stop()
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)

    def teardown(self, worker: Any) -> None:
        """Nothing to undo: the worker is going away."""
