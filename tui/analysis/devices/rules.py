"""Rule files: the data that drives device detection, read and validated.

A rule file is TOML (or JSON with the same structure) holding arrays of tables, one table per
rule. Every rule names the ``device`` (a catalogue id) it finds and may give:

``reason``
    a one-line template for the explanation shown to the reader; ``{match}`` is the matched
    words, ``{text}`` the final span (after ``expand``) and ``{lemma}`` the first word's lemma.
``filters``
    names of checks every match must pass (see :data:`~.filters.FILTERS`).
``expand``
    how to widen a match (see :data:`~.filters.EXPANSIONS`).
``max_tokens``
    the most words a match may have (patterns with ``OP = "+"`` or ``"*"`` need a bound;
    spaCy's bounded repeats ``{1,16}`` are far slower).
``prefer``
    ``"longest"`` (default) or ``"shortest"``: which of several matches starting on the same
    word to keep.
``not_preceded_by`` / ``not_followed_by``
    lower-case words that must not stand just before / after the match.

The four kinds of rule:

``[[lexicon]]``
    ``terms``: words (matched on lemma or lower-case form, optionally limited to the universal
    POS tags in ``pos``) and multi-word phrases (matched case-insensitively on the normalised
    form). Write single words as lemmas: ``"profiteer"`` matches "profiteers".
``[[pattern]]``
    ``pattern`` (one) or ``patterns`` (several) spaCy ``Matcher`` token patterns.
``[[dependency]]``
    ``pattern`` or ``patterns``: spaCy ``DependencyMatcher`` patterns; the match covers the
    first to the last matched word.
``[[detector]]``
    ``detector``: the name of a built-in procedural detector (for what patterns cannot say,
    such as pairing quotation marks) and its ``options``.
"""

from __future__ import annotations

import json
import string
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .detectors import DETECTORS
from .filters import EXPANSIONS, FILTERS

__all__ = [
    "RULE_KINDS",
    "Rule",
    "RuleFileError",
    "parse_rules",
    "read_rule_file",
    "rule_files_in",
]

RULE_KINDS = ("lexicon", "pattern", "dependency", "detector")
"""The array-of-tables names a rule file may hold."""

RULE_SUFFIXES = (".toml", ".json")
"""File name endings read as rule files."""

