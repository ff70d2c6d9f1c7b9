"""What the subcommands share: exit codes and the parsing of sizes and process counts."""

from __future__ import annotations

import argparse

from ..documents.loading import MAX_DOCUMENT_BYTES, size_text

__all__ = ["EXIT_DOCUMENT", "EXIT_INTERRUPTED", "EXIT_USAGE", "add_size_option",
           "parse_jobs", "parse_size"]

EXIT_DOCUMENT = 1
"""The document could not be read, or the output file could not be written."""
EXIT_USAGE = 2
"""Bad arguments, or no spaCy model to analyse with."""
EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl+C (SIGINT), as shells report it."""

_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2,
               "g": 1024**3, "gb": 1024**3}


def parse_size(value: str) -> int:
    """``--max-size``'s value in bytes: ``200M``, ``1.5G``, ``800k``, ``1048576``; ``0``
    (or ``none``) lifts the limit."""
    text = value.strip().lower().replace(" ", "").removesuffix("ib")
    if text in ("0", "none", "unlimited"):
        return 0
    number = text.rstrip("kmgb")
    unit = text[len(number):]
    try:
        size = float(number)
    except ValueError:
        size = -1.0
    if unit not in _SIZE_UNITS or not size > 0 or size * _SIZE_UNITS[unit] > 2**62:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a size; write e.g. 200M, 1G, 800k, or 0 for no limit"
        )
    return int(size * _SIZE_UNITS[unit])


def add_size_option(parser: argparse.ArgumentParser) -> None:
    """``--max-size SIZE``, as the reader and ``slant analyze`` take it."""
    parser.add_argument(
        "--max-size", type=parse_size, default=None, metavar="SIZE",
        help=f"open documents up to SIZE (default {size_text(MAX_DOCUMENT_BYTES)}; "
        "e.g. 200M, 1G; 0 for no limit)",
    )


def parse_jobs(value: str) -> int:
    """``--jobs``: a whole number of processes, at least 1."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("needs at least 1 process")
    return jobs
