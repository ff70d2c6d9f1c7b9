"""The ``slant_devices`` spaCy component, modelled on spaCy's ``SpanRuler``.

At construction it reads the packaged rule files (and any user rule folders), compiles the
lexicons into ``PhraseMatcher``s (on lower-case form, lemma and normalised form), the token
patterns into one ``Matcher`` and the dependency patterns into one ``DependencyMatcher``, and
keeps the procedural detectors. On each doc it runs them all,
checks and widens the matches as the rules say, and writes the result to
``doc.spans["slant_devices"]``: possibly overlapping spans labelled with the device id. The
reason for each span is kept in the span group's ``attrs`` and readable as
``span._.slant_reason``.

It runs past the house's ~400 lines because the component builds its matchers and runs
them in one class, as spaCy's own span ruler does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc, SpanGroup
from spacy.tokens import Span as SpacySpan

from ..model import Device, Span
from .catalogue import CATALOGUE_FILE, catalogue_by_id, data_dir
from .detectors import DETECTORS, short
from .encoded import PieceScorer, encode_doc, encoder_settings, token_matrix
from .filters import EXPANSIONS, FILTERS, DocContext
from .gates import Gates, literal_words
from .keys import COMPONENT_NAME, EVIDENCE_ATTR, REASON_EXTENSION, REASONS_ATTR, SPANS_KEY
from .learned import MODEL_FILE, MODEL_NAME, SpanModel
from .rules import RULE_SUFFIXES, Rule, RuleFileError, parse_rules, read_rule_file, rule_files_in

__all__ = [
    "SlantDevices",
    "add_device_component",
    "devices_from_doc",
    "rule_warnings",
]

# Words that turn a label into its opposite when hyphenated to it ("anti-imperialist").
_NEGATING_PREFIXES = frozenset({"anti", "non", "pro", "counter"})

_log = logging.getLogger(__name__)
_last_warnings: list[str] = []


@dataclass(frozen=True, slots=True)
class _Found:
    """A device found on the token range ``[start, end)`` of a doc, and why."""

    start: int
    end: int
    device: str
    reason: str
    evidence: str = "rule"
    rule: str = ""
    confidence: float = 1.0


class SlantDevices:
    """Finds rhetorical devices and writes them to ``doc.spans[spans_key]``."""

    def __init__(
        self,
        nlp: Language,
        name: str = COMPONENT_NAME,
        *,
        extra_rule_dirs: Sequence[str] = (),
        spans_key: str = SPANS_KEY,
        use_model: bool = True,
    ) -> None:
        """Read and compile the packaged rules, then the rules in ``extra_rule_dirs``, and
        load the trained layer (unless ``use_model`` is false or no weights are shipped).

        Raises:
            ValueError: when a packaged rule file is broken (a bug in Slant). Broken user
                rule files never raise: they are skipped and listed in :attr:`warnings` (and
                by :func:`rule_warnings`).
        """
        self.name = name
        """The pipe name."""
        self.spans_key = spans_key
        """The ``doc.spans`` key written."""
        self.warnings: list[str] = []
        """One message per user rule file or rule that was skipped, naming file and problem."""
        self._kinds = catalogue_by_id()
        self._model = SpanModel.load(data_dir() / MODEL_FILE) if use_model else None
        self.encoder: PieceScorer | None = None
        """The fine-tuned encoder whose probabilities join the trained layer's (given by
        the engine after loading, see :mod:`tui.encoder`); ``None`` without it."""
        # The model speaks of corpus techniques; each is shown as the first kind naming it.
        self._by_technique: dict[str, str] = {}
        for kind in self._kinds.values():
            if kind.technique:
                self._by_technique.setdefault(kind.technique, kind.id)
        self._rules: dict[str, Rule] = {}
        self._detectors: list[Rule] = []
        self._failed: set[str] = set()
        self._make_doc = nlp.make_doc
        self._vocab = nlp.vocab
        # Lexicons go to PhraseMatchers (hash lookups, cheap however long the lists); the
        # token Matcher is kept for real patterns, whose cost grows with their number.
        self._matcher = Matcher(nlp.vocab, validate=True)
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self._words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._dependencies = DependencyMatcher(nlp.vocab, validate=True)
        # The dependency and token matchers cost a pass over every token they are given, so
        # they only see the sentences holding the literal words some pattern needs (gates.py).
        self._dependency_gates = Gates()
        self._pattern_gates = Gates()
        packaged = sorted(
            (entry for entry in data_dir().iterdir() if entry.name.endswith(RULE_SUFFIXES)),
            key=lambda entry: entry.name,
        )
        for entry in packaged:
            if entry.name != CATALOGUE_FILE:
                self._load(entry.read_text(encoding="utf-8"), entry.name, strict=True)
        for directory in extra_rule_dirs:
            for path in rule_files_in(Path(directory).expanduser()):
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as error:
                    self.warnings.append(f"{path}: cannot read: {error}")
                    continue
                self._load(text, str(path), strict=False)
        _last_warnings[:] = self.warnings

    def _load(self, text: str, source: str, *, strict: bool) -> None:
        """Parse, validate and compile one rule file."""
        try:
            rules, problems = parse_rules(read_rule_file(text, source), source, self._kinds)
        except RuleFileError as error:
            rules, problems = [], [str(error)]
        for rule in rules:
            try:
                self._compile(rule)
            except ValueError as error:  # spaCy's MatchPatternError is a ValueError
                problems.append(f"{source}: rule {rule.key}: {' '.join(str(error).split())}")
        if problems and strict:
            raise ValueError("; ".join(problems))
        self.warnings.extend(problems)

    def _compile(self, rule: Rule) -> None:
        """Add one rule to the matcher it belongs to."""
        if rule.kind == "lexicon":
            words: list[str] = []
            phrases: list[str] = []
            for term in rule.terms:
                (words if len(self._make_doc(term)) == 1 else phrases).append(term)
            if words:
                # Lemma finds inflections ("profiteers"); the lower-case form covers words the
                # lemmatizer leaves alone (capitalised at a sentence start, unknown words).
                self._words.add(rule.key, [self._make_doc(word) for word in words])
                lemmas = [Doc(self._vocab, words=[word], lemmas=[word]) for word in words]
                self._lemmas.add(rule.key, lemmas)
            if phrases:
                self._phrases.add(rule.key, [self._make_doc(phrase) for phrase in phrases])
        elif rule.kind == "pattern":
            self._matcher.add(rule.key, list(rule.patterns))
            for pattern in rule.patterns:
                # Only tokens the pattern cannot skip name words the doc must hold.
                required = [{"RIGHT_ATTRS": token} for token in pattern
                            if isinstance(token, dict) and token.get("OP") in (None, "+")]
                self._pattern_gates.add(literal_words(required, self._vocab.strings))
        elif rule.kind == "dependency":
            self._dependencies.add(rule.key, list(rule.patterns))
            for pattern in rule.patterns:
                self._dependency_gates.add(literal_words(pattern, self._vocab.strings))
        else:
            self._detectors.append(rule)
        self._rules[rule.key] = rule

    def __call__(self, doc: Any) -> Any:
        """Find the devices in ``doc`` and write them to ``doc.spans[self.spans_key]``."""
        found: list[_Found] = []
        if len(doc):
            ctx = DocContext(doc)
            found = _resolve(doc, self._matches(ctx) + self._detect(ctx))
            if self._model is not None:
                # A model span starting on a rule's words of its kind would hide one of the two
                # from a reader stepping through the devices (they go from start to start); the
                # rule's words, with their reason, are kept. So are a rule's exact words when
                # the model names them otherwise: the rule says why they fired.
                starts = {(item.device, item.start) for item in found}
                extents = {(item.start, item.end) for item in found}
                learned = [
                    item for item in self._learned(ctx, found)
                    if (item.device, item.start) not in starts
                    and (item.start, item.end) not in extents
                ]
                found = _resolve(doc, found + learned)
        spans: list[Any] = []
        reasons: dict[str, str] = {}
        evidence: dict[str, tuple[str, str, float]] = {}
        for item in found:
            spans.append(SpacySpan(doc, item.start, item.end, label=item.device))
            key = _reason_key(item.device, item.start, item.end)
            reasons[key] = item.reason
            evidence[key] = (item.evidence, item.rule, item.confidence)
        attrs = {REASONS_ATTR: reasons, EVIDENCE_ATTR: evidence}
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, attrs=attrs, spans=spans)
        return doc

    def _learned(self, ctx: DocContext, rules: list[_Found]) -> list[_Found]:
        """The trained layer's spans, given what the rules found."""
        assert self._model is not None
        found: list[_Found] = []
        encoded, settings, name = None, None, MODEL_NAME
        if self.encoder is not None and ctx.parsed:
            pieces = encode_doc(self.encoder, ctx.doc)
            encoded = token_matrix(ctx.doc, pieces, self.encoder.labels, self._model.labels)
            settings = encoder_settings(self.encoder)
            name = self.encoder.name if settings.mix >= 1.0 else f"{MODEL_NAME}+{self.encoder.name}"
        hits = self._model.predict(
            ctx.doc, [(item.start, item.end, item.device) for item in rules], ctx.quotes,
            encoded, settings,
        )
        for hit in hits:
            device = self._by_technique.get(hit.technique)
            if device is not None:
                reason = f"model: {hit.technique} ({hit.confidence:.0%})"
                found.append(
                    _Found(hit.start, hit.end, device, reason, "model", name, hit.confidence)
                )
        return found

    def _matches(self, ctx: DocContext) -> list[_Found]:
        """Run the three matchers and turn their matches into devices."""
        doc = ctx.doc
        strings = doc.vocab.strings
        raw: list[tuple[str, int, int]] = []
        matchers: list[Any] = [self._phrases, self._words]
        present: dict[str, Any] = {}
        if doc.has_annotation("POS") and doc.has_annotation("LEMMA"):
            matchers.append(self._lemmas)
            # The token patterns only over the sentences holding their words (see gates.py).
            if len(self._matcher):
                for first, last in self._pattern_gates.runs(doc, present):
                    raw += [(strings[key], first + start, first + end)
                            for key, start, end in self._matcher(doc[first:last])]
        for matcher in matchers:
            if len(matcher):
                raw += [(strings[key], start, end) for key, start, end in matcher(doc)]
        if ctx.parsed and len(self._dependencies):
            for first, last in self._dependency_gates.runs(doc, present):
                for key, tokens in self._dependencies(doc[first:last]):
                    raw.append((strings[key], first + min(tokens), first + max(tokens) + 1))
        chosen: dict[tuple[str, int], tuple[int, int]] = {}
        for name, start, end in raw:
            rule = self._rules[name]
            best = chosen.get((name, start))
            shorter = best is not None and end - start < best[1] - best[0]
            if best is None or shorter == (rule.prefer == "shortest"):
                chosen[(name, start)] = (start, end)
        found: list[_Found] = []
        for (name, _), (start, end) in chosen.items():
            rule = self._rules[name]
            if self._accepts(ctx, rule, start, end):
                found.append(self._explain(ctx, rule, start, end))
        return found

    def _accepts(self, ctx: DocContext, rule: Rule, start: int, end: int) -> bool:
        """Apply a rule's vetoes and filters to one match."""
        doc = ctx.doc
        if rule.max_tokens and end - start > rule.max_tokens:
            return False
        if rule.pos and end - start == 1 and doc[start].pos_ not in rule.pos:
            return False  # "pos" limits single words; phrases are specific enough
        if start > 0 and doc[start - 1].lower_ in rule.not_preceded_by:
            return False
        if end < len(doc) and doc[end].lower_ in rule.not_followed_by:
            return False
        if rule.kind == "lexicon" and start > 1 and doc[start - 1].text == "-":
            hyphenated = doc[start - 2].idx + len(doc[start - 2].text) == doc[start - 1].idx
            if hyphenated and doc[start - 2].lower_ in _NEGATING_PREFIXES:
                return False
        return all(FILTERS[name](ctx, start, end) for name in rule.filters)

    def _explain(self, ctx: DocContext, rule: Rule, start: int, end: int) -> _Found:
        """Widen an accepted match as the rule says and fill in its reason."""
        matched = ctx.doc[start:end]
        if rule.expand:
            start, end = EXPANSIONS[rule.expand](ctx, start, end)
        reason = rule.reason.format(
            match=short(matched.text),
            text=short(ctx.doc[start:end].text),
            lemma=matched[0].lemma_.lower(),
        )
        evidence = "lexicon" if rule.kind == "lexicon" else "pattern"
        return _Found(start, end, rule.device, reason, evidence, rule.key)

    def _detect(self, ctx: DocContext) -> list[_Found]:
        """Run the procedural detectors; one that fails is reported once and skipped."""
        found: list[_Found] = []
        for rule in self._detectors:
            try:
                hits = DETECTORS[rule.detector].run(ctx, rule.options)
            except Exception as error:  # never let one detector lose a paragraph's analysis
                if rule.key not in self._failed:
                    self._failed.add(rule.key)
                    message = f"detector {rule.detector!r} ({rule.key}) failed: {error!r}"
                    _log.exception(message)
                    self.warnings.append(message)
                    _last_warnings.append(message)
                continue
            found += [
                _Found(start, end, rule.device, reason, "rule", rule.key)
                for start, end, reason in hits
            ]
        return found


