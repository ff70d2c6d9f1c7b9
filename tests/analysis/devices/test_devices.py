"""The device engine on real text: the sample op-ed, invented sentences, and hostile input.

The pipeline is loaded once per module; tests that need different rules build their own
``SlantDevices`` component and run it on docs the shared pipeline parsed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import SAMPLE

from tui.analysis.categories import DEVICE_CATEGORIES
from tui.analysis.devices import (
    COMPONENT_NAME,
    REASON_EXTENSION,
    SPANS_KEY,
    add_device_component,
    devices_from_doc,
    load_catalogue,
    rule_warnings,
)
from tui.analysis.devices.catalogue import data_dir, parse_catalogue
from tui.analysis.devices.component import SlantDevices
from tui.analysis.devices.quotes import find_quotes, inside_quote
from tui.analysis.devices.rules import parse_rules, read_rule_file
from tui.analysis.model import Device
from tui.analysis.pipeline import LoadedPipeline, analyze_paragraphs, load_pipeline


@pytest.fixture(scope="module")
def pipeline() -> LoadedPipeline:
    """The default pipeline with the device component, loaded once for the module."""
    return load_pipeline()


@pytest.fixture(scope="module")
def sample_text() -> str:
    """The bundled sample op-ed."""
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_devices(pipeline: LoadedPipeline, sample_text: str) -> list[Device]:
    """Every device found in the sample, in text order."""
    return devices_in(sample_text, pipeline)


def devices_in(text: str, pipeline: LoadedPipeline) -> list[Device]:
    """Analyse ``text`` paragraph by paragraph, as the app does, and collect the devices."""
    return [device for part in analyze_paragraphs(text, pipeline) for device in part.devices]


def found(devices: Iterable[Device], text: str) -> set[tuple[str, str]]:
    """The (device id, matched words) pairs of ``devices``."""
    return {(device.id, device.span.text_of(text)) for device in devices}


def check_spans(devices: Iterable[Device], text: str) -> None:
    """Every span is non-empty, inside the text, trimmed, and its reason is one line."""
    for device in devices:
        assert 0 <= device.span.start < device.span.end <= len(text)
        words = device.span.text_of(text)
        assert words == words.strip() and words
        assert device.reason and "\n" not in device.reason


# --- The sample document -----------------------------------------------------------------

# What a careful reader accepts on the sample. Every device found must be in this list: a new
# detection on the sample means checking it by eye and adding it here.
ACCEPTED_ON_SAMPLE = {
    ("flag-waving", "real sovereignty"),
    ("idiom", "bargaining chip"),
    ("flag-waving", "national sovereignty"),
    ("us-versus-them", "our people"),
    ("antithesis", "not a simple handshake of warring neighbors but a grand theater"),
    ("us-versus-them", "the rulers of capital"),
    ("scare-quotes", "“guarantees”"),
    ("name-calling", "war profiteers"),
    ("us-versus-them", "the mighty"),
    ("us-versus-them", "the masses"),
    ("antithesis", "not a humanitarian pledge but a pause"),
    ("loaded-language", "boasted"),
    ("repetition", "leverage and leverage"),
    ("loaded-language", "impotence"),
    ("loaded-language", "hollow"),
    ("flag-waving", "homeland"),
    ("scare-quotes", "“cede”"),
    ("idiom", "pawn"),
    ("idiom", "iron fist in a velvet glove"),
    ("loaded-language", "relentless"),
    ("weasel-words", "some would mockingly remind"),
    ("us-versus-them", "the powerful"),
    ("loaded-language", "shattered"),
    ("antithesis", "not to glorify borders drawn by imperial planners, but to uphold"),
    ("call-to-action", "withdraw foreign troops"),
    ("call-to-action", "halt the arms pipeline"),
    ("call-to-action", "replace sanctions"),
    ("exaggeration", "merely"),
    ("us-versus-them", "the oppressed"),
    ("call-to-action", "We call for a united front"),
    ("idiom", "shoulder to shoulder"),
    ("call-to-action", "Let the peace be built"),
    ("flag-waving", "genuine sovereignty"),
    ("call-to-action", "Let the crisis be turned"),
    ("loaded-language", "predatory"),
    ("tricolon", "genuine sovereignty, mutual security, and economic justice"),
    # The trained layer's spans, read one by one: each holds charged wording.
    ("loaded-language", "the mighty arbitrate life and death"),
    ("loaded-language", "someone who boasted of leverage and leverage alone"),
    ("loaded-language", "the impotence of peaceful diplomacy when it is yoked to imperial "
     "appetites"),
    ("loaded-language", "The relentless comparison of Donbass"),
    ("loaded-language", "a distant territorial souvenir"),
    ("loaded-language", "rule for the powerful, another for the workers and peasants whose "
     "lives are shattered by bullets and sanctions alike"),
    ("loaded-language", "those who profit from ruin"),
    ("loaded-language", "the oppressed"),
    ("name-calling", "the oppressed"),
    ("loaded-language", "reject the hollow equation"),
    ("loaded-language", "the iron fist in a velvet glove"),
    ("name-calling", "a predatory, profit-first order"),
    ("name-calling", "the predator arsenal"),
    ("loaded-language", "boasted of leverage and leverage alone"),
    ("loaded-language", "the impotence of peaceful diplomacy"),
    ("loaded-language", "a pawn"),
    ("loaded-language", "a bargaining chip"),
    ("loaded-language", "The relentless comparison"),
    ("loaded-language", "one rule for the powerful"),
    ("loaded-language", "lives are shattered by bullets and sanctions alike"),
    ("loaded-language", "who profit from ruin"),
    ("loaded-language", "shoulder to shoulder"),
    ("loaded-language", "oppressed"),
    # With the semantic word vectors (each read in its sentence: figurative, dismissive or
    # violent wording, and a label for the opponents).
    ("loaded-language", "a lullaby"),
    ("loaded-language", "a velvet glove"),
    ("loaded-language", "ruin"),
    ("loaded-language", "the imperial machine"),
    ("loaded-language", "the predator arsenal"),
    ("loaded-language", "the workers and peasants whose lives are shattered by bullets"),
    ("name-calling", "the pockets of war profiteers"),
}


@pytest.mark.parametrize(
    ("device_id", "words"),
    [
        ("name-calling", "war profiteers"),
        ("loaded-language", "hollow"),
        ("loaded-language", "predatory"),
        ("scare-quotes", "“guarantees”"),
        ("scare-quotes", "“cede”"),
        ("antithesis", "not a simple handshake of warring neighbors but a grand theater"),
        ("antithesis", "not a humanitarian pledge but a pause"),
        ("call-to-action", "withdraw foreign troops"),
        ("call-to-action", "halt the arms pipeline"),
        ("call-to-action", "Let the peace be built"),
        ("call-to-action", "We call for a united front"),
        ("us-versus-them", "the masses"),
        ("us-versus-them", "our people"),
        ("us-versus-them", "the rulers of capital"),
        ("flag-waving", "national sovereignty"),
        ("idiom", "iron fist in a velvet glove"),
        ("weasel-words", "some would mockingly remind"),
    ],
)
def test_sample_finds_device_on_words(
    sample_devices: list[Device], sample_text: str, device_id: str, words: str
) -> None:
    assert (device_id, words) in found(sample_devices, sample_text)


def test_sample_devices_are_all_accepted(sample_devices: list[Device], sample_text: str) -> None:
    unexpected = found(sample_devices, sample_text) - ACCEPTED_ON_SAMPLE
    assert not unexpected, f"devices no careful reader has vetted: {sorted(unexpected)}"


def test_the_encoder_on_the_sample_only_adds_model_devices(
    sample_devices: list[Device], sample_text: str
) -> None:
    """Opted in (``--encoder``), the encoder changes the trained layer's spans only: every
    rule's device stays, and the model's name the encoder. (It is off by default because
    some of its highlights on the sample are not ones a careful reader accepts: README.)"""
    from tui.engine.layers import attach_encoder

    pipeline = load_pipeline()
    if not attach_encoder(pipeline.nlp):
        pytest.skip("the encoder is not installed here")
    devices = devices_in(sample_text, pipeline)
    rules = {(d.id, d.span, d.rule) for d in sample_devices if d.evidence != "model"}
    assert rules <= {(d.id, d.span, d.rule) for d in devices if d.evidence != "model"}
    names = {d.rule for d in devices if d.evidence == "model"}
    assert names and all("ptc-minilm-onnx" in name for name in names)


def test_sample_reasons_name_what_matched(
    sample_devices: list[Device], sample_text: str
) -> None:
    reasons = {(d.id, d.span.text_of(sample_text)): d.reason for d in sample_devices}
    assert reasons[("call-to-action", "withdraw foreign troops")] == (
        'imperative clause opening "withdraw"'
    )
    assert reasons[("call-to-action", "Let the peace be built")] == (
        'imperative sentence opening "let"'
    )
    assert reasons[("name-calling", "war profiteers")] == 'label "profiteers"'
    assert reasons[("scare-quotes", "“guarantees”")] == 'scare quotes around "guarantees"'
    assert '"not … but …"' in reasons[("antithesis", "not a humanitarian pledge but a pause")]


def test_sample_spans_slice_the_text(sample_devices: list[Device], sample_text: str) -> None:
    assert len(sample_devices) >= 25
    check_spans(sample_devices, sample_text)
    starts = [d.span.start for d in sample_devices]
    assert starts == sorted(starts)


def test_sample_news_paragraph_is_nearly_clean(
    sample_devices: list[Device], sample_text: str
) -> None:
    """The reported-news paragraph has no propaganda of its own beyond two quoted figures."""
    news_start = sample_text.index("The latest move-seeking")
    news_end = sample_text.index("From the perspective")
    in_news = {
        (d.id, d.span.text_of(sample_text))
        for d in sample_devices
        if news_start <= d.span.start < news_end
    }
    # The trained layer may also name the quoted "bargaining chip" figure loaded language.
    quoted_figures = {
        ("flag-waving", "national sovereignty"),
        ("idiom", "bargaining chip"),
        ("loaded-language", "a bargaining chip"),
    }
    assert in_news <= quoted_figures


def test_sample_categories_and_names_come_from_the_catalogue(
    sample_devices: list[Device],
) -> None:
    kinds = {kind.id: kind for kind in load_catalogue()}
    for device in sample_devices:
        assert device.name == kinds[device.id].name
        assert device.category == kinds[device.id].category


# --- Invented sentences, one kind at a time ------------------------------------------------

POSITIVE = [
    ("The council's reckless, shameful scheme will ruin us.", "loaded-language", "reckless"),
    ("Only the mayor's cronies support the plan.", "name-calling", "cronies"),
    ("The warmongers in the capital want more.", "name-calling", "warmongers"),
    ("This is the biggest rally ever.", "exaggeration", "biggest rally ever"),
    ("It was the grandest lie of the decade.", "exaggeration", "grandest"),
    ("The plan is utterly unworkable.", "absolutes", "utterly unworkable"),
    ("Each and every promise was broken.", "absolutes", "Each and every"),
    ("The fine was a mere formality.", "exaggeration", "mere"),
    ("The company's “generous” offer cut everyone's pay.", "scare-quotes", "“generous”"),
    ("The so-called 'experts' were wrong again.", "scare-quotes", "'experts'"),
    ("Who really believes the tax will stop there?", "rhetorical-question",
     "Who really believes the tax will stop there?"),
    ("Withdraw the troops now!", "call-to-action", "Withdraw the troops"),
    ("Stand up and fight back!", "call-to-action", "fight back"),
    ("We call for a general strike.", "call-to-action", "We call for a general strike"),
    ("Let us unite against the war.", "call-to-action", "Let us unite"),
    ("Enough is enough.", "slogan", "Enough is enough"),
    ("Down with the tyrants!", "slogan", "Down with the tyrants"),
    ("They want war, but we want peace.", "us-versus-them", "They want war, but we want peace"),
    ("The elites have betrayed the common man.", "us-versus-them", "the common man"),
    ("Tax the rich and feed the poor.", "us-versus-them", "the rich"),
    ("The lords of finance fear us.", "us-versus-them", "The lords of finance"),
    ("You are either with us or against us.", "false-dilemma", "either with us or against us"),
    ("There is no alternative to austerity.", "false-dilemma", "There is no alternative"),
    ("The vote is not a contest of ideas but a battle for survival.", "antithesis",
     "not a contest of ideas but a battle"),
    ("The so-called reform changes nothing.", "doubt", "so-called"),
    ("Are we really to believe the minister's figures?", "doubt", "Are we really to believe"),
    ("The council has yet to explain where the money went.", "doubt", "has yet to explain"),
    ("Prices rose for one reason only: the new tax.", "causal-oversimplification",
     "for one reason only"),
    ("Leading experts agree that the bridge is safe.", "appeal-to-authority", "experts agree"),
    ("According to experts, the diet works.", "appeal-to-authority", "According to experts"),
    ("The new mayor behaves just like the Nazis did.", "bandwagon", "just like the Nazis"),
    ("We will not forget. We will not forgive. We will not give up.", "anaphora",
     "We will not forget. We will not forgive. We will not give up"),
    ("It was a government of the people, by the people, for the people.", "anaphora",
     "It was a government of the people, by the people, for the people"),
    ("The cuts will cost our jobs, our homes, and our future.", "tricolon",
     "our jobs, our homes, and our future"),
    ("Act now, before it is too late.", "appeal-to-fear", "before it is too late"),
    ("The region is a powder keg.", "appeal-to-fear", "powder keg"),
    ("Every patriot must defend the homeland.", "flag-waving", "homeland"),
    ("This deal betrays our nation.", "flag-waving", "our nation"),
    ("Many experts say the bridge is unsafe.", "weasel-words", "Many experts say"),
    ("It is widely believed that the vote was rigged.", "weasel-words", "It is widely believed"),
    ("The reform is a Trojan horse.", "idiom", "Trojan horse"),
    ("What about the mayor next door?", "whataboutism", "What about the mayor"),
    ("The budget is short, but it is what it is.", "thought-terminating-cliche",
     "it is what it is"),
    ("Everyone knows the plan will fail.", "bandwagon", "Everyone knows"),
    ("They promised jobs, jobs and jobs.", "repetition", "jobs, jobs and jobs"),
]


@pytest.mark.parametrize(("sentence", "device_id", "words"), POSITIVE)
def test_invented_sentence_shows_device(
    pipeline: LoadedPipeline, sentence: str, device_id: str, words: str
) -> None:
    devices = devices_in(sentence, pipeline)
    check_spans(devices, sentence)
    assert (device_id, words) in found(devices, sentence)


def test_positive_cases_cover_every_kind() -> None:
    covered = {device_id for _, device_id, _ in POSITIVE}
    assert covered == {kind.id for kind in load_catalogue()}


@pytest.mark.parametrize("kind", load_catalogue(), ids=lambda kind: kind.id)
def test_catalogue_example_shows_its_own_device(pipeline: LoadedPipeline, kind: object) -> None:
    from tui.analysis.model import DeviceKind

    assert isinstance(kind, DeviceKind)
    assert kind.id in {device.id for device in devices_in(kind.example, pipeline)}


NEUTRAL = [
    "The central bank raised interest rates by a quarter point on Tuesday.",
    "Officials said the talks would resume next week in Geneva.",
    "He did not win the race but finished in the top ten.",
    "The minister did not attend the meeting, but she sent a deputy.",
    "The report was not only long but also detailed.",
    "The latest figures show unemployment fell to 4.1 percent.",
    "The largest city in the region has two million people.",
    "The Department of Homeland Security issued new guidance.",
    "Ukraine received more Patriot air defence systems.",
    '"We will review the decision," the spokesman said.',
    'The envoy told reporters that progress had been "slow but real".',
    'The word "sovereignty" appears twice in the treaty.',
    'The film "Dune" opened on Friday.',
    "“Why now?” asked the reporter.",
    "See the table below for details.",
    "The elite troops were deployed to the border.",
    "The establishment of a new committee was approved.",
    "The powerful storm knocked out power to thousands of homes.",
    "Parliament voted on either Tuesday or Wednesday.",
    "The team played chess, and the pawn structure favoured White.",
    "They arrived at noon and we met them at the station.",
    "Scientists say the comet will pass close to Earth next year.",
    "The anti-fascist march passed peacefully.",
    "Take the train to the airport and follow the signs.",
    "He bought apples, pears, and plums at the market.",
    "The company operates in France, Germany and Spain.",
    "It is raining. It is cold. The match was called off.",
]


@pytest.mark.parametrize("sentence", NEUTRAL)
def test_neutral_sentence_shows_nothing(pipeline: LoadedPipeline, sentence: str) -> None:
    assert devices_in(sentence, pipeline) == []


# --- Hostile input -------------------------------------------------------------------------

EDGE_CASES = [
    "",
    "   \n\n  ",
    "?",
    "“",
    "”",
    '"',
    "‘’",
    "He said “never and left. “Why",
    "The “ ” quote and ‘ unbalanced ’ marks' everywhere\"",
    "✊🌍🕊️ Let 🕊️ the 👏 peace 👏 be built!",
    "Control\x00chars\x07and\x1b[31mescapes\x1b[0m here? Not X but \x0bY.",
    "x" * 5000 + " not " + "y" * 3000 + " but z",
    "not but either or they we “” ''",
    "a\u0301\u0301\u0301 \u200b\u200b zero-width\u200bjoiners?",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_hostile_text_never_raises(pipeline: LoadedPipeline, text: str) -> None:
    check_spans(devices_in(text, pipeline), text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            ["not ", " but ", "either ", " or ", "we ", "they ", "“", "”", '"', "'", "‘", "’",
             "?", "!", ":", ";", ",", ".", "\n", "\n\n", " ", "Let ", "withdraw ", "the masses ",
             "profiteers ", "so-called ", "What about ", "jobs, jobs ", "🕊️", "\x00", "é"]
        )
        | st.text(max_size=8),
        max_size=40,
    ).map("".join)
)
def test_fuzzed_text_keeps_span_invariants(pipeline: LoadedPipeline, text: str) -> None:
    check_spans(devices_in(text, pipeline), text)


def test_empty_doc_gets_an_empty_span_group(pipeline: LoadedPipeline) -> None:
    doc = pipeline.nlp("")
    assert list(doc.spans[SPANS_KEY]) == []
    assert devices_from_doc(doc, 0) == []


# --- The component and its plain-data output -------------------------------------------------


def test_spans_are_written_with_reasons(pipeline: LoadedPipeline) -> None:
    doc = pipeline.nlp("Withdraw the troops, you cowardly warmongers!")
    group = doc.spans[SPANS_KEY]
    labels = {span.label_ for span in group}
    assert {"call-to-action", "name-calling", "loaded-language"} <= labels
    for span in group:
        assert getattr(span._, REASON_EXTENSION)


def test_devices_from_doc_shifts_by_offset(pipeline: LoadedPipeline) -> None:
    prefix = "Headline\n\n"
    paragraph = "They want war, but we want peace."
    text = prefix + paragraph
    doc = pipeline.nlp(paragraph)
    shifted = devices_from_doc(doc, len(prefix))
    assert shifted
    for device in shifted:
        assert device.span.text_of(text) == device.span.shifted(-len(prefix)).text_of(paragraph)


def test_devices_from_doc_without_component_is_empty(pipeline: LoadedPipeline) -> None:
    doc = pipeline.nlp.make_doc("Withdraw the troops now!")
    assert devices_from_doc(doc, 0) == []


def test_same_words_two_devices_keep_their_own_reasons(pipeline: LoadedPipeline) -> None:
    """spaCy keys span extensions by offsets only; reasons must not leak between labels."""
    doc = pipeline.nlp("Join the millions!")
    by_id = {d.id: d for d in devices_from_doc(doc, 0)}
    assert by_id["bandwagon"].span == by_id["call-to-action"].span
    assert by_id["bandwagon"].reason != by_id["call-to-action"].reason


def test_adding_the_component_twice_is_a_no_op() -> None:
    import spacy

    nlp = spacy.blank("en")
    add_device_component(nlp)
    add_device_component(nlp)
    assert nlp.pipe_names.count(COMPONENT_NAME) == 1
    # A blank pipeline has no tags or parse: phrase lexicons still work, nothing raises.
    doc = nlp("There is no alternative, said the so-called expert. Withdraw!")
    ids = {device.id for device in devices_from_doc(doc, 0)}
    assert {"false-dilemma", "doubt"} <= ids


# --- The catalogue and the rule data -------------------------------------------------------


def test_catalogue_entries_are_complete() -> None:
    kinds = load_catalogue()
    assert len(kinds) >= 10
    assert len({kind.id for kind in kinds}) == len(kinds)
    for kind in kinds:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", kind.id)
        assert kind.category in DEVICE_CATEGORIES
        assert kind.name.strip() and kind.definition.strip() and kind.example.strip()
    techniques = {kind.id: kind.technique for kind in kinds}
    assert techniques["loaded-language"] == "Loaded_Language"
    assert techniques["name-calling"] == "Name_Calling,Labeling"
    assert techniques["false-dilemma"] == "Black-and-White_Fallacy"
    assert techniques["flag-waving"] == "Flag-Waving"
    assert techniques["appeal-to-fear"] == "Appeal_to_fear-prejudice"


PTC_TECHNIQUES = {
    "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Exaggeration,Minimisation",
    "Doubt", "Appeal_to_fear-prejudice", "Flag-Waving", "Causal_Oversimplification",
    "Appeal_to_Authority", "Slogans", "Whataboutism,Straw_Men,Red_Herring",
    "Black-and-White_Fallacy", "Thought-terminating_Cliches", "Bandwagon,Reductio_ad_hitlerum",
}


def test_catalogue_covers_the_corpus_techniques_and_the_classical_figures() -> None:
    kinds = {kind.id: kind for kind in load_catalogue()}
    techniques = {kind.technique for kind in kinds.values()}
    assert techniques >= PTC_TECHNIQUES
    assert techniques - PTC_TECHNIQUES <= {None}
    for figure in ("rhetorical-question", "scare-quotes", "anaphora", "antithesis", "tricolon",
                   "idiom", "weasel-words", "us-versus-them", "absolutes"):
        assert figure in kinds
        assert kinds[figure].technique is None


def test_catalogue_is_cached_but_returned_fresh() -> None:
    first = load_catalogue()
    first.clear()
    assert load_catalogue()


def test_broken_catalogue_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match=r"catalogue\.toml: device #1: category 'colour'"):
        parse_catalogue(
            '[[device]]\nid="x"\nname="X"\ncategory="colour"\ndefinition="d"\nexample="e"\n',
            "catalogue.toml",
        )


def test_lexicon_terms_belong_to_one_device() -> None:
    """A word in two devices' lexicons would be shown twice with two verdicts."""
    devices = {kind.id for kind in load_catalogue()}
    owner: dict[str, str] = {}
    for entry in data_dir().iterdir():
        if not entry.name.endswith(".toml") or entry.name == "catalogue.toml":
            continue
        rules, problems = parse_rules(
            read_rule_file(entry.read_text(encoding="utf-8"), entry.name), entry.name, devices
        )
        assert problems == []
        for rule in rules:
            for term in rule.terms:
                assert owner.setdefault(term, rule.device) == rule.device, term


