"""Tests of every kind of attribution, of speakers resolved across the document, and of
what each claim carries (stance, kind, confidence), on invented sentences."""

from __future__ import annotations

import pytest

from tui.analysis import analyze
from tui.analysis.claims.cues import cue_lexicon
from tui.analysis.claims.extraction import UNNAMED
from tui.analysis.claims.linking import link_speakers, speaker_key
from tui.analysis.claims.traits import KINDS, STANCES, claim_kind, claim_stance
from tui.analysis.model import AUTHOR, Claim, Entity, Span
from tui.analysis.pipeline import LoadedPipeline, analyze_paragraphs, load_pipeline

from .test_extraction import assert_valid, find, pieces, rows


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    """The spaCy pipeline, loaded once for the module."""
    return load_pipeline(with_devices=False)


def linked(pipeline: LoadedPipeline, text: str) -> list[Claim]:
    """The claims of ``text`` with speakers linked across paragraphs, as the reader shows."""
    claims = list(analyze(text, pipeline).claims)
    assert_valid(claims, text)
    return claims


# -- direct quotations ----------------------------------------------------------------------


def test_quote_split_around_its_cue_is_one_claim(pipeline: LoadedPipeline) -> None:
    text = "“We are ready,” the mayor said. “The bridge will open in May.”"
    claims = linked(pipeline, text)
    said = find(claims, text, "mayor", "said")
    assert pieces(said, text) == ["We are ready", "The bridge will open in May"]
    assert said.content.contains(said.pieces[1])
    assert [c.speaker for c in claims] == ["mayor"]


def test_quote_split_in_one_sentence_is_one_claim(pipeline: LoadedPipeline) -> None:
    text = "“We are ready,” she said, “and we will not wait for permission.”"
    claims = linked(pipeline, text)
    assert len([c for c in claims if c.cue is not None]) == 1
    assert pieces(claims[0], text) == ["We are ready", "we will not wait for permission"]


def test_quote_reopened_in_the_next_paragraph_keeps_its_speaker(
    pipeline: LoadedPipeline,
) -> None:
    text = (
        "Governor Alma Reyes spoke for an hour. “The levees held,” she said.\n\n"
        "“The river is still rising, and nobody should go home yet.”"
    )
    claims = linked(pipeline, text)
    said = find(claims, text, "Alma Reyes", "said")
    assert pieces(said, text) == [
        "The levees held", "The river is still rising, and nobody should go home yet"]
    assert not [c for c in claims if "river" in c.content.text_of(text) and c is not said]


def test_parenthetical_cue_splits_its_clause(pipeline: LoadedPipeline) -> None:
    text = "The harbour, the minister said, is ready for the storm."
    said = find(linked(pipeline, text), text, "minister", "said")
    assert pieces(said, text) == ["The harbour", "is ready for the storm"]


def test_quote_signed_with_a_dash(pipeline: LoadedPipeline) -> None:
    text = ("“Rents have doubled in five years.” ― Dana Whitfield\n"
            "“We need more homes.” — Ravi Patel.")
    claims = linked(pipeline, text)
    find(claims, text, "Dana Whitfield", "―", "Rents have doubled in five years")
    find(claims, text, "Ravi Patel", "—", "We need more homes")


def test_headline_with_a_colon_names_its_source(pipeline: LoadedPipeline) -> None:
    text = "Survey: Farmers Expect Smaller Harvests This Year\n\nThe survey was published today."
    find(linked(pipeline, text), text, "Survey", ":", "Farmers Expect Smaller Harvests")


def test_headline_action_is_the_authors_summary(pipeline: LoadedPipeline) -> None:
    text = "Union rejects pay offer; demands shorter hours\n\nThe talks resume on Monday."
    claims = linked(pipeline, text)
    assert "Union" not in {c.speaker for c in claims}
    find(claims, text, AUTHOR, None, "Union rejects pay offer")


