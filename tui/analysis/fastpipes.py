"""Two of spaCy's rule-based components, run by table lookups instead of token by token.

The English pipelines map every fine-grained tag to its coarse part of speech and
morphology, and fix a few hundred words, with an ``attribute_ruler`` of ~180 patterns. spaCy
runs them through its general ``Matcher`` and then sets each match's attributes token by
token, which costs about a sixth of the small pipeline's whole time. Those patterns only
compare a token's tag, lower-case form, dependency label or whitespace flag with fixed
values, so whether a token matches depends on those few values alone: :class:`FastRuler`
decides it once per distinct combination, remembers the result, and writes the document's
new attributes in one ``Doc.from_array`` call. The rule-based lemmatizer likewise depends
only on a token's form, part of speech and morphology, so its answers are remembered per
combination (spaCy's own cache leaves out the commonest case, words already in base form).

The results are the components' own, attribute for attribute (later ruler patterns win, as
spaCy applies them in the order they were added). A component of another kind, or a ruler
with patterns outside that simple form (operators, extension attributes, fuzzy matching),
is left to spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id

__all__ = ["FastAttributeRuler", "FastRuler", "speed_up_attribute_ruler", "speed_up_pipeline"]

_READABLE = ("ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE")
"""Token attributes a supported pattern may test (read with ``Doc.to_array``)."""
_WRITABLE = ("POS", "TAG", "LEMMA", "DEP", "MORPH")
"""Attributes a supported rule may set (written with ``Doc.from_array``)."""

_Test = Callable[[tuple[int, ...]], bool]

_MEMO_LIMIT = 200_000
"""Distinct attribute combinations remembered before the memory is started afresh."""


class _Unsupported(Exception):
    """A pattern or rule this module does not reproduce exactly."""


class FastRuler:
    """The patterns of one ``AttributeRuler``, compiled to lookups on token attributes."""

    def __init__(self, ruler: Any) -> None:
        """Compile ``ruler``'s patterns.

        Raises:
            ValueError: when a pattern is not of the simple form this class reproduces.
        """
        vocab = ruler.vocab
        self.size = len(ruler.attrs)
        """How many rules were compiled (the ruler's count changes when it gains rules)."""
        self._reads: list[int] = []
        self._writes = [IDS[name] for name in _WRITABLE]
        self._specs: list[_Test] = []
        self._anchors: dict[int, dict[int, list[int]]] = {}
        self._unanchored: list[int] = []
        # Each rule: its patterns as tuples of spec numbers, its target index and its writes
        # as (column in _writes, value).
        self._rules: list[tuple[list[tuple[int, ...]], int, tuple[tuple[int, int], ...]]] = []
        try:
            for number in range(self.size):
                patterns = ruler.matcher.get(vocab.strings.add(str(number)))[1]
                compiled = [tuple(self._spec(token, vocab) for token in pattern)
                            for pattern in patterns]
                index = ruler.indices[number]
                if any(not -len(pattern) <= index < len(pattern) for pattern in compiled):
                    raise _Unsupported("index outside a pattern")
                self._rules.append((compiled, index, self._targets(ruler.attrs[number])))
        except (_Unsupported, KeyError, TypeError, re.error) as error:
            raise ValueError(f"attribute ruler not supported: {error}") from None
        self._columns = tuple(self._reads)
        self._memo: dict[tuple[int, ...], int] = {}
        self._singles = [
            (number, spec[0], writes) for number, (patterns, _, writes) in enumerate(self._rules)
            for spec in patterns if len(spec) == 1
        ]
        self._longer = [
            (number, spec, index, writes)
            for number, (patterns, index, writes) in enumerate(self._rules)
            for spec in patterns if len(spec) > 1
        ]
        self._reset()

    def _column(self, attr: int) -> int:
        if attr not in self._reads:
            self._reads.append(attr)
        return self._reads.index(attr)

    def _spec(self, token: Any, vocab: Any) -> int:
        """Compile one token's pattern to a test; returns its number."""
        if not isinstance(token, dict):
            raise _Unsupported("pattern token is not a dict")
        tests: list[_Test] = []
        anchor: tuple[int, frozenset[int]] | None = None
        for key, value in token.items():
            name = str(key).upper()
            name = "ORTH" if name == "TEXT" else name
            if name not in _READABLE and not (name.startswith("IS_") and name in IDS):
                raise _Unsupported(f"attribute {key}")
            column = self._column(IDS[name])
            if isinstance(value, bool | int | str):
                wanted = vocab.strings.add(value) if isinstance(value, str) else int(value)
                tests.append(partial(_equals, column, wanted))
                anchor = anchor or (column, frozenset([wanted]))
            elif isinstance(value, dict) and len(value) == 1:
                (operator, argument), = value.items()
                if operator in ("IN", "NOT_IN") and isinstance(argument, list):
                    members = frozenset(get_string_id(item) for item in argument)
                    inside = operator == "IN"
                    tests.append(partial(_member, column, members, inside))
                    if inside:
                        anchor = anchor or (column, members)
                elif operator == "REGEX" and isinstance(argument, str) and name in _READABLE:
                    pattern = re.compile(argument)
                    tests.append(partial(_searches, column, pattern, vocab.strings))
                else:
                    raise _Unsupported(f"operator {operator}")
            else:
                raise _Unsupported(f"value of {key}")
        self._specs.append(partial(_all, tuple(tests)))
        number = len(self._specs) - 1
        # Indexed by one value it requires, so a new combination of values is checked
        # against the few specs that can match it, not all of them.
        if anchor is None:
            self._unanchored.append(number)
        else:
            column, required = anchor
            index = self._anchors.setdefault(column, {})
            for value in required:
                index.setdefault(value, []).append(number)
        return number

    def _targets(self, attrs: Any) -> tuple[tuple[int, int], ...]:
        if not isinstance(attrs, dict):
            raise _Unsupported("rule attributes")
        writes = []
        for attr, value in attrs.items():
            if attr not in self._writes or not isinstance(value, int):
                raise _Unsupported(f"sets attribute {attr}")
            writes.append((self._writes.index(attr), value))
        return tuple(writes)

    def _lookup(self, row: tuple[int, ...]) -> int:
        """The number of the combination of attribute values ``row``, worked out the first
        time it is met: the specs it satisfies and what the one-token rules set on a token
        with those values (in rule order, so the last write of an attribute wins)."""
        candidates = [
            number for column, index in self._anchors.items()
            for number in index.get(row[column], ())
        ]
        satisfied = frozenset(
            number for number in (*candidates, *self._unanchored) if self._specs[number](row)
        )
        writes: dict[int, int] = {}
        for _, spec, rule_writes in self._singles:
            if spec in satisfied:
                writes.update(rule_writes)
        number = len(self._satisfied)
        if number >= len(self._starts_longer):
            self._grow()
        self._memo[row] = number
        self._satisfied.append(satisfied)
        for column, value in writes.items():
            self._sets[number, column] = True
            self._values[number, column] = value
        self._starts_longer[number] = any(specs[0] in satisfied for _, specs, _, _ in
                                          self._longer)
        return number

    def _reset(self) -> None:
        """Forget every combination (number 0 stays unused, so a lookup's 0 means none)."""
        self._memo.clear()
        self._satisfied: list[frozenset[int]] = [frozenset()]
        size = 1024
        self._sets = numpy.zeros((size, len(self._writes)), dtype=bool)
        self._values = numpy.zeros((size, len(self._writes)), dtype=numpy.uint64)
        self._starts_longer = numpy.zeros(size, dtype=bool)

    def _grow(self) -> None:
        """Double the room for combinations (new rows set nothing)."""
        self._sets = numpy.concatenate([self._sets, numpy.zeros_like(self._sets)])
        self._values = numpy.concatenate([self._values, numpy.zeros_like(self._values)])
        self._starts_longer = numpy.concatenate(
            [self._starts_longer, numpy.zeros_like(self._starts_longer)]
        )

    def __call__(self, doc: Any) -> Any:
        """Set the ruler's attributes on ``doc`` (as ``AttributeRuler.__call__`` does)."""
        length = len(doc)
        if not length:
            return doc
        if len(self._memo) + length >= _MEMO_LIMIT:
            self._reset()  # between docs: the numbers of one doc all stay valid
        columns = doc.to_array(list(self._columns)).reshape(length, -1).T.tolist()
        memo = self._memo
        numbers = [memo.get(row) or self._lookup(row) for row in zip(*columns, strict=True)]
        ids = numpy.array(numbers, dtype=numpy.int64)
        values = doc.to_array(self._writes)
        sets = self._sets[ids]
        values[sets] = self._values[ids][sets]
        if self._longer:
            starts = numpy.flatnonzero(self._starts_longer[ids])
            if len(starts):
                self._apply_longer(numbers, starts.tolist(), values)
        doc.from_array(self._writes, values)
        return doc

    def _apply_longer(self, numbers: Sequence[int], starts: Sequence[int], values: Any) -> None:
        """Matches of patterns of several tokens from ``starts``: their target tokens'
        writes are redone from every rule that touches them, in rule order."""
        length = len(numbers)
        extra: dict[int, list[tuple[int, tuple[tuple[int, int], ...]]]] = {}
        for number, specs, index, writes in self._longer:
            size = len(specs)
            for start in starts:
                if start + size <= length and all(
                    specs[k] in self._satisfied[numbers[start + k]] for k in range(size)
                ):
                    target = start + index if index >= 0 else start + size + index
                    extra.setdefault(target, []).append((number, writes))
        for target, found in extra.items():
            satisfied = self._satisfied[numbers[target]]
            ordered = [(number, writes) for number, spec, writes in self._singles
                       if spec in satisfied]
            for _, writes in sorted(ordered + found, key=lambda item: item[0]):
                for column, value in writes:
                    values[target, column] = value


def _equals(column: int, wanted: int, row: tuple[int, ...]) -> bool:
    return row[column] == wanted


def _member(column: int, members: frozenset[int], inside: bool, row: tuple[int, ...]) -> bool:
    return (row[column] in members) == inside


def _searches(column: int, pattern: re.Pattern[str], strings: Any, row: tuple[int, ...]) -> bool:
    # As spaCy's REGEX predicate: a search in the attribute's string.
    return bool(pattern.search(strings[row[column]]))


def _all(tests: tuple[_Test, ...], row: tuple[int, ...]) -> bool:
    return all(test(row) for test in tests)


class FastAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` that applies its patterns through :class:`FastRuler`."""

    def __call__(self, doc: Any) -> Any:
        """Set the ruler's attributes on ``doc``, exactly as spaCy's ruler would."""
        compiled = self.__dict__.get("_slant_fast")
        if compiled is None or compiled.size != len(self.attrs):
            try:
                compiled = FastRuler(self)
            except ValueError:
                return super().__call__(doc)  # rules added since of another form
            self.__dict__["_slant_fast"] = compiled
        try:
            return compiled(doc)
        except Exception as error:  # as spaCy's ruler: its error handler decides
            self.get_error_handler()(self.name, self, [doc], error)
            return None


def speed_up_attribute_ruler(nlp: Any, name: str = "attribute_ruler") -> bool:
    """Make ``nlp``'s attribute ruler apply its patterns through :class:`FastRuler`.

    The component keeps its name, patterns and serialisation; only how it runs changes.
    Returns False (and leaves the pipeline alone) when there is no such component or its
    patterns are not of the supported form."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if type(ruler) is not AttributeRuler:
        return isinstance(ruler, FastAttributeRuler)
    try:
        FastRuler(ruler)
    except ValueError:
        return False
    # The same object keeps its state (and its place in the pipeline); only its class,
    # which adds no state of its own, changes.
    ruler.__class__ = FastAttributeRuler
    return True


_LEMMATIZERS: dict[type[Any], type[Any]] = {}


def _fast_lemmatizer(base: type[Any]) -> type[Any]:
    """A subclass of the lemmatizer class ``base`` that remembers its answers."""
    if base not in _LEMMATIZERS:

        class FastLemmatizer(base):  # type: ignore[misc]
            """A lemmatizer that works out each (form, part of speech, morphology) once."""

            def __call__(self, doc: Any) -> Any:
                """Set the lemmas of ``doc``, exactly as the base class would."""
                if not self._validated:
                    self._validate_tables(Errors.E1004)
                try:
                    return self._slant_lemmatize(doc)
                except Exception as error:  # as the base class: its error handler decides
                    self.get_error_handler()(self.name, self, [doc], error)
                    return None

            def _slant_lemmatize(self, doc: Any) -> Any:
                memo: dict[tuple[int, int, int], int] = self.__dict__.setdefault(
                    "_slant_lemmas", {}
                )
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
                rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
                lemmas = rows[:, 3].copy()
                strings = doc.vocab.strings
                overwrite = self.overwrite
                for position, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
                    if overwrite or lemma == 0:
                        key = (orth, pos, morph)
                        found = memo.get(key)
                        if found is None:
                            found = memo[key] = strings.add(self.lemmatize(doc[position])[0])
                        lemmas[position] = found
                doc.from_array([LEMMA], lemmas)
                return doc

        _LEMMATIZERS[base] = FastLemmatizer
    return _LEMMATIZERS[base]


def speed_up_pipeline(nlp: Any) -> list[str]:
    """Run ``nlp``'s attribute ruler and rule-based lemmatizer through lookups (same
    results, a fraction of the time); returns the names of the components that run so."""
    changed = ["attribute_ruler"] if speed_up_attribute_ruler(nlp) else []
    for name in nlp.pipe_names:
        component = nlp.get_pipe(name)
        # Only spaCy's own classes: their answers depend on nothing but form, part of
        # speech and morphology, which is what the memory is keyed by.
        if type(component) in _LEMMATIZERS.values():
            changed.append(name)  # sped up before
        elif type(component) in (Lemmatizer, EnglishLemmatizer) and component.mode in (
            "rule", "lookup"
        ):
            component.__class__ = _fast_lemmatizer(type(component))
            changed.append(name)
    return changed
