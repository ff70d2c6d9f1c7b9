"""The user's defaults: a TOML file in Slant's configuration folder.

``<config>/config.toml`` (``~/.config/slant/config.toml`` on Linux; ``SLANT_CONFIG_DIR``
moves the folder, see :mod:`tui.settings`; ``slant config --path`` prints it)::

    theme = "slant-light"                    # the theme to start with
    layers = ["entities", "devices"]         # highlight layers shown at start
    model = "en_core_web_md"                 # the spaCy pipeline
    disabled_devices = ["hedging", "rhetorical-question"]  # device ids or categories
    export_format = "markdown"               # slant analyze --format, the export dialog
    reflow = false                           # show hard-wrapped text's own line breaks
    encoder = true                           # add the fine-tuned encoder: devices, claims (slower)

Every key is optional; command-line options win over the file. A file that is not valid
TOML is reported with its line and ignored as a whole; a key with a wrong value or an
unknown key is reported with its line and ignored, the other keys still apply.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from .analysis.model import Analysis, Device, ParagraphAnalysis
from .settings import config_dir

__all__ = [
    "CONFIG_FILE",
    "LAYERS",
    "Config",
    "ConfigResult",
    "config_path",
    "load_config",
    "without_devices",
]

CONFIG_FILE = "config.toml"
"""The configuration file's name, in :func:`tui.settings.config_dir`."""

LAYERS: tuple[str, ...] = ("entities", "devices", "claims")
"""The highlight layers, as ``layers`` names them."""

_POSITION = re.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")


@dataclass(frozen=True)
class Config:
    """The defaults read from the configuration file (``None``: not set)."""

    theme: str | None = None
    """The theme to start with."""
    layers: frozenset[str] = frozenset(LAYERS)
    """The highlight layers shown at start."""
    model: str | None = None
    """The spaCy pipeline to use."""
    disabled_devices: frozenset[str] = frozenset()
    """Device ids or categories never shown nor exported."""
    export_format: str | None = None
    """The default export format."""
    reflow: bool = True
    """Show hard-wrapped plain text reflowed to the pane (``w`` switches it in the reader)."""
    encoder: bool = False
    """Add the fine-tuned encoder (its device and claims heads) when it is installed (off by
    default: see the README's accuracy section; ``--encoder`` turns it on for one run)."""


@dataclass(frozen=True)
class ConfigResult:
    """The configuration and what was wrong with the file."""

    config: Config = field(default_factory=Config)
    """The usable settings (defaults for whatever was missing or wrong)."""
    problems: tuple[str, ...] = ()
    """One line per problem, naming the file and the line."""
    path: Path | None = None
    """The file read, or None when there was none."""


def config_path() -> Path:
    """Where the configuration file is (it may not exist)."""
    return config_dir() / CONFIG_FILE


def _line_of(source: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) + 1 if match else None


def _strings(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def _device_names() -> set[str]:
    """Every device id and device category Slant knows."""
    from .analysis.categories import DEVICE_CATEGORIES
    from .analysis.devices import load_catalogue

    return {kind.id for kind in load_catalogue()} | set(DEVICE_CATEGORIES)


def _check(key: str, value: object) -> tuple[object, str | None]:
    """The setting's value, or an explanation of why it is unusable."""
    if key in ("theme", "model"):
        if isinstance(value, str) and value.strip():
            return value.strip(), None
        return None, "must be a non-empty string"
    if key == "export_format":
        from .exports import EXPORT_FORMATS  # the exporters: not needed to start the reader

        if isinstance(value, str) and value in EXPORT_FORMATS:
            return value, None
        return None, f"must be one of {', '.join(EXPORT_FORMATS)}"
    if key in ("reflow", "encoder"):
        if isinstance(value, bool):
            return value, None
        return None, "must be true or false"
    if key == "layers":
        names = _strings(value)
        if names is not None and set(names) <= set(LAYERS):
            return frozenset(names), None
        return None, f"must be a list of {', '.join(LAYERS)}"
    if key == "disabled_devices":
        names = _strings(value)
        if names is None:
            return None, "must be a list of device ids or categories"
        unknown = sorted(set(names) - _device_names())
        if unknown:
            return None, (f"names no device kind or category: {', '.join(unknown)} "
                          "(see the device_kinds of slant analyze --format json)")
        return frozenset(names), None
    known = ", ".join(("theme", "layers", "model", "disabled_devices", "export_format",
                       "reflow", "encoder"))
    return None, f"is not a setting Slant knows (known: {known})"


def load_config(path: Path | None = None) -> ConfigResult:
    """Read the configuration file (``config_path()`` by default). Never raises."""
    path = path or config_path()
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ConfigResult()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return ConfigResult(problems=(f"{path}: cannot read it ({reason}); ignored",), path=path)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _POSITION.search(message)
        if found and found.group(1):
            line = int(found.group(1))
        else:  # "at end of document": an unclosed array or string; name the last line
            line = max(1, len(source.rstrip("\n").split("\n")))
        detail = _POSITION.sub("", message).strip().rstrip(".")
        where = f"line {line}"
        return ConfigResult(problems=(f"{path}, {where}: {detail}; the file is ignored",),
                            path=path)
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        checked, problem = _check(key, value)
        if problem is not None:
            key_line = _line_of(source, key)
            where = f"line {key_line}" if key_line else "?"
            problems.append(f"{path}, {where}: {key} {problem}; ignored")
            continue
        values[key] = checked
    return ConfigResult(Config(**values), tuple(problems), path)


def _kept(device: Device, disabled: frozenset[str]) -> bool:
    return device.id not in disabled and device.category not in disabled


_Item = TypeVar("_Item", Analysis, ParagraphAnalysis)


def without_devices(item: _Item, disabled: frozenset[str]) -> _Item:
    """``item`` without the devices whose id or category is in ``disabled``."""
    if not disabled:
        return item
    return replace(item, devices=tuple(d for d in item.devices if _kept(d, disabled)))
