"""Exports of hand-built analyses: valid, faithful, terminal-safe JSON and reports."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.analysis.model import AUTHOR, Analysis, Claim, Device, DeviceKind, Entity, Paragraph, Span
from tui.analysis.textsafety import escape_json_unsafe
from tui.exports.json_and_text import (
    SCHEMA_VERSION,
    analysis_to_dict,
    claim_line,
    claims_markdown,
    to_json,
    to_text_report,
)


def span_of(text: str, words: str, start: int = 0) -> Span:
    """The span of the first ``words`` at or after ``start``."""
    begin = text.index(words, start)
    return Span(begin, begin + len(words))


TEXT = (
    "Merz urges a careful\nexchange with Moscow. Merz warns of \x1b[31mprofiteers\x1b[0m.\n"
    "\n"
    "We reject the \u202eplan\u202c\u200b entirely. Officials said the talks were\x9b over."
)

LOADED = DeviceKind(
    id="loaded-language",
    name="Loaded language",
    category="loaded-language",
    definition="Words chosen for their emotional charge.",
    example="The profiteers of war.",
    technique="Loaded_Language",
)

MERZ_CLAIM = Claim(
    speaker="Merz",
    speaker_span=span_of(TEXT, "Merz"),
    cue=span_of(TEXT, "urges"),
    cue_lemma="urge",
    content=span_of(TEXT, "a careful\nexchange with Moscow"),
    sentence=span_of(TEXT, "Merz urges a careful\nexchange with Moscow."),
)
AUTHOR_CLAIM = Claim(
    speaker=AUTHOR,
    speaker_span=None,
    cue=None,
    cue_lemma="",
    content=span_of(TEXT, "We reject the \u202eplan\u202c\u200b entirely"),
    sentence=span_of(TEXT, "We reject the \u202eplan\u202c\u200b entirely."),
)
OFFICIALS_CLAIM = Claim(
    speaker="Officials",
    speaker_span=span_of(TEXT, "Officials"),
    cue=span_of(TEXT, "said"),
    cue_lemma="say",
    content=span_of(TEXT, "the talks were\x9b over"),
    sentence=span_of(TEXT, "Officials said the talks were\x9b over."),
)

ANALYSIS = Analysis(
    text_length=len(TEXT),
    model="en_core_web_sm 3.8.0",
    paragraphs=(
        Paragraph(0, Span(0, TEXT.index("\n\n"))),
        Paragraph(1, Span(TEXT.index("\n\n") + 2, len(TEXT))),
    ),
    entities=(
        Entity("PERSON", span_of(TEXT, "Merz"), "Merz"),
        Entity("GPE", span_of(TEXT, "Moscow"), "Moscow"),
        Entity("PERSON", span_of(TEXT, "Merz", 10), "Merz"),
    ),
    devices=(
        Device(
            id="loaded-language",
            name="Loaded language",
            category="loaded-language",
            span=span_of(TEXT, "\x1b[31mprofiteers"),
            reason='lexicon: "\x1b[31mprofiteers"',
        ),
    ),
    claims=(MERZ_CLAIM, AUTHOR_CLAIM, OFFICIALS_CLAIM),
    device_kinds=(LOADED,),
)

RAW_UNSAFE = ("\x1b", "\x9b", "\x7f", "\u202e", "\u202c", "\u200b")


def test_json_is_valid_and_faithful() -> None:
    encoded = to_json(ANALYSIS, TEXT, source="op-ed.txt")
    data = json.loads(encoded)
    assert data == analysis_to_dict(ANALYSIS, TEXT, source="op-ed.txt")
    assert data["schema"] == "slant.analysis" and data["version"] == SCHEMA_VERSION == 1
    assert data["source"] == "op-ed.txt" and data["model"] == "en_core_web_sm 3.8.0"
    assert data["text_length"] == len(TEXT)
    assert data["counts"] == {"entities": 3, "devices": 1, "claims": 3}
    assert data["paragraphs"][1] == {"index": 1, "start": TEXT.index("We"), "end": len(TEXT)}
    assert data["entities"][1] == {
        "label": "GPE",
        "start": TEXT.index("Moscow"),
        "end": TEXT.index("Moscow") + 6,
        "text": "Moscow",
    }


def test_every_span_round_trips_to_the_text() -> None:
    data = json.loads(to_json(ANALYSIS, TEXT))
    for entity in data["entities"]:
        assert TEXT[entity["start"] : entity["end"]] == entity["text"]
    for device in data["devices"]:
        assert TEXT[device["start"] : device["end"]] == device["text"]
    for claim in data["claims"]:
        assert TEXT[claim["content_start"] : claim["content_end"]] == claim["content"]
    assert data["devices"][0]["text"] == "\x1b[31mprofiteers"
    assert data["devices"][0]["reason"] == 'lexicon: "\x1b[31mprofiteers"'


def test_device_fields_and_catalogue() -> None:
    data = analysis_to_dict(ANALYSIS, TEXT)
    assert data["devices"] == [
        {
            "id": "loaded-language",
            "name": "Loaded language",
            "category": "loaded-language",
            "technique": "Loaded_Language",
            "start": TEXT.index("\x1b[31m"),
            "end": TEXT.index("\x1b[0m"),
            "text": "\x1b[31mprofiteers",
            "reason": 'lexicon: "\x1b[31mprofiteers"',
        }
    ]
    assert data["device_kinds"] == [
        {
            "id": "loaded-language",
            "name": "Loaded language",
            "category": "loaded-language",
            "definition": "Words chosen for their emotional charge.",
            "example": "The profiteers of war.",
            "technique": "Loaded_Language",
        }
    ]


def test_claim_fields_with_nulls_for_the_author() -> None:
    claims = analysis_to_dict(ANALYSIS, TEXT)["claims"]
    assert isinstance(claims, list)
    merz, author, _ = claims
    assert merz["speaker"] == "Merz" and merz["is_author"] is False
    assert (merz["cue"], merz["cue_lemma"]) == ("urges", "urge")
    assert merz["speaker_start"] == 0 and merz["speaker_end"] == 4
    assert merz["content"] == "a careful\nexchange with Moscow"
    assert author == {
        "speaker": AUTHOR,
        "is_author": True,
        "speaker_start": None,
        "speaker_end": None,
        "cue": None,
        "cue_lemma": None,
        "cue_start": None,
        "cue_end": None,
        "content": AUTHOR_CLAIM.content.text_of(TEXT),
        "content_start": AUTHOR_CLAIM.content.start,
        "content_end": AUTHOR_CLAIM.content.end,
        "sentence_start": AUTHOR_CLAIM.sentence.start,
        "sentence_end": AUTHOR_CLAIM.sentence.end,
        "speaker_key": AUTHOR,
        "speaker_mentions": [],
        "content_pieces": [{
            "start": AUTHOR_CLAIM.content.start,
            "end": AUTHOR_CLAIM.content.end,
            "text": AUTHOR_CLAIM.content.text_of(TEXT),
        }],
        "stance": "neutral",
        "kind": "assertion",
        "confidence": 1.0,
    }


def test_json_holds_no_raw_terminal_characters() -> None:
    encoded = to_json(ANALYSIS, TEXT)
    for char in RAW_UNSAFE:
        assert char not in encoded
    assert "\\u001b[31mprofiteers" in encoded and "\\u202e" in encoded and "\\u009b" in encoded
    assert all(
        unicodedata.category(char) not in {"Cc", "Cf", "Cs"} for char in encoded if char != "\n"
    )


def test_compact_json() -> None:
    encoded = to_json(ANALYSIS, TEXT, indent=None)
    assert "\n" not in encoded
    assert json.loads(encoded)["counts"]["claims"] == 3


def test_text_must_be_the_analysed_text() -> None:
    with pytest.raises(ValueError, match="character"):
        to_json(ANALYSIS, TEXT + "more")


def test_escaping_astral_and_surrogate_characters_round_trips() -> None:
    value = {"tags": "x\U000e0041\U000e007f", "lone": "\ud800", "ok": "🦊 café\u2028"}
    encoded = escape_json_unsafe(json.dumps(value, ensure_ascii=False))
    assert "\\udb40\\udc41" in encoded and "\\ud800" in encoded and "\\u2028" in encoded
    assert "🦊 café" in encoded
    assert json.loads(encoded) == value


@given(st.text())
def test_any_string_round_trips(text: str) -> None:
    encoded = escape_json_unsafe(json.dumps({"s": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"s": text}
    assert not any(unicodedata.category(char) in {"Cc", "Cf", "Cs"} for char in encoded)


def test_claim_line_for_a_speaker() -> None:
    assert claim_line(MERZ_CLAIM, TEXT) == "Merz — urges: “a careful exchange with Moscow”"


def test_claim_line_for_the_author() -> None:
    line = claim_line(AUTHOR_CLAIM, TEXT)
    assert line == "Author: “We reject the \u202eplan\u202c\u200b entirely”"


def test_claims_markdown() -> None:
    # Given out of order: the list is in text order.
    claims = (OFFICIALS_CLAIM, AUTHOR_CLAIM, MERZ_CLAIM)
    markdown = claims_markdown(claims, TEXT, "op_ed *draft*.txt")
    assert markdown.splitlines() == [
        "# op\\_ed \\*draft\\*.txt",
        "",
        "- **Merz** — urges: “a careful exchange with Moscow”",
        "- **Author**: “We reject the \u202eplan\u202c\u200b entirely”",
        "- **Officials** — said: “the talks were\x9b over”",
    ]


def test_claims_markdown_escapes_injected_links_and_handles_no_claims() -> None:
    text = "[click](https://evil) says **this**."
    claim = Claim(
        speaker="[click](https://evil)",
        speaker_span=Span(0, 21),
        cue=Span(22, 26),
        cue_lemma="say",
        content=Span(27, 35),
        sentence=Span(0, len(text)),
    )
    line = claims_markdown([claim], text, None)
    assert line == "- **\\[click\\](https://evil)** — says: “\\*\\*this\\*\\*”\n"
    assert claims_markdown([], text, None) == "_No claims found._\n"


def test_text_report() -> None:
    report = to_text_report(ANALYSIS, TEXT)
    for char in RAW_UNSAFE:
        assert char not in report
    lines = report.splitlines()
    assert "ENTITIES (3)" in lines
    assert "  Person (PERSON): 2 mentions" in lines
    assert "    Merz ×2" in lines
    assert "    Moscow" in lines
    device = lines.index("RHETORICAL DEVICES (1)") + 1
    assert lines[device].startswith("  Loaded language [Loaded language & intensity] at ")
    assert lines[device].endswith(": “␛[31mprofiteers”")
    assert lines[device + 1] == '    why: lexicon: "␛[31mprofiteers"'
    claims = lines.index("CLAIMS (3)")
    assert lines[claims + 1 :] == [
        "  Merz — urges: “a careful exchange with Moscow”",
        "  Author: “We reject the ⇄plan⇄¦ entirely”",
        "  Officials — said: “the talks were\ufffd over”",
    ]


def test_report_of_an_empty_analysis() -> None:
    report = to_text_report(Analysis(text_length=3, model="test"), "abc")
    assert report.count("(none)") == 3
    assert "Text: 3 characters in 0 paragraphs" in report
