"""``slant analyze``: documents in, exports out, without the user interface.

    slant analyze FILE|DIR|- ... [--format json|jsonl|csv|markdown|html|text] [--text]
                  [--jobs N] [--input-format FMT] [--output PATH | --output-dir DIR]
                  [--model NAME] [--theme NAME] [--max-size SIZE] [--quiet]

Folders are searched recursively for the formats Slant reads. Outputs come in the order the
documents were named, whatever ``--jobs``. A document that cannot be read or analysed is
reported at the end (exit code 1) and the others are still written.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

from ..analysis.textsafety import NEWLINE_MARK, visible_inline
from ..documents.formats import INPUT_FORMATS
from ..engine.batch import Job, Outcome, Settings, combine, expand_sources, run_jobs
from ..exports import EXPORT_FORMATS, FILE_EXTENSIONS
from .options import EXIT_DOCUMENT, EXIT_USAGE, parse_size

__all__ = ["analyze_parser", "run_analyze"]



def analyze_parser() -> argparse.ArgumentParser:
    """The argument parser of ``slant analyze``."""
    parser = argparse.ArgumentParser(
        prog="slant analyze",
        description="Analyse documents without the user interface and print the result.",
        epilog="Formats read: " + ", ".join(f"{key} ({name})" for key, name in
                                             INPUT_FORMATS.items()),
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="documents (txt, md, html, pdf, docx), folders of them, or - "
                        "for standard input")
    parser.add_argument("--format", "-f", choices=tuple(EXPORT_FORMATS), default=None,
                        help="output format (default: json, or export_format from the config)")
    parser.add_argument("--text", action="store_true",
                        help="print the extracted text that all offsets refer to, instead")
    parser.add_argument("--input-format", choices=tuple(INPUT_FORMATS), default=None,
                        help="read every document as this format instead of guessing")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                        help="analyse N documents at a time in separate processes "
                        "(0: one per core; default 1)")
    parser.add_argument("--model", help="spaCy pipeline to use (default: best installed)")
    parser.add_argument("--theme", help="theme whose colours the html report uses")
    parser.add_argument("--output", "-o", help="write to this file instead of standard output")
    parser.add_argument("--output-dir", metavar="DIR",
                        help="write one file per document into DIR (FILE-NAME.EXT)")
    parser.add_argument("--include-dismissed", action="store_true",
                        help="keep what you dismissed in the reader in csv, markdown, html "
                        "and text (json always lists it, marked \"dismissed\": true)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.add_argument("--max-size", type=parse_size, default=None, metavar="SIZE",
                        help="open documents up to SIZE (e.g. 200M; 0 for no limit)")
    return parser


def _say(message: str) -> None:
    print(f"slant: {message}", file=sys.stderr)


def _write_stdout(output: str) -> None:
    # Placeholders such as ␛ and ⇄ must print even where stdout is not UTF-8.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    sys.stdout.write(output)


def _write_file(path: str, output: str) -> bool:
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(output)
    except OSError as error:
        _say(f"cannot write {visible_inline(path, newline=NEWLINE_MARK)}: "
             f"{error.strerror or error}")
        return False
    return True


def _is_a_document(output: str, sources: list[str]) -> bool:
    for source in sources:
        if source == "-":
            continue
        try:
            if os.path.samefile(output, source):
                return True
        except (OSError, ValueError):  # the output does not exist yet
            continue
    return False


def _output_names(sources: list[str], extension: str) -> list[str]:
    """One distinct file name per document for ``--output-dir``."""
    names: list[str] = []
    taken: set[str] = set()
    for source in sources:
        stem = "stdin" if source == "-" else (Path(source).stem or "document")
        name, number = f"{stem}{extension}", 2
        while name in taken:
            name, number = f"{stem}-{number}{extension}", number + 1
        taken.add(name)
        names.append(name)
    return names


def _settings(options: argparse.Namespace, fmt: str) -> tuple[Settings, list[str]]:
    from ..config import load_config
    from ..settings import user_rules_dir

    loaded = load_config()
    config = loaded.config
    problems = list(loaded.problems)
    theme = None
    if fmt == "html":
        from ..ui.html_theme import load_html_theme

        theme, theme_problems = load_html_theme(options.theme or config.theme)
        problems += theme_problems
    settings = Settings(
        fmt=fmt,
        model=options.model or config.model,
        input_format=options.input_format,
        disabled_devices=config.disabled_devices,
        theme=theme,
        rule_dirs=(str(user_rules_dir()),),
        include_dismissed=options.include_dismissed,
    )
    return settings, problems


def run_analyze(options: argparse.Namespace) -> int:
    """Run ``slant analyze`` with parsed options; returns the exit code."""
    from ..config import load_config

    fmt = options.format or load_config().config.export_format or "json"
    if options.text:
        fmt = "extracted-text"
    sources = expand_sources(options.files)
    if not sources:
        _say("no documents found in the folders given")
        return EXIT_DOCUMENT
    if sources.count("-") > 1:
        _say("standard input (-) can be named only once")
        return EXIT_USAGE
    if options.output and options.output_dir:
        _say("use --output or --output-dir, not both")
        return EXIT_USAGE
    if fmt == "html" and len(sources) > 1 and not options.output_dir:
        _say("an html report is one page per document: add --output-dir DIR")
        return EXIT_USAGE
    if options.output and _is_a_document(options.output, sources):
        which = "the document" if len(sources) == 1 else "a document"
        _say(f"--output names {which} itself; Slant never writes its documents")
        return EXIT_USAGE
    settings, problems = _settings(options, fmt)
    for problem in problems:
        _say(f"warning: {visible_inline(problem, 300)}")
    jobs = _jobs(sources, options)
    if jobs is None:
        return EXIT_DOCUMENT
    workers = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    outcomes = _run_with_progress(jobs, settings, workers, quiet=options.quiet)
    fatal = next((outcome for outcome in outcomes if outcome.fatal), None)
    if fatal is not None:
        _say(fatal.error or "no spaCy model")
        return EXIT_USAGE
    _report_warnings(outcomes)
    done = [outcome for outcome in outcomes if outcome.error is None]
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    if not _write_outputs(done, fmt, options):
        return EXIT_DOCUMENT
    return _report_failures(failed, len(outcomes))


def _jobs(sources: list[str], options: argparse.Namespace) -> list[Job] | None:
    jobs: list[Job] = []
    for index, source in enumerate(sources):
        data = None
        error = None
        if source == "-":
            from ..documents.loading import DocumentError, read_stdin_bytes

            try:
                data = read_stdin_bytes(max_bytes=options.max_size)
            except DocumentError as problem:
                if len(sources) == 1:
                    _say(str(problem))
                    return None
                error = str(problem)
        jobs.append(Job(index, source, data, max_bytes=options.max_size, error=error))
    return jobs


def _run_with_progress(
    jobs: list[Job], settings: Settings, workers: int, *, quiet: bool
) -> list[Outcome]:
    if quiet or len(jobs) < 2:
        return list(run_jobs(jobs, settings, workers))
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress("Analysing", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=console.is_terminal) as progress:
        task = progress.add_task("documents", total=len(jobs))
        return list(run_jobs(jobs, settings, workers,
                             on_done=lambda _: progress.advance(task)))


def _report_warnings(outcomes: list[Outcome]) -> None:
    seen: set[str] = set()
    for outcome in outcomes:
        for warning in outcome.warnings:
            if warning not in seen:
                seen.add(warning)
                _say(f"warning: {visible_inline(warning, 300)}")


def _write_outputs(done: list[Outcome], fmt: str, options: argparse.Namespace) -> bool:
    if options.output_dir:
        folder = Path(options.output_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            _say(f"cannot create {visible_inline(str(folder))}: {error.strerror or error}")
            return False
        extension = ".txt" if fmt == "extracted-text" else FILE_EXTENSIONS[fmt]
        names = _output_names([outcome.source for outcome in done], extension)
        return all(_write_file(str(folder / name), outcome.output)
                   for name, outcome in zip(names, done, strict=True))
    if not done:
        return True
    output = combine(fmt, [(outcome.source, outcome.output) for outcome in done])
    if options.output:
        return _write_file(options.output, output)
    _write_stdout(output)
    return True


def _report_failures(failed: list[Outcome], total: int) -> int:
    if not failed:
        return 0
    if total == 1:
        _say(failed[0].error or "failed")
        return EXIT_DOCUMENT
    _say(f"{len(failed)} of {total} documents could not be analysed:")
    for outcome in failed:
        print(f"  {visible_inline(outcome.source, 200, newline=NEWLINE_MARK)}: {outcome.error}",
              file=sys.stderr)
    return EXIT_DOCUMENT
