"""Claim extraction measured on the PolNeAR attribution corpus, against textacy.

    python benchmarks/eval_claims.py [--split train|dev] [--limit N] [--no-textacy]

Reads ``$SLANT_SHARED_DIR/eval/polnear/<split>`` (default ``<repo>/../shared``), one
annotator per document (the first in sort order), runs Slant's claim extraction on every
document and prints, as ``../shared/eval/README.md`` defines them:

- per role (source, cue, content): precision, recall and F1 with *partial* matching (a
  one-to-one pairing of spans that share at least one character) and *exact* matching
  (equal after trimming whitespace, quotes and punctuation at both ends);
- per relation: F1 when a claim's content overlaps an attribution's content, when its
  source overlaps too, and when its cue overlaps too.

Slant's claims without a cue (the author's own unattributed sentences) are not attributions
in PolNeAR's sense and are left out; the source is the speaker's mention in the sentence.
The same figures are printed for textacy's ``direct_quotations`` when textacy is installed
(``pip install ".[bench]"``). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speaker_identity import Identity

if TYPE_CHECKING:
    from tui.analysis.model import Claim

Piece = tuple[int, int]
Spans = tuple[Piece, ...]
ROLES = ("source", "cue", "content")
_TRIM = " \t\n\r\"'“”‘’«»„.,;:!?()[]—–-…"


@dataclass
class Relation:
    """One attribution: content, cue and source as sets of character pieces."""

    content: Spans
    cue: Spans = ()
    source: Spans = ()
    key: str = ""
    """The system's speaker key (empty for gold attributions)."""


@dataclass
class Document:
    """A corpus document with its gold attributions."""

    name: str
    text: str
    gold: list[Relation] = field(default_factory=list)


class Found(list[Relation]):
    """A system's relations in one document, with the texts of its PERSON entities."""

    def __init__(self, relations: Iterable[Relation], persons: set[str]) -> None:
        super().__init__(relations)
        self.persons = persons


def shared_dir() -> Path:
    """The shared data folder: ``$SLANT_SHARED_DIR`` or ``<repo>/../shared``."""
    default = Path(__file__).resolve().parents[1].parent / "shared"
    return Path(os.environ.get("SLANT_SHARED_DIR", default))


def _pieces(field_text: str) -> Spans:
    """``"12 20;25 30"`` → ``((12, 20), (25, 30))``."""
    found = []
    for part in field_text.split(";"):
        start, end = part.split()
        found.append((int(start), int(end)))
    return tuple(sorted(found))


def read_ann(path: Path) -> list[Relation]:
    """The attributions of one brat file (``T`` spans linked by ``E`` lines)."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            role, _, where = cols[1].partition(" ")
            if role in ("Source", "Cue", "Content"):
                spans[cols[0]] = _pieces(where)
        elif line.startswith("E") and len(cols) >= 2:
            args = dict(arg.split(":", 1) for arg in cols[1].split() if ":" in arg)
            events.append(args)
    relations = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if not content:
            continue
        cue = spans.get(args.get("Cue", ""), ())
        relations.append(Relation(content, cue, spans.get(args.get("Source", ""), ())))
    return relations


def load_split(split: str, limit: int | None) -> list[Document]:
    """The documents of ``split`` with the first annotator's attributions."""
    root = shared_dir() / "eval" / "polnear" / split
    by_doc: dict[str, list[Path]] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        name, _, _annotator = ann.stem.rpartition("_")
        by_doc.setdefault(name, []).append(ann)
    documents = []
    for text_path in sorted((root / "text").glob("*.txt")):
        anns = by_doc.get(text_path.stem)
        if not anns:
            continue
        documents.append(Document(text_path.stem, text_path.read_text("utf-8"), read_ann(anns[0])))
        if limit is not None and len(documents) >= limit:
            break
    return documents


# -- matching ---------------------------------------------------------------------------


