"""One speaker per person, whole quotations and speakers that can speak, on invented news.

Every test reads a short invented story and asserts, for the claims it names, the speaker
key, the display name and the whole content — what the claims pane and the exports show.
"""

from __future__ import annotations

import pytest

from tui.analysis import analyze
from tui.analysis.claims.names import split_title
from tui.analysis.claims.people import label_speakers
from tui.analysis.model import Analysis, Claim, Entity, Span
from tui.analysis.pipeline import LoadedPipeline, load_pipeline

from .test_extraction import assert_valid


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    """The spaCy pipeline, loaded once for the module."""
    return load_pipeline(with_devices=False)


def analysed(pipeline: LoadedPipeline, text: str) -> Analysis:
    """The analysis of ``text``, its claims checked for valid spans."""
    analysis = analyze(text, pipeline)
    assert_valid(list(analysis.claims), text)
    return analysis


def claim_with(analysis: Analysis, text: str, content_start: str) -> Claim:
    """The claim whose content begins with ``content_start``."""
    found = [c for c in analysis.claims
             if c.content.text_of(text).lstrip("“\"").startswith(content_start)]
    assert len(found) == 1, [(c.speaker, c.content.text_of(text)) for c in analysis.claims]
    return found[0]


def whole(claim: Claim, text: str) -> str:
    """A claim's content pieces joined as a reader sees them."""
    return " … ".join(p.text_of(text) for p in claim.pieces)


STORY = (
    "Senate Minority Leader Robert Kline said on Tuesday that the drought plan would "
    "bankrupt every farm in the valley.\n\n"
    "Kline, who has represented the district since 2009, told reporters the governor had "
    "ignored the warnings. He added that the state had wasted a decade.\n\n"
    "Sen. Marta Holt, a Democrat who chairs the water committee, disagreed. Holt said the "
    "plan would protect the aquifer for a generation. The senator also warned that delays "
    "would cost the state millions. Environmental groups are split.\n\n"
    "Campaign chairman Peter Vance, a longtime aide to Kline, said the critics were playing "
    "politics with water. Defiant Robert Kline later insisted that he would not back down.\n\n"
    "Kline's statement said the valley would not forget.\n"
)


def test_every_mention_of_a_person_is_one_speaker(pipeline: LoadedPipeline) -> None:
    analysis = analysed(pipeline, STORY)
    for start in ("that the drought plan would bankrupt every farm in the valley",
                  "the governor had ignored the warnings",
                  "that the state had wasted a decade",
                  "that he would not back down",
                  "the valley would not forget"):
        claim = claim_with(analysis, STORY, start)
        assert (claim.speaker, claim.key) == ("Robert Kline", "robert kline"), start
    keys = {c.key for c in analysis.claims if "kline" in c.key}
    assert keys == {"robert kline"}


def test_titles_surnames_and_the_title_alone_resolve_to_the_plain_name(
    pipeline: LoadedPipeline,
) -> None:
    analysis = analysed(pipeline, STORY)
    said = claim_with(analysis, STORY, "the plan would protect")
    warned = claim_with(analysis, STORY, "that delays")
    assert (said.speaker, said.key) == ("Marta Holt", "marta holt")
    assert (warned.speaker, warned.key) == ("Marta Holt", "marta holt")
    assert whole(said, STORY) == "the plan would protect the aquifer for a generation"
    assert whole(warned, STORY) == "that delays would cost the state millions"
    chair = claim_with(analysis, STORY, "the critics were playing politics")
    assert (chair.speaker, chair.key) == ("Peter Vance", "peter vance")
    assert whole(chair, STORY) == "the critics were playing politics with water"


def test_a_speaker_that_speaks_is_a_person_not_an_organisation(
    pipeline: LoadedPipeline,
) -> None:
    analysis = analysed(pipeline, STORY)
    labels = {e.text: e.label for e in analysis.entities if e.text in ("Holt", "Kline")}
    assert labels and set(labels.values()) == {"PERSON"}


def test_two_people_who_share_a_surname_stay_apart(pipeline: LoadedPipeline) -> None:
    text = (
        "Senator Robert Kline said the dam was unsafe.\n\n"
        "Gov. Dana Kline, who is not related to the senator, said the dam would hold.\n\n"
        "Gov. Kline said the engineers agreed with her.\n\n"
        "Later, Kline said the inspection should be repeated.\n"
    )
    analysis = analysed(pipeline, text)
    robert = claim_with(analysis, text, "the dam was unsafe")
    dana = claim_with(analysis, text, "the dam would hold")
    titled = claim_with(analysis, text, "the engineers agreed with her")
    bare = claim_with(analysis, text, "the inspection should be repeated")
    assert (robert.speaker, robert.key) == ("Robert Kline", "robert kline")
    assert (dana.speaker, dana.key) == ("Dana Kline", "dana kline")
    assert (titled.speaker, titled.key) == ("Dana Kline", "dana kline")
    # Nothing tells which Kline this is: left as said, never merged by a guess.
    assert (bare.speaker, bare.key) == ("Kline", "kline")


