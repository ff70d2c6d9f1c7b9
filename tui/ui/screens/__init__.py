"""Slant's screens."""

from __future__ import annotations

from .help import HelpScreen
from .main import MainScreen

__all__ = ["HelpScreen", "MainScreen"]
