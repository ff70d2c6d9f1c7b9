"""Slant's widgets: thin views over analysis results that post messages up."""

from __future__ import annotations

from .claims_pane import ClaimsPane
from .claims_side import ClaimsSide
from .document_view import DocumentView
from .explanation import Explanation
from .file_watcher import FileWatcher
from .line_marks import Layers
from .status_bar import StatusBar, StatusInfo

__all__ = ["ClaimsPane", "ClaimsSide", "DocumentView", "Explanation", "FileWatcher", "Layers",
           "StatusBar", "StatusInfo"]
