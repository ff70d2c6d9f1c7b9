"""``slant [FILE]``: open a document in the reader.

The document is read (and refused with a one-line message, exit 1) before the terminal is
taken; a document from standard input is read whole, then the keys come from the terminal.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from .. import __version__
from ..documents import Document, DocumentError, open_document
from .options import EXIT_DOCUMENT, EXIT_USAGE, add_size_option, parse_jobs

__all__ = ["reader_parser", "run_reader"]


def reader_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slant",
        description="A terminal reader that shows how a text argues: entities, rhetorical "
        "devices, and the claims in the text with who makes each one.",
        epilog="Headless analysis: slant analyze FILE --format json|jsonl|csv|markdown|html|"
        "text. Configuration: slant config --path",
    )
    parser.add_argument(
        "file", nargs="?", help="a document (text, Markdown, HTML, PDF or Word .docx), or - "
        "for standard input (default: the bundled sample op-ed)"
    )
    parser.add_argument("--model", help="spaCy pipeline to use (default: best installed)")
    parser.add_argument("--theme", help="theme to start with (e.g. slant-light)")
    parser.add_argument("--input-format", dest="input_format",
                        choices=("txt", "md", "html", "pdf", "docx"),
                        help="read the document as this format instead of guessing "
                        "from its content and extension")
    add_size_option(parser)
    parser.add_argument("--jobs", type=parse_jobs, metavar="N",
                        help="worker processes for the analysis (default: one per core; one "
                        "more is kept for the screen)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the analysis cache (slant cache clear "
                        "empties it)")
    parser.add_argument("--encoder", action=argparse.BooleanOptionalAction, default=None,
                        help="add the fine-tuned encoder to devices and claims (slower; "
                        "default: the configuration file's 'encoder', off)")
    parser.add_argument("--version", action="version", version=f"slant {__version__}")
    return parser


def _load(
    source: str | None, max_bytes: int | None = None, input_format: str | None = None
) -> Document | None:
    try:
        return open_document(source, input_format=input_format, max_bytes=max_bytes)
    except DocumentError as error:
        print(f"slant: {error}", file=sys.stderr)
        return None


def run_reader(options: argparse.Namespace) -> int:
    """Open ``options.file`` in the reader; returns the exit code."""
    document = _load(options.file, options.max_size, options.input_format)
    if document is None:
        return EXIT_DOCUMENT
    if options.file == "-" and not _reattach_terminal():
        print("slant: reading from a pipe needs a terminal for the reader; "
              "use 'slant analyze -' instead", file=sys.stderr)
        return EXIT_USAGE
    # Tens of thousands of objects are made to import the app and draw its first frame, none
    # of them garbage: the cycle collector waits until the frame is drawn (the app turns it
    # on again then).
    gc.disable()
    from ..ui.analysis_feed import AnalysisOptions
    from ..ui.app import SlantApp

    # The worker processes start after the first frame is on the screen (the analysis
    # thread starts them, and only when the cache does not have the document).
    analysis = AnalysisOptions(jobs=options.jobs, use_cache=not options.no_cache,
                               encoder=options.encoder)
    try:
        SlantApp(document, model=options.model, theme=options.theme,
                 max_bytes=options.max_size, analysis=analysis).run()
    finally:
        gc.enable()
    return 0


def _reattach_terminal() -> bool:
    """After the document came through stdin, read keys from the terminal instead."""
    if sys.stdin.isatty():
        return True
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return False
    os.dup2(terminal, 0)
    os.close(terminal)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    return True
