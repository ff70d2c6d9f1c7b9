"""The ``slant`` command: open a document in the reader, or analyse it headless.

    slant [FILE | -] [--model NAME] [--theme NAME]
    slant analyze FILE [--format json|text] [--model NAME] [--output PATH]

Every failure ends with a one-line message on stderr and an exit code, never a traceback:
1 for a document that cannot be read, 2 for a usage error or no usable spaCy model.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence

from . import __version__
from .analysis.textsafety import visible_inline
from .loading import Document, DocumentError, load_document

__all__ = ["main"]

EXIT_DOCUMENT = 1
"""The document could not be read, or the output file could not be written."""
EXIT_USAGE = 2
"""Bad arguments, or no spaCy model to analyse with."""


def _reader_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slant",
        description="A terminal reader that shows how a text argues: entities, rhetorical "
        "devices, and the claims in the text with who makes each one.",
        epilog="Headless analysis: slant analyze FILE --format json",
    )
    parser.add_argument(
        "file", nargs="?", help="a text file (UTF-8, UTF-16 or Windows-1252), or - for "
        "standard input (default: the bundled sample op-ed)"
    )
    parser.add_argument("--model", help="spaCy pipeline to use (default: best installed)")
    parser.add_argument("--theme", help="theme to start with (e.g. slant-light)")
    parser.add_argument("--version", action="version", version=f"slant {__version__}")
    return parser


def _analyze_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slant analyze",
        description="Analyse a document without the user interface and print the result.",
    )
    parser.add_argument("file", help="a text file, or - for standard input")
    parser.add_argument("--format", choices=("json", "text"), default="json",
                        help="json (default, for scripts) or a plain-text report")
    parser.add_argument("--model", help="spaCy pipeline to use (default: best installed)")
    parser.add_argument("--output", "-o", help="write to this file instead of standard output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (also used by ``python -m tui``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "analyze":
            return _analyze(_analyze_parser().parse_args(args[1:]))
        return _read(_reader_parser().parse_args(args))
    except KeyboardInterrupt:
        print("slant: interrupted", file=sys.stderr)
        return 130


def _load(source: str | None) -> Document | None:
    try:
        return load_document(source)
    except DocumentError as error:
        print(f"slant: {error}", file=sys.stderr)
        return None


def _analyze(options: argparse.Namespace) -> int:
    from .analysis import ModelNotFoundError, analyze
    from .analysis.export import to_json, to_text_report

    document = _load(options.file)
    if document is None:
        return EXIT_DOCUMENT
    from .analysis import load_pipeline
    from .settings import user_rules_dir

    try:
        pipeline = load_pipeline(options.model, rule_dirs=[user_rules_dir()])
    except ModelNotFoundError as error:
        print(f"slant: {error}", file=sys.stderr)
        return EXIT_USAGE
    analysis = analyze(document.text, pipeline)
    for warning in pipeline.problems():
        print(f"slant: warning: {visible_inline(warning)}", file=sys.stderr)
    if options.format == "json":
        source = str(document.path) if document.path else document.name
        output = to_json(analysis, document.text, source=source) + "\n"
    else:
        output = to_text_report(analysis, document.text)
    if options.output:
        try:
            with open(options.output, "w", encoding="utf-8") as handle:
                handle.write(output)
        except OSError as error:
            print(f"slant: cannot write {options.output}: {error.strerror}", file=sys.stderr)
            return EXIT_DOCUMENT
    else:
        # Placeholders such as ␛ and ⇄ must print even where stdout is not UTF-8.
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
        sys.stdout.write(output)
    return 0


def _read(options: argparse.Namespace) -> int:
    document = _load(options.file)
    if document is None:
        return EXIT_DOCUMENT
    if options.file == "-" and not _reattach_terminal():
        print("slant: reading from a pipe needs a terminal for the reader; "
              "use 'slant analyze -' instead", file=sys.stderr)
        return EXIT_USAGE
    from .app import SlantApp

    SlantApp(document, model=options.model, theme=options.theme).run()
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
