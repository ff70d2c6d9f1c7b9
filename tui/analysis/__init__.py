"""Slant's analysis core: text in, frozen dataclasses with character offsets out.

This package is pure: it never imports textual or rich (a test enforces it), and no spaCy
object leaves it. It runs headless, as ``slant analyze``.
"""

from __future__ import annotations

from .assembly import assemble_analysis
from .model import (
    AUTHOR,
    UNNAMED,
    Analysis,
    Claim,
    Device,
    DeviceKind,
    Entity,
    Paragraph,
    ParagraphAnalysis,
    Span,
)
from .pipeline import (
    LoadedPipeline,
    ModelNotFoundError,
    analyze_paragraphs,
    load_pipeline,
    split_paragraphs,
)

__all__ = [
    "AUTHOR",
    "UNNAMED",
    "Analysis",
    "Claim",
    "Device",
    "DeviceKind",
    "Entity",
    "LoadedPipeline",
    "ModelNotFoundError",
    "Paragraph",
    "ParagraphAnalysis",
    "Span",
    "analyze",
    "analyze_paragraphs",
    "load_pipeline",
    "split_paragraphs",
]


def analyze(
    text: str, pipeline: LoadedPipeline | None = None, *, model: str | None = None
) -> Analysis:
    """Analyse ``text`` whole and return its :class:`Analysis`.

    Args:
        text: the document.
        pipeline: an already loaded pipeline to reuse; loaded from ``model`` otherwise.
        model: the spaCy pipeline to load when ``pipeline`` is not given (best installed
            by default).

    Raises:
        ModelNotFoundError: when no model can be loaded.
    """
    from .devices import load_catalogue

    loaded = pipeline or load_pipeline(model)
    parts = list(analyze_paragraphs(text, loaded))
    return assemble_analysis(
        len(text), loaded.name, parts, tuple(load_catalogue()), text=text
    )