UNIVERSAL_POS = frozenset(
    {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
     "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}
)
"""The universal POS tags a lexicon's ``pos`` may name."""

REASON_FIELDS = frozenset({"match", "text", "lemma"})
"""Placeholders a ``reason`` template may use."""

_DEFAULT_REASONS = {
    "lexicon": 'lexicon "{match}"',
    "pattern": 'pattern "{match}"',
    "dependency": 'pattern "{match}"',
    "detector": "",
}
_COMMON_KEYS = frozenset(
    {"device", "reason", "filters", "expand", "prefer", "not_preceded_by", "not_followed_by",
     "max_tokens", "id", "comment"}
)
_KIND_KEYS = {
    "lexicon": frozenset({"terms", "pos"}),
    "pattern": frozenset({"pattern", "patterns"}),
    "dependency": frozenset({"pattern", "patterns"}),
    "detector": frozenset({"detector", "options"}),
}
_FILE_KEYS = frozenset({*RULE_KINDS, "description"})


class RuleFileError(ValueError):
    """A rule file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, eq=False)
class Rule:
    """One validated rule, ready to be compiled into a matcher or run as a detector."""

    key: str
    """Unique key (``labels.toml#lexicon-2``); also the matcher key."""
    source: str
    """The file the rule came from, for messages."""
    kind: str
    """One of :data:`RULE_KINDS`."""
    device: str
    """The catalogue id of the device it finds."""
    reason: str
    """The reason template (empty for detectors, which explain themselves)."""
    terms: tuple[str, ...] = ()
    """Lexicon terms, lower-cased."""
    pos: tuple[str, ...] = ()
    """Universal POS tags single-word lexicon terms must have (any when empty)."""
    patterns: tuple[Any, ...] = ()
    """spaCy Matcher or DependencyMatcher patterns (validated by spaCy when compiled)."""
    detector: str = ""
    """Name of the procedural detector, for detector rules."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """The detector's options."""
    filters: tuple[str, ...] = ()
    """Checks each match must pass."""
    expand: str = ""
    """How to widen each match ("" for not at all)."""
    prefer: str = "longest"
    """Which match to keep among those starting on the same word."""
    max_tokens: int = 0
    """The most words a match may have (0 for no limit)."""
    not_preceded_by: frozenset[str] = frozenset()
    """Lower-case words that veto a match when just before it."""
    not_followed_by: frozenset[str] = frozenset()
    """Lower-case words that veto a match when just after it."""


def rule_files_in(directory: Path) -> list[Path]:
    """The rule files directly inside ``directory`` (or ``directory`` itself if it is one),
    sorted by name; none when it does not exist."""
    if directory.is_file():
        return [directory] if directory.suffix in RULE_SUFFIXES else []
    if not directory.is_dir():
        return []
    return sorted(
        path for path in directory.iterdir() if path.suffix in RULE_SUFFIXES and path.is_file()
    )


def read_rule_file(text: str, source: str) -> Mapping[str, Any]:
    """Parse the text of a rule file (TOML, or JSON when ``source`` ends in ``.json``).

    Raises:
        RuleFileError: when the text is not valid TOML/JSON or not a table at the top.
    """
    try:
        data: Any = json.loads(text) if source.endswith(".json") else tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise RuleFileError(f"{source}: not valid {_format(source)}: {error}") from error
    if not isinstance(data, dict):
        raise RuleFileError(f"{source}: the top level must be a table/object")
    return data


def parse_rules(
    data: Mapping[str, Any], source: str, devices: Collection[str]
) -> tuple[list[Rule], list[str]]:
    """Validate the rules of one file.

    Returns the good rules and one message per problem (naming the file and the rule); a bad
    rule is left out, the others are kept.
    """
    rules: list[Rule] = []
    problems: list[str] = []
    name = Path(source).name
    for key in sorted(set(data) - _FILE_KEYS):
        problems.append(f"{source}: unknown section {key!r} (expected {', '.join(RULE_KINDS)})")
    for kind in RULE_KINDS:
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            problems.append(f"{source}: {kind!r} must be an array of tables ([[{kind}]])")
            continue
        for number, entry in enumerate(entries, start=1):
            where = f"{source}: [[{kind}]] #{number}"
            try:
                rules.append(_parse_rule(entry, kind, f"{name}#{kind}-{number}", source, devices))
            except RuleFileError as error:
                problems.append(f"{where}: {error}")
    return rules, problems


def _parse_rule(
    entry: Any, kind: str, key: str, source: str, devices: Collection[str]
) -> Rule:
    """Validate one rule table; raises :class:`RuleFileError` describing the first problem."""
    if not isinstance(entry, dict):
        raise RuleFileError("expected a table")
    unknown = set(entry) - _COMMON_KEYS - _KIND_KEYS[kind]
    if unknown:
        raise RuleFileError(f"unknown keys {sorted(unknown)}")
    device = entry.get("device")
    if not isinstance(device, str) or device not in devices:
        raise RuleFileError(f"'device' must be one of the catalogue ids, not {device!r}")
    reason = _string(entry, "reason", _DEFAULT_REASONS[kind])
    _check_template(reason)
    filters = _words(entry, "filters")
    for name in filters:
        if name not in FILTERS:
            raise RuleFileError(f"unknown filter {name!r} (known: {', '.join(sorted(FILTERS))})")
    expand = _string(entry, "expand", "")
    if expand and expand not in EXPANSIONS:
        raise RuleFileError(
            f"unknown expand {expand!r} (known: {', '.join(sorted(EXPANSIONS))})"
        )
    prefer = _string(entry, "prefer", "longest")
    if prefer not in ("longest", "shortest"):
        raise RuleFileError(f"'prefer' must be \"longest\" or \"shortest\", not {prefer!r}")
    max_tokens = entry.get("max_tokens", 0)
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 0:
        raise RuleFileError("'max_tokens' must be a whole number")
    common: dict[str, Any] = {
        "max_tokens": max_tokens,
        "key": key,
        "source": source,
        "kind": kind,
        "device": device,
        "reason": reason,
        "filters": filters,
        "expand": expand,
        "prefer": prefer,
        "not_preceded_by": frozenset(word.lower() for word in _words(entry, "not_preceded_by")),
        "not_followed_by": frozenset(word.lower() for word in _words(entry, "not_followed_by")),
    }
    if kind == "lexicon":
        terms = tuple(dict.fromkeys(t.strip().lower() for t in _words(entry, "terms")))
        if not terms or not all(terms):
            raise RuleFileError("'terms' must be a non-empty list of non-empty strings")
        pos = _words(entry, "pos")
        bad = [tag for tag in pos if tag not in UNIVERSAL_POS]
        if bad:
            raise RuleFileError(f"unknown POS tags {bad} (use universal tags such as NOUN)")
        return Rule(terms=terms, pos=pos, **common)
    if kind == "detector":
        if filters or expand:
            raise RuleFileError("detectors take no 'filters' or 'expand'")
        name = _string(entry, "detector", "")
        if name not in DETECTORS:
            raise RuleFileError(
                f"unknown detector {name!r} (known: {', '.join(sorted(DETECTORS))})"
            )
        options = entry.get("options", {})
        if not isinstance(options, dict):
            raise RuleFileError("'options' must be a table")
        try:
            DETECTORS[name].check_options(options)
        except ValueError as error:
            raise RuleFileError(str(error)) from error
        return Rule(detector=name, options=dict(options), **common)
    return Rule(patterns=_patterns(entry), **common)


def _patterns(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    """The spaCy patterns of a pattern or dependency rule (shape only; spaCy checks the rest)."""
    if ("pattern" in entry) == ("patterns" in entry):
        raise RuleFileError("give exactly one of 'pattern' or 'patterns'")
    patterns = [entry["pattern"]] if "pattern" in entry else entry["patterns"]
    if not isinstance(patterns, list) or not patterns:
        raise RuleFileError("'patterns' must be a non-empty list of patterns")
    for pattern in patterns:
        if not isinstance(pattern, list) or not pattern:
            raise RuleFileError("each pattern must be a non-empty list of token tables")
        if not all(isinstance(token, dict) for token in pattern):
            raise RuleFileError("each pattern must be a list of token tables")
    return tuple(patterns)


def _string(entry: Mapping[str, Any], key: str, default: str) -> str:
    """A string value of ``entry`` (``default`` when absent)."""
    value = entry.get(key, default)
    if not isinstance(value, str):
        raise RuleFileError(f"{key!r} must be a string")
    return value


def _words(entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list-of-strings value of ``entry`` (empty when absent)."""
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleFileError(f"{key!r} must be a list of strings")
    return tuple(value)


def _check_template(template: str) -> None:
    """Reject reason templates with unknown placeholders or bad braces."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise RuleFileError(f"bad 'reason' template {template!r}: {error}") from error
    unknown = fields - REASON_FIELDS
    if unknown:
        raise RuleFileError(
            f"'reason' uses unknown placeholders {sorted(unknown)} "
            f"(known: {', '.join(sorted(REASON_FIELDS))})"
        )
    if "\n" in template:
        raise RuleFileError("'reason' must be one line")


def _format(source: str) -> str:
    """The format name of a rule file, for messages."""
    return "JSON" if source.endswith(".json") else "TOML"
