"""A single, self-contained HTML page: the text highlighted as in the reader.

The page needs nothing but itself: styles and the small script that marks a claim's parts
are inline, there are no images, fonts, links to other sites or forms, and a
Content-Security-Policy forbids the browser to fetch anything at all. Highlights use the
colours of a Slant theme (:class:`HtmlTheme`, built from the theme by the caller), each has
a hover explanation (the ``title`` attribute), a legend lists what the colours mean, and
the claims are listed after the text; hovering a claim marks its speaker, cue and content.
Checkboxes at the top show or hide each layer, as ``e`` / ``d`` / ``l`` do in the reader.

The document is untrusted: every piece of it is HTML-escaped after its controls and
invisible characters are made visible, so it cannot add markup, scripts or requests.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from ..analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS, variable_name
from ..analysis.model import AUTHOR, Analysis, Claim, Span
from ..analysis.textsafety import visible_inline, visible_text
from .document import DocumentInfo

__all__ = ["HtmlTheme", "to_html"]

_CSS_UNSAFE = re.compile(r"[^#\w\s:;.,()%!-]")

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src 'none'; form-action 'none'; base-uri 'none'")

_SCRIPT = """
document.querySelectorAll('[data-claim]').forEach(function (item) {
  var marks = document.querySelectorAll('.c' + item.dataset.claim);
  function mark(on) { marks.forEach(function (m) { m.classList.toggle('on', on); }); }
  item.addEventListener('mouseenter', function () { mark(true); });
  item.addEventListener('mouseleave', function () { mark(false); });
  item.addEventListener('focusin', function () { mark(true); });
  item.addEventListener('focusout', function () { mark(false); });
});
"""


@dataclass(frozen=True)
class HtmlTheme:
    """The colours of the page: a Slant theme's style variables as CSS declarations."""

    name: str = "plain"
    """The theme's name, shown in the page's footer."""
    dark: bool = False
    """Whether the page has a dark background."""
    background: str = "#ffffff"
    """The page's background colour (CSS)."""
    foreground: str = "#1f2328"
    """The page's text colour (CSS)."""
    styles: Mapping[str, str] = field(default_factory=dict)
    """CSS declarations by style variable (``entity-person`` → ``color: #0550ae; …``).
    Missing variables get a neutral fallback."""


def _esc(text: str, limit: int | None = None) -> str:
    """Untrusted text for an HTML element or attribute, on one line."""
    return html.escape(visible_inline(text, limit), quote=True)


def _css(value: str) -> str:
    """A theme's CSS value with anything that could end the rule or the style element
    removed (theme files are the user's, but a page is shared)."""
    return _CSS_UNSAFE.sub("", value)


def _css_class(kind: str, key: str) -> str:
    return variable_name(kind, key)[len(kind) + 1:]


def _stylesheet(theme: HtmlTheme) -> str:
    styles = theme.styles
    rules = [
        f"body{{background:{_css(theme.background)};color:{_css(theme.foreground)};"
        "margin:0 auto;"
        "max-width:52rem;padding:1.5rem;font:16px/1.6 system-ui,sans-serif}",
        ".doc{white-space:pre-wrap;overflow-wrap:break-word}",
        ".meta{opacity:.8;font-size:.9em}.tags{opacity:.7;font-size:.85em}",
        "fieldset{border:1px solid currentColor;border-radius:4px;margin:1em 0}",
        ".legend p span{margin-right:.8em}.legend span{padding:0 .2em}",
        ".cc{text-decoration:underline dotted}",
        "[title]{cursor:help}ol.claims li{margin:.4em 0}ol.claims a{color:inherit}",
        ".e{font-weight:bold}.d{background-color:rgba(128,128,128,.25)}",
    ]
    for label in ENTITY_LABELS:
        css = styles.get(variable_name("entity", label))
        if css:
            rules.append(f".e-{_css_class('entity', label)}{{{_css(css)}}}")
    for category in DEVICE_CATEGORIES:
        css = styles.get(variable_name("device", category))
        if css:
            rules.append(f".d-{_css_class('device', category)}{{{_css(css)}}}")
    for name, selector in (("claim-source", ".on.cs"), ("claim-cue", ".on.cc"),
                           ("claim-content", ".on.ct"), ("highlight-current", ":target+span")):
        css = _css(styles.get(name) or "") or "outline:2px solid currentColor"
        rules.append(f"{selector}{{{css}}}")
    rules += [
        "body:has(#show-e:not(:checked)) .doc .e{color:inherit!important;"
        "font-weight:inherit!important;font-style:inherit!important;opacity:1!important}",
        "body:has(#show-d:not(:checked)) .doc .d{background-color:transparent!important}",
        "body:has(#show-l:not(:checked)) .doc .on{all:unset}",
    ]
    return "\n".join(rules)


