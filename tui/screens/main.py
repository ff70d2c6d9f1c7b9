"""The reading screen: the document on the left, its claims on the right.

The screen owns the document's analysis state. The analysis (cache, worker processes,
viewport first: :mod:`.analysis_feed`) runs in a thread worker that only posts messages; the
handlers here add results to the widgets as they arrive, at a cost that follows the batch,
not the document.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ..analysis.collected import Collected, step_through_parts
from ..analysis.devices import load_catalogue
from ..analysis.model import Claim, ParagraphAnalysis
from ..analysis.pipeline import split_paragraphs
from ..config import LAYERS, Config, without_devices
from ..display import document_warning, safe_inline
from ..document_header import document_heading
from ..formats import open_document
from ..loading import Document, DocumentError, file_signature
from ..messages import AnalysisBatch, AnalysisDone, AnalysisFailed, AnalysisProgress, ModelLoaded
from ..navigation import Highlight, highlights
from ..settings import user_rules_dir
from ..widgets import ClaimsPane, DocumentView, Explanation, StatusBar, StatusInfo
from .analysis_feed import AnalysisFeed, AnalysisOptions, progress_text
from .claim_actions import ClaimActions

__all__ = ["MainScreen"]


def _document_warning(document: Document) -> str:
    """The standing status-bar warning a document calls for, if any."""
    return document_warning(document.text, document.replaced)


class MainScreen(ClaimActions):
    """Read one document with its entities, devices and claims."""

    # The reading keys (highlights, devices, claims) and their handlers are in the bases:
    # HighlightActions and ClaimActions.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "export", "Export", show=False)]

    class DocumentReloaded(Message):
        """The file changed on disk and was read again."""

        def __init__(self, document: Document) -> None:
            super().__init__()
            self.document = document
            """The new version."""

    def __init__(
        self,
        document: Document,
        model: str | None = None,
        *,
        max_bytes: int | None = None,
        analysis: AnalysisOptions | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        """The document being read."""
        self.model = model
        """The spaCy pipeline asked for on the command line, if any."""
        self.max_bytes = max_bytes
        """The size limit the document was opened with; reloads use it too."""
        self.analysis_options = analysis or AnalysisOptions()
        """Worker processes and cache (``--jobs``, ``--no-cache``)."""
        self.generation = 0
        """Bumped on every (re)load; results of older generations are dropped."""
        self.collected = Collected([])
        """The analysis received so far (``parts`` and ``claims`` are its)."""
        self._feed: AnalysisFeed | None = None
        self.parts: dict[int, ParagraphAnalysis] = {}
        """Paragraph analyses received so far, by paragraph index."""
        self.claims: list[Claim] = []
        """Claims received so far, in text order."""
        self.analysis_complete = False
        """True once every paragraph has been analysed."""
        self.entity_count = 0
        """Entities received so far."""
        self.device_count = 0
        """Devices received so far."""
        self.device_kinds = {kind.id: kind for kind in load_catalogue()}
        self._signature = document.signature
        self._current: Highlight | None = None
        self._warned: set[str] = set()
        self.disabled_devices: frozenset[str] = frozenset()
        """Device ids and categories the configuration file switches off."""

    def compose(self) -> ComposeResult:
        """Title line, document and claims side by side, status bar and key hints."""
        yield Static(id="title")
        with Horizontal(id="panes"):
            with Vertical(id="document-pane"):
                yield DocumentView(id="document")
                yield Explanation(id="explanation")
            with Vertical(id="claims-side"):
                yield Static(Text("Claims", style="bold"), id="claims-heading")
                yield ClaimsPane(id="claims")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def view(self) -> DocumentView:
        """The document pane."""
        return self.query_one(DocumentView)

    @property
    def claims_pane(self) -> ClaimsPane:
        """The claims pane."""
        return self.query_one(ClaimsPane)

    @property
    def status(self) -> StatusBar:
        """The status bar."""
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        """Show the text at once, then start analysing it."""
        self.watch(self.app, "theme", self._show_theme)
        self.view.focus()
        self._show_document(self.document)
        config = getattr(self.app, "config", None) or Config()
        self.disabled_devices = config.disabled_devices
        if config.layers != frozenset(LAYERS):  # the configuration file hides some layers
            shown = config.layers
            self.apply_layers(replace(
                self.view.shown_layers, entities="entities" in shown,
                devices="devices" in shown, claims="claims" in shown,
            ))
        if self.document.path is not None:
            self.set_interval(1.0, self._check_file)

    # -- document and analysis -------------------------------------------------------------

    def _show_document(self, document: Document, keep_offset: int | None = None) -> None:
        self.document = document
        self.generation += 1
        paragraphs = split_paragraphs(document.text)
        self.collected = Collected(paragraphs)
        self.parts = self.collected.parts
        self.claims = self.collected.listed
        self.entity_count = self.device_count = 0
        self.analysis_complete = False
        self._current = None
        self.view.load(document.text, paragraphs)
        if keep_offset is not None:
            offset = min(keep_offset, len(document.text))
            self.call_after_refresh(self.view.scroll_to_offset, offset, at_top=True)
        self.claims_pane.show_claims([], document.text)
        self._show_claim_count()
        self._show_explanation(None)
        self.query_one("#title", Static).update(document_heading(document))
        warning = _document_warning(document)
        self.status.update_info(
            encoding=document.encoding_label,
            progress="analysing",
            entities=0,
            devices=0,
            claims=0,
            warning=warning,
        )
        if self._feed is not None:
            self._feed.stop()
        self._feed = AnalysisFeed(
            self, self.generation, document.text, paragraphs, model=self.model,
            rule_dirs=[str(user_rules_dir())], options=self.analysis_options,
        )
        self._feed.focus(self.view.visible_span())
        self._analyse(self._feed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def _analyse(self, feed: AnalysisFeed) -> None:
        """Analyse the document (cache, worker processes), posting results."""
        try:
            feed.run()
        except Exception as error:  # never a traceback: the text stays, the status says why
            self.post_message(AnalysisFailed(
                feed.generation, f"The analysis stopped: {type(error).__name__}: {error}"
            ))

    @on(DocumentView.ViewportChanged)
    def _viewport_changed(self, message: DocumentView.ViewportChanged) -> None:
        if self._feed is not None:
            self._feed.focus(message.span)

    def on_unmount(self) -> None:
        """Shut the worker processes down with the screen (quitting, Ctrl+C)."""
        if self._feed is not None:
            self._feed.stop()

    def _step_from(self, position: int, forward: bool) -> Highlight | None:
        """The next (previous) highlight from ``position``, looking only at the paragraphs
        between it and the answer: no sort of a whole book's highlights per key press."""
        layers = self._layers()

        def of(part: ParagraphAnalysis) -> list[Highlight]:
            return highlights([part], entities=layers.entities, devices=layers.devices,
                              hidden_categories=layers.hidden_categories, kind=self.jump_kind)

        found = step_through_parts(self.collected, position, forward, of,
                                   lambda item: item.span.start)  # type: ignore[attr-defined]
        return found if isinstance(found, Highlight) else None

    def on_model_loaded(self, message: ModelLoaded) -> None:
        """Name the model in the status bar."""
        if message.generation != self.generation:
            return
        self.status.update_info(model=message.model)
        self._warn(message.warnings, "Rule file skipped")

    def _warn(self, warnings: tuple[str, ...], title: str) -> None:
        """Notify each problem once per session, made inert (it may name a hostile file)."""
        for warning in warnings:
            if warning not in self._warned:
                self._warned.add(warning)
                self.notify(safe_inline(warning, 300), title=title, severity="warning",
                            markup=False)

    def on_analysis_batch(self, message: AnalysisBatch) -> None:
        """Add a batch of results to the document, the claims pane and the counts."""
        if message.generation != self.generation:
            return
        collected = self.collected
        parts = tuple(without_devices(part, self.disabled_devices) for part in message.parts)
        collected.add(parts, message.levels or (3,) * len(parts))
        self.entity_count, self.device_count = collected.entity_count, collected.device_count
        self.view.add_parts(parts)
        # Claims join the pane in text order, as the analysed stretch from the start grows.
        # The pane lays out only the rows scrolled to, so a whole book's claims (from the
        # cache) join it at once without freezing the screen.
        released = collected.release_claims()
        if released:
            self.claims_pane.append_claims(released, self.document.text)
            self._show_claim_count()
        self.post_message(AnalysisProgress(message.generation, message.done, message.total,
                                           message.fraction, message.eta, message.layer))

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        """Update the progress and the counts in the status bar."""
        # Progress is posted by this screen to itself, so it can arrive after AnalysisDone.
        if message.generation == self.generation and not self.analysis_complete:
            self._show_counts(progress_text(message.fraction, message.eta, message.layer))

    def _show_counts(self, progress: str) -> None:
        self.status.update_info(
            progress=progress,
            entities=self.entity_count,
            devices=self.device_count,
            claims=len(self.claims),
        )

    def on_analysis_done(self, message: AnalysisDone) -> None:
        """Say the analysis is complete."""
        if message.generation != self.generation:
            return
        self.analysis_complete = True
        if message.claims is not None:
            # Whole-document passes (speakers linked across paragraphs) changed the claims.
            self.claims[:] = message.claims
            self.claims_pane.show_claims(self.claims, self.document.text)
            self._show_claim_count()
        self._show_counts("analysed")
        self._warn(message.warnings, "Some text was not fully analysed")

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        """Keep showing the text, and say why there are no highlights."""
        if message.generation != self.generation:
            return
        if self.status.info.model == StatusInfo.model:
            self.status.update_info(model="no model")
        self.status.update_info(progress="analysis unavailable")
        self.notify(message.message, title="Analysis unavailable", severity="error",
                    timeout=15, markup=False)

    # -- watching the file -------------------------------------------------------------------

    def _check_file(self) -> None:
        path = self.document.path
        if path is None:
            return
        signature = file_signature(path)
        if signature == self._signature:
            return
        self._signature = signature
        if signature is None:
            self.status.update_info(warning="file is gone from disk; showing the last version")
            return
        self._reload(str(path))

    @work(thread=True, exclusive=True, exit_on_error=False, group="reload")
    def _reload(self, source: str) -> None:
        """Read the changed file again, off the UI thread."""
        try:
            document = open_document(source, input_format=self.document.format,
                                     max_bytes=self.max_bytes)
        except DocumentError as error:
            self.app.call_from_thread(self._reload_failed, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.DocumentReloaded(document))

    def _reload_failed(self, reason: str) -> None:
        """Keep showing the last version, and say why the new one is not shown."""
        self.status.update_info(warning="the file on disk cannot be read; showing the last version")
        self.notify(f"Not reloaded: {reason}", severity="warning", markup=False)

    def on_main_screen_document_reloaded(self, message: DocumentReloaded) -> None:
        """Show the new version near where the reader was."""
        if message.document.text == self.document.text:
            # The file came back unchanged (an editor's save, a checkout): nothing is gone.
            self.status.update_info(warning=_document_warning(self.document))
            return
        self._show_document(message.document, keep_offset=self.view.top_offset)
        self.notify("The file changed on disk and was reloaded.", markup=False)

    def _show_theme(self, theme: str) -> None:
        self.status.update_info(theme=theme)

    def action_export(self) -> None:
        """Export the analysis to a file: JSON, JSON Lines, CSV, Markdown, HTML or text."""
        from .export import open_export_dialog

        open_export_dialog(self)
