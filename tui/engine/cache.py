"""The analysis cache: a document analysed once opens fully highlighted the next time.

Entries live in the platform's per-user cache folder (``~/.cache/slant/analysis`` on Linux,
via platformdirs), or under ``SLANT_CACHE_DIR`` when that is set. An entry is keyed by the
text's SHA-256, the spaCy model's name and version, and the analysis version: a digest of
Slant's version, spaCy's, the analysis code, the packaged rule and lexicon files and the
user's rule files. Any of these changing makes a new key, so a stale entry is never used.

Entries are gzip-compressed JSON, never pickle: a cache file is read as data and checked
field by field (types, offsets inside the text, the key it was stored under, the shape of
every record). A corrupt, truncated or foreign entry is ignored, and the analysis runs and
replaces it. Strings are stored once in a table, so the entry for a whole book is small
and loads in a fraction of a second.

It runs past the house's ~400 lines because the compact record format's writer and reader
must change together.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tempfile
import typing
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from ..analysis.model import Claim, Device, Entity, Paragraph, ParagraphAnalysis, Span

__all__ = [
    "CACHE_DIR_ENV",
    "CachedAnalysis",
    "analysis_version",
    "cache_dir",
    "cache_key",
    "clear_cache",
    "load_analysis",
    "model_identity",
    "store_analysis",
]

CACHE_DIR_ENV = "SLANT_CACHE_DIR"
"""Environment variable that, when set and non-empty, replaces the cache folder."""

FORMAT = "slant.analysis-cache"
FORMAT_VERSION = 1
MAX_ENTRIES = 5_000
"""Entries kept (a corpus of articles fills many); the least recently used go first."""
MAX_BYTES = 1 << 30
"""Bytes kept in all (a book's entry is a few MB, an article's a few kB)."""
PRUNE_EVERY = 50
"""Entries written between two prunings (each lists the whole folder)."""

_written = 0

_RECORDS: tuple[type[Any], ...] = (Entity, Device, Claim)


@dataclass(frozen=True)
class CachedAnalysis:
    """A document's analysis read back from the cache."""

    model: str
    """Name and version of the pipeline that made it."""
    parts: list[ParagraphAnalysis]
    """One analysis per paragraph, in text order."""


def cache_dir() -> Path:
    """The folder holding cached analyses (it may not exist yet)."""
    override = os.environ.get(CACHE_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(user_cache_dir("slant", appauthor=False)) / "analysis"


def model_identity(requested: str | None) -> str | None:
    """The name and version of the pipeline an analysis would use, without loading it.

    None when there is none, or its version cannot be told (then nothing is cached).
    """
    from ..analysis.pipeline import installed_models

    names = [requested] if requested else installed_models()[:1]
    if not names:
        return None
    name = names[0]
    if "/" in name or "\\" in name:
        meta = Path(name) / "meta.json"
        try:
            digest = hashlib.sha256(meta.read_bytes()).hexdigest()[:16]
        except OSError:
            return None
        return f"{name} {digest}"
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


_DIGESTED = (".py", ".toml", ".json", ".npz")


@lru_cache(maxsize=1)
def _packaged_version() -> str:
    """Digest of Slant's analysis code and packaged rules, lexicons, cue lists and trained
    weights, and of the engine's layers that run it (a retrained model must not be served
    another's cached results)."""
    digest = hashlib.sha256()
    folders = []
    for package in ("tui.analysis", "tui.engine"):
        spec = importlib.util.find_spec(package)
        folders += list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in _DIGESTED and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode())
                with contextlib.suppress(OSError):
                    digest.update(path.read_bytes())
    from .. import __version__

    for part in (__version__, _version_of("spacy"), str(FORMAT_VERSION), _schema_text()):
        digest.update(part.encode())
    return digest.hexdigest()


