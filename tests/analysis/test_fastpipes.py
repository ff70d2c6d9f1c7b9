"""The attribute ruler and lemmatizer run by lookups annotate exactly as spaCy's own."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from tui.analysis.fastpipes import FastAttributeRuler, speed_up_pipeline
from tui.analysis.pipeline import installed_models, split_paragraphs
from tui.documents.loading import Document

# Forms the ruler's multi-word and exceptional patterns are about, in ordinary sentences.
SENTENCES = (
    "I'm gonna tell y'all something: we ain't done, and you gotta know it. Let's go! "
    "C'mon. They're doin' nothin' but somethin' with 'em, ol' boy. 'Nuff said. "
    "I'd have gone, but she'd go. It's there. There's a dog and there are cats. "
    "Was there one? But he came. That is what I need, that I know.   And then   spaces.\n"
    "Nobody knew anything; everyone said something. Can't, won't, shan't, mustn't."
)


def annotations(doc: spacy.tokens.Doc) -> list[tuple[object, ...]]:
    rows = doc.to_array([POS, TAG, LEMMA, DEP, MORPH, HEAD]).tolist()
    return [(*row, token.lemma_, str(token.morph)) for row, token in zip(rows, doc, strict=True)]


def test_fast_components_annotate_as_spacy_does(sample: Document) -> None:
    model = installed_models()[0]
    stock, fast = spacy.load(model), spacy.load(model)
    assert speed_up_pipeline(fast) == ["attribute_ruler", "lemmatizer"]
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    texts = [SENTENCES] + [p.span.text_of(sample.text) for p in split_paragraphs(sample.text)]
    for expected, found in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert annotations(found) == annotations(expected)
    # The components keep their names and place: only how they run differs.
    assert fast.pipe_names == stock.pipe_names


def test_a_pipeline_is_sped_up_once() -> None:
    nlp = spacy.load(installed_models()[0])
    assert speed_up_pipeline(nlp) == ["attribute_ruler", "lemmatizer"]
    assert speed_up_pipeline(nlp) == ["attribute_ruler", "lemmatizer"]
    assert nlp("It works.")[1].lemma_ == "work"
