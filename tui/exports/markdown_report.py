"""A Markdown report for people: summary, technique profile, and the claims by speaker.

Document text is untrusted. Every piece of it is put on one line with controls made
visible, and Markdown's and HTML's syntax characters are backslash-escaped, so a document
cannot add links, images, headings, tables or raw HTML to the report.
"""

from __future__ import annotations

import re
from collections import Counter

from ..analysis.categories import DEVICE_CATEGORIES, ENTITY_LABELS, NAMED_ENTITY_LABELS
from ..analysis.model import AUTHOR, Analysis, Claim, Device
from ..analysis.textsafety import visible_inline
from .document import DocumentInfo

__all__ = ["markdown_escape", "to_markdown"]

_SPECIAL = re.compile(r"([\\`*{}\[\]<>()#+!|~\"]|(?<!\w)_|_(?!\w)|&(?=#?\w+;))")
_FORMAT_NAMES = {"txt": "plain text", "md": "Markdown", "html": "HTML", "pdf": "PDF",
                 "docx": "Word (.docx)"}
QUOTE_LIMIT = 600
"""Longest quotation shown in the report, in characters (longer ones are cut with …)."""


def markdown_escape(text: str, limit: int | None = None) -> str:
    """Untrusted text as inline Markdown: one line, controls visible, syntax escaped."""
    line = visible_inline(" ".join(text.split()), limit)
    return _SPECIAL.sub(lambda match: "\\" + match.group(), line)


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


def _summary(analysis: Analysis, info: DocumentInfo) -> list[str]:
    lines = [f"# {markdown_escape(info.heading, 200)}", ""]
    facts = [("Source", info.source or info.name), ("Author", info.author),
             ("Date", info.date), ("Format", _FORMAT_NAMES.get(info.format, info.format)),
             ("Model", analysis.model)]
    lines += [f"- **{label}:** {markdown_escape(value, 300)}" for label, value in facts if value]
    speakers = {claim.key for claim in analysis.claims}
    names = sum(1 for entity in analysis.entities if entity.label in NAMED_ENTITY_LABELS)
    quoted = sum(1 for device in analysis.devices if not device.in_author_voice)
    lines += [
        "",
        "## Summary",
        "",
        f"{_plural(analysis.text_length, 'character')} in "
        f"{_plural(len(analysis.paragraphs), 'paragraph')}: "
        # The same count as the JSON's counts.entities and the reader's status bar: every
        # entity mention; how many of them name someone or something is said beside it.
        f"{_plural(len(analysis.entities), 'entity', 'entities')} ({names:,} named), "
        f"{_plural(len(analysis.devices), 'rhetorical device')} "
        f"({quoted:,} in quoted or reported speech), "
        f"{_plural(len(analysis.claims), 'claim')} by {_plural(len(speakers), 'speaker')}.",
    ]
    kinds = Counter(device.name for device in analysis.devices)
    if kinds:
        top = ", ".join(f"{markdown_escape(name)} ({count})" for name, count in
                        sorted(kinds.items(), key=lambda item: (-item[1], item[0]))[:3])
        lines.append(f"Most frequent techniques: {top}.")
    people = Counter(entity.text for entity in analysis.entities if entity.label == "PERSON")
    if people:
        top = ", ".join(markdown_escape(name, 80) for name, _ in people.most_common(5))
        lines.append(f"People most mentioned: {top}.")
    return lines


def _technique_profile(analysis: Analysis, text: str) -> list[str]:
    lines = ["", "## Technique profile", ""]
    if not analysis.devices:
        return [*lines, "_No rhetorical devices found._"]
    counts = Counter(device.id for device in analysis.devices)
    first: dict[str, Device] = {}
    for device in analysis.devices:
        first.setdefault(device.id, device)
    total = len(analysis.devices)
    kinds = {kind.id: kind for kind in analysis.device_kinds}
    lines += ["| Technique | Category | Count | Share | Example |", "|---|---|---:|---:|---|"]
    for device_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        device = first[device_id]
        technique = device.technique or (kinds[device_id].technique if device_id in kinds
                                         else None)
        name = markdown_escape(device.name) + (f" ({markdown_escape(technique)})"
                                               if technique else "")
        category = markdown_escape(DEVICE_CATEGORIES.get(device.category, device.category))
        example = markdown_escape(device.span.text_of(text), 80)
        lines.append(f"| {name} | {category} | {count} | {count / total:.0%} | “{example}” |")
    return lines


def _claim_item(claim: Claim, text: str) -> list[str]:
    cue = claim.cue
    how = f"*{markdown_escape(cue.text_of(text), 60)}*" if cue else "asserts"
    tags = ", ".join(tag for tag in (claim.kind, claim.stance) if tag)
    # A quotation split around its cue shows its pieces, not the cue between them.
    quote = markdown_escape(" … ".join(piece.text_of(text) for piece in claim.pieces),
                            QUOTE_LIMIT)
    return [f"- {how} ({tags}, offsets {claim.content.start}–{claim.content.end}):",
            f"  > “{quote}”"]


def _claims_by_speaker(analysis: Analysis, text: str) -> list[str]:
    lines = ["", "## Claims by speaker", ""]
    if not analysis.claims:
        return [*lines, "_No claims found._"]
    groups: dict[str, list[Claim]] = {}
    for claim in analysis.claims:
        groups.setdefault(claim.key, []).append(claim)
    # Named speakers in the order the text introduces them; the author's own voice last.
    order = sorted(groups, key=lambda key: groups[key][0].speaker == AUTHOR)
    for key in order:
        claims = groups[key]
        speaker = claims[0].speaker
        lines += [f"### {markdown_escape(speaker, 120)} ({_plural(len(claims), 'claim')})", ""]
        for claim in claims:
            lines += _claim_item(claim, text)
        lines.append("")
    return lines[:-1]


def _entities(analysis: Analysis) -> list[str]:
    by_label: dict[str, Counter[str]] = {}
    for entity in analysis.entities:
        if entity.label in NAMED_ENTITY_LABELS:
            by_label.setdefault(entity.label, Counter())[entity.text] += 1
    if not by_label:
        return []
    lines = ["", "## Named entities", ""]
    for label in [label for label in ENTITY_LABELS if label in by_label]:
        names = ", ".join(markdown_escape(name, 80) + (f" ×{n}" if n > 1 else "")
                          for name, n in by_label[label].most_common())
        lines.append(f"- **{ENTITY_LABELS[label]}:** {names}")
    return lines


def to_markdown(analysis: Analysis, text: str, info: DocumentInfo) -> str:
    """The Markdown report of one document."""
    lines = [
        *_summary(analysis, info),
        *_technique_profile(analysis, text),
        *_claims_by_speaker(analysis, text),
        *_entities(analysis),
    ]
    return "\n".join(lines) + "\n"
