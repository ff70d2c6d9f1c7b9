"""The reading screen's claim keys: copying claims, grouping them by speaker, filtering
them to one speaker (chosen from a list, or by choosing a name in the text), and marking
the chosen claim in the document.

:class:`ClaimActions` is a base of the reading screen, on top of
:class:`~tui.screens.highlight_actions.HighlightActions`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ..analysis.export import claim_line, claims_markdown
from ..analysis.model import Entity
from ..clipboard import copy_text
from ..display import safe_inline
from ..navigation import claims_at
from ..speakers import SpeakerFilter, entity_filter, speakers, speakers_markdown
from ..widgets import ClaimsPane, DocumentView
from .highlight_actions import ALL, HighlightActions
from .pickers import ChoiceScreen

__all__ = ["ClaimActions"]


class ClaimActions(HighlightActions):
    """Keys and handlers for the claims pane and the chosen claim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_claim", "Copy claim"),
        Binding("C", "copy_all_claims", "Copy all"),
        Binding("f", "choose_speaker", "Speaker", show=False),
        Binding("g", "toggle_grouping", "Group", show=False),
        Binding("s", "claims_of_selection", "Their claims", show=False),
    ]

    def _pane(self) -> ClaimsPane:
        return self.query_one(ClaimsPane)

    # -- choosing a claim ----------------------------------------------------------------------

    @on(ClaimsPane.ClaimChosen)
    def _claim_chosen(self, message: ClaimsPane.ClaimChosen) -> None:
        if message.claim not in self.claims:  # queued before a reload replaced the claims
            return
        self.query_one(DocumentView).select_claim(message.claim)

    @on(DocumentView.Clicked)
    def _document_clicked(self, message: DocumentView.Clicked) -> None:
        """Explain the highlight clicked; a name that speaks lists its claims; a claim's
        words select the claim."""
        chosen = self._choose_at(message.offset)
        if chosen is not None and isinstance(chosen.item, Entity):
            found = entity_filter(self.claims, chosen.item, self.document.text)
            if found is not None and found != self._pane().speaker_filter:
                self.set_speaker_filter(found)
        claims = claims_at(self.claims, message.offset)
        if claims:
            self._pane().move_to(claims[0])
        if chosen is None and not claims:
            self._clear_current()

    # -- copying ---------------------------------------------------------------------------------

    def action_copy_claim(self) -> None:
        """Copy the selected claim as ``Speaker — cue: “content”``."""
        pane = self._pane()
        view = self.query_one(DocumentView)
        claim = pane.selected_claim or view.selected_claim
        if claim is None:
            if not pane.claims:
                self.notify("There are no claims to copy yet.", markup=False)
                return
            # Nothing chosen yet: take the first listed claim on screen, and show which.
            visible = view.visible_span()
            claim = next(
                (c for c in pane.claims if c.sentence.end > visible.start), pane.claims[0]
            )
            pane.move_to(claim)
        line = claim_line(claim, self.document.text)
        self.notify(copy_text(self.app, line, "the claim"), markup=False)

    def action_copy_all_claims(self) -> None:
        """Copy the listed claims as Markdown: all of them, or the filtered speaker's;
        under a heading per speaker when the pane is grouped."""
        pane = self._pane()
        chosen = pane.speaker_filter
        claims = [c for c in self.claims if chosen is None or chosen.admits(c)]
        if not claims:
            self.notify("There are no claims to copy yet.", markup=False)
            return
        by = f" by {safe_inline(chosen.label, 60)}" if chosen is not None else ""
        title = f"Claims{by} in {self.document.name}"
        if pane.grouped:
            markdown = speakers_markdown(claims, self.document.text, title)
        else:
            markdown = claims_markdown(claims, self.document.text, title)
        what = f"{len(claims)} claim{'' if len(claims) == 1 else 's'}{by} as Markdown"
        if pane.grouped:
            what += ", grouped by speaker"
        message = copy_text(self.app, markdown, what)
        if chosen is not None:
            message += f" — only {safe_inline(chosen.label, 60)}'s: f or Esc shows everyone's"
        self.notify(message, markup=False)

    # -- grouping and filtering ----------------------------------------------------------------

    def action_toggle_grouping(self) -> None:
        """List claims under a heading per speaker, or in text order."""
        pane = self._pane()
        pane.set_view(grouped=not pane.grouped, speaker_filter=pane.speaker_filter)
        self._show_claim_count()
        how = "grouped by speaker" if pane.grouped else "in text order"
        self.notify(f"Claims {how}", timeout=2, markup=False)

    def set_speaker_filter(self, chosen: SpeakerFilter | None) -> None:
        """List only ``chosen``'s claims, or (``None``) everyone's."""
        pane = self._pane()
        pane.set_view(grouped=pane.grouped, speaker_filter=chosen)
        self._show_claim_count()
        if chosen is None:
            self.notify("Claims of every speaker", timeout=2, markup=False)
        else:
            count = sum(1 for claim in self.claims if chosen.admits(claim))
            self.notify(
                f"{count} claim{'' if count == 1 else 's'} by "
                f"{safe_inline(chosen.label, 60)} (f chooses another speaker, Esc clears)",
                timeout=4, markup=False,
            )

    def _speaker_chosen(self, key: str | None) -> None:
        if key is None:
            return
        if key == ALL:
            self.set_speaker_filter(None)
            return
        names = {speaker.key: speaker.name for speaker in speakers(self.claims)}
        self.set_speaker_filter(SpeakerFilter(names.get(key, key), frozenset({key})))

    def action_choose_speaker(self) -> None:
        """Pick the speaker whose claims the pane lists (or everyone)."""
        found = speakers(self.claims)
        if not found:
            self.notify("There are no claims yet.", markup=False)
            return
        choices = [(ALL, Text(f"Every speaker  ({len(self.claims)})", style="bold"))]
        for speaker in sorted(found, key=lambda s: (-s.count, s.first)):
            prompt = Text(safe_inline(speaker.name, 60), end="")
            prompt.append(f"  ({speaker.count})", style="dim")
            choices.append((speaker.key, prompt))
        current = self._pane().speaker_filter
        keys = current.keys if current is not None else frozenset()
        self.app.push_screen(
            ChoiceScreen(
                "Show the claims of", choices,
                current=next(iter(keys)) if len(keys) == 1 else ALL,
            ),
            self._speaker_chosen,
        )

    def action_clear_speaker_filter(self) -> None:
        """List every speaker's claims."""
        self.set_speaker_filter(None)

    def action_claims_of_selection(self) -> None:
        """List the claims of the name chosen in the text (clicked, or reached with n / N)."""
        current = self._current
        if current is None or not isinstance(current.item, Entity):
            self.notify("Choose a name in the text first: click it, or move to it with n / N.",
                        timeout=3, markup=False)
            return
        found = entity_filter(self.claims, current.item, self.document.text)
        if found is None:
            name = safe_inline(" ".join(current.item.text.split()), 60)
            self.notify(f"{name} makes no claims in the text.", timeout=3, markup=False)
            return
        self.set_speaker_filter(found)

    def _clear_one(self) -> bool:
        """Esc clears the current highlight, then the kind n / N are limited to, then the
        speaker filter."""
        if super()._clear_one():
            return True
        if self._pane().speaker_filter is not None:
            self.set_speaker_filter(None)
            return True
        return False

    def _show_claim_count(self) -> None:
        """The claims heading: how many, whose, how listed, and the copy keys."""
        pane = self._pane()
        chosen = pane.speaker_filter
        heading = Text("Claims", style="bold", no_wrap=True, overflow="ellipsis", end="")
        if chosen is None:
            heading.append(f" ({len(self.claims)})", style="not bold")
        else:
            count = len(pane.claims)  # the pane lists exactly the claims the filter admits
            heading.append(f" by {safe_inline(chosen.label, 40)}")
            heading.append(f" ({count} of {len(self.claims)})", style="not bold")
        if pane.grouped:
            heading.append(" · grouped", style="not bold")
        if self.claims:
            heading.append(" · f speaker · g group · c C copy", style="dim not bold")
        # One line whatever it says: a repaint, not a layout of the screen (it changes with
        # every batch of claims during an analysis).
        self.query_one("#claims-heading", Static).update(heading, layout=False)
