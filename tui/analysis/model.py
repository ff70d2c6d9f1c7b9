"""The analysis contract: plain frozen dataclasses with character offsets into the text.

Everything the UI, the exporters and the tests know about a document's analysis is one of
these types. They hold no spaCy objects, so they are cheap to keep, safe to pass between
threads and trivially serialisable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AUTHOR",
    "UNNAMED",
    "Analysis",
    "Claim",
    "Device",
    "DeviceKind",
    "Entity",
    "Paragraph",
    "ParagraphAnalysis",
    "Span",
]

AUTHOR = "Author"
"""Display name of the speaker for the text's own voice (first person and unattributed)."""

UNNAMED = "Unnamed source"
"""Display name of the speaker of a claim reported without a source ("it is claimed that")."""


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into the original text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def text_of(self, text: str) -> str:
        """Return the slice of ``text`` this span covers."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end

    def shifted(self, offset: int) -> Span:
        """Return the span moved right by ``offset`` characters."""
        return Span(self.start + offset, self.end + offset)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text separated from its neighbours by blank lines; the unit of analysis."""

    index: int
    """Position of the paragraph in the document, from 0."""
    span: Span
    """Where the paragraph lies in the text (without the surrounding blank lines)."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity found by the NER model (after Slant's corrections)."""

    label: str
    """The spaCy / OntoNotes label: PERSON, ORG, GPE, NORP, LOC, DATE, …"""
    span: Span
    """Where the entity's words are."""
    text: str
    """The entity's words, as in the text."""


@dataclass(frozen=True, slots=True)
class DeviceKind:
    """An entry of the device catalogue: what a kind of rhetorical device is."""

    id: str
    """Stable identifier, kebab-case (``loaded-language``)."""
    name: str
    """Human name (``Loaded language``)."""
    category: str
    """Category id used for colours and toggles (``loaded-language``, ``labelling`` …)."""
    definition: str
    """One or two sentences a reader can understand."""
    example: str
    """A short invented example of the device."""
    technique: str | None = None
    """The Propaganda Techniques Corpus label this device corresponds to, if any."""


@dataclass(frozen=True, slots=True)
class Device:
    """One occurrence of a rhetorical device in the text."""

    id: str
    """The :class:`DeviceKind` id."""
    name: str
    """The kind's human name."""
    category: str
    """The kind's category id."""
    span: Span
    """The words that carry the device."""
    reason: str
    """One line saying why it fired, naming what matched (``lexicon: "profiteers"``)."""
    evidence: str = "rule"
    """What fired: ``"lexicon"``, ``"rule"``, ``"pattern"`` or ``"model"``."""
    rule: str = ""
    """The id of the rule or lexicon entry that fired (``loaded-language/lexicon``), or
    the model's name for a trained layer."""
    confidence: float = 1.0
    """How sure the detector is, 0–1 (rules that matched exactly say 1.0)."""
    voice: str = AUTHOR
    """Whose words carry the device: :data:`AUTHOR` for the text's own voice, otherwise the
    display name of the quoted or reported speaker whose claim content contains it."""
    technique: str | None = None
    """The Propaganda Techniques Corpus label of the device's kind, if any."""

    @property
    def in_author_voice(self) -> bool:
        """True when the device is in the text's own voice, not a quoted speaker's."""
        return self.voice == AUTHOR


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim in the text and who makes it."""

    speaker: str
    """Display name of the speaker (``Merz``, ``European officials``) or :data:`AUTHOR`."""
    speaker_span: Span | None
    """The speaker's mention in the text; ``None`` for the author or an unnamed source."""
    cue: Span | None
    """The words that attribute the claim (``urges``, ``according to``); ``None`` when the
    author asserts something directly."""
    cue_lemma: str
    """The cue's lemma (``urge``), or ``""`` without a cue."""
    content: Span
    """What is claimed."""
    sentence: Span
    """The sentence the claim is in."""
    speaker_key: str = ""
    """One key per speaker across the document (``friedrich merz``): every claim of the same
    person carries the same key, whatever mention introduced it. ``""`` means use
    :attr:`speaker`."""
    speaker_mentions: tuple[Span, ...] = ()
    """Every mention of the speaker that attributes this claim (the name, a pronoun)."""
    content_spans: tuple[Span, ...] = ()
    """The content's pieces when it is discontinuous (a quote split around its cue);
    empty means the single span :attr:`content`, which always covers all pieces."""
    stance: str = "neutral"
    """The cue's stance: ``neutral`` (said), ``doubting`` (claimed), ``hedged`` (hinted)
    or ``strong`` (insisted)."""
    kind: str = "assertion"
    """What the claim does: ``assertion``, ``prediction``, ``demand``, ``question`` or
    ``denial``."""
    confidence: float = 1.0
    """How sure the extractor is of this attribution, 0–1."""

    @property
    def key(self) -> str:
        """The speaker key, falling back to the display name."""
        return self.speaker_key or self.speaker

    @property
    def pieces(self) -> tuple[Span, ...]:
        """The content's spans: :attr:`content_spans`, or just :attr:`content`."""
        return self.content_spans or (self.content,)

    @property
    def is_author(self) -> bool:
        """True when the claim is in the text's own voice."""
        return self.speaker == AUTHOR


@dataclass(frozen=True, slots=True)
class ParagraphAnalysis:
    """The analysis of one paragraph: what the pipeline streams as it goes."""

    paragraph: Paragraph
    """The paragraph analysed."""
    entities: tuple[Entity, ...] = ()
    """Entities in text order."""
    devices: tuple[Device, ...] = ()
    """Devices in text order (they may overlap)."""
    claims: tuple[Claim, ...] = ()
    """Claims in text order."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """The whole analysis of a document."""

    text_length: int
    """Length of the analysed text in characters (offsets are below this)."""
    model: str
    """Name and version of the spaCy pipeline used (``en_core_web_sm 3.8.0``)."""
    paragraphs: tuple[Paragraph, ...] = ()
    """All paragraphs, in order."""
    entities: tuple[Entity, ...] = ()
    """All entities, in text order."""
    devices: tuple[Device, ...] = ()
    """All devices, in text order."""
    claims: tuple[Claim, ...] = ()
    """All claims, in text order."""
    device_kinds: tuple[DeviceKind, ...] = field(default=(), compare=False)
    """The catalogue of device kinds the analysis looked for."""
