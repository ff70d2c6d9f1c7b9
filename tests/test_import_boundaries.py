"""The analysis core stays pure: importing and running it loads neither textual nor rich."""

from __future__ import annotations

import subprocess
import sys

# spaCy's own command-line module imports rich (through typer) when spaCy is imported, so
# rich is checked before spaCy is loaded, and textual after a whole analysis.
PROBE = """
import sys
import tui.analysis
import tui.analysis.export
import tui.analysis.devices
import tui.analysis.claims
import tui.analysis.entities
def leaked(roots):
    return sorted(name for name in sys.modules if name.split(".")[0] in roots)
print(",".join(leaked({"textual", "rich"})))
from tui.analysis import analyze
analyze("Merz urges a careful exchange. We reject the plan.")
print(",".join(leaked({"textual"})))
"""


def test_analysis_imports_neither_textual_nor_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    before_spacy, after_analysis = result.stdout.splitlines()
    assert before_spacy == "", f"UI modules imported by the analysis: {before_spacy}"
    assert after_analysis == "", f"textual imported by running an analysis: {after_analysis}"


def test_analysis_source_has_no_ui_imports() -> None:
    from pathlib import Path

    import tui.analysis

    root = Path(tui.analysis.__file__).parent
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in ("import textual", "from textual", "import rich", "from rich"):
            assert banned not in source, f"{path.name} has '{banned}'"
