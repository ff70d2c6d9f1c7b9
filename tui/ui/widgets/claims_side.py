"""The claims side of the reading screen: its heading and the claims pane, and what the claim
keys do there — copying claims, grouping them by speaker, listing one speaker's.

The reading screen binds the keys (they work wherever the focus is) and calls the methods
here; the filters themselves live in the screen's :class:`~tui.ui.reading.ReadingState`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...analysis.model import Claim, Entity, Span
from ...exports.json_and_text import claim_line
from ..clipboard import copy_text
from ..display import safe_inline
from ..reading import ALL, ReadingState
from ..speakers import SpeakerFilter, speakers
from .claims_pane import ClaimsPane, claims_heading

__all__ = ["ClaimsSide"]

class ClaimsSide(Vertical):
    """The claims heading and pane, kept in step with the reading state's filters."""

    def __init__(self, state: ReadingState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        """The reading screen's state (shared, not copied)."""

    def compose(self) -> ComposeResult:
        """The heading above the pane."""
        yield Static(claims_heading(0, 0, None, False), id="claims-heading")
        yield ClaimsPane(id="claims")

    @property
    def pane(self) -> ClaimsPane:
        """The list of claims."""
        return self.query_one(ClaimsPane)

    def show(self, claims: list[Claim], text: str) -> None:
        """List ``claims`` afresh (a new document, or claims revised by a whole-text pass)."""
        self.pane.show_claims(claims, text)
        self.show_count()

    def append(self, claims: list[Claim], text: str) -> None:
        """Add claims released in text order."""
        self.pane.append_claims(claims, text)
        self.show_count()

    def show_count(self) -> None:
        """The heading: how many claims, whose, how listed, and the copy keys."""
        state = self.state
        heading = claims_heading(len(state.claims), len(self.pane.claims),
                                 state.speaker_filter, state.grouped)
        # A repaint, not a layout of the screen (it changes with every batch of claims).
        self.query_one("#claims-heading", Static).update(heading, layout=False)

    # -- copying -----------------------------------------------------------------------------

    def copy_claim(self, chosen_in_text: Claim | None, visible: Span) -> None:
        """Copy the selected claim (in the pane, else ``chosen_in_text``) as ``Speaker — cue:
        “content”``; with none chosen, the first listed claim on screen, and show which."""
        pane = self.pane
        claim = pane.selected_claim or chosen_in_text
        if claim is None:
            if not pane.claims:
                self.notify("There are no claims to copy yet.", markup=False)
                return
            claim = next((c for c in pane.claims if c.sentence.end > visible.start),
                         pane.claims[0])
            pane.move_to(claim)
        line = claim_line(claim, self.state.document.text)
        self.notify(copy_text(self.app, line, "the claim"), markup=False)

    def copy_listed(self) -> None:
        """Copy the listed claims as Markdown: all of them, or the filtered speaker's; under a
        heading per speaker when grouped."""
        found = self.state.listed_claims_markdown()
        if found is None:
            self.notify("There are no claims to copy yet.", markup=False)
            return
        markdown, what = found
        message = copy_text(self.app, markdown, what)
        chosen = self.state.speaker_filter
        if chosen is not None:
            message += f" — only {safe_inline(chosen.label, 60)}'s: f or Esc shows everyone's"
        self.notify(message, markup=False)

    # -- grouping and filtering --------------------------------------------------------------

    def toggle_grouping(self) -> None:
        """List claims under a heading per speaker, or in text order."""
        self.state.grouped = not self.state.grouped
        self._show_view()
        how = "grouped by speaker" if self.state.grouped else "in text order"
        self.notify(f"Claims {how}", timeout=2, markup=False)

    def set_speaker_filter(self, chosen: SpeakerFilter | None) -> None:
        """List only ``chosen``'s claims, or (``None``) everyone's."""
        self.state.speaker_filter = chosen
        self._show_view()
        if chosen is None:
            self.notify("Claims of every speaker", timeout=2, markup=False)
            return
        count = self.state.count_of(chosen)
        self.notify(f"{count} claim{'' if count == 1 else 's'} by "
                    f"{safe_inline(chosen.label, 60)} (f chooses another speaker, Esc clears)",
                    timeout=4, markup=False)

    def speaker_chosen(self, key: str | None) -> None:
        """A speaker picked from the list (:data:`ALL` for everyone; None: cancelled)."""
        if key is None:
            return
        if key == ALL:
            self.set_speaker_filter(None)
            return
        names = {speaker.key: speaker.name for speaker in speakers(self.state.claims)}
        self.set_speaker_filter(SpeakerFilter(names.get(key, key), frozenset({key})))

    def claims_of(self, entity: Entity | None) -> None:
        """List the claims of the speaker ``entity`` names (the name chosen in the text)."""
        if entity is None:
            self.notify("Choose a name in the text first: click it, or move to it with n / N.",
                        timeout=3, markup=False)
            return
        found = self.state.speaker_of(entity)
        if found is None:
            name = safe_inline(" ".join(entity.text.split()), 60)
            self.notify(f"{name} makes no claims in the text.", timeout=3, markup=False)
            return
        self.set_speaker_filter(found)

    def _show_view(self) -> None:
        self.pane.set_view(grouped=self.state.grouped, speaker_filter=self.state.speaker_filter)
        self.show_count()
