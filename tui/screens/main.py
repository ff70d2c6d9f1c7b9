"""The reading screen: the document on the left, its claims on the right.

The screen owns the document's analysis state. The analysis runs in a thread worker that
only posts messages; the handlers here add results to the widgets as they arrive.
"""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ..analysis.devices import load_catalogue
from ..analysis.export import claim_line, claims_markdown
from ..analysis.model import Claim, Device, ParagraphAnalysis
from ..analysis.pipeline import (
    ModelNotFoundError,
    analyze_paragraphs,
    load_pipeline,
    split_paragraphs,
)
from ..clipboard import copy_text
from ..display import has_hidden_controls, safe_inline
from ..loading import Document, DocumentError, file_signature, load_document
from ..messages import AnalysisBatch, AnalysisDone, AnalysisFailed, AnalysisProgress, ModelLoaded
from ..navigation import Highlight, claims_at, highlights, highlights_at, step
from ..settings import user_rules_dir
from ..widgets import ClaimsPane, DocumentView, Explanation, Layers, StatusBar, StatusInfo

__all__ = ["MainScreen"]

BATCH_SECONDS = 0.15
"""How often, at most, the worker posts results: often enough to look live, rarely enough
not to flood the message queue on a long book."""


def _document_warning(text: str) -> str:
    """The standing status-bar warning a document's text calls for, if any."""
    if has_hidden_controls(text):
        return "hidden bidi / zero-width characters are shown as ⇄ and ¦"
    return ""