def test_quotes_pair_and_never_cross_families() -> None:
    text = "He said “no” and the workers’ ‘rights’ were \"gone"
    quotes = find_quotes(text)
    spans = [text[q.start : q.end] for q in quotes]
    assert "“no”" in spans and "‘rights’" in spans
    assert inside_quote(quotes, text.index("gone"))  # an unclosed double quote runs on
    assert not inside_quote(quotes, text.index("workers"))


# --- User rule folders -----------------------------------------------------------------------


def run_with_rules(pipeline: LoadedPipeline, folder: Path, text: str) -> set[tuple[str, str]]:
    """Run a component built with ``folder`` as a user rule folder on ``text``."""
    component = SlantDevices(pipeline.nlp, extra_rule_dirs=[str(folder)])
    doc = component(pipeline.nlp(text))
    return found(devices_from_doc(doc, 0), text)


def test_user_rule_files_add_detections(pipeline: LoadedPipeline, tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[[lexicon]]\ndevice = "name-calling"\nreason = \'my label "{match}"\'\n'
        'terms = ["bean counter"]\n',
        encoding="utf-8",
    )
    (tmp_path / "more.json").write_text(
        json.dumps({"pattern": [{"device": "loaded-language",
                                 "pattern": [{"LOWER": "kerfuffle"}]}]}),
        encoding="utf-8",
    )
    found_here = run_with_rules(pipeline, tmp_path, "The bean counter caused a kerfuffle.")
    assert ("name-calling", "bean counter") in found_here
    assert ("loaded-language", "kerfuffle") in found_here
    assert rule_warnings() == []


