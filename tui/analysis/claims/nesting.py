"""Claims inside other claims: what the extractor cuts or drops when one proposed claim lies
in another's content.

- "Washington claims that …, while European officials stress that …": each claim's clause
  is cut out of the content of the claims around it, unless that content is reported
  before its cue ("X told Y that …, the source said" is all the source's).
- "According to X, revenue is thought to rise": X's claim, not also an anonymous one.
- "“He refuses to pay,” she said", "Merz said that Putin wants a deal": the speaker's
  claim, not also one of "he" or Putin. A relative clause ("the plan that Putin proposed")
  still attributes on its own, and so does a claim the re-scorer is sure of.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import AUTHOR, UNNAMED
from .cues import CueLexicon
from .spans import Draft, has_boundary_after, has_boundary_before, trim

__all__ = ["cut_nested", "drop_nested_in_content", "drop_nested_unnamed"]

# Cue groups that still report a claim inside what someone else says (none for now: the
# attribution corpus counts a claim inside another as the outer speaker's).
_NESTED_GROUPS: frozenset[str] = frozenset()


def cut_nested(doc: Any, drafts: list[Draft]) -> None:
    """Cut each claim's clause out of the content of the claims in ``drafts`` that contain
    it, and trim every content.

    What is reported before its cue ("X told Y that …, the source said") is all the
    speaker's, claims inside it included: nothing is cut from it."""
    for found in drafts:
        start, end = found.content
        if found.cue is not None and end <= found.cue[0]:
            found.content = trim(doc, start, end)
            continue
        for other in drafts:
            low, high = other.region
            if other is found or high <= start or low >= end:
                continue
            if low <= found.head < high or (found.cue and low <= found.cue[0] < high):
                continue  # the other claim contains this one, not the reverse
            if low > found.head and has_boundary_before(doc, low):
                end = min(end, low)
            elif high <= found.head and has_boundary_after(doc, high - 1):
                start = max(start, high)
        found.content = trim(doc, start, end)
        if found.pieces:
            clipped = [(max(a, start), min(b, end)) for a, b in found.pieces]
            found.pieces = [p for p in clipped if p[0] < p[1]]


def drop_nested_unnamed(drafts: list[Draft]) -> list[Draft]:
    """``drafts`` without the unnamed-source claims whose cue lies in what someone else
    claims: "according to X, revenue is thought to rise" is X's claim, not also an
    anonymous one."""
    kept = []
    for found in drafts:
        anchor = found.cue[0] if found.cue else found.head
        if found.speaker == UNNAMED and any(
            other.speaker != UNNAMED and other.content[0] <= anchor < other.content[1]
            for other in drafts
        ):
            continue
        kept.append(found)
    return kept


def drop_nested_in_content(
    drafts: list[Draft], deps: list[str], lexicon: CueLexicon, is_sure: Callable[[Draft], bool]
) -> list[Draft]:
    """``drafts`` without the claims whose cue lies in what a named speaker is reported to
    say: in "“He refuses to pay,” she said" or "Merz said that Putin wants a deal" the claim
    is the speaker's, not also one of "he" or Putin. ``deps`` are the dependency relations
    of the paragraph's tokens; a claim that ``is_sure`` approves of stays."""
    kept = []
    for found in drafts:
        group = lexicon.verbs.get(found.cue_lemma.split()[0]) if found.cue_lemma else None
        cue, cue_end = found.cue if found.cue else (-1, -1)
        # "the plan that Putin proposed": a relative clause attributes on its own.
        if cue >= 0 and group not in _NESTED_GROUPS and not any(
            dep in ("relcl", "acl") for dep in deps[cue:cue_end]
        ) and not is_sure(found) and any(
            other is not found and other.cue is not None
            and other.speaker not in (AUTHOR, UNNAMED)
            and other.content[0] <= cue < other.content[1]
            for other in drafts
        ):
            continue
        kept.append(found)
    return kept
