"""Looking a document up in the analysis cache, as the reader and ``slant analyze`` both do:
its key (text, model, analysis version with the user's rules) and an entry that fits its
paragraphs exactly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..analysis.model import Paragraph
from .cache import CachedAnalysis, analysis_version, cache_key, load_analysis, model_identity

__all__ = ["document_key", "load_document_analysis"]


def document_key(text: str, model: str | None, rule_dirs: Iterable[str | Path],
                 encoder: bool = False) -> str | None:
    """The cache key of ``text`` analysed by ``model`` (best installed when None) with the
    rules in ``rule_dirs``, and the fine-tuned encoder when ``encoder`` and it is installed;
    None when the model's version cannot be told (nothing cached)."""
    identity = model_identity(model)
    if identity is None:
        return None
    version = analysis_version(rule_dirs)
    if encoder:
        from ..encoder import encoder_problem, weights_digest

        if encoder_problem() is None:
            version += "+encoder-" + weights_digest()
    return cache_key(text, identity, version)


def load_document_analysis(key: str | None, text: str,
                           paragraphs: Sequence[Paragraph]) -> CachedAnalysis | None:
    """The cached analysis under ``key`` when it is for exactly these ``paragraphs`` of
    ``text`` (a changed paragraph split makes it stale), else None."""
    cached = load_analysis(key, len(text)) if key else None
    if cached is None or len(cached.parts) != len(paragraphs) or any(
        part.paragraph != paragraph
        for part, paragraph in zip(cached.parts, paragraphs, strict=True)
    ):
        return None
    return cached