def test_a_first_name_joins_the_one_full_name_that_starts_with_it(
    pipeline: LoadedPipeline,
) -> None:
    text = (
        "Maria Fenwick, the mayor, said the library would reopen in June. Her husband, "
        "Tom Fenwick, said the budget was tight.\n\n"
        "Maria said the builders were ahead of schedule.\n"
    )
    analysis = analysed(pipeline, text)
    maria = claim_with(analysis, text, "the builders were ahead")
    tom = claim_with(analysis, text, "the budget was tight")
    assert (maria.speaker, maria.key) == ("Maria Fenwick", "maria fenwick")
    assert (tom.speaker, tom.key) == ("Tom Fenwick", "tom fenwick")


def test_a_surname_with_a_particle_opening_a_sentence_is_the_same_person(
    pipeline: LoadedPipeline,
) -> None:
    text = (
        "Mayor Paul de Lacy said on Sunday that the blast was an accident.\n\n"
        "De Lacy said there was no sign of a crime.\n"
    )
    analysis = analysed(pipeline, text)
    full = claim_with(analysis, text, "that the blast was an accident")
    bare = claim_with(analysis, text, "there was no sign of a crime")
    assert (full.speaker, full.key) == ("Paul de Lacy", "paul de lacy")
    assert (bare.speaker, bare.key) == ("Paul de Lacy", "paul de lacy")
    assert whole(bare, text) == "there was no sign of a crime"


def test_a_particle_surname_the_model_took_for_an_organisation_is_a_person() -> None:
    text = "Mayor Bill de Varga said the dam held.\n\nDe Varga said the inquiry would wait.\n"
    full, bare = text.index("Bill de Varga"), text.index("De Varga said")
    entities = (Entity("PERSON", Span(full, full + 13), "Bill de Varga"),
                Entity("ORG", Span(bare, bare + 8), "De Varga"))
    cue = text.index("said the inquiry")
    claim = Claim(speaker="Bill de Varga", speaker_span=Span(bare, bare + 8),
                  cue=Span(cue, cue + 4), cue_lemma="say",
                  content=Span(cue + 5, text.index(".", cue)),
                  sentence=Span(bare, text.index(".", cue) + 1))
    labelled = label_speakers(entities, [claim], text)
    assert [(e.label, e.text) for e in labelled] == [
        ("PERSON", "Bill de Varga"), ("PERSON", "De Varga")]


def test_the_owner_of_a_reaction_or_a_plan_is_the_speaker(pipeline: LoadedPipeline) -> None:
    text = "Van Dorn and Holt's first reaction was to say that the plant was safe.\n"
    analysis = analysed(pipeline, text)
    claim = claim_with(analysis, text, "that the plant was safe")
    assert (claim.speaker, claim.key) == ("Van Dorn and Holt", "van dorn and holt")
    assert claim.speaker_span is not None
    assert claim.speaker_span.text_of(text) == "Van Dorn and Holt's first reaction"
    assert whole(claim, text) == "that the plant was safe"


def test_a_work_speaks_for_whoever_published_it_or_is_shown_in_it(
    pipeline: LoadedPipeline,
) -> None:
    text = (
        "Dana Kline unleashed a series of tweets criticizing Ana Ruiz, the former mayor.\n\n"
        "The Kline campaign released a statement saying the report was false.\n\n"
        "The ad uses footage of Ana Ruiz asking why the plan had stalled.\n\n"
        "Reporters obtained a memo saying the dam was unsafe.\n\n"
        "A video of Dana Kline shows that she mocked the reporter.\n"
    )
    analysis = analysed(pipeline, text)
    tweets = claim_with(analysis, text, "Ana Ruiz, the former mayor")
    statement = claim_with(analysis, text, "the report was false")
    footage = claim_with(analysis, text, "why the plan had stalled")
    memo = claim_with(analysis, text, "the dam was unsafe")
    assert (tweets.speaker, tweets.key) == ("Dana Kline", "dana kline")
    assert (statement.speaker, statement.key) == ("Kline campaign", "kline campaign")
    assert (footage.speaker, footage.key) == ("Ana Ruiz", "ana ruiz")
    assert whole(footage, text) == "why the plan had stalled"
    # Obtaining a memo makes no one its author; a video that reports is its own source.
    assert (memo.speaker, memo.key) == ("memo", "memo")
    video = claim_with(analysis, text, "that she mocked the reporter")
    assert video.key == "video of dana kline"


