"""Which highlights fall on a stretch of the document, and in which style.

The document pane asks this for each visual line it renders; keeping it apart from the
scroll view keeps the view about scrolling, wrapping and caching strips.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.style import Style

from ...analysis.categories import variable_name
from ...analysis.model import Claim, ParagraphAnalysis, Span
from ..navigation import claim_marks
from ..reading import Layers

__all__ = ["Layers", "line_marks"]

_CUE_UNDERLINE = Style(underline=True)
"""Every claim's cue is underlined, whatever the theme, so attributions stand out."""


def line_marks(
    parts: Iterable[ParagraphAnalysis],
    window: Span,
    layers: Layers,
    styles: Mapping[str, Style],
    selected: Claim | None,
    current: Span | None,
    found: Iterable[Span] = (),
) -> list[tuple[Span, Style]]:
    """The styled spans of ``parts`` overlapping ``window``, weakest first.

    Devices come first and entities over them, then claim cues; the selected claim's
    speaker, cue and content, the search's matches (``found``) and the current highlight or
    match go last so they are never hidden.
    """
    marks: list[tuple[Span, Style]] = []
    for part in parts:
        if layers.devices:
            for device in part.devices:
                if device.span.overlaps(window) and device.category not in layers.hidden_categories:
                    style = styles.get(variable_name("device", device.category))
                    if style:
                        marks.append((device.span, style))
        if layers.entities:
            for entity in part.entities:
                if entity.span.overlaps(window):
                    style = styles.get(variable_name("entity", entity.label))
                    if style:
                        marks.append((entity.span, style))
        if layers.claims:
            for claim in part.claims:
                if claim.cue is not None and claim.cue.overlaps(window):
                    marks.append((claim.cue, _CUE_UNDERLINE))
    if selected is not None and layers.claims:
        for span, key in claim_marks(selected):
            if span.overlaps(window) and key in styles:
                marks.append((span, styles[key]))
    search_style = styles.get("search-match", Style(underline=True, reverse=True))
    marks.extend((span, search_style) for span in found)
    if current is not None and current.overlaps(window):
        marks.append((current, styles.get("highlight-current", Style(reverse=True))))
    return marks
