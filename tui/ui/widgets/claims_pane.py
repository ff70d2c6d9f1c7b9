"""The claims pane: every claim in the text, who makes it and with what cue.

Claims are listed in text order, or grouped by speaker under a heading per speaker, and can
be filtered to some speakers' claims (a :class:`~tui.ui.speakers.SpeakerFilter`).

A whole book has tens of thousands of claims, and every option of a list is laid out (its
wrapped height measured) when added. So the pane knows every row at once but lays out only
as many as the reader has scrolled to, plus a few screens ahead: claims streaming in while
the reader looks at the top of the list cost no more than keeping a list of them, and the
list grows as it is scrolled.
"""

from __future__ import annotations

from rich.text import Text
from textual._widget_navigation import Direction
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...analysis.model import Claim
from ..display import safe_inline
from ..speakers import SpeakerFilter, grouped_by_speaker

__all__ = ["ClaimsPane", "claim_prompt", "claim_tags", "claims_heading"]

CONTENT_PREVIEW = 240
"""Characters of a claim's content shown in the pane; the whole claim is copied."""

REBUILD_DELAY = 1.0
"""Seconds a grouped list waits before re-grouping for claims streaming in: on a long book
batches arrive several times a second, and one re-grouping a second is enough."""

ROWS_AHEAD = 100
"""Rows laid out at a time, and at least this many beyond the cursor."""

SCREENS_AHEAD = 3
"""Screens of laid-out rows kept below the top of the view, so scrolling never waits."""


def claim_tags(claim: Claim) -> str:
    """The cue's stance and the claim's kind when they say something (``doubting ·
    prediction``); a neutral assertion has none."""
    tags = [
        tag
        for tag, plain in ((claim.stance, "neutral"), (claim.kind, "assertion"))
        if tag and tag != plain
    ]
    return " · ".join(safe_inline(tag, 20) for tag in tags)


def claim_prompt(claim: Claim, text: str, *, with_speaker: bool = True) -> Text:
    """The pane's line for ``claim``: speaker · cue ‹stance · kind› · content, all document
    text made inert. Without ``with_speaker`` (under a speaker's heading) the speaker is
    left out."""
    prompt = Text(no_wrap=False, end="")
    if with_speaker:
        prompt.append(safe_inline(claim.speaker, 60), style="bold")
        prompt.append(" · ")
    cue = safe_inline(claim.cue.text_of(text), 40) if claim.cue is not None else "asserts"
    prompt.append(cue, style="italic")
    tags = claim_tags(claim)
    if tags:
        prompt.append(f" ‹{tags}›", style="dim")
    prompt.append(" · ")
    prompt.append(safe_inline(" ".join(claim.content.text_of(text).split()), CONTENT_PREVIEW))
    return prompt


def _heading(name: str, count: int) -> Text:
    heading = Text(no_wrap=True, overflow="ellipsis", end="")
    heading.append(safe_inline(name, 60), style="bold underline")
    heading.append(f"  {count} claim{'' if count == 1 else 's'}", style="dim")
    return heading


