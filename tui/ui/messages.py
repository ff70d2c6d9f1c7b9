"""Messages the reading screen's workers (the analysis, a search) post to the UI.

Workers never touch widgets: they post these, and handlers on the UI side own every state
change. Each message carries the ``generation`` of the document it belongs to, so results of
a superseded analysis (the file changed and was reloaded) are dropped on arrival.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from textual.message import Message

from ..analysis.model import Claim, ParagraphAnalysis
from .search import Matches

__all__ = [
    "AnalysisBatch",
    "AnalysisDone",
    "AnalysisFailed",
    "AnalysisProgress",
    "ModelLoaded",
    "SearchDone",
    "SoftBreaksFound",
    "StatusChanged",
]


@dataclass
class ModelLoaded(Message):
    """The spaCy pipeline is loaded and analysis begins."""

    generation: int
    """Which document load this belongs to."""
    model: str
    """Name and version of the pipeline."""
    seconds: float
    """How long loading took."""
    warnings: tuple[str, ...] = ()
    """User rule files that were skipped, one line each."""


@dataclass
class AnalysisBatch(Message):
    """A batch of analysed paragraphs."""

    generation: int
    """Which document load this belongs to."""
    parts: tuple[ParagraphAnalysis, ...]
    """The paragraphs analysed since the previous batch."""
    done: int
    """Paragraphs analysed so far."""
    total: int
    """Paragraphs in the document."""
    levels: tuple[int, ...] = ()
    """The layer each part has reached (``tui.engine.layers``: lexical, entities, full);
    empty means all are complete."""
    fraction: float = 0.0
    """Share of the whole analysis's cost done, 0–1."""
    eta: float | None = None
    """Estimated seconds left, if known."""
    layer: str = ""
    """The layer being computed in the background."""


@dataclass
class AnalysisProgress(Message):
    """How far the analysis has come; a newer one replaces an older one still queued."""

    generation: int
    """Which document load this belongs to."""
    done: int
    """Paragraphs analysed so far."""
    total: int
    """Paragraphs in the document."""
    fraction: float = 0.0
    """Share of the whole analysis's cost done, 0–1."""
    eta: float | None = None
    """Estimated seconds left, if known."""
    layer: str = ""
    """The layer being computed in the background."""

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress report matters."""
        return isinstance(message, AnalysisProgress) and message.generation == self.generation


@dataclass
class AnalysisDone(Message):
    """Every paragraph has been analysed."""

    generation: int
    """Which document load this belongs to."""
    seconds: float
    """Wall time of the analysis, model loading included."""
    warnings: tuple[str, ...] = ()
    """Detectors that failed on some text (the rest of the analysis stands)."""
    claims: tuple[Claim, ...] | None = None
    """The document's claims when the whole-document passes changed them (speakers linked
    across paragraphs); None when they are the claims the batches brought."""


@dataclass
class AnalysisFailed(Message):
    """The analysis could not run (no model, a model that fails to load, an internal error)."""

    generation: int
    """Which document load this belongs to."""
    message: str
    """What went wrong and what to do, for the user."""


@dataclass
class SearchDone(Message):
    """A search of the document's text finished (it runs in a thread: a book takes a moment)."""

    generation: int
    """Which document load this belongs to."""
    matches: Matches
    """Every match, in text order."""
    top: int
    """The offset at the top of the screen when the search was asked for."""


@dataclass
class SoftBreaksFound(Message):
    """The line breaks that only wrap paragraphs were found (a long text, in a thread)."""

    generation: int
    """Which document load this belongs to."""
    breaks: array[int]
    """Their offsets."""


class StatusChanged(Message):
    """A part of the screen has something new for the status bar."""

    def __init__(self, **changes: object) -> None:
        super().__init__()
        self.changes = changes
        """The :class:`~tui.ui.widgets.status_bar.StatusInfo` fields to change."""