def test_a_quotation_runs_across_its_sentences(pipeline: LoadedPipeline) -> None:
    text = (
        "Robert Kline said rationing “is no longer a question of if, but when. Families in "
        "the valley deserve a straight answer.” Environmental groups are split.\n"
    )
    claim = claim_with(analysed(pipeline, text), text, "rationing")
    assert (claim.speaker, claim.key) == ("Robert Kline", "robert kline")
    assert whole(claim, text) == (
        "rationing “is no longer a question of if, but when. Families in the valley deserve "
        "a straight answer.”"
    )


def test_a_quotation_reopened_in_the_next_paragraph_is_one_claim(
    pipeline: LoadedPipeline,
) -> None:
    text = (
        "“We cannot wait for the rain,” Marta Holt said. “Every season we wait, the wells "
        "drop further.\n\n"
        "“The science is clear, and the public is ready.”\n"
    )
    analysis = analysed(pipeline, text)
    claim = claim_with(analysis, text, "We cannot wait")
    assert (claim.speaker, claim.key) == ("Marta Holt", "marta holt")
    assert whole(claim, text) == (
        "We cannot wait for the rain … Every season we wait, the wells drop further … "
        "The science is clear, and the public is ready"
    )
    assert len(analysis.claims) == 1


def test_a_quotation_reopened_after_a_long_attribution_is_one_claim(
    pipeline: LoadedPipeline,
) -> None:
    text = (
        "“I do not see any link between the rhetoric and the plan,” said Len Barton, head "
        "of the centrist Tax Policy Center. “What he has proposed would benefit people like "
        "him.”\n"
    )
    analysis = analysed(pipeline, text)
    claim = claim_with(analysis, text, "I do not see any link")
    assert (claim.speaker, claim.key) == ("Len Barton", "len barton")
    assert whole(claim, text) == (
        "I do not see any link between the rhetoric and the plan … "
        "What he has proposed would benefit people like him"
    )
    assert len(analysis.claims) == 1


def test_a_content_stops_at_its_sentence_end(pipeline: LoadedPipeline) -> None:
    text = ("Marta Holt said the plan would protect the aquifer. Environmental groups are "
            "split on it.\n")
    claim = claim_with(analysed(pipeline, text), text, "the plan")
    assert whole(claim, text) == "the plan would protect the aquifer"


def test_body_parts_and_feelings_are_never_speakers(pipeline: LoadedPipeline) -> None:
    text = (
        "His left arm suggested that the fall had been worse than he admitted.\n\n"
        "Her moral hesitation showed that the deal was unwelcome.\n"
    )
    speakers = {c.speaker.lower() for c in analysed(pipeline, text).claims}
    assert not any(word in s for s in speakers for word in ("arm", "hesitation"))


def test_a_question_put_to_someone_is_no_claim(pipeline: LoadedPipeline) -> None:
    text = "Asked whether she was optimistic, Marta Holt smiled.\n"
    contents = [c.content.text_of(text) for c in analysed(pipeline, text).claims
                if c.cue is not None]
    assert not any("optimistic" in content for content in contents)


@pytest.mark.parametrize(
    ("mention", "name", "titles"),
    [
        ("Senate Minority Leader Robert Kline", "Robert Kline", ("senate", "minority", "leader")),
        ("Sen. Holt's", "Holt", ("senator",)),
        ("U.S. Republican presidential nominee Jane Q. Doyle", "Jane Q. Doyle", ("nominee",)),
        ("campaign chairman Peter Vance", "Peter Vance", ("campaign", "chairman")),
        ("Prince Andrei Volkonov", "Andrei Volkonov", ("prince",)),
        ("the senator", "", ("senator",)),
        ("Rep. Ana Ruiz (D-Ore.)", "Ana Ruiz", ("representative",)),
        ("Mayor Paul de Lacy", "Paul de Lacy", ("mayor",)),
        # A name never runs back into the organisation written before it.
        ("the editorial board of the Valley Herald Kline", "Kline", ()),
    ],
)
def test_split_title(mention: str, name: str, titles: tuple[str, ...]) -> None:
    assert split_title(mention) == (name, titles)


def test_an_agentless_forecast_keeps_what_is_forecast_whole(pipeline: LoadedPipeline) -> None:
    text = "A vote on the plan is expected next week.\n"
    claim = claim_with(analysed(pipeline, text), text, "A vote")
    assert (claim.speaker, claim.kind) == ("Unnamed source", "prediction")
    assert whole(claim, text) == "A vote on the plan … next week"