# -- indirect speech and other attributions ------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "cue", "content"),
    [
        ("The mayor urges calm after the flood.", "urges", "calm after the flood"),
        ("The mayor warns that the river may rise again.", "warns", "that the river may"),
        ("The mayor stresses that the dam is safe.", "stresses", "that the dam is safe"),
        ("The mayor hints that taxes could fall.", "hints", "that taxes could fall"),
        ("The mayor signals openness to a deal.", "signals", "openness to a deal"),
        ("The mayor welcomes the new budget.", "welcomes", "the new budget"),
        ("The mayor calls for an inquiry into the contract.", "calls for", "an inquiry"),
        ("The mayor insists that nothing was hidden.", "insists", "that nothing was hidden"),
        ("The mayor denies that the contract was rigged.", "denies", "that the contract"),
        ("The mayor rejects the auditor's findings.", "rejects", "the auditor's findings"),
        ("The mayor complains that the state ignores the city.", "complains", "that the state"),
        ("The mayor cited rising costs.", "cited", "rising costs"),
        ("The mayor called the audit a witch hunt.", "called", "the audit a witch hunt"),
        ("The mayor believes the vote will pass.", "believes", "the vote will pass"),
        ("The mayor fears that the vote will fail.", "fears", "that the vote will fail"),
        ("The mayor hopes that the vote will pass.", "hopes", "that the vote will pass"),
    ],
)
def test_cue_lexicon(pipeline: LoadedPipeline, sentence: str, cue: str, content: str) -> None:
    find(linked(pipeline, sentence), sentence, "mayor", cue, content)


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("According to the coast guard, two boats are missing.", "the coast guard",
         "According to", "two boats are missing"),
        ("The warning from the agency that prices would rise was ignored.", "agency",
         "warning", "that prices would rise"),
        ("The council's claim that the park is safe was disputed.", "council", "claim",
         "that the park is safe"),
        ("The bypass, seen by residents as a threat, was approved.", "residents", "seen",
         "a threat"),
        ("Poll shows that voters favour the plan.", "Poll", "shows", "that voters favour"),
        ("As the engineers have pointed out, the bridge is safe.", "engineers",
         "have pointed out", "the bridge is safe"),
    ],
)
def test_other_attributions(
    pipeline: LoadedPipeline, text: str, speaker: str, cue: str, content: str
) -> None:
    find(linked(pipeline, text), text, speaker, cue, content)


def test_claim_inside_what_someone_says_is_theirs(pipeline: LoadedPipeline) -> None:
    text = "“The landlord refuses to fix the roof,” the tenant said. Ada said that Bo wants a loan."
    claims = linked(pipeline, text)
    assert {c.speaker for c in claims} == {"tenant", "Ada"}
    # A relative clause attributes on its own, and an unnamed report does not swallow one.
    text = "Ada rejected the plan that Bo proposed. The union's claim that pay fell was disputed."
    claims = linked(pipeline, text)
    find(claims, text, "Bo", "proposed", "the plan")
    find(claims, text, "union", "claim", "that pay fell")


# -- speakers -------------------------------------------------------------------------------


def test_short_mentions_and_titles_resolve_to_the_full_name(pipeline: LoadedPipeline) -> None:
    text = (
        "Chancellor Helga Brandt arrived in Vienna on Tuesday.\n\n"
        "Brandt said the aid would continue.\n\n"
        "The chancellor warned that winter would be hard.\n\n"
        "She added that talks were possible."
    )
    claims = [c for c in linked(pipeline, text) if c.cue is not None]
    assert {c.speaker for c in claims} == {"Helga Brandt"}
    assert {c.key for c in claims} == {"helga brandt"}
    added = find(claims, text, "Helga Brandt", "added")
    assert added.speaker_span is not None and added.speaker_span.text_of(text) == "She"


def test_possessive_and_collective_speakers(pipeline: LoadedPipeline) -> None:
    text = "Europe's diplomats insist that the border stays. Farmers' unions warn of shortages."
    claims = linked(pipeline, text)
    find(claims, text, "Europe's diplomats", "insist", "that the border stays")
    find(claims, text, "Farmers' unions", "warn of", "shortages")


def test_first_person_and_unattributed_are_the_author(pipeline: LoadedPipeline) -> None:
    text = "I believe the plan is sound. The plan will cut costs."
    claims = linked(pipeline, text)
    believe = find(claims, text, AUTHOR, "believe", "the plan is sound")
    assert believe.speaker_span is None and believe.key == "author"
    assert [m.text_of(text) for m in believe.speaker_mentions] == ["I"]
    find(claims, text, AUTHOR, None, "The plan will cut costs.")


def test_author_putting_words_in_mouths_doubts(pipeline: LoadedPipeline) -> None:
    text = "The bosses would have you believe that wages are too high."
    claim = find(linked(pipeline, text), text, AUTHOR, "would have you believe")
    assert claim.stance == "doubting"


