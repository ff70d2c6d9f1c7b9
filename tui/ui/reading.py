"""The reading screen's state, as one plain object: testable without Textual.

:class:`ReadingState` holds what has been received of the document's analysis, the filters
(layers, device categories, the kind ``n`` / ``N`` step through, the speaker whose claims are
listed, grouping), the current highlight and the device profile, and answers the questions
the screen's keys ask (where ``n`` goes, whose claims a name lists, what ``C`` copies). The
screen turns its answers into widget updates and notifications; nothing here touches a widget.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..analysis.categories import DEVICE_CATEGORIES, NAMED_ENTITY_LABELS
from ..analysis.dismissed import Dismissal, Dismissed
from ..analysis.entity_index import IndexedEntity, entity_index
from ..analysis.model import (
    Analysis,
    Claim,
    Device,
    DeviceKind,
    Entity,
    Paragraph,
    ParagraphAnalysis,
)
from ..analysis.profile import DeviceProfile, count_words, device_profile
from ..config import without_devices
from ..documents.loading import Document
from ..engine.collected import Collected, step_through_parts
from ..exports.json_and_text import claims_markdown
from .display import safe_inline
from .navigation import Highlight, highlights, highlights_at
from .search import Matches
from .sparkline import buckets, sparkline
from .speakers import SpeakerFilter, entity_filter, speakers_markdown

__all__ = ["ALL", "LAYER_NAMES", "Layers", "ReadingState"]

SPREAD_WIDTH = 12
"""Shares of the text a device kind's sparkline in the profile shows."""

ALL = "\x00all"
"""The choice that clears a filter in a picker (no speaker key or kind id is this)."""

LAYER_NAMES = ("entities", "devices", "claims")
"""The highlight layers, as ``e`` / ``d`` / ``l`` toggle them."""


@dataclass(frozen=True)
class Layers:
    """Which highlight layers the document shows."""

    entities: bool = True
    """Named entities, coloured by type."""
    devices: bool = True
    """Rhetorical devices, tinted by category."""
    claims: bool = True
    """Claim cues, and the selected claim's speaker, cue and content."""
    hidden_categories: frozenset[str] = frozenset()
    """Device categories switched off while the devices layer is shown."""

    def shows(self, highlight: Highlight) -> bool:
        """True when ``highlight``'s layer (and device category) is shown."""
        item = highlight.item
        if isinstance(item, Device):
            return self.devices and item.category not in self.hidden_categories
        return self.entities

    def toggled(self, layer: str) -> Layers:
        """These layers with ``layer`` (one of :data:`LAYER_NAMES`) switched."""
        flags = {name: getattr(self, name) for name in LAYER_NAMES}
        flags[layer] = not flags[layer]
        return self.only(frozenset(name for name, shown in flags.items() if shown))

    def only(self, shown: frozenset[str]) -> Layers:
        """These layers with just the named ones shown (device categories kept)."""
        return replace(self, entities="entities" in shown, devices="devices" in shown,
                       claims="claims" in shown)

    def hidden_names(self) -> str:
        """What is hidden, for the status bar: layers, then device categories."""
        hidden = [name for name in LAYER_NAMES if not getattr(self, name)]
        if self.devices and self.hidden_categories:
            count = len(self.hidden_categories)
            if count == 1:
                (only,) = self.hidden_categories
                hidden.append(DEVICE_CATEGORIES.get(only, only))
            else:
                hidden.append(f"{count} device categories")
        return ", ".join(hidden)