def _resolve(doc: Any, found: Iterable[_Found]) -> list[_Found]:
    """Trim, deduplicate and order found devices; drop one nested in another of its kind."""
    unique: dict[tuple[str, int, int], _Found] = {}
    for item in found:
        start, end = max(item.start, 0), min(item.end, len(doc))
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            trimmed = replace(item, start=start, end=end)
            unique.setdefault((item.device, start, end), trimmed)
    kept: list[_Found] = []
    for item in sorted(unique.values(), key=lambda f: (f.start, -f.end, f.device)):
        # A rule's precise words inside the model's wider span of the same kind stay: the
        # rule says why, the model shows the extent.
        if not any(
            other.device == item.device
            and (other.evidence == "model") == (item.evidence == "model")
            and other.start <= item.start
            and item.end <= other.end
            for other in kept
        ):
            kept.append(item)
    return sorted(kept, key=lambda f: (f.start, f.end, f.device))


def _reason_key(label: str, start: int, end: int) -> str:
    """The key of a span's reason in :data:`REASONS_ATTR`."""
    return f"{label} {start} {end}"


def _reason_of(span: Any) -> str | None:
    """Getter of ``span._.slant_reason``: the reason stored for a device span, if any."""
    key = _reason_key(span.label_, span.start, span.end)
    for group in span.doc.spans.values():
        reasons = group.attrs.get(REASONS_ATTR)
        if isinstance(reasons, dict) and key in reasons:
            return str(reasons[key])
    return None


