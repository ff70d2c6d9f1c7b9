"""The ``slant`` command: open a document in the reader, or analyse it headless.

    slant [FILE | -] [--model NAME] [--theme NAME] [--max-size SIZE] [--jobs N] [--no-cache]
    slant analyze FILE|DIR ... [--format json|jsonl|csv|markdown|html|text] [--text]
                  [--jobs N] [--model NAME] [--output PATH] [--max-size SIZE]
    slant config [--path]
    slant cache clear

Every failure ends with a one-line message on stderr and an exit code, never a traceback:
1 for a document that cannot be read, 2 for a usage error or no usable spaCy model, 130
when interrupted (Ctrl+C).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__
from .loading import MAX_DOCUMENT_BYTES, Document, DocumentError, size_text

__all__ = ["main"]

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


def _add_size_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-size", type=parse_size, default=None, metavar="SIZE",
        help=f"open documents up to SIZE (default {size_text(MAX_DOCUMENT_BYTES)}; "
        "e.g. 200M, 1G; 0 for no limit)",
    )


def _reader_parser() -> argparse.ArgumentParser:
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
    parser.add_argument("--input-format", "--format", dest="input_format",
                        choices=("txt", "md", "html", "pdf", "docx"),
                        help="read the document as this format instead of guessing "
                        "from its content and extension")
    _add_size_option(parser)
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        help="worker processes for the analysis (default: one per core; one "
                        "more is kept for the screen)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the analysis cache (slant cache clear "
                        "empties it)")
    parser.add_argument("--version", action="version", version=f"slant {__version__}")
    return parser


def _jobs(value: str) -> int:
    """``--jobs``: a whole number of processes, at least 1."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("needs at least 1 process")
    return jobs


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (also used by ``python -m tui``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "analyze":
            from .analyze_command import analyze_parser, run_analyze

            return run_analyze(analyze_parser(parse_size).parse_args(args[1:]))
        if args and args[0] == "cache":
            from .cache_command import run_cache

            return run_cache(args[1:])
        if args and args[0] == "config":
            from .config_command import run_config

            return run_config(args[1:])
        return _read(_reader_parser().parse_args(args))
    except KeyboardInterrupt:
        print("slant: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ImportError as error:
        # A library every run needs (Textual, Rich) is missing or broken: the format and
        # analysis libraries are guarded where they are used, with their own message.
        print(f"slant: {_broken_installation(error)}", file=sys.stderr)
        return EXIT_USAGE


def _broken_installation(error: ImportError) -> str:
    from .analysis.libraries import LIBRARIES, install_command
    from .analysis.textsafety import visible_inline

    module = (error.name or "").split(".")[0]
    package = LIBRARIES.get(module, module)
    reason = visible_inline(f"{type(error).__name__}: {error}", 160)
    fix = install_command(package) if package else "pip install --force-reinstall slant"
    return f"a library Slant needs cannot be imported ({reason}); install it with: {fix}"


def _load(
    source: str | None, max_bytes: int | None = None, input_format: str | None = None
) -> Document | None:
    from .formats import open_document

    try:
        return open_document(source, input_format=input_format, max_bytes=max_bytes)
    except DocumentError as error:
        print(f"slant: {error}", file=sys.stderr)
        return None


def _read(options: argparse.Namespace) -> int:
    document = _load(options.file, options.max_size, options.input_format)
    if document is None:
        return EXIT_DOCUMENT
    if options.file == "-" and not _reattach_terminal():
        print("slant: reading from a pipe needs a terminal for the reader; "
              "use 'slant analyze -' instead", file=sys.stderr)
        return EXIT_USAGE
    from .app import SlantApp
    from .screens.analysis_feed import AnalysisOptions

    analysis = AnalysisOptions(jobs=options.jobs, use_cache=not options.no_cache)
    from .analysis.runner import start_worker_server
    from .config import load_config
    from .settings import user_rules_dir

    # Before the reader takes the terminal (see its docstring), with the model it will use.
    model = options.model or load_config().config.model
    start_worker_server(model, [str(user_rules_dir())])
    SlantApp(document, model=options.model, theme=options.theme,
             max_bytes=options.max_size, analysis=analysis).run()
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
