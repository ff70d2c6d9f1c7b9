"""What ``slant analyze`` hands the engine (:mod:`.corpus`) and what it gets back: the
documents named, the settings of the run, and each document's outcome."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..analysis.model import Analysis, DeviceKind
from ..documents.formats import EXTENSIONS
from ..documents.loading import Document

__all__ = ["CorpusSettings", "Finished", "PipelineError", "Source", "expand_sources"]


@dataclass(frozen=True)
class Source:
    """One document to analyse, as named on the command line."""

    index: int
    """Its position (after folders are expanded)."""
    source: str
    """A path, or ``"-"`` for standard input."""
    data: bytes | None = None
    """Standard input's bytes (only for ``"-"``)."""
    max_bytes: int | None = None
    """The size limit; None for the default."""
    error: str | None = None
    """Why it could not even be read (standard input too large)."""


@dataclass(frozen=True)
class CorpusSettings:
    """What every document of a run is analysed with."""

    model: str | None = None
    """The spaCy pipeline (the best installed when None)."""
    rule_dirs: tuple[str, ...] = ()
    """Folders of the user's device rules."""
    encoder: bool = False
    """Add the fine-tuned encoder too, when installed (``--encoder``)."""
    input_format: str | None = None
    """Read every document as this format instead of guessing."""
    use_cache: bool = True
    """Read and fill the analysis cache."""
    analyse: bool = True
    """False to only read the documents (``--text``)."""
    kinds: tuple[DeviceKind, ...] = ()
    """The device catalogue, carried into each analysis."""


@dataclass(frozen=True)
class Finished:
    """What became of one document."""

    index: int
    """Its position."""
    source: str
    """As named."""
    document: Document | None = None
    """The document read (None when it could not be)."""
    analysis: Analysis | None = None
    """Its analysis (None on error, or when only reading)."""
    error: str | None = None
    """Why it could not be read or analysed, on one line."""
    from_cache: bool = False
    """True when the analysis came from the cache."""


class PipelineError(RuntimeError):
    """No document can be analysed (no spaCy model); ``str()`` says why."""


def expand_sources(sources: Iterable[str]) -> list[str]:
    """Files as named; folders replaced by the supported files inside them, recursively,
    in sorted order, skipping hidden files and folders. Missing paths stay in the list so
    their document reports them."""
    expanded: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            found = []
            for root, folders, files in os.walk(path):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                found += [os.path.join(root, name) for name in files
                          if not name.startswith(".")
                          and Path(name).suffix.lower() in EXTENSIONS]
            expanded += sorted(found)
        else:
            expanded.append(source)
    return expanded