class MainScreen(Screen[None]):
    """Read one document with its entities, devices and claims."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_claim", "Copy claim"),
        Binding("C", "copy_all_claims", "Copy all"),
        Binding("e", "toggle_layer('entities')", "Entities"),
        Binding("d", "toggle_layer('devices')", "Devices"),
        Binding("l", "toggle_layer('claims')", "Claims"),
        Binding("n", "next_highlight", "Next"),
        Binding("N", "previous_highlight", "Prev"),
        Binding("escape", "clear_highlight", "Clear", show=False),
    ]

    class DocumentReloaded(Message):
        """The file changed on disk and was read again."""

        def __init__(self, document: Document) -> None:
            super().__init__()
            self.document = document
            """The new version."""

    def __init__(self, document: Document, model: str | None = None) -> None:
        super().__init__()
        self.document = document
        """The document being read."""
        self.model = model
        """The spaCy pipeline asked for on the command line, if any."""
        self.generation = 0
        """Bumped on every (re)load; results of older generations are dropped."""
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
        if self.document.path is not None:
            self.set_interval(1.0, self._check_file)

    # -- document and analysis -------------------------------------------------------------

    def _show_document(self, document: Document, keep_offset: int | None = None) -> None:
        self.document = document
        self.generation += 1
        self.parts = {}
        self.claims = []
        self.entity_count = self.device_count = 0
        self.analysis_complete = False
        self._current = None
        paragraphs = split_paragraphs(document.text)
        self.view.load(document.text, paragraphs)
        if keep_offset is not None:
            offset = min(keep_offset, len(document.text))
            self.call_after_refresh(self.view.scroll_to_offset, offset, at_top=True)
        self.claims_pane.show_claims([], document.text)
        self._show_claim_count()
        self._show_explanation(None)
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        title.append("Slant", style="bold")
        title.append(f" · {safe_inline(document.name, 80)}")
        self.query_one("#title", Static).update(title)
        warning = _document_warning(document.text)
        self.status.update_info(
            encoding=document.encoding,
            progress=f"analysing 0/{len(paragraphs)}",
            entities=0,
            devices=0,
            claims=0,
            warning=warning,
        )
        self._analyse(document.text, self.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def _analyse(self, text: str, generation: int) -> None:
        """Load the model and analyse ``text`` paragraph by paragraph, posting results."""
        try:
            self._analyse_in_batches(text, generation)
        except ModelNotFoundError as error:
            self.post_message(AnalysisFailed(generation, str(error)))
        except Exception as error:
            self.post_message(
                AnalysisFailed(generation, f"The analysis stopped: {type(error).__name__}: {error}")
            )

    def _analyse_in_batches(self, text: str, generation: int) -> None:
        worker = get_current_worker()
        started = time.monotonic()
        pipeline = load_pipeline(self.model, rule_dirs=[user_rules_dir()])
        loaded = time.monotonic() - started
        self.post_message(ModelLoaded(generation, pipeline.name, loaded, pipeline.warnings))
        paragraphs = split_paragraphs(text)
        batch: list[ParagraphAnalysis] = []
        last_post = time.monotonic()
        for done, part in enumerate(analyze_paragraphs(text, pipeline, paragraphs), start=1):
            if worker.is_cancelled:
                return
            batch.append(part)
            if time.monotonic() - last_post >= BATCH_SECONDS or done == len(paragraphs):
                self.post_message(AnalysisBatch(generation, tuple(batch), done, len(paragraphs)))
                batch = []
                last_post = time.monotonic()
        failures = tuple(pipeline.problems()[len(pipeline.warnings):])
        self.post_message(AnalysisDone(generation, time.monotonic() - started, failures))

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
        for part in message.parts:
            self.parts[part.paragraph.index] = part
            self.entity_count += len(part.entities)
            self.device_count += len(part.devices)
        new_claims = [claim for part in message.parts for claim in part.claims]
        self.claims.extend(new_claims)
        self.view.add_parts(message.parts)
        self.claims_pane.append_claims(new_claims, self.document.text)
        self._show_claim_count()
        self.post_message(AnalysisProgress(message.generation, message.done, message.total))

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        """Update the progress and the counts in the status bar."""
        # Progress is posted by this screen to itself, so it can arrive after AnalysisDone.
        if message.generation == self.generation and not self.analysis_complete:
            self._show_counts(f"analysing {message.done}/{message.total}")

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
            document = load_document(source)
        except DocumentError as error:
            self.app.call_from_thread(
                self.notify, f"Not reloaded: {error}", severity="warning", markup=False
            )
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.DocumentReloaded(document))

    def on_main_screen_document_reloaded(self, message: DocumentReloaded) -> None:
        """Show the new version near where the reader was."""
        if message.document.text == self.document.text:
            # The file came back unchanged (an editor's save, a checkout): nothing is gone.
            self.status.update_info(warning=_document_warning(self.document.text))
            return
        self._show_document(message.document, keep_offset=self.view.top_offset)
        self.notify("The file changed on disk and was reloaded.", markup=False)

    # -- claims --------------------------------------------------------------------------------

    @on(ClaimsPane.ClaimChosen)
    def _claim_chosen(self, message: ClaimsPane.ClaimChosen) -> None:
        if message.claim not in self.claims:  # queued before a reload replaced the claims
            return
        self.view.select_claim(message.claim)

    def action_copy_claim(self) -> None:
        """Copy the selected claim as ``Speaker — cue: “content”``."""
        claim = self.claims_pane.selected_claim or self.view.selected_claim
        if claim is None:
            if not self.claims:
                self.notify("There are no claims to copy yet.", markup=False)
                return
            # Nothing chosen yet: take the first claim on screen, and show which it was.
            visible = self.view.visible_span()
            claim = next(
                (c for c in self.claims if c.sentence.end > visible.start), self.claims[0]
            )
            self.claims_pane.highlighted = self.claims_pane.claims.index(claim)
        line = claim_line(claim, self.document.text)
        self.notify(copy_text(self.app, line, "the claim"), markup=False)

    def action_copy_all_claims(self) -> None:
        """Copy every claim as a Markdown list."""
        if not self.claims:
            self.notify("There are no claims to copy yet.", markup=False)
            return
        markdown = claims_markdown(
            self.claims, self.document.text, f"Claims in {self.document.name}"
        )
        what = f"{len(self.claims)} claims as Markdown"
        self.notify(copy_text(self.app, markdown, what), markup=False)

    # -- layers and highlights -------------------------------------------------------------------

    def action_toggle_layer(self, layer: str) -> None:
        """Show or hide one highlight layer: entities, devices or claims."""
        layers = self.view.shown_layers
        flags = {"entities": layers.entities, "devices": layers.devices, "claims": layers.claims}
        if layer not in flags:
            return
        flags[layer] = not flags[layer]
        self.view.set_layers(Layers(**flags))
        hidden = ", ".join(name for name, shown in flags.items() if not shown)
        self.status.update_info(hidden_layers=hidden)
        state = "shown" if flags[layer] else "hidden"
        self.notify(f"{layer.capitalize()} {state}", timeout=2, markup=False)

    def _ordered_highlights(self) -> list[Highlight]:
        layers = self.view.shown_layers
        parts = [self.parts[index] for index in sorted(self.parts)]
        return highlights(parts, entities=layers.entities, devices=layers.devices)

    def _move(self, forward: bool) -> None:
        ordered = self._ordered_highlights()
        if not ordered:
            self.notify("No highlights to move to.", markup=False, timeout=2)
            return
        position = self._current.span.start if self._current else self.view.top_offset - 1
        target = step(ordered, position, forward)
        if target is not None:
            self._choose(target)

    def action_next_highlight(self) -> None:
        """Jump to the next highlight."""
        self._move(forward=True)

    def action_previous_highlight(self) -> None:
        """Jump to the previous highlight."""
        self._move(forward=False)

    def action_clear_highlight(self) -> None:
        """Hide the explanation and the current-highlight mark."""
        self._current = None
        self.view.set_current(None)
        self._show_explanation(None)

    def _choose(self, highlight: Highlight) -> None:
        self._current = highlight
        # The explanation panel changes the document pane's height: show it first, then bring
        # the highlight into view once the pane has its final size.
        self._show_explanation(highlight)
        self.view.set_current(highlight.span)
        self.call_after_refresh(
            self.view.scroll_to_offset, highlight.span.start, only_if_hidden=True
        )

    @on(DocumentView.Clicked)
    def _document_clicked(self, message: DocumentView.Clicked) -> None:
        found = highlights_at(self.parts.values(), message.offset)
        if found:
            self._choose(found[0])
        claims = claims_at(self.claims, message.offset)
        if claims and claims[0] in self.claims_pane.claims:
            self.claims_pane.highlighted = self.claims_pane.claims.index(claims[0])
        if not found and not claims:
            self.action_clear_highlight()

    def _show_explanation(self, highlight: Highlight | None) -> None:
        panel = self.query_one(Explanation)
        if highlight is None:
            panel.clear()
            return
        item = highlight.item
        if isinstance(item, Device):
            panel.show_device(item, self.device_kinds.get(item.id), self.document.text)
        else:
            claims = sum(1 for claim in self.claims if claim.speaker == item.text)
            panel.show_entity(item, claims)

    def _show_claim_count(self) -> None:
        heading = Text("Claims", style="bold", end="")
        heading.append(f" ({len(self.claims)})", style="not bold")
        if self.claims:
            heading.append(" · c copy · C copy all", style="dim not bold")
        self.query_one("#claims-heading", Static).update(heading)

    def _show_theme(self, theme: str) -> None:
        self.status.update_info(theme=theme)
