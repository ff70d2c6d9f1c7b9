"""The JSON document of one analysed file: the ``slant.analysis`` schema, with metadata.

It extends :func:`tui.exports.json_and_text.analysis_to_dict` (the analysis itself) with:

* ``document``: where the text came from: source path, name, title, author, date, format;
* ``text``: the extracted text every offset refers to;
* per device: ``evidence``, ``rule``, ``confidence`` and ``voice`` (whose words carry it);
* per claim: ``speaker_key``, ``speaker_mentions``, ``content_pieces``, ``stance``,
  ``kind`` and ``confidence``.

Fields that :func:`~tui.exports.json_and_text.analysis_to_dict` already gives are kept as it
gives them; only missing ones are added here.

The schema is documented as a JSON Schema file shipped in this package
(:func:`schema_path`); a test validates real output against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..analysis.dismissed import Dismissed
from ..analysis.model import Analysis, Claim, Device, Span
from ..analysis.textsafety import escape_json_unsafe
from .json_and_text import analysis_to_dict, readable_json

__all__ = ["SCHEMA_FILE", "DocumentInfo", "document_to_dict", "schema_path", "to_document_json"]

SCHEMA_FILE = "analysis.schema.json"
"""The JSON Schema's file name, in this package's folder."""


@dataclass(frozen=True)
class DocumentInfo:
    """Where an analysed text came from; carried in every export. All fields untrusted."""

    name: str
    """Display name: the file name or ``<stdin>``."""
    source: str | None = None
    """The path as given, or None for standard input."""
    title: str | None = None
    """The document's title, when its format carries one."""
    author: str | None = None
    """Its author, when known."""
    date: str | None = None
    """Its date, ISO 8601 where known."""
    format: str = "txt"
    """What the text was extracted from: ``txt``, ``md``, ``html``, ``pdf`` or ``docx``."""

    @property
    def heading(self) -> str:
        """What to call the document in a report: its title, else its name."""
        return self.title or self.name


def schema_path() -> Path:
    """Where the JSON Schema of the export lives (inside the installed package)."""
    return Path(__file__).with_name(SCHEMA_FILE)


def _span_list(spans: tuple[Span, ...], text: str) -> list[dict[str, object]]:
    return [{"start": span.start, "end": span.end, "text": span.text_of(text)}
            for span in spans]


def _device_extra(device: Device) -> dict[str, object]:
    return {
        "evidence": device.evidence,
        "rule": device.rule,
        "confidence": device.confidence,
        "voice": device.voice,
    }


def _claim_extra(claim: Claim, text: str) -> dict[str, object]:
    return {
        "speaker_key": claim.key,
        "speaker_mentions": _span_list(claim.speaker_mentions, text),
        "content_pieces": _span_list(claim.pieces, text),
        "stance": claim.stance,
        "kind": claim.kind,
        "confidence": claim.confidence,
    }


def document_to_dict(
    analysis: Analysis, text: str, info: DocumentInfo, dismissed: Dismissed | None = None
) -> dict[str, object]:
    """The analysis of one document as JSON-ready data (see the module docstring); the
    entities and devices in ``dismissed`` are marked ``"dismissed": true``."""
    data = analysis_to_dict(analysis, text, source=info.source or info.name,
                            dismissed=dismissed)
    devices = data["devices"]
    claims = data["claims"]
    assert isinstance(devices, list) and isinstance(claims, list)
    for entry, device in zip(devices, analysis.devices, strict=True):
        for key, value in _device_extra(device).items():
            entry.setdefault(key, value)
        if entry.get("technique") is None and device.technique is not None:
            entry["technique"] = device.technique
    for entry, claim in zip(claims, analysis.claims, strict=True):
        for key, value in _claim_extra(claim, text).items():
            entry.setdefault(key, value)
    data["document"] = {
        "name": info.name,
        "source": info.source,
        "title": info.title,
        "author": info.author,
        "date": info.date,
        "format": info.format,
    }
    data["text"] = text
    return data


def to_document_json(
    analysis: Analysis,
    text: str,
    info: DocumentInfo,
    *,
    indent: int | None = 2,
    dismissed: Dismissed | None = None,
) -> str:
    """The document as JSON text (one record per line; ``indent=None``: one line), safe to
    print: characters a terminal would act on or
    hide are ``\\uXXXX``-escaped (it decodes to exactly the same strings)."""
    data = document_to_dict(analysis, text, info, dismissed)
    if indent is None:
        return escape_json_unsafe(json.dumps(data, ensure_ascii=False))
    return escape_json_unsafe(readable_json(data))
