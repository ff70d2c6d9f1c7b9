"""The ``slant`` command: open a document in the reader, or analyse it headless.

    slant [FILE | -] [--model NAME] [--theme NAME] [--max-size SIZE] [--jobs N] [--no-cache]
          [--encoder]
    slant analyze FILE|DIR ... [--format FMT[,FMT]] [--text] [--jobs N] [--no-cache]
                  [--cluster local|tcp://HOST:PORT] [--model NAME] [--output PATH]
                  [--output-dir DIR] [--include-dismissed] [--max-size SIZE] [--encoder]
    slant config [--path]
    slant cache clear

Every failure ends with a one-line message on stderr and an exit code, never a traceback:
1 for a document that cannot be read, 2 for a usage error or no usable spaCy model, 130
when interrupted (Ctrl+C, or a polite kill: ``slant analyze`` takes SIGTERM as Ctrl+C, so its
workers are stopped too).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from types import FrameType

from .commands.options import EXIT_INTERRUPTED, EXIT_USAGE

__all__ = ["main"]

def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (also used by ``python -m tui``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "analyze":
            from .commands.analyze import analyze_parser, run_analyze

            signal.signal(signal.SIGTERM, _interrupted)
            return run_analyze(analyze_parser().parse_args(args[1:]))
        if args and args[0] == "cache":
            from .commands.cache import run_cache

            return run_cache(args[1:])
        if args and args[0] == "config":
            from .commands.config import run_config

            return run_config(args[1:])
        from .commands.open import reader_parser, run_reader

        return run_reader(reader_parser().parse_args(args))
    except KeyboardInterrupt:
        print("slant: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ImportError as error:
        # A library every run needs (Textual, Rich) is missing or broken: the format and
        # analysis libraries are guarded where they are used, with their own message.
        print(f"slant: {_broken_installation(error)}", file=sys.stderr)
        return EXIT_USAGE


def _interrupted(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _broken_installation(error: ImportError) -> str:
    from .analysis.libraries import LIBRARIES, install_command
    from .analysis.textsafety import visible_inline

    module = (error.name or "").split(".")[0]
    package = LIBRARIES.get(module, module)
    reason = visible_inline(f"{type(error).__name__}: {error}", 160)
    fix = install_command(package) if package else "pip install --force-reinstall slant"
    return f"a library Slant needs cannot be imported ({reason}); install it with: {fix}"
