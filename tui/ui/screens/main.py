"""The reading screen: the document on the left, its claims on the right.

Its state lives in one plain object, :class:`~tui.ui.reading.ReadingState`: what has been
received of the analysis, the filters and the current highlight. The analysis (cache, worker
processes, viewport first: :mod:`tui.ui.analysis_feed`) runs in a thread worker that only
posts messages; the handlers here add results to the state and the widgets as they arrive, at
a cost that follows the batch, not the document. Each key's handler is a small method here.

It runs past the house's ~400 lines because it carries one small method per key and per
analysis message; the logic they call is in the state and the claims side.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen

from ...analysis.devices import load_catalogue
from ...analysis.model import Entity
from ...analysis.pipeline import split_paragraphs
from ...config import LAYERS, Config
from ...documents import Document
from ...settings import user_rules_dir
from ..analysis_feed import AnalysisFeed, AnalysisOptions, progress_text
from ..display import document_warning, safe_inline
from ..document_header import document_heading
from ..keys import READING_BINDINGS
from ..messages import (
    AnalysisBatch,
    AnalysisDone,
    AnalysisFailed,
    AnalysisProgress,
    ModelLoaded,
    StatusChanged,
)
from ..navigation import claims_at
from ..places import recall_place, remember_place
from ..reading import ALL, Layers, ReadingState
from ..speakers import SpeakerFilter
from ..widgets import ClaimsPane, DocumentView, StatusBar, StatusInfo
from ..widgets.claims_side import ClaimsSide
from ..widgets.document_side import DocumentSide
from ..widgets.file_watcher import FileWatcher
from ..widgets.prompt import Prompt
from ..widgets.status_bar import HeaderLine, KeyHints
from ..widgets.view_messages import TextClicked, ViewportChanged
from .device_profile import open_profile
from .dismissals import open_dismissals
from .entity_index import EntityIndexScreen, IndexChoice
from .export import open_export_dialog
from .pickers import ChoiceScreen, open_categories, open_jump_kinds, speaker_choices

__all__ = ["MainScreen"]


NOTE_SECONDS = 4.0
"""How long a note (``back where you left off``) stays in the status bar."""


class MainScreen(Screen[None]):
    """Read one document with its entities, devices and claims."""

    BINDINGS: ClassVar[list[BindingType]] = READING_BINDINGS
    # Below 100 columns the claims pane hides (v shows it under the text): see slant.tcss.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual's own)

    def __init__(
        self,
        document: Document,
        model: str | None = None,
        *,
        max_bytes: int | None = None,
        analysis: AnalysisOptions | None = None,
    ) -> None:
        super().__init__()
        self.state = ReadingState(document, {kind.id: kind for kind in load_catalogue()})
        """What the screen knows: the analysis received, the filters, the current highlight."""
        self.model = model
        """The spaCy pipeline asked for on the command line, if any."""
        self.max_bytes = max_bytes
        """The size limit the document was opened with; reloads use it too."""
        self.analysis_options = analysis or AnalysisOptions()
        """Worker processes and cache (``--jobs``, ``--no-cache``)."""
        self._feed: AnalysisFeed | None = None

    def compose(self) -> ComposeResult:
        """Title line, document and claims side by side, status bar and key hints."""
        yield HeaderLine(id="title")
        with Horizontal(id="panes"):
            yield DocumentSide(self.state, id="document-pane")
            yield ClaimsSide(self.state, id="claims-side")
        yield Prompt(id="prompt")
        yield StatusBar(id="status")
        yield FileWatcher(self.state.document, self.max_bytes)
        yield KeyHints()

    @property
    def view(self) -> DocumentView:
        """The document pane."""
        return self.query_one(DocumentView)

    @property
    def status(self) -> StatusBar:
        """The status bar."""
        return self.query_one(StatusBar)

    @property
    def document_side(self) -> DocumentSide:
        """The document pane and the explanation under it."""
        return self.query_one(DocumentSide)

    def on_mount(self) -> None:
        """Show the text at once (where the reader left it), then start analysing it."""
        self.watch(self.app, "theme", self._show_theme)
        self.view.focus()
        config = getattr(self.app, "config", None) or Config()
        self.state.reflow = config.reflow
        place = recall_place(self.state.document)
        self._show_document(self.state.document, keep_offset=place)
        if place:
            self._note(f"back where you left off ({100 * place // len(self.state.document.text)}%)")
        self.state.disabled_devices = config.disabled_devices
        if config.layers != frozenset(LAYERS):  # the configuration file hides some layers
            self.apply_layers(self.state.layers.only(config.layers))

    # -- document and analysis -------------------------------------------------------------

    def _show_document(self, document: Document, keep_offset: int | None = None) -> None:
        paragraphs = split_paragraphs(document.text)
        self.state.load(document, paragraphs)
        self.document_side.load(document, paragraphs)
        if keep_offset is not None:
            offset = min(keep_offset, len(document.text))
            self.call_after_refresh(self.view.scroll_to_offset, offset, at_top=True)
        self.claims_side.show([], document.text)
        self.document_side.clear_current()
        self.query_one(HeaderLine).show(document_heading(document))
        self.status.update_info(encoding=document.encoding_label, progress="analysing",
                                entities=0, devices=0, claims=0,
                                warning=document_warning(document.text, document.replaced))
        if self._feed is not None:
            self._feed.stop()
        self._feed = AnalysisFeed(
            self, self.state.generation, document.text, paragraphs, model=self.model,
            rule_dirs=[str(user_rules_dir())], options=self.analysis_options,
        )
        self._feed.focus(self.view.visible_span())
        self.call_after_refresh(self._analyse, self._feed)  # the text is on screen first

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def _analyse(self, feed: AnalysisFeed) -> None:
        """Analyse the document (cache, worker processes), posting results."""
        try:
            feed.run()
        except Exception as error:  # never a traceback: the text stays, the status says why
            self.post_message(AnalysisFailed(
                feed.generation, f"The analysis stopped: {type(error).__name__}: {error}"
            ))

    @on(ViewportChanged)
    def _viewport_changed(self, message: ViewportChanged) -> None:
        self.state.top = message.span.start
        if self._feed is not None:
            self._feed.focus(message.span)

    def _note(self, note: str) -> None:
        """Say ``note`` in the status bar for a few seconds."""
        self.status.update_info(note=note)
        self.set_timer(NOTE_SECONDS, lambda: self.status.update_info(note=""))

    def on_unmount(self) -> None:
        """Remember the reader's place; shut the worker processes down with the screen."""
        if self._feed is not None:
            self._feed.stop()
        remember_place(self.state.document, self.state.top)

    def on_model_loaded(self, message: ModelLoaded) -> None:
        """Name the model in the status bar."""
        if message.generation != self.state.generation:
            return
        self.status.update_info(model=message.model)
        self._warn(message.warnings, "Rule file skipped")

    def _warn(self, warnings: tuple[str, ...], title: str) -> None:
        """Notify each problem once per session, made inert (it may name a hostile file)."""
        for warning in self.state.first_time(warnings):
            self.notify(safe_inline(warning, 300), title=title, severity="warning",
                        markup=False)

    def on_analysis_batch(self, message: AnalysisBatch) -> None:
        """Add a batch of results to the document, the claims pane and the counts."""
        if message.generation != self.state.generation:
            return
        parts, released = self.state.add(message.parts, message.levels)
        self.document_side.add_parts(parts)
        # Claims join the pane in text order, as the analysed stretch from the start grows.
        # The pane lays out only the rows scrolled to, so a whole book's claims (from the
        # cache) join it at once without freezing the screen.
        if released:
            self.claims_side.append(released, self.state.document.text)
        self.post_message(AnalysisProgress(message.generation, message.done, message.total,
                                           message.fraction, message.eta, message.layer))

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        """Update the progress and the counts in the status bar."""
        # Progress is posted by this screen to itself, so it can arrive after AnalysisDone.
        if message.generation == self.state.generation and not self.state.analysis_complete:
            self._show_counts(progress_text(message.fraction, message.eta, message.layer))

    def _show_counts(self, progress: str) -> None:
        state = self.state
        self.status.update_info(progress=progress, entities=state.entity_count,
                                devices=state.device_count, claims=len(state.claims),
                                hidden=state.hidden_count)

    def on_analysis_done(self, message: AnalysisDone) -> None:
        """Say the analysis is complete."""
        if message.generation != self.state.generation:
            return
        self.state.finish(message.claims)
        if message.claims is not None:
            # Whole-document passes (speakers linked across paragraphs) changed the claims.
            self.claims_side.show(self.state.claims, self.state.document.text)
        self._show_counts("analysed")
        self._warn(message.warnings, "Some text was not fully analysed")

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        """Keep showing the text, and say why there are no highlights."""
        if message.generation != self.state.generation:
            return
        if self.status.info.model == StatusInfo.model:
            self.status.update_info(model="no model")
        self.status.update_info(progress="analysis unavailable")
        self.notify(message.message, title="Analysis unavailable", severity="error",
                    timeout=15, markup=False)

    # -- the file changing on disk -----------------------------------------------------------

    def on_file_watcher_reloaded(self, message: FileWatcher.Reloaded) -> None:
        """Show the new version near where the reader was."""
        if message.document.text == self.state.document.text:
            # The file came back unchanged (an editor's save, a checkout): nothing is gone.
            self.status.update_info(warning=document_warning(self.state.document.text,
                                                             self.state.document.replaced))
            return
        self._show_document(message.document, keep_offset=self.view.top_offset)
        self.notify("The file changed on disk and was reloaded.", markup=False)

    # -- layers, device categories, stepping (the document side does the work) ----------

    def apply_layers(self, layers: Layers) -> None:
        """Show ``layers`` (and say what is hidden)."""
        self.document_side.apply_layers(layers)

    def action_toggle_layer(self, layer: str) -> None:
        """Show or hide one highlight layer: entities, devices or claims."""
        self.document_side.toggle_layer(layer)

    def action_toggle_device_category(self, index: int) -> None:
        """Show or hide the ``index``-th device category (keys 1–7)."""
        self.document_side.toggle_device_category(index)

    def action_choose_device_categories(self) -> None:
        """Open the list of device categories to switch them on and off."""
        open_categories(self.app, self.state, self.document_side.set_hidden_categories)

    def action_next_highlight(self) -> None:
        """Jump to the next highlight (the next match during a search)."""
        self.document_side.move(forward=True)

    def action_previous_highlight(self) -> None:
        """Jump to the previous highlight (the previous match during a search)."""
        self.document_side.move(forward=False)

    def set_jump_kind(self, kind: str | None) -> None:
        """Limit ``n`` / ``N`` to devices of ``kind``, or (``None``) to none."""
        self.document_side.set_jump_kind(kind)

    def action_choose_jump_kind(self) -> None:
        """Pick the device kind ``n`` / ``N`` step through."""
        open_jump_kinds(self.app, self.state, self.document_side.jump_kind_chosen)

    def action_clear_jump_kind(self) -> None:
        """Let ``n`` / ``N`` visit every highlight again."""
        self.set_jump_kind(None)

    def action_device_profile(self) -> None:
        """Show the device profile; Enter on a kind limits ``n`` / ``N`` to it."""
        progress = "" if self.state.analysis_complete else self.status.info.progress
        open_profile(self.app, self.state, progress, self.document_side.jump_kind_chosen)

    def action_dismiss_highlight(self, everywhere: bool = False) -> None:
        """``z``: dismiss the highlight here; ``Z``: ignore its rule in every document."""
        self.document_side.dismiss(everywhere)

    def action_undo_dismissal(self) -> None:
        """``u``: bring back the latest dismissal."""
        self.document_side.undo_dismissal()

    def action_list_dismissals(self) -> None:
        """``U``: the dismissals in force here; Enter brings one back."""
        open_dismissals(self.app, self.state, self.document_side.undo_dismissal)

    def action_clear_highlight(self) -> None:
        """Esc clears the innermost thing: the search, the current highlight and its
        explanation, then the device kind ``n`` / ``N`` are limited to, then the speaker
        filter."""
        if self.state.search is not None:
            self.document_side.end_search()
            return
        if self.document_side.clear_current():
            return
        if self.state.jump_kind is not None:
            self.set_jump_kind(None)
        elif self.state.speaker_filter is not None:
            self.set_speaker_filter(None)

    # -- claims (the claims side does the work) ------------------------------------------

    @property
    def claims_side(self) -> ClaimsSide:
        """The claims heading and pane."""
        return self.query_one(ClaimsSide)

    @on(ClaimsPane.ClaimChosen)
    def _claim_chosen(self, message: ClaimsPane.ClaimChosen) -> None:
        if message.claim in self.state.claims:  # else queued before a reload replaced them
            self.view.select_claim(message.claim)

    @on(TextClicked)
    def _document_clicked(self, message: TextClicked) -> None:
        """Explain the highlight clicked; a name that speaks lists its claims; a claim's
        words select the claim."""
        chosen = self.state.highlight_at(message.offset)
        if chosen is not None:
            self.document_side.choose(chosen)
            if isinstance(chosen.item, Entity):
                found = self.state.speaker_of(chosen.item)
                if found is not None and found != self.state.speaker_filter:
                    self.set_speaker_filter(found)
        claims = claims_at(self.state.claims, message.offset)
        if claims:
            self.claims_side.pane.move_to(claims[0])
        if chosen is None and not claims:
            self.document_side.clear_current()

    def action_copy_claim(self) -> None:
        """Copy the selected claim as ``Speaker — cue: “content”``."""
        self.claims_side.copy_claim(self.view.selected_claim, self.view.visible_span())

    def action_copy_all_claims(self) -> None:
        """Copy the listed claims as Markdown (the filtered speaker's; grouped or not)."""
        self.claims_side.copy_listed()

    def action_toggle_grouping(self) -> None:
        """List claims under a heading per speaker, or in text order."""
        self.claims_side.toggle_grouping()

    def set_speaker_filter(self, chosen: SpeakerFilter | None) -> None:
        """List only ``chosen``'s claims, or (``None``) everyone's."""
        self.claims_side.set_speaker_filter(chosen)

    def action_choose_speaker(self) -> None:
        """Pick the speaker whose claims the pane lists (or everyone)."""
        choices = speaker_choices(self.state.claims)
        if not choices:
            self.notify("There are no claims yet.", markup=False)
            return
        chosen = self.state.speaker_filter
        keys = chosen.keys if chosen is not None else frozenset()
        current = next(iter(keys)) if len(keys) == 1 else ALL
        self.app.push_screen(ChoiceScreen("Show the claims of", choices, current=current),
                             self.claims_side.speaker_chosen)

    def action_clear_speaker_filter(self) -> None:
        """List every speaker's claims."""
        self.set_speaker_filter(None)

    def action_claims_of_selection(self) -> None:
        """List the claims of the name chosen in the text (clicked, or reached with n / N)."""
        current = self.state.current
        entity = current.item if current is not None else None
        self.claims_side.claims_of(entity if isinstance(entity, Entity) else None)

    # -- search, go to, and how the text is laid out (the document side does the work) --

    def action_search(self) -> None:
        """``/``: ask what to search for."""
        self.query_one(Prompt).ask("search", "/", "search (a capital makes it match case)")

    def action_goto(self) -> None:
        """``:``: ask where to go."""
        self.query_one(Prompt).ask("goto", ":", "go to 50%, a line number, or $ for the end")

    def on_prompt_answered(self, message: Prompt.Answered) -> None:
        """Search, or go to the place typed."""
        self.view.focus()
        if message.kind == "goto":
            self.document_side.go_to(message.value)
        elif message.value:
            self.document_side.search(message.value)

    def on_prompt_closed(self) -> None:
        """Back to the text."""
        self.view.focus()

    def on_status_changed(self, message: StatusChanged) -> None:
        """A side has news for the status bar."""
        self.status.update_info(**message.changes)

    def action_toggle_reflow(self) -> None:
        """Show hard-wrapped text reflowed, or with its own line breaks."""
        self.document_side.toggle_reflow()

    def action_toggle_claims(self) -> None:
        """Show or hide the claims pane (below the text in a narrow terminal)."""
        shown = not self.claims_side.display  # the screen's classes say it: see slant.tcss
        self.set_class(shown, "-claims-shown").set_class(not shown, "-claims-hidden")

    def action_entity_index(self) -> None:
        """``i``: the document's entities, what they claim and the devices aimed at them."""
        self.app.push_screen(EntityIndexScreen(self.state.entity_rows()), self._index_chosen)

    def _index_chosen(self, choice: IndexChoice | None) -> None:
        if choice is None:
            return
        row = choice.entity
        if choice.what == "claims":
            self.set_speaker_filter(SpeakerFilter(row.name, frozenset({row.key}))
                                    if row.claims else None)
        elif choice.what == "aimed":
            self.document_side.step_through(row.aimed_at, f"aimed at {row.name}: device")
        else:
            self.document_side.step_through(row.mentions, f"{row.name}: mention")

    # -- the rest ------------------------------------------------------------------------------

    def _show_theme(self, theme: str) -> None:
        self.status.update_info(theme=theme)

    def action_export(self) -> None:
        """Export the analysis to a file: JSON, JSON Lines, CSV, Markdown, HTML or text."""
        open_export_dialog(self.app, self.state, self.status.info.model)