class ClaimsPane(OptionList):
    """A list of claims; moving the cursor onto one chooses it."""

    DEFAULT_CSS = """
    ClaimsPane > .option-list--option {
        padding: 0 1 1 1;
    }
    """

    class ClaimChosen(Message):
        """The user moved to or clicked a claim."""

        def __init__(self, pane: ClaimsPane, claim: Claim) -> None:
            super().__init__()
            self.pane = pane
            """The pane the claim is in."""
            self.claim = claim
            """The claim chosen."""

        @property
        def control(self) -> ClaimsPane:
            """The pane the claim is in."""
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.all_claims: list[Claim] = []
        """Every claim received, in text order."""
        self.claims: list[Claim] = []
        """The claims listed (those the filter admits), in the order shown."""
        self.grouped = False
        """True when claims are grouped under a heading per speaker."""
        self.speaker_filter: SpeakerFilter | None = None
        """Whose claims are listed; ``None`` for everyone's."""
        self._rows: list[Claim | None] = []
        self._headings: dict[int, Text] = {}
        self._text = ""
        self._pending: Timer | None = None

    # -- content ---------------------------------------------------------------------------

    def show_claims(self, claims: list[Claim], text: str) -> None:
        """Replace the claims with ``claims``, keeping the cursor on the same claim if
        listed."""
        self.all_claims = list(claims)
        self._text = text
        self._rebuild()

    def append_claims(self, claims: list[Claim], text: str) -> None:
        """Add ``claims`` (later in the text than those already received)."""
        self.all_claims.extend(claims)
        self._text = text
        if self.grouped:
            if self._pending is None:
                self._pending = self.set_timer(REBUILD_DELAY, self._rebuild)
            return
        admitted = [claim for claim in claims if self._admits(claim)]
        self.claims.extend(admitted)
        self._rows.extend(admitted)
        self._lay_out()

    def set_view(self, *, grouped: bool, speaker_filter: SpeakerFilter | None) -> None:
        """Group by speaker or not, and list the claims of ``speaker_filter`` (or all)."""
        self.grouped = grouped
        self.speaker_filter = speaker_filter
        self._rebuild()

    def _admits(self, claim: Claim) -> bool:
        return self.speaker_filter is None or self.speaker_filter.admits(claim)

    def _rebuild(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        current = self.selected_claim
        admitted = [claim for claim in self.all_claims if self._admits(claim)]
        rows: list[Claim | None] = []
        headings: dict[int, Text] = {}
        if self.grouped:
            for speaker, group in grouped_by_speaker(admitted):
                headings[len(rows)] = _heading(speaker.name, len(group))
                rows.append(None)
                rows.extend(group)
        else:
            rows = list(admitted)
        self._rows = rows
        self._headings = headings
        self.claims = [claim for claim in rows if claim is not None]
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            if current is not None and current in self.claims:
                row = self._rows.index(current)
                self._lay_out(row + ROWS_AHEAD)
                self.highlighted = row
            else:
                self._lay_out()

    # -- laying rows out as they are reached ------------------------------------------------

    def _option(self, row: int) -> Option:
        claim = self._rows[row]
        if claim is None:
            return Option(self._headings[row], disabled=True)
        return Option(claim_prompt(claim, self._text, with_speaker=not self.grouped))

    def _lay_out(self, upto: int = 0) -> None:
        """Add options for the rows up to ``upto`` and for a few screens below the view."""
        shown = self.option_count
        rows = len(self._rows)
        wanted = min(rows, max(upto, shown if shown else ROWS_AHEAD))
        height = self.scrollable_content_region.height
        if height:
            # Measured lines are known only once added: add a batch at a time until the
            # laid-out lines reach a few screens below the top of the view.
            below = round(self.scroll_y) + SCREENS_AHEAD * height
            while wanted < rows and self.virtual_size.height <= below:
                if wanted > shown:
                    self.add_options([self._option(row) for row in range(shown, wanted)])
                    shown = wanted
                wanted = min(rows, wanted + ROWS_AHEAD)
        if wanted > shown:
            self.add_options([self._option(row) for row in range(shown, wanted)])

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolling down lays out the rows coming into reach."""
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value:
            self._lay_out()

    def on_resize(self) -> None:
        """A taller pane shows more rows: lay them out once the new size is measured."""
        self.call_after_refresh(self._lay_out)

    def action_last(self) -> None:
        """End goes to the very last claim: every row is laid out first."""
        self._lay_out(len(self._rows))
        super().action_last()

    def _move_page(self, direction: Direction) -> None:
        # Page Down moves a screen's height: the rows it lands on must be laid out.
        self._lay_out((self.highlighted or 0) + ROWS_AHEAD)
        super()._move_page(direction)

    def action_cursor_up(self) -> None:
        """The cursor moves up; from the first row it wraps to the very last claim."""
        if not self.highlighted:
            self._lay_out(len(self._rows))
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        """The cursor moves down; rows below it are laid out in time."""
        self._lay_out((self.highlighted or 0) + ROWS_AHEAD // 2)
        super().action_cursor_down()

    # -- the cursor --------------------------------------------------------------------------

    @property
    def selected_claim(self) -> Claim | None:
        """The claim under the cursor, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    def move_to(self, claim: Claim) -> bool:
        """Put the cursor on ``claim`` (which chooses it); False when it is not listed."""
        if claim not in self.claims:
            return False
        row = self._rows.index(claim)
        self._lay_out(row + ROWS_AHEAD)
        self.highlighted = row
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving the cursor chooses the claim under it."""
        event.stop()
        claim = self.selected_claim
        if claim is not None:
            self.post_message(self.ClaimChosen(self, claim))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click chooses the claim again (to scroll back to it)."""
        event.stop()
        claim = self.selected_claim
        if claim is not None:
            self.post_message(self.ClaimChosen(self, claim))


def claims_heading(
    claims: int, listed: int, speaker_filter: SpeakerFilter | None, grouped: bool
) -> Text:
    """The claims pane's heading: how many claims (``listed`` of ``claims`` when filtered),
    whose, how listed, and the copy keys. One line, whatever it says."""
    heading = Text("Claims", style="bold", no_wrap=True, overflow="ellipsis", end="")
    if speaker_filter is None:
        heading.append(f" ({claims})", style="not bold")
    else:
        heading.append(f" by {safe_inline(speaker_filter.label, 40)}")
        heading.append(f" ({listed} of {claims})", style="not bold")
    if grouped:
        heading.append(" · grouped", style="not bold")
    if claims:
        heading.append(" · f speaker · g group · c C copy", style="dim not bold")
    return heading
