"""The one guard around importing the libraries Slant reads and analyses documents with.

A library can be missing or broken on a user's machine: removed by hand, left out by an
installer that did not match an extra's name, moved out of its parent package by an upstream
release (lxml's HTML cleaner), or built for another CPU. Whatever the cause, the user must get
one line that says what could not be done, which package is at fault and how to install it,
never a traceback. Every import of an optional or format-specific library therefore goes
through :func:`require`, which turns *any* failure while importing into :class:`LibraryError`.

The callers convert that error into their own: a document that cannot be read (the document
readers), a pipeline that cannot be built (the analysis).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .textsafety import visible_inline

__all__ = ["LIBRARIES", "LibraryError", "install_command", "require", "require_all"]

LIBRARIES: dict[str, str] = {
    "charset_normalizer": "charset-normalizer",
    "docx": "python-docx",
    "justext": "justext",
    "lxml": "lxml",
    "lxml_html_clean": "lxml_html_clean",
    "markdown_it": "markdown-it-py",
    "pypdf": "pypdf",
    "spacy": "spacy",
    "trafilatura": "trafilatura",
    "vaderSentiment": "vaderSentiment",
}
"""Top-level module → the package (distribution) that provides it, for the install hint."""

_REASON_CHARS = 160


class LibraryError(RuntimeError):
    """A library could not be imported; ``str()`` is the one-line message for the user."""

    def __init__(self, message: str, package: str) -> None:
        super().__init__(message)
        self.package = package
        """The package to install."""


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module`` (e.g. ``"trafilatura.metadata"``) for ``purpose``.

    Args:
        module: the dotted module name.
        purpose: what the library is needed for, e.g. ``"reading HTML pages"``.

    Raises:
        LibraryError: the module, or a module it imports, is missing or fails to import.
    """
    try:
        return importlib.import_module(module)
    except Exception as error:  # ImportError, or whatever a broken library raises on import
        raise _library_error(module, purpose, error) from error


def require_all(modules: tuple[str, ...], purpose: str) -> list[ModuleType]:
    """:func:`require` each of ``modules`` in order (a format's whole stack of libraries, so
    that the message names the innermost one that is missing)."""
    return [require(module, purpose) for module in modules]


def install_command(package: str) -> str:
    """``pip install '<requirement>'`` with the version range Slant was installed with, or the
    bare package name when Slant itself is not installed (run from a source tree)."""
    return f"pip install '{_requirement(package)}'"


def _library_error(module: str, purpose: str, error: BaseException) -> LibraryError:
    top = module.split(".")[0]
    missing = getattr(error, "name", None) if isinstance(error, ModuleNotFoundError) else None
    if missing:
        # A dependency of the library may be the one missing: name that one.
        missing_top = missing.split(".")[0]
        package = LIBRARIES.get(missing_top, missing_top)
        state = "is not installed"
    else:
        package = LIBRARIES.get(top, top)
        reason = visible_inline(f"{type(error).__name__}: {error}", _REASON_CHARS)
        state = f"fails to import ({reason})"
    message = f"{purpose} needs {package}, which {state}; install it with: " + install_command(
        package
    )
    return LibraryError(message, package)


def _requirement(package: str) -> str:
    """Slant's own requirement on ``package`` (``trafilatura==2.3.1``), or the bare name."""
    from importlib import metadata  # email parsers and all: only when a library is missing

    wanted = _normalised(package)
    try:
        requirements = metadata.requires("slant") or []
    except metadata.PackageNotFoundError:
        return package
    for requirement in requirements:
        if ";" in requirement:  # an extra's requirement (tests, training): not the app's
            continue
        name = requirement
        for separator in "<>=!~[ ":
            name = name.split(separator)[0]
        if _normalised(name) == wanted:
            return requirement.replace(" ", "")
    return package


def _normalised(name: str) -> str:
    """Package names compare case-blind, with ``-``, ``_`` and ``.`` alike (PEP 503)."""
    return name.lower().replace("_", "-").replace(".", "-")
