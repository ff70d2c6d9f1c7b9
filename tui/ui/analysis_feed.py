"""Feeding one document's analysis to the reading screen: cache, worker processes, viewport.

:class:`AnalysisFeed` runs in a thread worker of the screen. It first looks for the
document in the analysis cache (:mod:`tui.engine.cache`); otherwise it starts an
:class:`~tui.engine.runner.AnalysisRunner`, which analyses the paragraphs on screen first
and the rest layer by layer in worker processes. Everything reaches the screen as messages
(:mod:`tui.ui.messages`) tagged with the document's generation; the feed never touches a
widget. The screen tells it what is visible (:meth:`AnalysisFeed.focus`) and stops it when
the document is replaced or the app quits.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from ..analysis.model import Paragraph, ParagraphAnalysis, Span
from ..engine.layers import FULL
from .messages import AnalysisBatch, AnalysisDone, AnalysisFailed, ModelLoaded

if TYPE_CHECKING:
    from ..engine.runner import AnalysisRunner, Progress

__all__ = ["AnalysisFeed", "AnalysisOptions", "progress_text"]


@dataclass(frozen=True)
class AnalysisOptions:
    """How the reader analyses documents (``--jobs``, ``--no-cache``)."""

    jobs: int | None = None
    """Worker processes; None for one per core."""
    use_cache: bool = True
    """Read and write the analysis cache."""
    layered: bool = True
    """Lexical devices and entities over the whole text before the parser."""
    encoder: bool | None = False
    """Add the fine-tuned encoder (devices and claims) too, when installed (``--encoder``);
    None: as the configuration file says."""


def progress_text(fraction: float, eta: float | None, layer: str) -> str:
    """The status bar's progress: ``analysing 42% · entities · 1:05 left``."""
    text = f"analysing {min(fraction, 0.999):.0%}"
    if layer:
        text += f" · {layer}"
    if eta is not None:
        minutes, seconds = divmod(round(eta), 60)
        text += f" · {minutes}:{seconds:02d} left"
    return text


class _Sink:
    """Posts what the runner reports to the screen, tagged with the generation."""

    def __init__(self, target: MessagePump, generation: int) -> None:
        self.target = target
        self.generation = generation

    def model_loaded(self, model: str, seconds: float, warnings: tuple[str, ...]) -> None:
        self.target.post_message(ModelLoaded(self.generation, model, seconds, warnings))

    def batch(
        self, parts: tuple[ParagraphAnalysis, ...], levels: tuple[int, ...], progress: Progress
    ) -> None:
        self.target.post_message(
            AnalysisBatch(self.generation, parts, progress.done, progress.total, levels,
                          progress.fraction, progress.eta, progress.layer)
        )

    def done(self, seconds: float, warnings: tuple[str, ...]) -> None:
        """Handled by the feed, which finishes the document first."""

    def failed(self, message: str) -> None:
        self.target.post_message(AnalysisFailed(self.generation, message))


