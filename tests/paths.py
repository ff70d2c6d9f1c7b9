"""Where the tests find the repository and the bundled sample, from any folder under tests/."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
"""The repository's root (pyproject.toml, README.md, seeds/)."""

SAMPLE = REPO / "seeds" / "anti-imperialist-op-ed-peace-talks.txt"
"""The bundled sample op-ed."""
