"""The explanation panel under the document: what the chosen highlight is and why it fired."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS
from ..analysis.model import Device, DeviceKind, Entity
from ..display import safe_inline

__all__ = ["Explanation"]


class Explanation(Static):
    """Shows one highlight's explanation; hidden while there is none."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def clear(self) -> None:
        """Hide the panel."""
        self.display = False

    def show_device(self, device: Device, kind: DeviceKind | None, text: str) -> None:
        """Explain a device: its name and category, the words, why it fired, its definition."""
        category = DEVICE_CATEGORIES.get(device.category, device.category)
        explanation = Text(end="")
        explanation.append(device.name, style="bold")
        explanation.append(f" · {category} · “{_words(device.span.text_of(text))}”\n")
        explanation.append(f"Why: {safe_inline(device.reason, 200)}\n", style="italic")
        if kind is not None:
            explanation.append(f"{kind.definition} Example: {kind.example}")
        self._show(explanation)

    def show_entity(self, entity: Entity, claims: int) -> None:
        """Explain an entity: its words, its type, and how many claims it makes."""
        explanation = Text(end="")
        explanation.append(_words(entity.text), style="bold")
        explanation.append(f" · {entity.label} · {ENTITY_LABELS.get(entity.label, entity.label)}")
        if claims:
            explanation.append(f" · {claims} claim{'s' if claims != 1 else ''} in the text")
        self._show(explanation)

    def _show(self, explanation: Text) -> None:
        self.update(explanation)
        self.display = True


def _words(words: str) -> str:
    """The highlighted words on one line, made inert and shortened."""
    return safe_inline(" ".join(words.split()), 80)