def _tooltip_lines(analysis: Analysis, text: str) -> list[tuple[Span, str, str]]:
    """Every highlight as ``(span, css classes, explanation)``."""
    kinds = {kind.id: kind for kind in analysis.device_kinds}
    items: list[tuple[Span, str, str]] = []
    for entity in analysis.entities:
        label = ENTITY_LABELS.get(entity.label, entity.label)
        items.append((entity.span, f"e e-{_css_class('entity', entity.label)}",
                      f"{label} ({entity.label})"))
    for device in analysis.devices:
        kind = kinds.get(device.id)
        explanation = f"{device.name}: {device.reason}"
        if device.voice != AUTHOR:
            explanation += f" (in the words of {device.voice})"
        if kind is not None and kind.definition:
            explanation += f" — {kind.definition}"
        items.append((device.span, f"d d-{_css_class('device', device.category)}",
                      explanation))
    for number, claim in enumerate(analysis.claims):
        for span in claim.speaker_mentions or ((claim.speaker_span,) if claim.speaker_span
                                               else ()):
            items.append((span, f"cs c{number}", ""))
        if claim.cue is not None:
            items.append((claim.cue, f"cc c{number}",
                          f"Claim by {claim.speaker} ({claim.kind}, {claim.stance})"))
        for span in claim.pieces:
            items.append((span, f"ct c{number}", ""))
    return [(span, classes, tip) for span, classes, tip in items if span.end <= len(text)]


def _highlighted_text(analysis: Analysis, text: str) -> str:
    """The text as HTML: one ``<span>`` per stretch covered by the same highlights."""
    items = _tooltip_lines(analysis, text)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for index, (span, _, _) in enumerate(items):
        if span.start < span.end:
            starts.setdefault(span.start, []).append(index)
            ends.setdefault(span.end, []).append(index)
    anchors: dict[int, list[int]] = {}
    for number, claim in enumerate(analysis.claims):
        anchors.setdefault(claim.content.start, []).append(number)
    cuts = sorted({0, len(text), *starts, *ends, *anchors})
    active: set[int] = set()
    out: list[str] = []
    for position, following in pairwise(cuts):
        active.difference_update(ends.get(position, ()))
        active.update(starts.get(position, ()))
        out.extend(f'<a id="t{number}"></a>' for number in anchors.get(position, ()))
        chunk = html.escape(visible_text(text[position:following]), quote=False)
        if not active:
            out.append(chunk)
            continue
        ordered = sorted(active)
        classes = " ".join(dict.fromkeys(" ".join(items[i][1] for i in ordered).split()))
        tips = "\n".join(dict.fromkeys(items[i][2] for i in ordered if items[i][2]))
        title = f' title="{html.escape(visible_text(tips), quote=True)}"' if tips else ""
        out.append(f'<span class="{html.escape(classes)}"{title}>{chunk}</span>')
    return "".join(out)


