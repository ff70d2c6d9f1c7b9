"""Where Slant's bundled data lives: the theme files and the sample document.

The folders ``themes/`` and ``seeds/`` sit at the top of the repository. A wheel ships them
inside the package as ``tui.themes`` and ``tui.seeds`` (see ``pyproject.toml``), so code must
never build their paths by hand: ask :func:`bundled_path` instead.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["BUNDLED_FOLDERS", "bundled_path", "sample_document_path"]

BUNDLED_FOLDERS = ("themes", "seeds")
"""The names of the bundled data folders."""

_REPO_ROOT = Path(__file__).resolve().parent.parent
"""The source checkout's root, when running from one (``tui/`` is directly below it)."""


def bundled_path(name: str) -> Path:
    """The folder holding the bundled ``themes`` or ``seeds``.

    An installed wheel has them as the data packages ``tui.themes`` / ``tui.seeds``; a source
    checkout (including an editable install, whose import hook cannot see folders without an
    ``__init__.py``) has them at ``<repo>/themes`` / ``<repo>/seeds``.

    Raises:
        ValueError: ``name`` is not one of the bundled folders.
        FileNotFoundError: neither location exists (a broken installation).
    """
    if name not in BUNDLED_FOLDERS:
        raise ValueError(f"unknown bundled folder {name!r}; expected 'themes' or 'seeds'")
    try:
        spec = importlib.util.find_spec(f"tui.{name}")
    except (ImportError, ValueError):
        # A half-installed package can make find_spec raise instead of returning None.
        spec = None
    if spec is not None and spec.submodule_search_locations is not None:
        # Data folders have no __init__.py, so this is a namespace package: its search
        # locations may include import-hook placeholders that are not real folders.
        for location in spec.submodule_search_locations:
            folder = Path(location)
            if folder.is_dir():
                return folder
    folder = _REPO_ROOT / name
    if folder.is_dir():
        return folder
    raise FileNotFoundError(f"Slant's bundled {name} folder is missing (looked for {folder})")


def sample_document_path() -> Path:
    """The sample document shipped in ``seeds`` (the first ``.txt`` file by name).

    Raises:
        FileNotFoundError: the seeds folder holds no ``.txt`` file.
    """
    folder = bundled_path("seeds")
    documents = sorted(path for path in folder.glob("*.txt") if path.is_file())
    if not documents:
        raise FileNotFoundError(f"no sample document (*.txt) in {folder}")
    return documents[0]
