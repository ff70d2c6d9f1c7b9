"""The document side of the reading screen: the text, the explanation of the current
highlight under it, and what moving through the text does there — choosing and explaining a
highlight, showing a search's matches, going to a place, reflowing hard-wrapped lines.

The reading screen binds the keys and calls the methods here; what is current, shown or found
lives in the screen's :class:`~tui.ui.reading.ReadingState`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from ...analysis.dismissed import DOCUMENT, Dismissal, dismissal_of
from ...analysis.model import Device, Paragraph, ParagraphAnalysis, Span
from ...dismissals import add_dismissal, load_dismissals, remove_dismissal
from ...documents.loading import Document
from ..display import safe_inline
from ..messages import SearchDone, SoftBreaksFound, StatusChanged
from ..navigation import Highlight
from ..reading import ALL, LAYER_NAMES, Layers, ReadingState
from ..reflow import soft_breaks
from ..search import GotoError, Matches, find_matches, goto_offset
from .density import DensityStrip
from .document_view import DocumentView
from .explanation import Explanation
from .view_messages import ViewportChanged

__all__ = ["DocumentSide"]

REFLOW_NOW_CHARS = 400_000
"""Up to this many characters, hard wrapping is found before the first paint (milliseconds);
a longer text is shown as it is and reflowed a moment later, found in a thread."""

class DocumentSide(Vertical):
    """The document pane and the explanation panel, kept in step with the reading state."""

    def __init__(self, state: ReadingState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        """The reading screen's state (shared, not copied)."""

    def compose(self) -> ComposeResult:
        """The text, the density strip beside it, the explanation under them."""
        with Horizontal(id="document-row"):
            yield DocumentView(id="document")
            yield DensityStrip(self.state, id="density")
        yield Explanation(id="explanation")

    def add_parts(self, parts: tuple[ParagraphAnalysis, ...]) -> None:
        """Show a batch of results in the text and the density strip."""
        self.view.add_parts(parts)
        self.query_one(DensityStrip).changed()

    @property
    def view(self) -> DocumentView:
        """The document pane."""
        return self.query_one(DocumentView)

    # -- layers, device categories and stepping through highlights ------------------------

    def apply_layers(self, layers: Layers) -> None:
        """Show ``layers``; say in the status bar what is hidden; drop the current highlight
        if it is hidden now."""
        self.state.layers = layers
        self.view.set_layers(layers)
        self.query_one(DensityStrip).changed()
        self.post_message(StatusChanged(hidden_layers=layers.hidden_names()))
        current = self.state.current
        if current is not None and not layers.shows(current):
            self.clear_current()

    def toggle_layer(self, layer: str) -> None:
        """Show or hide one highlight layer: entities, devices or claims."""
        if layer not in LAYER_NAMES:
            return
        layers = self.state.layers.toggled(layer)
        self.apply_layers(layers)
        shown = getattr(layers, layer)
        self.notify(f"{layer.capitalize()} {'shown' if shown else 'hidden'}", timeout=2,
                    markup=False)

    def set_hidden_categories(self, hidden: frozenset[str]) -> None:
        """Switch off the device categories in ``hidden`` and on all others."""
        self.apply_layers(replace(self.state.layers, hidden_categories=frozenset(hidden)))

    def toggle_device_category(self, index: int) -> None:
        """Show or hide the ``index``-th device category (keys 1–9)."""
        categories = self.state.device_categories()
        if 0 <= index < len(categories):
            category = categories[index]
            self.set_hidden_categories(self.state.layers.hidden_categories ^ {category})
        self.notify(self.state.category_note(index), timeout=2, markup=False)

    def move(self, forward: bool) -> None:
        if self.state.search is not None:
            self.step_match(forward)
            return
        current = self.state.current
        position = current.span.start if current else self.view.top_offset - 1
        target = self.state.step_from(position, forward)
        if target is None:
            self.notify(self.state.nothing_to_step_to(), markup=False, timeout=3)
            return
        self.choose(target)

    def set_jump_kind(self, kind: str | None) -> None:
        """Limit ``n`` / ``N`` to devices of ``kind``, or (``None``) let them visit every
        highlight; the status bar shows the limit."""
        self.state.jump_kind = kind
        name = self.state.kind_name(kind) if kind is not None else ""
        self.post_message(StatusChanged(jump=name))
        if kind is None:
            self.notify("n / N step through every highlight.", timeout=2, markup=False)
        else:
            self.notify(f"n / N step through {name} only (Esc clears).", timeout=3,
                        markup=False)

    def jump_kind_chosen(self, kind: str | None) -> None:
        if kind is not None:
            self.set_jump_kind(None if kind == ALL else kind)

    # -- the current highlight -----------------------------------------------------------------

    def choose(self, highlight: Highlight) -> None:
        """Make ``highlight`` (or a search match's span) current: mark it, explain it, and
        bring it into view."""
        self.state.current = highlight
        # The explanation panel changes the document pane's height: show it first, then bring
        # the highlight into view once the pane has its final size.
        item = highlight.item
        panel = self.query_one(Explanation)
        if isinstance(item, Device):
            panel.show_device(item, self.state.device_kinds.get(item.id), self.state.document.text)
        else:
            panel.show_entity(item, len(self.state.entity_claims(item)))
        self.mark(highlight.span)

    def mark(self, span: Span) -> None:
        """Mark ``span`` strongest and bring it into view (a third of the way down)."""
        view = self.view
        view.set_current(span)
        self.call_after_refresh(view.scroll_to_offset, span.start, only_if_hidden=True)

    def clear_current(self) -> bool:
        """Drop the current highlight and its explanation; False when there was none."""
        panel = self.query_one(Explanation)
        had = self.state.current is not None or panel.display
        self.state.current = None
        self.view.set_current(None)
        panel.clear()
        return had

    # -- loading, and how the text is laid out --------------------------------------------------

    def load(self, document: Document, paragraphs: list[Paragraph]) -> None:
        """Show ``document``: its hard-wrapped lines reflowed when reflowing is on (found at
        once in a short text, in a thread in a long one)."""
        if document.format == "txt":
            if len(document.text) <= REFLOW_NOW_CHARS:  # a few milliseconds
                self.state.soft_breaks = soft_breaks(document.text)
            else:
                self._find_soft_breaks(self.state.generation, document.text)
        self.view.load(document.text, paragraphs, self.state.shown_breaks())
        self.query_one(DensityStrip).changed()
        loaded = load_dismissals(document.text)  # a small file: before any result arrives
        self.state.set_dismissals(loaded.dismissals)
        self.post_message(StatusChanged(hidden=0))
        for problem in loaded.problems:
            self.notify(safe_inline(problem, 300), title="Dismissals not read",
                        severity="warning", markup=False, timeout=10)
        self.post_message(StatusChanged(reflowed=bool(self.state.shown_breaks()), search=""))

    @work(thread=True, exclusive=True, exit_on_error=False, group="reflow")
    def _find_soft_breaks(self, generation: int, text: str) -> None:
        """Find a long text's wrapping line breaks off the UI thread."""
        self.post_message(SoftBreaksFound(generation, soft_breaks(text)))

    def on_soft_breaks_found(self, message: SoftBreaksFound) -> None:
        """Reflow the long text now that its wrapping breaks are known."""
        if message.generation == self.state.generation:
            self.state.soft_breaks = message.breaks
            self._show_breaks()

    def toggle_reflow(self) -> None:
        """Show hard-wrapped text reflowed, or with its own line breaks."""
        self.state.reflow = not self.state.reflow
        if not self.state.soft_breaks:
            self.notify("This text has no hard-wrapped lines to reflow.", timeout=2,
                        markup=False)
        self._show_breaks()

    def _show_breaks(self) -> None:
        self.view.set_soft_breaks(self.state.shown_breaks())
        self.post_message(StatusChanged(reflowed=bool(self.state.shown_breaks())))

    @on(ViewportChanged)
    def _show_position(self) -> None:
        length = len(self.state.document.text)
        share = 100 * self.view.top_offset // length if length else 0
        self.post_message(StatusChanged(position=f"{share}%"))

    # -- searching and going to a place -----------------------------------------------------

    def search(self, query: str) -> None:
        """Search for ``query`` (off the UI thread), from the top of the screen."""
        text = self.state.document.text
        self._search(self.state.generation, text, query, self.view.top_offset)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _search(self, generation: int, text: str, query: str, top: int) -> None:
        self.post_message(SearchDone(generation, find_matches(text, query), top))

    def on_search_done(self, message: SearchDone) -> None:
        """Go to the first match at or after the top of the screen and mark them all; a
        query not found leaves the view where it was."""
        if message.generation != self.state.generation:
            return
        if not len(message.matches):
            self.notify(f"Not found: {safe_inline(message.matches.query, 60)}", markup=False,
                        timeout=3)
            return
        self.state.start_search(message.matches, message.top)
        self._show_match()

    def step_match(self, forward: bool) -> None:
        """``n`` / ``N`` during a search: the next (previous) match, wrapping with a note."""
        if self.state.step_match(forward):
            where = "top" if forward else "bottom"
            self.notify(f"Search wrapped: continuing from the {where}.", timeout=2, markup=False)
        self._show_match()

    def _show_match(self) -> None:
        matches, index = self.state.search, self.state.search_index
        if matches is None or not len(matches):
            return
        self.clear_current()
        self.view.set_search(matches)
        self.mark(matches.span(index))
        self.post_message(StatusChanged(search=self.state.search_status()))

    def end_search(self) -> None:
        """Stop the search: its matches are no longer marked, ``n`` / ``N`` step through
        highlights again."""
        self.state.search = None
        self.view.set_search(None)
        self.view.set_current(None)
        self.post_message(StatusChanged(search=""))
        self.notify("Search ended: n / N step through highlights again.", timeout=2,
                    markup=False)

    def step_through(self, spans: Sequence[Span], what: str) -> None:
        """Make ``n`` / ``N`` step through ``spans`` (an entity's mentions, the devices aimed
        at it), from the first at or after the top of the screen."""
        if not spans:
            self.notify(f"No {what.split(': ')[-1]}s to step through.", timeout=3, markup=False)
            return
        self.state.start_search(Matches.of_spans(spans, what), self.view.top_offset)
        self._show_match()

    def go_to(self, typed: str) -> None:
        """Put the place typed at ``:`` (``50%``, a line, ``$``) at the top of the pane."""
        try:
            offset = goto_offset(typed, self.state.document.text)
        except GotoError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.view.scroll_to_offset(offset, at_top=True)

    # -- dismissing highlights ----------------------------------------------------------------

    def dismiss(self, everywhere: bool) -> None:
        """``z``: dismiss the highlight explained (or under the mouse) in this document;
        ``Z``: ignore the rule or lexicon entry behind it (a name, for an entity) in every
        document. Remembered at once; ``u`` brings it back."""
        state = self.state
        target = state.current
        if target is None and self.view.hover_offset is not None:
            target = state.highlight_at(self.view.hover_offset)
        if target is None:
            self.notify("Nothing to dismiss: explain a highlight first (n / N, or a click), "
                        "or point at one.", timeout=4, markup=False)
            return
        text = state.document.text
        dismissal = dismissal_of(target.item, text, everywhere=everywhere)
        self._apply([*state.dismissals, dismissal], dismissal)
        state.undo.append(dismissal)
        self.clear_current()
        what = "Ignored" if everywhere else "Dismissed"
        self.notify(f"{what}: {safe_inline(dismissal.describe(), 120)}. u brings it back; "
                    "U lists every dismissal.", timeout=6, markup=False)
        self._warn_unsaved(add_dismissal(text, dismissal, state.document.name))

    def undo_dismissal(self, dismissal: Dismissal | None = None) -> None:
        """Bring back ``dismissal``, or (``None``, ``u``) this session's latest one."""
        state = self.state
        if dismissal is None:
            live = [d for d in state.undo if d in state.dismissals]
            if not live:
                self.notify("Nothing dismissed in this session to bring back "
                            "(U lists every dismissal).", timeout=3, markup=False)
                return
            dismissal = live[-1]
        state.undo = [d for d in state.undo if d != dismissal]
        self._apply([d for d in state.dismissals if d != dismissal], dismissal)
        self.notify(f"Brought back: {safe_inline(dismissal.describe(), 120)}", timeout=3,
                    markup=False)
        self._warn_unsaved(remove_dismissal(state.document.text, dismissal,
                                            state.document.name))

    def _apply(self, dismissals: list[Dismissal], changed: Dismissal) -> None:
        state = self.state
        near = changed if changed.scope == DOCUMENT else None
        parts = state.set_dismissals(dismissals, near)
        if parts:
            self.add_parts(parts)
        self.post_message(StatusChanged(entities=state.entity_count, devices=state.device_count,
                                        hidden=state.hidden_count))

    def _warn_unsaved(self, problem: str | None) -> None:
        if problem is not None:
            self.notify(safe_inline(problem, 300) + " (it holds until you quit)",
                        severity="warning", markup=False)
