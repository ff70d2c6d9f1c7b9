"""``slant cache``: where the analysis cache is, and emptying it.

    slant cache clear      # remove every cached analysis
    slant cache path       # print the cache folder
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from ..engine.cache import cache_dir, clear_cache

__all__ = ["run_cache"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slant cache",
        description="Slant keeps each analysed document's results so that it opens fully "
        "highlighted the next time. Entries are rebuilt whenever the text, the model or "
        "the rules change.",
    )
    parser.add_argument("action", choices=("clear", "path"),
                        help="clear: remove every cached analysis; path: print the folder")
    return parser


def run_cache(argv: Sequence[str]) -> int:
    """Run ``slant cache ACTION``; returns the exit code."""
    options = _parser().parse_args(list(argv))
    if options.action == "path":
        print(cache_dir())
        return 0
    removed = clear_cache()
    print(f"Removed {removed} cached {'analysis' if removed == 1 else 'analyses'} "
          f"from {cache_dir()}")
    return 0