def make_slant_devices(
    nlp: Any, name: str, extra_rule_dirs: list[str], spans_key: str, use_model: bool
) -> SlantDevices:
    """spaCy factory of the ``slant_devices`` component."""
    return SlantDevices(
        nlp, name, extra_rule_dirs=extra_rule_dirs, spans_key=spans_key, use_model=use_model
    )


# Registered by call rather than decorator: spaCy is untyped, and mypy --strict rejects
# untyped decorators. Guarded so that re-importing the module is harmless.
if not Language.has_factory(COMPONENT_NAME):
    Language.factory(
        COMPONENT_NAME,
        default_config={"extra_rule_dirs": [], "spans_key": SPANS_KEY, "use_model": True},
        assigns=["doc.spans"],
        func=make_slant_devices,
    )
if not SpacySpan.has_extension(REASON_EXTENSION):
    SpacySpan.set_extension(REASON_EXTENSION, getter=_reason_of)


def add_device_component(nlp: Language, extra_rule_dirs: Iterable[str | Path] = ()) -> None:
    """Add the device component at the end of ``nlp``'s pipeline.

    ``extra_rule_dirs`` are folders of user rule files (TOML or JSON, the packaged format);
    missing folders are ignored and broken files are skipped, see :func:`rule_warnings`.
    Adding the component to a pipeline that has it already is a no-op (the rule folders of
    the first call stay in force).

    Raises:
        ValueError: only when a packaged rule file is broken (a bug in Slant).
    """
    if COMPONENT_NAME in nlp.pipe_names:
        return
    directories = [str(directory) for directory in extra_rule_dirs]
    nlp.add_pipe(COMPONENT_NAME, config={"extra_rule_dirs": directories}, last=True)