def test_broken_user_rules_are_skipped_with_warnings(
    pipeline: LoadedPipeline, tmp_path: Path
) -> None:
    (tmp_path / "syntax.toml").write_text("[[lexicon]\ndevice = ", encoding="utf-8")
    (tmp_path / "unknown.toml").write_text(
        '[[lexicon]]\ndevice = "no-such-device"\nterms = ["x"]\n', encoding="utf-8"
    )
    (tmp_path / "badpattern.json").write_text(
        json.dumps({"pattern": [{"device": "idiom", "pattern": [{"NOT_AN_ATTR": "x"}]}]}),
        encoding="utf-8",
    )
    (tmp_path / "mixed.toml").write_text(
        '[[lexicon]]\ndevice = "idiom"\nterms = ["fiddling while rome burns"]\n'
        '[[lexicon]]\ndevice = "idiom"\nfilters = ["no-such-filter"]\nterms = ["y"]\n',
        encoding="utf-8",
    )
    found_here = run_with_rules(pipeline, tmp_path, "They are fiddling while Rome burns.")
    assert ("idiom", "fiddling while Rome burns") in found_here
    warnings = rule_warnings()
    assert len(warnings) == 4
    assert any("syntax.toml" in w and "not valid TOML" in w for w in warnings)
    assert any("unknown.toml" in w and "no-such-device" in w for w in warnings)
    assert any("badpattern.json" in w and "NOT_AN_ATTR" in w for w in warnings)
    assert any("mixed.toml" in w and "no-such-filter" in w for w in warnings)


