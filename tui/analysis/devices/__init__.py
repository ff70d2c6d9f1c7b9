"""Rhetorical device detection: a data-driven spaCy component and its plain-data output.

The rules are data (``data/*.toml``): a catalogue of device kinds, lexicons, spaCy token and
dependency patterns, and switches for a few procedural detectors. The ``slant_devices``
component compiles them once and writes its findings to ``doc.spans["slant_devices"]``;
:func:`devices_from_doc` turns those into :class:`~tui.analysis.model.Device` values, so no
spaCy object leaves this package. The package never imports textual or rich, and imports
spaCy only when a function here needs it (the catalogue can be read without it).

Typical use::

    add_device_component(nlp, extra_rule_dirs=[config_dir / "rules"])
    for doc in nlp.pipe(paragraph_texts):
        devices = devices_from_doc(doc, paragraph_start)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Device
from .catalogue import load_catalogue
from .keys import COMPONENT_NAME, REASON_EXTENSION, REASONS_ATTR, SPANS_KEY

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "COMPONENT_NAME",
    "REASONS_ATTR",
    "REASON_EXTENSION",
    "SPANS_KEY",
    "add_device_component",
    "devices_from_doc",
    "load_catalogue",
    "rule_warnings",
]

_COMPONENT_MODULE = f"{__name__}.component"


def add_device_component(nlp: Language, extra_rule_dirs: Iterable[str | Path] = ()) -> None:
    """Add the ``slant_devices`` component at the end of ``nlp``'s pipeline.

    ``extra_rule_dirs`` are folders of user rule files (TOML or JSON, the packaged format);
    missing folders are ignored and broken files or rules are skipped and reported by
    :func:`rule_warnings`. Adding the component to a pipeline that already has it is a no-op
    (the rule folders of the first call stay in force).

    Raises:
        ValueError: only when a packaged rule file is broken (a bug in Slant).
        LibraryError: a library the detectors need cannot be imported.
    """
    from .component import add_device_component as add
    from .learned import valences

    valences()  # now, so that a missing sentiment lexicon stops the build, not each paragraph
    add(nlp, extra_rule_dirs)


def devices_from_doc(doc: Any, offset: int, *, spans_key: str = SPANS_KEY) -> list[Device]:
    """The devices the component found in ``doc``, as plain :class:`Device` values.

    Character offsets are shifted by ``offset`` (where the doc's text starts in the full
    text). The list is sorted by position, has no duplicates, and is empty when the component
    did not run on ``doc``.
    """
    from .component import devices_from_doc as extract

    return extract(doc, offset, spans_key=spans_key)


def rule_warnings() -> list[str]:
    """Problems met by the most recently built device component, one line each: user rule
    files or rules that were skipped (naming the file and the problem) and detectors that
    failed on some text. Empty when no component has been built."""
    module = sys.modules.get(_COMPONENT_MODULE)
    if module is None:
        return []
    warnings: list[str] = module.rule_warnings()
    return warnings
