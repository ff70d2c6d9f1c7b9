"""The claims pane: every claim in the text, who makes it and with what cue.

Claims are listed in text order, or grouped by speaker under a heading per speaker, and can
be filtered to some speakers' claims (a :class:`~tui.speakers.SpeakerFilter`).
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..analysis.model import Claim
from ..display import safe_inline
from ..speakers import SpeakerFilter, grouped_by_speaker

__all__ = ["ClaimsPane", "claim_prompt", "claim_tags"]

CONTENT_PREVIEW = 240
"""Characters of a claim's content shown in the pane; the whole claim is copied."""

REBUILD_DELAY = 0.3
"""Seconds a grouped list waits before re-sorting for claims streaming in: on a long book
batches arrive several times a second, and one re-sort per burst is enough."""


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
        self.add_options([Option(claim_prompt(claim, text)) for claim in admitted])

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
        options: list[Option] = []
        rows: list[Claim | None] = []
        if self.grouped:
            for speaker, group in grouped_by_speaker(admitted):
                options.append(Option(_heading(speaker.name, len(group)), disabled=True))
                rows.append(None)
                options.extend(
                    Option(claim_prompt(claim, self._text, with_speaker=False)) for claim in group
                )
                rows.extend(group)
        else:
            options = [Option(claim_prompt(claim, self._text)) for claim in admitted]
            rows = list(admitted)
        self._rows = rows
        self.claims = [claim for claim in rows if claim is not None]
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(options)
            if current is not None and current in self.claims:
                self.highlighted = self._rows.index(current)

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
        self.highlighted = self._rows.index(claim)
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