def test_failing_detector_is_reported_not_raised(
    pipeline: LoadedPipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.analysis.devices.detectors import DETECTORS, Detector

    def boom(*_: object) -> list[tuple[int, int, str]]:
        raise RuntimeError("boom")

    monkeypatch.setitem(DETECTORS, "repetition", Detector(boom, DETECTORS["repetition"].options))
    component = SlantDevices(pipeline.nlp)
    text = "They promised jobs, jobs and jobs. There is no alternative."
    devices = devices_from_doc(component(pipeline.nlp(text)), 0)
    assert ("false-dilemma", "There is no alternative") in found(devices, text)
    assert [w for w in rule_warnings() if "'repetition'" in w and "boom" in w]


def test_missing_user_rule_folder_is_ignored(pipeline: LoadedPipeline, tmp_path: Path) -> None:
    assert ("false-dilemma", "There is no alternative") in run_with_rules(
        pipeline, tmp_path / "absent", "There is no alternative."
    )
    assert rule_warnings() == []


# --- Purity ------------------------------------------------------------------------------------


def test_catalogue_loads_without_spacy_textual_or_rich() -> None:
    probe = (
        "import sys\n"
        "from tui.analysis.devices import load_catalogue\n"
        "assert load_catalogue()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'textual', 'rich'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


# --- Evidence and voice ----------------------------------------------------------------------


def test_every_device_says_what_fired(pipeline: LoadedPipeline, sample_text: str) -> None:
    kinds = {kind.id: kind for kind in load_catalogue()}
    for device in devices_in(sample_text, pipeline):
        assert device.evidence in ("lexicon", "rule", "pattern", "model")
        assert device.rule
        assert 0.0 < device.confidence <= 1.0
        assert device.technique == kinds[device.id].technique


def test_lexicon_and_pattern_evidence_name_their_rule(pipeline: LoadedPipeline) -> None:
    text = "The warmongers say there is no alternative. Withdraw the troops!"
    by_words = {d.span.text_of(text): d for d in devices_in(text, pipeline)}
    label = by_words["warmongers"]
    assert (label.evidence, label.rule.split("#")[0]) == ("lexicon", "labels.toml")
    assert label.reason == 'label "warmongers"'
    command = by_words["Withdraw the troops"]
    assert command.evidence == "rule" and command.rule.startswith("figures.toml#detector")


def test_model_devices_carry_their_confidence(pipeline: LoadedPipeline) -> None:
    from tui.analysis.devices.learned import MODEL_NAME

    text = (
        "The corrupt, lying media mob launched yet another vicious smear campaign against "
        "our heroic patriots, a disgusting witch hunt by traitors who hate this country."
    )
    learned = [d for d in devices_in(text, pipeline) if d.evidence == "model"]
    assert learned
    for device in learned:
        assert device.rule == MODEL_NAME
        assert 0.0 < device.confidence < 1.0
        assert device.technique is not None
        assert device.reason.startswith("model: ")


def test_devices_in_a_quotation_are_in_the_speakers_voice(pipeline: LoadedPipeline) -> None:
    text = 'The senator said: "This disgraceful scheme is a sham." The plan is disgraceful.'
    devices = [d for d in devices_in(text, pipeline) if d.id == "loaded-language"]
    quoted = [d for d in devices if d.span.start < text.index("The plan")]
    own = [d for d in devices if d.span.start >= text.index("The plan")]
    assert quoted and own
    assert all("senator" in d.voice.lower() for d in quoted)
    assert all(d.in_author_voice for d in own)


def test_assign_voices_uses_the_tightest_non_author_content() -> None:
    from tui.analysis.devices.voice import assign_voices
    from tui.analysis.model import AUTHOR, Claim, Span

    def claim(speaker: str, *pieces: tuple[int, int]) -> Claim:
        spans = tuple(Span(*piece) for piece in pieces)
        whole = Span(spans[0].start, spans[-1].end)
        return Claim(speaker, None, None, "", whole, whole, content_spans=spans)

    def device(start: int, end: int) -> Device:
        return Device("loaded-language", "Loaded language", "loaded-language",
                      Span(start, end), "r")

    claims = (
        claim(AUTHOR, (0, 100)),
        claim("Ana", (10, 50)),
        claim("Bo", (20, 30)),
        claim("Cy", (60, 70), (80, 90)),
    )
    voiced = assign_voices([device(5, 8), device(12, 15), device(22, 25), device(82, 85),
                            device(72, 78), device(45, 55)], claims)
    assert [d.voice for d in voiced] == [AUTHOR, "Ana", "Bo", "Cy", AUTHOR, AUTHOR]
    assert assign_voices([], claims) == ()


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 120), st.sampled_from("ABC")),
                max_size=12),
       st.lists(st.tuples(st.integers(0, 400), st.integers(0, 20)), max_size=12))
