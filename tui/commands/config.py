"""``slant config``: where the configuration file is, and what Slant makes of it.

    slant config --path     print the configuration file's location
    slant config            the location, the settings in force, and any problems
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..analysis.textsafety import NEWLINE_MARK, visible_inline

__all__ = ["run_config"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slant config",
        description="Show Slant's configuration file (TOML) and the settings read from it.",
    )
    parser.add_argument("--path", action="store_true",
                        help="only print where the configuration file is (it may not exist)")
    return parser


def run_config(argv: Sequence[str]) -> int:
    """Run ``slant config``; returns the exit code (1 when the file has problems)."""
    from ..config import LAYERS, config_path, load_config

    options = _parser().parse_args(list(argv))
    path = config_path()
    if options.path:
        print(visible_inline(str(path), newline=NEWLINE_MARK))
        return 0
    result = load_config(path)
    config = result.config
    exists = "" if path.exists() else "  (not created yet: every setting has its default)"
    shown = [
        f"file: {visible_inline(str(path), newline=NEWLINE_MARK)}{exists}",
        f"theme = {config.theme or '(the last one used)'}",
        f"layers = {[layer for layer in LAYERS if layer in config.layers]}",
        f"model = {config.model or '(the best installed)'}",
        f"disabled_devices = {sorted(config.disabled_devices)}",
        f"export_format = {config.export_format or 'json'}",
        f"reflow = {'true' if config.reflow else 'false'}",
    ]
    print("\n".join(visible_inline(line, newline=NEWLINE_MARK) for line in shown))
    for problem in result.problems:
        print(f"slant: {visible_inline(problem, 300)}", file=sys.stderr)
    return 1 if result.problems else 0