class AnalysisFeed:
    """Analyses one document for the screen; one feed per document load."""

    def __init__(
        self,
        target: MessagePump,
        generation: int,
        text: str,
        paragraphs: Sequence[Paragraph],
        *,
        model: str | None,
        rule_dirs: Sequence[str],
        options: AnalysisOptions,
    ) -> None:
        self.target = target
        """Where messages go (the screen)."""
        self.generation = generation
        """The document load this feed belongs to."""
        self.text = text
        """The document."""
        self.paragraphs = list(paragraphs)
        """Its paragraphs."""
        self.model = model
        """The pipeline asked for, if any."""
        self.rule_dirs = list(rule_dirs)
        """Folders of the user's device rules."""
        self.options = options
        """Jobs and cache."""
        self._starts = [paragraph.span.start for paragraph in self.paragraphs]
        self._focus = (0, 0)
        self._runner: AnalysisRunner | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def focus(self, span: Span) -> None:
        """``span`` of the text is on screen: analyse it first."""
        first = max(0, bisect_right(self._starts, span.start) - 1)
        last = max(first, bisect_right(self._starts, span.end) - 1)
        with self._lock:
            self._focus = (first, last)
            runner = self._runner
        if runner is not None:
            runner.focus(first, last)

    def stop(self) -> None:
        """Stop analysing and shut the worker processes down (from any thread)."""
        with self._lock:
            self._stopped = True
            runner = self._runner
        if runner is not None:
            runner.stop()

    # -- the worker thread ---------------------------------------------------------------------

    def run(self) -> None:
        """Analyse the document, posting results (the body of a thread worker)."""
        # Imported here, in the worker thread: the claims code and the engine are not needed
        # for the first paint, and importing them before it would delay it.
        from ..engine.lookup import document_key, load_document_analysis
        from ..engine.pool import start_worker_server
        from ..engine.runner import AnalysisRunner

        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or self._stopped

        started = time.monotonic()
        sink = _Sink(self.target, self.generation)
        encoder = bool(self.options.encoder)
        key = (document_key(self.text, self.model, self.rule_dirs, encoder)
               if self.options.use_cache
               else None)
        cached = load_document_analysis(key, self.text, self.paragraphs)
        if cached is not None:
            sink.model_loaded(cached.model, time.monotonic() - started, ())
            self._finish(cached.parts, cached.model, started, (), key=None, from_cache=True)
            return
        # Workers are needed: start the process that forks them (a second of spaCy import,
        # at a lower priority than the reader's), loading the model once for all of them.
        start_worker_server(self.model, self.rule_dirs, bool(self.options.encoder))
        outcome: dict[str, object] = {}

        def complete(parts: list[ParagraphAnalysis], model: str) -> None:
            outcome["parts"], outcome["model"] = parts, model

        runner = AnalysisRunner(
            self.text, self.paragraphs, sink, model=self.model, rule_dirs=self.rule_dirs,
            encoder=bool(self.options.encoder),
            jobs=self.options.jobs, layered=self.options.layered, on_complete=complete,
        )
        with self._lock:
            if self._stopped:
                return
            self._runner = runner
            runner.focus(*self._focus)
        runner.run(cancelled)
        if cancelled() or "parts" not in outcome:
            return
        parts = outcome["parts"]
        assert isinstance(parts, list)
        self._finish(parts, str(outcome["model"]), started, runner.warnings, key=key,
                     from_cache=False)

    def _finish(
        self,
        parts: list[ParagraphAnalysis],
        model: str,
        started: float,
        warnings: tuple[str, ...],
        *,
        key: str | None,
        from_cache: bool,
    ) -> None:
        """Post the final parts (after the document-level passes), cache them, say done.

        Cached parts are final already: reopening a book skips the passes."""
        from ..engine.cache import store_analysis
        from ..engine.final import final_parts

        total = len(self.paragraphs)
        if from_cache:
            self.target.post_message(
                AnalysisBatch(self.generation, tuple(parts), total, total,
                              (FULL,) * len(parts), 1.0)
            )
            self.target.post_message(AnalysisDone(self.generation,
                                                  time.monotonic() - started, warnings))
            return
        final, claims = final_parts(self.text, model, parts)
        changed = tuple(new for new, old in zip(final, parts, strict=True) if new is not old)
        if changed:
            self.target.post_message(
                AnalysisBatch(self.generation, changed, total, total, (FULL,) * len(changed), 1.0)
            )
        problem = None
        if key is not None:
            try:
                problem = store_analysis(key, len(self.text), model, final)
            except Exception as error:  # a record type the cache cannot store: no cache
                problem = f"The analysis was not cached: {error}"
        if problem:
            warnings = (*warnings, problem)
        if self.options.encoder:
            from ..encoder import encoder_problem

            missing = encoder_problem()
            if missing:  # --encoder asked for, but it cannot run here: say so once
                warnings = (*warnings, f"{missing}; the devices were found without it")
        streamed = tuple(claim for part in parts for claim in part.claims)
        listed = claims if claims != streamed else None
        self.target.post_message(
            AnalysisDone(self.generation, time.monotonic() - started, warnings, listed)
        )
