"""Where the reader left each document, so reopening it returns there, as e-readers do.

A place is remembered under two keys: the document's path, and a digest of its text (so the
same text opened from another path, or from standard input, finds its place too). Places
live in one small JSON file in the user's state folder (:func:`tui.settings.state_dir`),
holding at most :data:`MAX_PLACES` documents, the most recently read kept. The file is
untrusted: a missing, corrupt or foreign one is ignored (and replaced at the next save), and a
remembered offset past the end of the text is not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Mapping
from pathlib import Path

from ..documents.loading import Document
from ..settings import read_json_object, state_dir, write_atomically

__all__ = ["MAX_PLACES", "forget_place", "places_path", "recall_place", "remember_place"]

MAX_PLACES = 500
"""Documents whose place is kept; the least recently read is forgotten first."""


def places_path() -> Path:
    """The file of remembered places."""
    return state_dir() / "places.json"


def _keys(document: Document) -> list[str]:
    digest = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    keys = [f"text:{digest}"]
    if document.path is not None:
        keys.insert(0, f"path:{Path(document.path).resolve()}")
    return keys


def recall_place(document: Document) -> int | None:
    """The offset the reader left ``document`` at, or None (never read, or not usable)."""
    places = read_json_object(places_path())
    for key in _keys(document):
        entry = places.get(key)
        if not isinstance(entry, dict):
            continue
        offset = entry.get("offset")
        if isinstance(offset, int) and not isinstance(offset, bool) and (
            0 < offset < len(document.text)
        ):
            return offset
    return None


def remember_place(document: Document, offset: int) -> str | None:
    """Remember ``offset`` as ``document``'s place; None, or why it could not be saved."""
    path = places_path()
    places = {key: entry for key, entry in read_json_object(path).items()
              if isinstance(entry, dict) and isinstance(entry.get("time"), (int, float))}
    now = time.time()
    for key in _keys(document):
        places[key] = {"offset": int(offset), "time": now}
    if len(places) > 2 * MAX_PLACES:  # two keys a document
        newest = sorted(places.items(), key=lambda item: item[1]["time"], reverse=True)
        places = dict(newest[: 2 * MAX_PLACES])
    try:
        write_atomically(path, _dumps(places))
    except OSError as error:
        return f"Could not remember the place in {path}: {error.strerror or error}"
    return None


def forget_place(document: Document) -> None:
    """Forget ``document``'s place (it was read to the top again)."""
    path = places_path()
    places = read_json_object(path)
    keys = [key for key in _keys(document) if key in places]
    if keys:
        for key in keys:
            del places[key]
        with contextlib.suppress(OSError):  # a place that stays remembered is harmless
            write_atomically(path, _dumps(places))


def _dumps(places: Mapping[str, object]) -> str:
    return json.dumps(places, sort_keys=True) + "\n"
