"""Assembling a document's analysis from its paragraphs: speakers linked across them, and the
voice of the devices in a speaker's words named as the speaker is."""

from __future__ import annotations

from tui.analysis import analyze
from tui.exports import DocumentInfo, to_markdown

TEXT = (
    "Senator Mara Quill spoke to reporters on Monday in the capital.\n\n"
    "She said that the reckless, shameful plan would destroy the valley and ruin every "
    "farmer.\n"
)


def test_devices_in_a_pronouns_words_carry_the_resolved_speaker() -> None:
    analysis = analyze(TEXT)
    speakers = {claim.speaker for claim in analysis.claims if not claim.is_author}
    assert speakers == {"Mara Quill"}
    quoted = [device for device in analysis.devices if not device.in_author_voice]
    assert quoted and {device.voice for device in quoted} == {"Mara Quill"}


def test_the_markdown_summary_counts_entities_as_the_json_does() -> None:
    analysis = analyze(TEXT)
    report = to_markdown(analysis, TEXT, DocumentInfo(name="quill.txt"))
    summary = report.split("## Summary", 1)[1].split("\n\n")[1]
    assert f"{len(analysis.entities)} entities" in summary or \
        f"{len(analysis.entities)} entity" in summary
