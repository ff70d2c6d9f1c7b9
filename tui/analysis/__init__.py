"""Slant's analysis core: text in, frozen dataclasses with character offsets out.

This package is pure: it never imports textual or rich (a test enforces it), and no spaCy
object leaves it. It runs headless, as ``slant analyze``.

Importing the package is cheap: the pipeline and the assembly (the claims code with its cue
lists) are imported when first named, so a program that needs only the model's dataclasses
or the library guard (the reader, before its first paint) does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from .assembly import assemble_analysis
    from .pipeline import (
        LoadedPipeline,
        ModelNotFoundError,
        analyze_paragraphs,
        load_pipeline,
        split_paragraphs,
    )

_LAZY = {
    "assemble_analysis": "assembly",
    "LoadedPipeline": "pipeline",
    "ModelNotFoundError": "pipeline",
    "analyze_paragraphs": "pipeline",
    "load_pipeline": "pipeline",
    "split_paragraphs": "pipeline",
}


def __getattr__(name: str) -> Any:
    """The pipeline's and the assembly's names, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

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
    "assemble_analysis",
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
    from .assembly import assemble_analysis
    from .devices import load_catalogue
    from .pipeline import analyze_paragraphs, load_pipeline

    loaded = pipeline or load_pipeline(model)
    parts = list(analyze_paragraphs(text, loaded))
    return assemble_analysis(
        len(text), loaded.name, parts, tuple(load_catalogue()), text=text
    )
