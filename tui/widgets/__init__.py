"""Slant's widgets: thin views over analysis results that post messages up."""

from __future__ import annotations

from .claims_pane import ClaimsPane
from .document_view import DocumentView
from .explanation import Explanation
from .line_marks import Layers
from .status_bar import StatusBar, StatusInfo

__all__ = ["ClaimsPane", "DocumentView", "Explanation", "Layers", "StatusBar", "StatusInfo"]