def overlaps(a: Spans, b: Spans) -> bool:
    """True when two piece sets share at least one character."""
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def max_pairing(left: Sequence[object], right: Sequence[object], fits: object) -> int:
    """Size of a maximum one-to-one pairing of ``left`` with ``right`` under ``fits``."""
    assert callable(fits)
    edges = [[j for j, r in enumerate(right) if fits(item, r)] for item in left]
    owner: list[int] = [-1] * len(right)

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] == -1 or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(left)) if edges[i] and augment(i, set()))


def trimmed(text: str, spans: Spans) -> Spans:
    """The extent of the pieces (first start to last end) with whitespace, quotes and
    punctuation removed at both ends.

    Discontinuous spans are compared by their extent: the corpus marks a quotation split
    around its cue sometimes as two pieces and sometimes as one span over the cue.
    """
    if not spans:
        return ()
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return ((start, end),) if start < end else ()


@dataclass
class Tally:
    """Counts of system items, gold items and matches."""

    system: int = 0
    gold: int = 0
    matched: int = 0

    def add(self, system: int, gold: int, matched: int) -> None:
        """Add one document's counts."""
        self.system += system
        self.gold += gold
        self.matched += matched

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1."""
        p = self.matched / self.system if self.system else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    """Every figure of the benchmark for one system."""

    partial: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})
    exact: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})
    relation: dict[str, Tally] = field(
        default_factory=lambda: {k: Tally() for k in ("content", "+source", "+cue")}
    )
    identity: Identity = field(default_factory=Identity)

    def add(self, text: str, system: list[Relation], gold: list[Relation]) -> None:
        """Score one document."""
        for role in ROLES:
            sys_spans = sorted({getattr(r, role) for r in system if getattr(r, role)})
            gold_spans = sorted({getattr(r, role) for r in gold if getattr(r, role)})
            self.partial[role].add(
                len(sys_spans), len(gold_spans), max_pairing(sys_spans, gold_spans, overlaps)
            )
            sys_exact = {trimmed(text, s) for s in sys_spans} - {()}
            gold_exact = {trimmed(text, s) for s in gold_spans} - {()}
            self.exact[role].add(len(sys_exact), len(gold_exact), len(sys_exact & gold_exact))

        def with_source(a: Relation, b: Relation) -> bool:
            if not overlaps(a.content, b.content):
                return False
            return overlaps(a.source, b.source) if b.source else not a.source

        def with_cue(a: Relation, b: Relation) -> bool:
            return with_source(a, b) and overlaps(a.cue, b.cue)

        for key, fits in (
            ("content", lambda a, b: overlaps(a.content, b.content)),
            ("+source", with_source),
            ("+cue", with_cue),
        ):
            self.relation[key].add(len(system), len(gold), max_pairing(system, gold, fits))
        if isinstance(system, Found):
            self.identity.add(text, gold, system, system.persons)

    def report(self, title: str) -> None:
        """Print the figures."""
        print(f"\n== {title}")
        print(f"{'role':<9}{'partial P':>10}{'R':>7}{'F1':>7}   {'exact P':>8}{'R':>7}{'F1':>7}")
        for role in ROLES:
            p, r, f = self.partial[role].prf()
            ep, er, ef = self.exact[role].prf()
            print(f"{role:<9}{p:>10.3f}{r:>7.3f}{f:>7.3f}   {ep:>8.3f}{er:>7.3f}{ef:>7.3f}")
        names = {"content": "content", "+source": "content+source", "+cue": "content+source+cue"}
        for key, tally in self.relation.items():
            p, r, f = tally.prf()
            print(f"relation {names[key]:<19} P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
                  f"   ({tally.matched}/{tally.system} system, {tally.gold} gold)")
        if self.identity.named and self.identity.same + self.identity.different:
            self.identity.report()


# -- systems ----------------------------------------------------------------------------


def slant_relations(documents: Iterable[Document], nlp: object) -> Iterable[list[Relation]]:
    """Slant's claims with a cue, document by document, as the reader computes them."""
    from tui.analysis.claims.extraction import claims_from_doc
    from tui.analysis.claims.linking import link_speakers
    from tui.analysis.entities import entities_from_doc
    from tui.analysis.pipeline import split_paragraphs

    for document in documents:
        paragraphs = split_paragraphs(document.text)
        texts = [p.span.text_of(document.text) for p in paragraphs]
        claims, entities = [], []
        for paragraph, doc in zip(paragraphs, nlp.pipe(texts), strict=True):  # type: ignore[attr-defined]
            claims.extend(claims_from_doc(doc, paragraph.span.start))
            entities.extend(entities_from_doc(doc, paragraph.span.start))
        linked = link_speakers(tuple(claims), tuple(entities), document.text)
        yield Found([
            Relation(
                tuple((p.start, p.end) for p in claim.pieces),
                ((claim.cue.start, claim.cue.end),) if claim.cue else (),
                _source(claim),
                claim.key,
            )
            for claim in linked
            if claim.cue is not None
        ], persons={" ".join(e.text.replace("’", "'").lower().split())
                    for e in entities if e.label == "PERSON"})