def test_link_speakers_is_idempotent_and_keeps_order(pipeline: LoadedPipeline) -> None:
    text = (
        "Senator Omar Haddad spoke in Leeds.\n\n“Prices are falling,” he said.\n\n"
        "Haddad also claimed that rents were stable."
    )
    parts = list(analyze_paragraphs(text, pipeline))
    raw = tuple(c for part in reversed(parts) for c in part.claims)  # out of order
    entities = tuple(e for part in parts for e in part.entities)
    once = link_speakers(raw, entities, text)
    assert link_speakers(once, entities, text) == once
    assert [c.content for c in once] == [c.content for c in raw]
    assert {c.speaker for c in once if c.cue is not None} == {"Omar Haddad"}


def test_link_speakers_on_plain_values() -> None:
    text = "Ada Lovelace wrote. She said so."
    entities = (Entity("PERSON", Span(0, 12), "Ada Lovelace"),)
    claim = Claim("She", Span(20, 23), Span(24, 28), "say", Span(29, 31), Span(20, 32))
    (resolved,) = link_speakers((claim,), entities, text)
    assert resolved.speaker == "Ada Lovelace" and resolved.key == speaker_key("Ada Lovelace")
    assert link_speakers((), (), "") == ()


# -- stance, kind and confidence --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("The firm said that profits rose.", "neutral"),
        ("The firm claimed that profits rose.", "doubting"),
        ("The firm hinted that profits rose.", "hedged"),
        ("The firm insisted that profits rose.", "strong"),
    ],
)
def test_stance(pipeline: LoadedPipeline, sentence: str, stance: str) -> None:
    claims = [c for c in linked(pipeline, sentence) if c.cue is not None]
    assert [c.stance for c in claims] == [stance]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The firm said that profits rose.", "assertion"),
        ("The firm predicted that profits will rise.", "prediction"),
        ("The union urged the firm to raise wages.", "demand"),
        ("The union asked whether wages would rise.", "question"),
        ("The firm denied that profits fell.", "denial"),
    ],
)
def test_kind(pipeline: LoadedPipeline, sentence: str, kind: str) -> None:
    claims = [c for c in linked(pipeline, sentence) if c.cue is not None]
    assert [c.kind for c in claims] == [kind]


def test_traits_are_from_the_known_sets(pipeline: LoadedPipeline) -> None:
    text = "Officials fear the worst. “Leave now,” the sheriff said. Will it end? We doubt it."
    for claim in linked(pipeline, text):
        assert claim.stance in STANCES and claim.kind in KINDS
        assert 0.0 < claim.confidence <= 1.0
    lexicon = cue_lexicon()
    assert claim_stance(lexicon, "insist on") == "strong"
    assert claim_kind(lexicon, "", "Must we wait?") == "question"
    assert claim_kind(lexicon, "", "Let the talks begin.") == "demand"


def test_resolved_names_beat_unresolved_pronouns_in_confidence(pipeline: LoadedPipeline) -> None:
    text = "“Enough,” he said.\n\nThe mayor said that the vote is final."
    claims = [c for c in linked(pipeline, text) if c.cue is not None]
    pronoun = next(c for c in claims if c.speaker == "he")
    named = next(c for c in claims if c.speaker == "mayor")
    assert pronoun.confidence < named.confidence


# -- odd text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“He said it,” she said. “",
        "“Open quote and nothing else\n\n“Another open one\n\n” ― ",
        "” ― Jane\n“x” ― A\n“” — B.",
        "Survey: \n\nPoll:",
        "The minister, he said, .",
        "“A,” he said, “",
        "\u201c" * 50 + " said " + "\u201d" * 50,
    ],
)
def test_unbalanced_quotes_never_raise(pipeline: LoadedPipeline, text: str) -> None:
    claims = linked(pipeline, text)
    assert all(c.speaker.strip() for c in claims)
    assert UNNAMED not in {c.key for c in claims if c.cue is not None and c.speaker != UNNAMED}
    assert rows(claims, text) is not None


def test_noun_cue_of_criticism_with_possessor(pipeline: LoadedPipeline) -> None:
    text = "The senator's criticism of the new budget surprised her colleagues."
    claims = linked(pipeline, text)
    find(claims, text, "senator", "criticism of", "the new budget")


def test_noun_cue_without_possessor_is_no_attribution(pipeline: LoadedPipeline) -> None:
    text = "Criticism of the new budget grew over the summer."
    assert all(c.cue is None for c in linked(pipeline, text))
