"""A document's device profile: how often each kind of rhetorical device occurs.

Pure: counts and densities (per 1,000 words) per device kind, and how many occurrences are
in the text's own voice rather than inside a quoted or reported speaker's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Device, DeviceKind

__all__ = ["DeviceProfile", "ProfileRow", "count_words", "device_profile"]

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters and digits, with inner apostrophes and hyphens
    ("don't", "well-prepared" count once)."""
    return sum(1 for _ in _WORD.finditer(text))


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One device kind's line of the profile."""

    id: str
    """The device kind id."""
    name: str
    """Its human name."""
    category: str
    """Its category id."""
    technique: str | None
    """The Propaganda Techniques Corpus label, if any."""
    count: int
    """Occurrences in the document."""
    in_author_voice: int
    """Occurrences in the text's own voice (the rest are in quoted speakers' words)."""

    @property
    def quoted(self) -> int:
        """Occurrences inside a quoted or reported speaker's words."""
        return self.count - self.in_author_voice


@dataclass(frozen=True, slots=True)
class DeviceProfile:
    """How often each kind of device occurs in a document."""

    words: int
    """Words in the document."""
    rows: tuple[ProfileRow, ...]
    """One row per kind that occurs, most frequent first (catalogue order on ties)."""

    @property
    def total(self) -> int:
        """All device occurrences."""
        return sum(row.count for row in self.rows)

    def density(self, count: int) -> float:
        """``count`` occurrences per 1,000 words of the document (0 for an empty one)."""
        return 1000.0 * count / self.words if self.words else 0.0


def device_profile(
    devices: Iterable[Device], words: int, kinds: Iterable[DeviceKind] = ()
) -> DeviceProfile:
    """Profile ``devices`` found in a text of ``words`` words (:func:`count_words`);
    ``kinds`` (the catalogue) gives the order of kinds with equal counts and their
    technique labels."""
    catalogue = tuple(kinds)
    order = {kind.id: index for index, kind in enumerate(catalogue)}
    techniques = {kind.id: kind.technique for kind in catalogue}
    first: dict[str, Device] = {}
    counts: dict[str, int] = {}
    author: dict[str, int] = {}
    for device in devices:
        first.setdefault(device.id, device)
        counts[device.id] = counts.get(device.id, 0) + 1
        author[device.id] = author.get(device.id, 0) + (1 if device.in_author_voice else 0)
    rows = [
        ProfileRow(
            id=kind_id,
            name=device.name,
            category=device.category,
            technique=device.technique or techniques.get(kind_id),
            count=counts[kind_id],
            in_author_voice=author[kind_id],
        )
        for kind_id, device in first.items()
    ]
    rows.sort(key=lambda row: (-row.count, order.get(row.id, len(order)), row.name))
    return DeviceProfile(words=words, rows=tuple(rows))
