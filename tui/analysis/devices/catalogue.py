"""The device catalogue: what each kind of device is, read once from ``data/catalogue.toml``."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from ..categories import DEVICE_CATEGORIES
from ..model import DeviceKind

__all__ = ["catalogue_by_id", "data_dir", "load_catalogue", "parse_catalogue"]

CATALOGUE_FILE = "catalogue.toml"
"""Name of the catalogue inside the package's data folder."""

_REQUIRED = ("id", "name", "category", "definition", "example")


def data_dir() -> Traversable:
    """The package's ``data`` folder (works from a source tree, an editable install or a wheel)."""
    return resources.files(__package__ or "tui.analysis.devices") / "data"


def load_catalogue() -> list[DeviceKind]:
    """Return every device kind, in display order.

    The file is read once per process; each call returns a fresh list, so callers may modify
    it without affecting others.
    """
    return list(_catalogue())


def catalogue_by_id() -> dict[str, DeviceKind]:
    """Return the catalogue as a mapping from device id to kind (a fresh dict per call)."""
    return {kind.id: kind for kind in _catalogue()}


@lru_cache(maxsize=1)
def _catalogue() -> tuple[DeviceKind, ...]:
    """Read and validate the packaged catalogue (cached: it never changes at run time)."""
    source = data_dir() / CATALOGUE_FILE
    return tuple(parse_catalogue(source.read_text(encoding="utf-8"), CATALOGUE_FILE))


def parse_catalogue(text: str, source: str) -> list[DeviceKind]:
    """Parse catalogue TOML into device kinds.

    Raises:
        ValueError: naming ``source`` and the problem when the TOML is invalid, an entry
            misses a field, repeats an id or names a category that is not in
            :data:`~tui.analysis.categories.DEVICE_CATEGORIES`.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: invalid TOML: {error}") from error
    entries = data.get("device")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{source}: expected a list of [[device]] tables")
    kinds: list[DeviceKind] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        kind = _parse_kind(entry, f"{source}: device #{number}")
        if kind.id in seen:
            raise ValueError(f"{source}: device #{number}: duplicate id {kind.id!r}")
        seen.add(kind.id)
        kinds.append(kind)
    return kinds


def _parse_kind(entry: Any, where: str) -> DeviceKind:
    """Validate one ``[[device]]`` table and build its :class:`DeviceKind`."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a table")
    values: dict[str, str] = {}
    for key in _REQUIRED:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: missing or empty {key!r}")
        values[key] = value.strip()
    technique = entry.get("technique")
    if technique is not None and (not isinstance(technique, str) or not technique.strip()):
        raise ValueError(f"{where}: 'technique' must be a non-empty string when given")
    unknown = set(entry) - {*_REQUIRED, "technique"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if values["category"] not in DEVICE_CATEGORIES:
        raise ValueError(
            f"{where}: category {values['category']!r} is not one of {sorted(DEVICE_CATEGORIES)}"
        )
    return DeviceKind(
        id=values["id"],
        name=values["name"],
        category=values["category"],
        definition=values["definition"],
        example=values["example"],
        technique=technique.strip() if isinstance(technique, str) else None,
    )