def analysis_version(rule_dirs: Iterable[str | Path] = ()) -> str:
    """The analysis version: the packaged part, and the user's rule files as they are now."""
    digest = hashlib.sha256(_packaged_version().encode())
    for directory in rule_dirs:
        folder = Path(directory).expanduser()
        with contextlib.suppress(OSError):
            for path in sorted(folder.iterdir()):
                with contextlib.suppress(OSError):
                    if path.is_file():
                        digest.update(path.name.encode())
                        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(text: str, model: str, version: str) -> str:
    """The key of ``text``'s analysis by ``model`` at analysis ``version``."""
    digest = hashlib.sha256()
    for part in (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), model,
                 version):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _version_of(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _path(key: str) -> Path:
    return cache_dir() / f"{key[:40]}.json.gz"


# -- writing ------------------------------------------------------------------------------


def store_analysis(key: str, text_length: int, model: str,
                   parts: Sequence[ParagraphAnalysis]) -> str | None:
    """Write an analysis under ``key``; returns a problem to report, or None."""
    strings: dict[str, int] = {}
    encoders = {cls: _encoder(cls, strings) for cls in _RECORDS}
    rows = [
        [
            part.paragraph.index,
            part.paragraph.span.start,
            part.paragraph.span.end,
            [encoders[Entity](entity) for entity in part.entities],
            [encoders[Device](device) for device in part.devices],
            [encoders[Claim](claim) for claim in part.claims],
        ]
        for part in parts
    ]
    entry = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "key": key,
        "text_length": text_length,
        "model": model,
        "schema": _schema(),
        "strings": list(strings),
        "paragraphs": rows,
    }
    data = gzip.compress(json.dumps(entry, separators=(",", ":")).encode("utf-8"), 5)
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, _path(key))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        return f"The analysis was not cached: {error.strerror or error}"
    global _written
    if _written % PRUNE_EVERY == 0:
        _prune(folder)
    _written += 1
    return None


def _prune(folder: Path) -> None:
    """Remove the least recently used entries beyond :data:`MAX_ENTRIES` and
    :data:`MAX_BYTES`."""
    with contextlib.suppress(OSError):
        found = []
        for path in folder.glob("*.json.gz"):
            with contextlib.suppress(OSError):
                status = path.stat()
                found.append((status.st_mtime, status.st_size, path))
        found.sort(reverse=True)
        kept_bytes = 0
        for count, (_, size, path) in enumerate(found):
            kept_bytes += size
            if count >= MAX_ENTRIES or kept_bytes > MAX_BYTES:
                with contextlib.suppress(OSError):
                    path.unlink()


def clear_cache() -> int:
    """Remove every cached analysis; returns how many entries were removed."""
    removed = 0
    folder = cache_dir()
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.endswith((".json.gz", ".tmp")):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed


# -- reading ------------------------------------------------------------------------------


def load_analysis(key: str, text_length: int) -> CachedAnalysis | None:
    """The analysis stored under ``key`` for a text of ``text_length`` characters, or None
    when there is none or it cannot be trusted (corrupt, truncated, another version)."""
    # A book's entry is hundreds of thousands of small objects, none of them cyclic: the
    # cycle collector would only scan the whole heap again and again while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        path = _path(key)
        raw = gzip.decompress(path.read_bytes())
        entry = json.loads(raw)
        found = _decode_entry(entry, key, text_length)
        if found is not None:
            with contextlib.suppress(OSError):
                os.utime(path)  # used: the last to be pruned
        return found
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, ValueError, TypeError,
            KeyError, IndexError, AttributeError, RecursionError):
        return None
    finally:
        if collecting:
            gc.enable()


def _decode_entry(entry: Any, key: str, text_length: int) -> CachedAnalysis | None:
    if not isinstance(entry, dict):
        return None
    if (entry.get("format"), entry.get("version"), entry.get("key")) != (
        FORMAT, FORMAT_VERSION, key
    ):
        return None
    if entry.get("text_length") != text_length or entry.get("schema") != _schema():
        return None
    model, strings = entry["model"], entry["strings"]
    if not isinstance(model, str) or not isinstance(strings, list):
        return None
    if not all(type(item) is str for item in strings):
        return None
    decoders = {cls: _decoder(cls, strings, text_length) for cls in _RECORDS}
    parts: list[ParagraphAnalysis] = []
    for position, row in enumerate(entry["paragraphs"]):
        index, start, end, entities, devices, claims = row
        if index != position:
            return None
        paragraph = Paragraph(index, _span((start, end), text_length))
        parts.append(
            ParagraphAnalysis(
                paragraph,
                entities=tuple(map(decoders[Entity], entities)),
                devices=tuple(map(decoders[Device], devices)),
                claims=tuple(map(decoders[Claim], claims)),
            )
        )
    return CachedAnalysis(model, parts)


# -- the record codec -----------------------------------------------------------------------
#
# A record is stored as a list of its fields' values in declaration order: spans as
# [start, end], tuples of spans as lists of those, strings as indexes into the table. The
# field names and types are part of the entry and of the version, so a record type that
# gained a field never reads an older entry.


