"""Names shared by the component and its readers (kept apart so they import without spaCy)."""

from __future__ import annotations

__all__ = ["COMPONENT_NAME", "EVIDENCE_ATTR", "REASONS_ATTR", "REASON_EXTENSION", "SPANS_KEY"]

COMPONENT_NAME = "slant_devices"
"""The component's factory and pipe name."""

SPANS_KEY = "slant_devices"
"""The ``doc.spans`` key the component writes to."""

REASONS_ATTR = "slant_reasons"
"""Key in the span group's ``attrs``: a dict from ``"label start end"`` (token offsets) to
the reason. Kept there, not in a plain span extension, because spaCy stores span extension
values by character offsets alone, so two devices on the same words would share one reason."""

REASON_EXTENSION = "slant_reason"
"""Name of the read-only ``Span`` extension giving a device span's reason."""

EVIDENCE_ATTR = "slant_evidence"
"""Key in the span group's ``attrs``: a dict from the same keys as :data:`REASONS_ATTR` to
``(evidence, rule id, confidence)``: what fired (lexicon, pattern, rule or model), which rule
or model, and how sure it is."""
