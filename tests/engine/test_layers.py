"""The layers computed separately add up to the whole pipeline, on real text."""

from __future__ import annotations

from tui.analysis import analyze_paragraphs, load_pipeline
from tui.analysis.model import Entity, ParagraphAnalysis, Span
from tui.analysis.pipeline import split_paragraphs
from tui.engine.layers import (
    JOB_ENTITIES,
    JOB_FULL,
    JOB_LEXICAL,
    JOB_SYNTAX,
    Job,
    JobItem,
    merge,
    run_job,
)

TEXT = (
    "Chancellor Friedrich Merz said on Tuesday that the talks in Geneva would resume. "
    "These reckless war profiteers want us to believe that peace is impossible!\n\n"
    "Is anyone surprised? According to European officials, the so-called \"ceasefire\" "
    "never held. We must act now, or we will lose everything.\n\n"
    "The minister warned that prices would rise, and the union insisted it had no choice."
)


def items(text: str) -> tuple[JobItem, ...]:
    return tuple(
        JobItem(p.index, p.span.start, p.span.text_of(text)) for p in split_paragraphs(text)
    )


def test_lexical_then_entities_then_syntax_equal_the_whole_pipeline() -> None:
    batch = items(TEXT)
    lexical = run_job(Job(JOB_LEXICAL, batch))
    entities = run_job(Job(JOB_ENTITIES, batch))
    syntax_items = tuple(
        JobItem(item.index, item.offset, item.text, raw)
        for item, raw in zip(batch, entities.raw_entities, strict=True)
    )
    syntax = run_job(Job(JOB_SYNTAX, syntax_items))
    full = run_job(Job(JOB_FULL, batch))
    layered: list[ParagraphAnalysis] = []
    for a, b, c in zip(lexical.parts, entities.parts, syntax.parts, strict=True):
        layered.append(merge(merge(a, JOB_ENTITIES, b), JOB_SYNTAX, c))
    assert layered == list(full.parts)
    # …and the full job is what `slant analyze` computes.
    pipeline = load_pipeline()
    assert list(full.parts) == list(analyze_paragraphs(TEXT, pipeline))
    assert any(part.claims for part in full.parts)
    assert any(part.entities for part in full.parts)


def test_the_lexical_layer_finds_lexicon_devices_from_the_tokenizer_alone() -> None:
    result = run_job(Job(JOB_LEXICAL, items(TEXT)))
    words = {
        device.span.text_of(TEXT).lower()
        for part in result.parts
        for device in part.devices
    }
    # Phrase lexicons and punctuation need no tagger: "so-called", scare quotes.
    assert "so-called" in words
    assert '"ceasefire"' in words
    assert not any(part.entities or part.claims for part in result.parts)
    assert result.model  # names the pipeline, for the status bar


def test_a_name_run_across_a_sentence_end_is_found_again_with_the_sentences() -> None:
    # The recogniser without the parser may run a name across a sentence end; the whole
    # pipeline cannot. Given such an entity, the syntax layer finds the paragraph's names
    # again with the parser's sentences, as the whole pipeline does.
    text = "Three cheers for the Danes! Long live King Harald of the north, said Ola Brekke."
    across = (0, text.index("Long live") + len("Long live"), "WORK_OF_ART")
    syntax = run_job(Job(JOB_SYNTAX, (JobItem(0, 0, text, (across,)),)))
    full = run_job(Job(JOB_FULL, (JobItem(0, 0, text),)))
    (part,) = syntax.parts
    assert part.entities == full.parts[0].entities
    assert all("!" not in entity.text for entity in part.entities)
    # The merge keeps the names found again, not the entity layer's run-on one.
    run_on = Entity("WORK_OF_ART", Span(0, across[1]), text[: across[1]])
    before = ParagraphAnalysis(part.paragraph, entities=(run_on,))
    assert merge(before, JOB_SYNTAX, part).entities == part.entities
