"""Where Slant keeps the user's files, and the little state it remembers between runs.

Everything lives under one folder, :func:`config_dir`: the platform's per-user configuration
folder (``~/.config/slant`` on Linux, via platformdirs), or the folder named by the
environment variable ``SLANT_CONFIG_DIR`` when that is set (tests and portable setups use it).

Nothing here raises on a missing, unreadable or corrupt file: settings are a convenience, and
Slant must start whatever state the folder is in. Reads give ``None``; writes return an error
message for the status bar.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_state_dir

__all__ = [
    "CONFIG_DIR_ENV",
    "config_dir",
    "data_dir",
    "load_last_theme",
    "read_json_object",
    "save_last_theme",
    "state_dir",
    "state_path",
    "user_rules_dir",
    "user_themes_dir",
    "write_atomically",
]

CONFIG_DIR_ENV = "SLANT_CONFIG_DIR"
"""Environment variable that, when set and non-empty, replaces the configuration folder."""
STATE_DIR_ENV = "SLANT_STATE_DIR"
"""Environment variable that, when set and non-empty, replaces the state folder."""
DATA_DIR_ENV = "SLANT_DATA_DIR"
"""Environment variable that, when set and non-empty, replaces the data folder."""

_THEME_KEY = "theme"
"""The key of the last-used theme's name in the state file."""


def config_dir() -> Path:
    """The folder holding Slant's user files (it may not exist yet; nothing creates it here)."""
    override = os.environ.get(CONFIG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(user_config_dir("slant", appauthor=False))


def state_dir() -> Path:
    """The folder where Slant keeps what it remembers for the user between runs (the places
    documents were left at): ``~/.local/state/slant`` on Linux, via platformdirs."""
    override = os.environ.get(STATE_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(user_state_dir("slant", appauthor=False))


def data_dir() -> Path:
    """The folder of what the user made and must not lose (the highlights they dismissed,
    their ignore list): ``~/.local/share/slant`` on Linux, via platformdirs."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir("slant", appauthor=False))


def user_themes_dir() -> Path:
    """The folder of the user's own theme files (``*.toml``), ``<config>/themes``."""
    return config_dir() / "themes"


def user_rules_dir() -> Path:
    """The folder of the user's own device rules, ``<config>/rules``."""
    return config_dir() / "rules"


def state_path() -> Path:
    """The small JSON file where Slant remembers things between runs (the last theme)."""
    return config_dir() / "state.json"


def load_last_theme() -> str | None:
    """The name of the theme the user last chose, or None if unknown.

    A missing, unreadable or corrupt state file means "unknown", silently: the app then
    starts with its default theme. Whether the name is still a registered theme is the
    caller's business.
    """
    state = read_json_object(state_path())
    name = state.get(_THEME_KEY)
    if isinstance(name, str) and name.strip():
        return name
    return None


def save_last_theme(name: str) -> str | None:
    """Remember ``name`` as the last-used theme; returns None, or a message saying why not.

    The state file is replaced atomically (a temporary file in the same folder, then
    ``os.replace``), so a crash or a second Slant never leaves it half written. Other keys in
    the state file are kept. Never raises: the message is meant for the status bar.
    """
    path = state_path()
    state = read_json_object(path)
    state[_THEME_KEY] = name
    try:
        write_atomically(path, json.dumps(state, indent=2, sort_keys=True) + "\n")
    except (OSError, ValueError, TypeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return f"Could not save the theme choice to {path}: {reason}"
    return None


def read_json_object(path: Path) -> dict[str, object]:
    """The JSON object in ``path``, or an empty dict if it is missing or unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        # ValueError covers json.JSONDecodeError; a corrupt file is treated as no file.
        return {}
    return data if isinstance(data, dict) else {}


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temporary file must be in the same folder: os.replace is only atomic within one
    # file system.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