def _legend(analysis: Analysis) -> str:
    labels = {entity.label for entity in analysis.entities}
    entity_items = [
        f'<span class="e e-{_css_class("entity", label)}">{html.escape(name)}</span>'
        for label, name in ENTITY_LABELS.items() if label in labels
    ]
    kinds = {kind.id: kind for kind in analysis.device_kinds}
    by_category: dict[str, dict[str, str]] = {}
    for device in analysis.devices:
        kind = kinds.get(device.id)
        definition = kind.definition if kind else ""
        by_category.setdefault(device.category, {})[device.name] = definition
    device_items = []
    for category, name in DEVICE_CATEGORIES.items():
        if category in by_category:
            members = ", ".join(
                f'<span title="{_esc(definition)}">{_esc(device)}</span>'
                for device, definition in sorted(by_category[category].items())
            )
            device_items.append(f'<li><span class="d d-{_css_class("device", category)}">'
                                f"{html.escape(name)}</span>: {members}</li>")
    parts = ['<section class="legend"><h2>Legend</h2>']
    parts.append("<p><b>Entities:</b> " + (" ".join(entity_items) or "none") + "</p>")
    parts.append("<p><b>Rhetorical devices</b> (hover a highlight for why it fired):</p>")
    parts.append("<ul>" + "".join(device_items) + "</ul>" if device_items else "<p>none</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _claim_item(number: int, claim: Claim, text: str) -> str:
    speaker = _esc(claim.speaker, 120)
    cue = f" — <i>{_esc(claim.cue.text_of(text), 60)}</i>" if claim.cue else ""
    content = _esc(" … ".join(piece.text_of(text) for piece in claim.pieces), 600)
    tags = _esc(" · ".join((claim.kind, claim.stance, f"confidence {claim.confidence:.2f}")))
    return (f'<li data-claim="{number}" tabindex="0"><b>{speaker}</b>{cue}: “{content}” '
            f'<span class="tags">{tags}</span> <a href="#t{number}">in the text</a></li>')


def _count(count: int, noun: str) -> str:
    plural = noun if count == 1 else ("entities" if noun == "entity" else noun + "s")
    return f"{count:,} {plural}"


def to_html(
    analysis: Analysis, text: str, info: DocumentInfo, theme: HtmlTheme | None = None
) -> str:
    """The HTML report of one document (see the module docstring)."""
    theme = theme or HtmlTheme()
    facts = [("Source", info.source or info.name), ("Author", info.author),
             ("Date", info.date), ("Format", info.format), ("Model", analysis.model)]
    meta = " · ".join(f"{label}: {_esc(value, 300)}" for label, value in facts if value)
    counts = " · ".join(_count(len(items), noun) for items, noun in (
        (analysis.entities, "entity"), (analysis.devices, "device"), (analysis.claims, "claim")))
    claims = "\n".join(_claim_item(number, claim, text)
                       for number, claim in enumerate(analysis.claims))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_esc(info.heading, 200)} · Slant</title>",
        f"<style>\n{_stylesheet(theme)}\n</style></head><body>",
        f"<header><h1>{_esc(info.heading, 300)}</h1>",
        f'<p class="meta">{meta}</p><p class="meta">{counts}</p></header>',
        '<fieldset><legend>Show</legend>'
        '<label><input type="checkbox" id="show-e" checked> entities</label> '
        '<label><input type="checkbox" id="show-d" checked> devices</label> '
        '<label><input type="checkbox" id="show-l" checked> claim marks</label></fieldset>',
        _legend(analysis),
        f'<h2>Text</h2>\n<div class="doc">{_highlighted_text(analysis, text)}</div>',
        f'<h2>Claims ({len(analysis.claims):,})</h2>',
        f'<ol class="claims" start="1">{claims}</ol>' if claims else "<p>No claims found.</p>",
        f'<footer class="meta"><p>Made with Slant · theme {_esc(theme.name, 60)}</p></footer>',
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]) + "\n"
