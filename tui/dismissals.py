"""Where the reader's dismissals are kept between runs, for the reader and ``slant analyze``.

Two kinds of file live in the user's data folder (:func:`tui.settings.data_dir`):

* ``dismissed/<digest>.json``: the highlights dismissed in one document, found again by a
  digest of the document's text (the same text from another path finds them too);
* ``ignored.json``: the rules and lexicon entries ignored in every document.

Each change reads the file afresh, changes one entry and replaces the file atomically, so two
Slants running at once do not undo each other. The files are untrusted: a corrupt one is
reported (once per load) and ignored, never fatal; before it is replaced by a change it is
kept beside as ``*.bad``, so nothing the user made is lost. An entry that does not make sense
(a missing field, a span past the text's end) is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .analysis.dismissed import DOCUMENT, EVERYWHERE, Dismissal, Dismissed
from .analysis.model import Span
from .settings import data_dir, write_atomically

__all__ = [
    "Loaded",
    "add_dismissal",
    "document_file",
    "ignore_file",
    "load_dismissals",
    "remove_dismissal",
    "text_digest",
]

FORMAT = "slant.dismissals"
"""The ``format`` every dismissal file names (a foreign JSON file is not ours to read)."""


def text_digest(text: str) -> str:
    """The key of a text's own dismissals: a digest of the text itself."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def document_file(text: str) -> Path:
    """The file of the highlights dismissed in ``text``."""
    return data_dir() / "dismissed" / f"{text_digest(text)}.json"


def ignore_file() -> Path:
    """The file of the ignore list (every document)."""
    return data_dir() / "ignored.json"


@dataclass(frozen=True)
class Loaded:
    """The dismissals in force for one text, and what was wrong with their files."""

    dismissals: tuple[Dismissal, ...] = ()
    """This document's dismissals, then the ignore list, oldest first."""
    problems: tuple[str, ...] = ()
    """One line per unusable file (it was ignored)."""

    @property
    def dismissed(self) -> Dismissed:
        """The filter of the dismissals."""
        return Dismissed.of(self.dismissals)


class _Corrupt(Exception):
    """A dismissal file that cannot be used."""


def _read_entries(path: Path) -> list[dict[str, object]]:
    """The entries of ``path`` (none when it does not exist); raises :class:`_Corrupt`."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise _Corrupt(str(getattr(error, "strerror", None) or error)) from None
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise _Corrupt(f"not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Corrupt("not a Slant dismissal file")
    entries = data.get("dismissals")
    if not isinstance(entries, list):
        raise _Corrupt("it has no list of dismissals")
    return [entry for entry in entries if isinstance(entry, dict)]


def _string(entry: dict[str, object], key: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise ValueError(key)
    return value


def _from_entry(entry: dict[str, object], scope: str, length: int | None) -> Dismissal | None:
    """The dismissal an entry describes, or None when it makes no sense."""
    try:
        kind = _string(entry, "kind")
        what = _string(entry, "what")
        if kind not in ("device", "entity") or not what:
            return None
        span = None
        if scope == DOCUMENT:
            start, end = entry.get("start"), entry.get("end")
            if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
                return None
            if length is not None and end > length:
                return None
            span = Span(start, end)
        by_words = entry.get("by_words", True)
        return Dismissal(scope, kind, what, _string(entry, "name") or what,
                         _string(entry, "words"), span, rule=_string(entry, "rule"),
                         by_words=by_words if isinstance(by_words, bool) else True)
    except ValueError:  # a field of the wrong type, or a reversed span
        return None


def _to_entry(dismissal: Dismissal) -> dict[str, object]:
    entry: dict[str, object] = {"kind": dismissal.kind, "what": dismissal.what,
                                "name": dismissal.name, "words": dismissal.words}
    if dismissal.span is not None:
        entry.update(start=dismissal.span.start, end=dismissal.span.end)
    if dismissal.scope == EVERYWHERE:
        entry.update(rule=dismissal.rule, by_words=dismissal.by_words)
    entry["time"] = round(time.time())
    return entry


def _load(path: Path, scope: str, length: int | None) -> tuple[list[Dismissal], str | None]:
    try:
        entries = _read_entries(path)
    except _Corrupt as error:
        return [], f"{path}: {error}; its dismissals are ignored"
    found = [d for entry in entries if (d := _from_entry(entry, scope, length)) is not None]
    return found, None


def load_dismissals(text: str) -> Loaded:
    """The dismissals in force for ``text``: its own, then the ignore list."""
    own, own_problem = _load(document_file(text), DOCUMENT, len(text))
    ignored, ignore_problem = _load(ignore_file(), EVERYWHERE, None)
    problems = tuple(problem for problem in (own_problem, ignore_problem) if problem)
    return Loaded(tuple(dict.fromkeys([*own, *ignored])), problems)


def _file_of(dismissal: Dismissal, text: str) -> Path:
    return document_file(text) if dismissal.scope == DOCUMENT else ignore_file()


def _change(path: Path, dismissal: Dismissal, add: bool, length: int | None,
            document: str) -> str | None:
    """Add or remove one entry of ``path``; None, or why it could not be done."""
    try:
        entries = _read_entries(path)
    except _Corrupt:
        # Keep what the user made: the unusable file moves aside before it is replaced.
        entries = []
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".bad"))
    key = dismissal.key
    kept = [entry for entry in entries
            if (found := _from_entry(entry, dismissal.scope, length)) is None
            or found.key != key]
    if add:
        kept.append(_to_entry(dismissal))
    data: dict[str, object] = {"format": FORMAT, "version": 1, "dismissals": kept}
    if dismissal.scope == DOCUMENT:
        data["document"] = document
    try:
        write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except OSError as error:
        return f"Could not save the dismissal to {path}: {error.strerror or error}"
    return None


def add_dismissal(text: str, dismissal: Dismissal, document: str = "") -> str | None:
    """Remember ``dismissal`` of ``text`` (named ``document``); None, or why it could not
    be saved (it still holds for this session)."""
    length = len(text) if dismissal.scope == DOCUMENT else None
    return _change(_file_of(dismissal, text), dismissal, True, length, document)


def remove_dismissal(text: str, dismissal: Dismissal, document: str = "") -> str | None:
    """Forget ``dismissal`` of ``text``; None, or why the file could not be changed."""
    length = len(text) if dismissal.scope == DOCUMENT else None
    return _change(_file_of(dismissal, text), dismissal, False, length, document)