class ReadingState:
    """Everything the reading screen knows about the document it shows."""

    def __init__(self, document: Document, device_kinds: Mapping[str, DeviceKind]) -> None:
        self.document = document
        """The document being read."""
        self.device_kinds = dict(device_kinds)
        """The catalogue of device kinds, by id."""
        self.generation = 0
        """Bumped on every (re)load; results of older generations are dropped."""
        self.collected = Collected([])
        """The analysis received so far, as shown (without what the reader dismissed)."""
        self.received = Collected([])
        """The analysis received so far, with what the reader dismissed (to bring it back)."""
        self.dismissals: tuple[Dismissal, ...] = ()
        """What the reader dismissed in this document, and the ignore list."""
        self.dismissed = Dismissed()
        """:attr:`dismissals` as a filter."""
        self.undo: list[Dismissal] = []
        """This session's dismissals, newest last (``u`` brings them back in turn)."""
        self.analysis_complete = False
        """True once every paragraph has been analysed."""
        self.disabled_devices: frozenset[str] = frozenset()
        """Device ids and categories the configuration file switches off."""
        self.layers = Layers()
        """The layers and device categories shown."""
        self.jump_kind: str | None = None
        """The device kind id ``n`` / ``N`` are limited to, or ``None`` for every highlight."""
        self.current: Highlight | None = None
        """The highlight explained, if any."""
        self.speaker_filter: SpeakerFilter | None = None
        """The speaker whose claims the claims pane lists, or ``None`` for everyone's."""
        self.grouped = False
        """True when the claims pane groups claims by speaker."""
        self.search: Matches | None = None
        """The active search's matches (``n`` / ``N`` step through them), or None."""
        self.search_index = 0
        """The current match."""
        self.reflow = True
        """Show hard-wrapped lines reflowed (``w`` and the configuration switch it)."""
        self.soft_breaks: array[int] = array("q")
        """The line breaks of the text that only wrap a paragraph (hard-wrapped plain text)."""
        self.top = 0
        """The offset at the top of the document pane, as last shown (the reader's place)."""
        self._warned: set[str] = set()
        self._counted: tuple[str, int] | None = None

    # -- what has been received ------------------------------------------------------------

    @property
    def parts(self) -> dict[int, ParagraphAnalysis]:
        """Paragraph analyses received so far, by paragraph index."""
        return self.collected.parts

    @property
    def claims(self) -> list[Claim]:
        """Claims listed so far, in text order."""
        return self.collected.listed

    @property
    def entity_count(self) -> int:
        """Entities received so far."""
        return self.collected.entity_count

    @property
    def device_count(self) -> int:
        """Devices received so far."""
        return self.collected.device_count

    @property
    def hidden_count(self) -> int:
        """Entities and devices received but dismissed."""
        received, shown = self.received, self.collected
        return (received.entity_count + received.device_count
                - shown.entity_count - shown.device_count)

    def load(self, document: Document, paragraphs: Sequence[Paragraph]) -> None:
        """Start over with ``document`` (opened or reloaded), split into ``paragraphs``."""
        self.document = document
        self.generation += 1
        self.collected = Collected(paragraphs)
        self.received = Collected(paragraphs)
        self.undo = []
        self.analysis_complete = False
        self.current = None
        self.search = None
        self.soft_breaks = array("q")

    def add(self, parts: Iterable[ParagraphAnalysis], levels: Sequence[int]) -> (
        tuple[tuple[ParagraphAnalysis, ...], list[Claim]]
    ):
        """Take a batch of results; return the parts as shown (switched-off devices and
        dismissed highlights left out) and the claims released to the list by it, in text
        order."""
        received = tuple(without_devices(part, self.disabled_devices) for part in parts)
        levels = levels or (3,) * len(received)
        self.received.add(received, levels)
        text = self.document.text
        shown = tuple(self.dismissed.part(part, text) for part in received)
        self.collected.add(shown, levels)
        return shown, self.collected.release_claims()

    def set_dismissals(self, dismissals: Iterable[Dismissal],
                       near: Dismissal | None = None) -> tuple[ParagraphAnalysis, ...]:
        """Make ``dismissals`` the ones in force; return the paragraphs whose highlights
        changed. ``near``, a dismissal of one place just made or undone, limits the work to
        its paragraph (a keypress must not refilter a whole book)."""
        self.dismissals = tuple(dict.fromkeys(dismissals))
        self.dismissed = Dismissed.of(self.dismissals)
        received, text = self.received, self.document.text
        if near is not None and near.span is not None:
            indexes: Iterable[int] = [received.paragraph_at(near.span.start)]
        else:
            indexes = sorted(received.parts)
        changed = []
        for index in indexes:
            part = received.parts.get(index)
            if part is None:
                continue
            shown = self.dismissed.part(part, text)
            old = self.collected.parts.get(index)
            if old is None or (len(old.entities), len(old.devices)) != (
                    len(shown.entities), len(shown.devices)):
                changed.append(shown)
        self.collected.add(changed, [received.levels[p.paragraph.index] for p in changed])
        if self.current is not None and self.dismissed.hides(self.current.item, text):
            self.current = None
        return tuple(changed)

    def finish(self, claims: tuple[Claim, ...] | None) -> None:
        """The analysis is complete; whole-document passes may have changed the claims."""
        self.analysis_complete = True
        if claims is not None:
            self.claims[:] = claims

    def first_time(self, warnings: Iterable[str]) -> list[str]:
        """The ``warnings`` not given before in this session (each is told once)."""
        fresh = [warning for warning in dict.fromkeys(warnings) if warning not in self._warned]
        self._warned.update(fresh)
        return fresh

    # -- highlights ----------------------------------------------------------------------------

    def device_categories(self) -> list[str]:
        """Every device category: the known ones in display order, then any other a device
        in the document has."""
        found = [d.category for part in self.parts.values() for d in part.devices]
        return list(dict.fromkeys([*DEVICE_CATEGORIES, *found]))

    def category_note(self, index: int) -> str:
        """What switching device category ``index`` (keys 1–9) did, after it was done."""
        categories = self.device_categories()
        if not 0 <= index < len(categories):
            return f"There is no device category {index + 1}."
        category = categories[index]
        name = DEVICE_CATEGORIES.get(category, category)
        state = "hidden" if category in self.layers.hidden_categories else "shown"
        note = "" if self.layers.devices else " (the devices layer is off: d shows it)"
        return f"{name}: {state}{note}"

    def kind_name(self, kind: str) -> str:
        """A device kind's display name (its id when the catalogue does not know it)."""
        known = self.device_kinds.get(kind)
        return known.name if known is not None else kind

    def step_from(self, position: int, forward: bool) -> Highlight | None:
        """The next (previous) shown highlight from ``position``, wrapping around, or None.

        Only the paragraphs between ``position`` and the answer are looked at: no sort of a
        whole book's highlights per key press."""
        layers, kind = self.layers, self.jump_kind

        def of(part: ParagraphAnalysis) -> list[Highlight]:
            return highlights([part], entities=layers.entities, devices=layers.devices,
                              hidden_categories=layers.hidden_categories, kind=kind)

        found = step_through_parts(self.collected, position, forward, of,
                                   lambda item: item.span.start)  # type: ignore[attr-defined]
        return found if isinstance(found, Highlight) else None

    def highlight_at(self, offset: int) -> Highlight | None:
        """The shown highlight at ``offset`` (a click), if any."""
        layers = self.layers
        found = highlights_at(self.parts.values(), offset, entities=layers.entities,
                              devices=layers.devices, hidden_categories=layers.hidden_categories)
        return found[0] if found else None

    def entity_names(self) -> dict[str, tuple[Entity, int]]:
        """Each named entity's text (spacing normalised), with its first mention and how
        many times it is mentioned, most mentioned first (for the command palette)."""
        found: dict[str, tuple[Entity, int]] = {}
        for index in sorted(self.parts):
            for entity in self.parts[index].entities:
                if entity.label not in NAMED_ENTITY_LABELS:
                    continue
                name = " ".join(entity.text.split())
                first, count = found.get(name, (entity, 0))
                found[name] = (first, count + 1)
        return dict(sorted(found.items(), key=lambda item: -item[1][1]))

    def kind_spread(self, width: int = SPREAD_WIDTH) -> dict[str, str]:
        """Each device kind's spread along the text, as a sparkline of ``width`` shares."""
        starts: dict[str, list[int]] = {}
        for part in self.parts.values():
            for device in part.devices:
                starts.setdefault(device.id, []).append(device.span.start)
        length = len(self.document.text)
        return {kind: sparkline(buckets(found, length, width)) for kind, found in starts.items()}

    def entity_rows(self) -> tuple[IndexedEntity, ...]:
        """The entity index of what has been analysed so far (the parts and the claims as
        shown: their speakers are linked already, nothing is linked twice)."""
        parts = [self.parts[index] for index in sorted(self.parts)]
        text = self.document.text
        analysis = Analysis(
            text_length=len(text), model="", paragraphs=tuple(part.paragraph for part in parts),
            entities=tuple(entity for part in parts for entity in part.entities),
            devices=tuple(device for part in parts for device in part.devices),
            claims=tuple(self.claims),
        )
        return entity_index(analysis, text)

    def nothing_to_step_to(self) -> str:
        """Why ``n`` / ``N`` cannot move."""
        if self.jump_kind is None:
            return "No highlights to move to."
        return (f"No {self.kind_name(self.jump_kind)} shown to move to "
                "(k or Esc steps through everything again).")

    # -- search --------------------------------------------------------------------------------

    def start_search(self, matches: Matches, top: int) -> None:
        """Make ``matches`` the active search, at the first match at or after ``top``."""
        self.search = matches
        self.search_index = matches.first_from(top)

    def step_match(self, forward: bool) -> bool:
        """Move to the next (previous) match; True when that wrapped around the text."""
        count = len(self.search) if self.search is not None else 0
        if not count:
            return False
        index = self.search_index + (1 if forward else -1)
        self.search_index = index % count
        return not 0 <= index < count

    def search_status(self) -> str:
        """``match 2 of 17`` for the status bar, or empty without a search."""
        if self.search is None or not len(self.search):
            return ""
        return f"{self.search.what} {self.search_index + 1:,} of {len(self.search):,}"

    def shown_breaks(self) -> array[int]:
        """The soft breaks to show as spaces: all of them when reflowing, else none."""
        return self.soft_breaks if self.reflow else array("q")

    # -- claims --------------------------------------------------------------------------------

    def entity_claims(self, entity: Entity) -> list[Claim]:
        """The claims of the speaker ``entity`` names (none when it names no speaker)."""
        found = self.speaker_of(entity)
        return [] if found is None else [claim for claim in self.claims if found.admits(claim)]

    def speaker_of(self, entity: Entity) -> SpeakerFilter | None:
        """The speaker ``entity`` names, as a filter of the claims, or None."""
        return entity_filter(self.claims, entity, self.document.text)

    def count_of(self, chosen: SpeakerFilter) -> int:
        """How many listed claims ``chosen`` makes."""
        return sum(1 for claim in self.claims if chosen.admits(claim))

    def listed_claims_markdown(self) -> tuple[str, str] | None:
        """What ``C`` copies: the listed claims as Markdown (the filtered speaker's only,
        under a heading per speaker when grouped) and a description of it; None when there
        is nothing to copy."""
        chosen = self.speaker_filter
        claims = [c for c in self.claims if chosen is None or chosen.admits(c)]
        if not claims:
            return None
        by = f" by {safe_inline(chosen.label, 60)}" if chosen is not None else ""
        title = f"Claims{by} in {self.document.name}"
        text = self.document.text
        if self.grouped:
            markdown = speakers_markdown(claims, text, title)
        else:
            markdown = claims_markdown(claims, text, title)
        what = f"{len(claims)} claim{'' if len(claims) == 1 else 's'}{by} as Markdown"
        if self.grouped:
            what += ", grouped by speaker"
        return markdown, what

    # -- the profile ---------------------------------------------------------------------------

    def profile(self) -> DeviceProfile:
        """The document's device profile, from the paragraphs analysed so far."""
        devices = [d for index in sorted(self.parts) for d in self.parts[index].devices]
        text = self.document.text
        if self._counted is None or self._counted[0] is not text:
            # Counting a book's words takes a moment: once per document.
            self._counted = (text, count_words(text))
        return device_profile(devices, self._counted[1], self.device_kinds.values())
