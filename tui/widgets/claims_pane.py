"""The claims pane: every claim in the text, who makes it and with what cue, in text order."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..analysis.model import Claim
from ..display import safe_inline

__all__ = ["ClaimsPane", "claim_prompt"]

CONTENT_PREVIEW = 240
"""Characters of a claim's content shown in the pane; the whole claim is copied."""


def claim_prompt(claim: Claim, text: str) -> Text:
    """The pane's line for ``claim``: speaker · cue · content, all document text made inert."""
    prompt = Text(no_wrap=False, end="")
    prompt.append(safe_inline(claim.speaker, 60), style="bold")
    cue = safe_inline(claim.cue.text_of(text), 40) if claim.cue is not None else "asserts"
    prompt.append(" · ")
    prompt.append(cue, style="italic")
    prompt.append(" · ")
    prompt.append(safe_inline(" ".join(claim.content.text_of(text).split()), CONTENT_PREVIEW))
    return prompt


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
        self.claims: list[Claim] = []
        """The claims listed, in the order shown."""

    def show_claims(self, claims: list[Claim], text: str) -> None:
        """Replace the list with ``claims``, keeping the cursor on the same claim if listed."""
        current = self.selected_claim
        self.claims = list(claims)
        self.clear_options()
        self.add_options([Option(claim_prompt(claim, text)) for claim in self.claims])
        if current is not None and current in self.claims:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = self.claims.index(current)

    def append_claims(self, claims: list[Claim], text: str) -> None:
        """Add ``claims`` at the end of the list."""
        self.claims.extend(claims)
        self.add_options([Option(claim_prompt(claim, text)) for claim in claims])

    @property
    def selected_claim(self) -> Claim | None:
        """The claim under the cursor, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.claims):
            return None
        return self.claims[index]

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
