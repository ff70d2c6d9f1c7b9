"""The explanation panel under the document: what the chosen highlight is and why it fired."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS
from ...analysis.model import Device, DeviceKind, Entity
from ..display import safe_inline

__all__ = ["Explanation", "evidence_line", "technique_name", "voice_line"]

EVIDENCE_NAMES = {
    "lexicon": "lexicon entry",
    "rule": "rule",
    "pattern": "pattern",
    "model": "model",
}
"""How each kind of evidence is named in the panel."""


def technique_name(technique: str) -> str:
    """A corpus technique label for reading (``Name_Calling,Labeling`` → ``Name Calling,
    Labeling``)."""
    return technique.replace("_", " ").replace(",", ", ")


def evidence_line(device: Device) -> str:
    """What fired: the kind of evidence, the rule or lexicon entry (or the model), and the
    confidence when it is not a certain match."""
    what = EVIDENCE_NAMES.get(device.evidence, device.evidence)
    line = what
    if device.rule:
        line += f" {safe_inline(device.rule, 60)}"
    if device.evidence == "model" or device.confidence < 1.0:
        line += f" · confidence {device.confidence:.0%}"
    return line


def voice_line(device: Device) -> str:
    """Whose words carry the device: the author's, or a quoted or reported speaker's."""
    if device.in_author_voice:
        return "the author’s own words"
    return f"inside the words of {safe_inline(device.voice, 60)} (quoted or reported)"


class Explanation(Static):
    """Shows one highlight's explanation; hidden while there is none."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def clear(self) -> None:
        """Hide the panel."""
        self.display = False

    def show_device(self, device: Device, kind: DeviceKind | None, text: str) -> None:
        """Explain a device: its name, category and words; why it fired and on what
        evidence; whose voice it is in; its corpus technique; its definition."""
        category = DEVICE_CATEGORIES.get(device.category, device.category)
        explanation = Text(end="")
        explanation.append(device.name, style="bold")
        explanation.append(f" · {category} · “{_words(device.span.text_of(text))}”\n")
        explanation.append(f"Why: {safe_inline(device.reason, 200)}", style="italic")
        explanation.append(f"  ({evidence_line(device)})\n", style="dim")
        explanation.append("Voice: ", style="bold")
        explanation.append(voice_line(device))
        technique = device.technique or (kind.technique if kind is not None else None)
        if technique:
            explanation.append(" · Technique: ", style="bold")
            explanation.append(technique_name(technique))
        explanation.append("\n")
        if kind is not None:
            explanation.append(f"{kind.definition} Example: {kind.example}", style="dim")
        self._show(explanation)

    def show_entity(self, entity: Entity, claims: int) -> None:
        """Explain an entity: its words, its type, and how many claims it makes."""
        explanation = Text(end="")
        explanation.append(_words(entity.text), style="bold")
        explanation.append(f" · {entity.label} · {ENTITY_LABELS.get(entity.label, entity.label)}")
        if claims:
            explanation.append(f" · {claims} claim{'s' if claims != 1 else ''} in the text")
            explanation.append("  (s lists them)", style="dim")
        self._show(explanation)

    def _show(self, explanation: Text) -> None:
        self.update(explanation)
        self.display = True


def _words(words: str) -> str:
    """The highlighted words on one line, made inert and shortened."""
    return safe_inline(" ".join(words.split()), 80)