def _schema() -> dict[str, list[str]]:
    return {
        cls.__name__: [f"{field.name}:{_kind(hint)}" for field, hint in _fields(cls)]
        for cls in _RECORDS
    }


def _schema_text() -> str:
    return json.dumps(_schema(), sort_keys=True)


def _fields(cls: type[Any]) -> list[tuple[dataclasses.Field[Any], Any]]:
    hints = typing.get_type_hints(cls)
    return [(field, hints[field.name]) for field in dataclasses.fields(cls)]


def _kind(hint: Any) -> str:
    """A name for the stored shape of a field type (raises for a type it cannot store)."""
    simple = {str: "str", int: "int", float: "float", bool: "bool", Span: "span"}
    if hint in simple:
        return simple[hint]
    if hint == (Span | None):
        return "span?"
    if hint == (str | None):
        return "str?"
    if hint == tuple[Span, ...]:
        return "spans"
    if hint == tuple[str, ...]:
        return "strs"
    raise TypeError(f"cannot cache a field of type {hint}")


def _encoder(cls: type[Any], strings: dict[str, int]) -> Callable[[Any], list[Any]]:
    def intern(value: str) -> int:
        index = strings.get(value)
        if index is None:
            index = strings[value] = len(strings)
        return index

    def span(value: Span) -> list[int]:
        return [value.start, value.end]

    convert: dict[str, Callable[[Any], Any]] = {
        "str": intern,
        "int": int,
        "float": float,
        "bool": bool,
        "span": span,
        "span?": lambda value: None if value is None else span(value),
        "str?": lambda value: None if value is None else intern(value),
        "spans": lambda value: [span(item) for item in value],
        "strs": lambda value: [intern(item) for item in value],
    }
    steps = [(field.name, convert[_kind(hint)]) for field, hint in _fields(cls)]
    return lambda record: [step(getattr(record, name)) for name, step in steps]


def _span(value: Any, limit: int) -> Span:
    start, end = value
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= limit:
        raise ValueError("span out of range")
    return Span(start, end)


def _bad() -> Any:
    raise ValueError("bad record")


# How each stored shape is read back, as an expression over the stored value ``{v}``:
# strings through the table ``D`` (a dict: a missing or negative index is a KeyError), spans
# checked to be integer offsets inside the text by ``NEW`` (:func:`_span`).
# Equal spans are shared (a claim's sentence, its speaker's mentions): one object each.
_SPAN = "(MEMO.get(tuple({v})) or NEW({v}))"
_READ = {
    "str": "D[{v}]",
    "int": "({v} if type({v}) is int else BAD())",
    "float": "(float({v}) if type({v}) in NUMBERS else BAD())",
    "bool": "({v} if type({v}) is bool else BAD())",
    "span": _SPAN,
    "span?": "(None if {v} is None else " + _SPAN + ")",
    "str?": "(None if {v} is None else D[{v}])",
    "spans": "tuple([" + _SPAN.format(v="x") + " for x in {v}])",
    "strs": "tuple([D[x] for x in {v}])",
}


def _decoder(cls: type[Any], strings: list[str], limit: int) -> Callable[[Any], Any]:
    """A function that reads one stored record of ``cls`` back, checking every value.

    The function is generated from the record type's own field list (never from the
    file), so reading a whole book's records costs one call each."""
    kinds = [_kind(hint) for _, hint in _fields(cls)]
    names = [f"f{index}" for index in range(len(kinds))]
    arguments = ", ".join(
        _READ[kind].replace("{v}", name) for kind, name in zip(kinds, names, strict=True)
    )
    unpack = ", ".join(names) + ("," if len(names) == 1 else "")
    source = (
        "def decode(row):\n"
        "    if type(row) is not list or len(row) != COUNT:\n"
        "        BAD()\n"
        f"    {unpack} = row\n"
        f"    return CLS({arguments})\n"
    )
    memo: dict[tuple[int, int], Span] = {}

    def new(value: Any) -> Span:
        span = memo[(value[0], value[1])] = _span(value, limit)
        return span

    scope: dict[str, Any] = {
        "CLS": cls, "BAD": _bad, "COUNT": len(kinds), "MEMO": memo, "NEW": new,
        "D": dict(enumerate(strings)), "NUMBERS": (int, float),
    }
    exec(compile(source, f"<cache decoder for {cls.__name__}>", "exec"), scope)
    decode: Callable[[Any], Any] = scope["decode"]
    return decode