def rule_warnings() -> list[str]:
    """Problems met by the most recently built device component: user rule files or rules
    that were skipped (each message names the file and the problem) and detectors that
    failed on some text."""
    return list(_last_warnings)


def devices_from_doc(doc: Any, offset: int, *, spans_key: str = SPANS_KEY) -> list[Device]:
    """The devices the component wrote to ``doc``, as plain :class:`Device` values.

    Offsets are shifted by ``offset``, the position of the doc's text in the full text.
    The list is sorted by position and has no duplicates; it is empty when the component did
    not run on ``doc``.
    """
    if spans_key not in doc.spans:
        return []
    group = doc.spans[spans_key]
    reasons = group.attrs.get(REASONS_ATTR)
    reasons = reasons if isinstance(reasons, dict) else {}
    evidence = group.attrs.get(EVIDENCE_ATTR)
    evidence = evidence if isinstance(evidence, dict) else {}
    kinds = catalogue_by_id()
    devices: dict[tuple[str, int, int], Device] = {}
    for span in group:
        kind = kinds.get(span.label_)
        if kind is None or span.start_char >= span.end_char:
            continue
        where = Span(span.start_char + offset, span.end_char + offset)
        key = _reason_key(span.label_, span.start, span.end)
        reason = reasons.get(key) or kind.name
        how, rule, confidence = evidence.get(key, ("rule", "", 1.0))
        devices.setdefault(
            (kind.id, where.start, where.end),
            Device(
                kind.id,
                kind.name,
                kind.category,
                where,
                str(reason),
                evidence=str(how),
                rule=str(rule),
                confidence=float(confidence),
                technique=kind.technique,
            ),
        )
    return sorted(devices.values(), key=lambda device: (device.span, device.id))