def _source(claim: Claim) -> Spans:
    """The words naming the speaker where the claim is made: the last mention ("who",
    "he", the author's "we"), else the speaker's name."""
    span = claim.speaker_mentions[-1] if claim.speaker_mentions else claim.speaker_span
    return ((span.start, span.end),) if span is not None else ()


def textacy_relations(documents: Iterable[Document], nlp: object) -> Iterable[list[Relation]]:
    """textacy's ``direct_quotations`` on each whole document; an error yields nothing."""
    from textacy.extract.triples import direct_quotations

    def extent(tokens: Sequence[object]) -> Spans:
        if not tokens:
            return ()
        first, last = tokens[0], tokens[-1]
        return ((first.idx, last.idx + len(last.text)),)  # type: ignore[attr-defined]

    failures = 0
    for document in documents:
        doc = nlp(document.text)  # type: ignore[operator]
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # textacy raises on unbalanced quotation marks
            failures += 1
            triples = []
        yield [
            Relation(
                ((t.content.start_char, t.content.end_char),),
                extent(sorted(t.cue, key=lambda w: w.i)),
                extent(sorted(t.speaker, key=lambda w: w.i)),
            )
            for t in triples
        ]
    print(f"textacy raised an error on {failures} document(s)")


def run(title: str, documents: list[Document], relations: Iterable[list[Relation]]) -> None:
    """Score ``relations`` (one list per document) and print the figures."""
    scores = Scores()
    started = time.perf_counter()
    for document, system in zip(documents, relations, strict=True):
        scores.add(document.text, system, document.gold)
    seconds = time.perf_counter() - started
    words = sum(len(d.text.split()) for d in documents)
    scores.report(f"{title} ({len(documents)} documents, {words:,} words, {seconds:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: Slant's choice)")
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy baseline")
    parser.add_argument("--encoder", action="store_true",
                        help="with the fine-tuned encoder's claims head (as --encoder does)")
    args = parser.parse_args(argv)
    if not (shared_dir() / "eval" / "polnear" / args.split).is_dir():
        print(f"skipped: no PolNeAR corpus under {shared_dir() / 'eval' / 'polnear'} "
              "(set SLANT_SHARED_DIR)")
        return 0
    from tui.analysis.pipeline import load_pipeline

    documents = load_split(args.split, args.limit)
    # The encoder runs inside the device component (one pass for both heads): with it the
    # devices are found too, as in the reader; without it they are left out (faster).
    loaded = load_pipeline(args.model, with_devices=args.encoder)
    title = "Slant"
    if args.encoder:
        from tui.encoder import encoder_problem
        from tui.engine.layers import attach_encoder

        if not attach_encoder(loaded.nlp, threads=os.cpu_count() or 1):
            print(f"--encoder: {encoder_problem()}", file=sys.stderr)
            return 1
        title = "Slant with the encoder"
    print(f"PolNeAR {args.split}: {len(documents)} documents, "
          f"{sum(len(d.gold) for d in documents)} attributions; model {loaded.name}")
    run(title, documents, slant_relations(documents, loaded.nlp))
    if args.no_textacy:
        return 0
    try:
        import textacy  # noqa: F401
    except ImportError:
        print('\ntextacy is not installed: baseline skipped (pip install ".[bench]")')
        return 0
    run("textacy direct_quotations", documents, textacy_relations(documents, loaded.nlp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