def test_voices_equal_looking_at_every_claim(pieces: list[tuple[int, int, str]],
                                              spans: list[tuple[int, int]]) -> None:
    from tui.analysis.devices.voice import assign_voices
    from tui.analysis.model import AUTHOR, Claim, Span

    claims = [Claim(speaker if speaker != "C" else AUTHOR, None, None, "",
                    Span(start, start + length), Span(start, start + length))
              for start, length, speaker in pieces]
    devices = [Device("loaded-language", "Loaded language", "loaded-language",
                      Span(start, start + length), "r") for start, length in spans]

    def looked_up(device: Device) -> str:  # every claim, the tightest, the earlier on ties
        best: tuple[int, str] | None = None
        for claim in claims:
            if not claim.is_author and claim.content.contains(device.span) and (
                    best is None or len(claim.content) < best[0]):
                best = (len(claim.content), claim.speaker)
        return AUTHOR if best is None else best[1]

    assert [d.voice for d in assign_voices(devices, claims)] == [looked_up(d) for d in devices]


# --- Shaping the trained layer's spans -----------------------------------------------------


def test_bridge_joins_close_spans_of_one_technique_within_a_sentence(
    pipeline: LoadedPipeline,
) -> None:
    from tui.analysis.devices.decoding import ModelHit, bridge

    doc = pipeline.nlp("They waged a brutal and illegal war. Nobody cared at all.")
    starts = doc.to_array("SENT_START")
    brutal = ModelHit(3, 4, "Loaded_Language", 0.7)
    illegal = ModelHit(5, 6, "Loaded_Language", 0.5)
    joined = bridge([brutal, illegal], starts, 2)
    assert [(hit.start, hit.end, hit.confidence) for hit in joined] == [(3, 6, 0.7)]
    # Other techniques, gaps too wide and sentence starts keep spans apart.
    assert len(bridge([brutal, ModelHit(5, 6, "Doubt", 0.5)], starts, 2)) == 2
    assert len(bridge([brutal, illegal], starts, 0)) == 2
    nobody = ModelHit(8, 9, "Loaded_Language", 0.5)
    assert len(bridge([ModelHit(6, 7, "Loaded_Language", 0.5), nobody], starts, 3)) == 2


def test_widen_takes_the_sentence_or_clause_without_end_punctuation(
    pipeline: LoadedPipeline,
) -> None:
    from tui.analysis.devices.decoding import ModelHit, widen

    text = "Officials said that the report was surely a fabrication. It rained."
    doc = pipeline.nlp(text)
    surely = next(token.i for token in doc if token.text == "surely")
    hit = ModelHit(surely, surely + 1, "Doubt", 0.6)
    sentence = widen(doc, hit, "sentence")
    assert doc[sentence.start : sentence.end].text == text.split(". ")[0]
    clause = widen(doc, hit, "clause")
    assert clause.start <= hit.start and clause.end >= hit.end
    assert doc[clause.end - 1].text != "."
    assert widen(doc, hit, "") == hit


def test_pair_keys_pair_each_word_with_its_neighbours() -> None:
    from tui.analysis.devices.learned import pair_keys

    keys = pair_keys(["deep", "state", "lie"])
    assert [key.split("\x1f") for key in keys] == [
        ["L", "^", "deep"], ["L", "deep", "state"], ["L", "state", "lie"],
        ["R", "deep", "state"], ["R", "state", "lie"], ["R", "lie", "$"],
    ]
