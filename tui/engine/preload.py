"""Imported by the analysis fork server before it forks workers: loads their pipeline once.

See :func:`tui.engine.layers.preload_from_environment`; importing this module does it.
"""

from __future__ import annotations

from .layers import preload_from_environment

preload_from_environment()
