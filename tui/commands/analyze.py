"""``slant analyze``: documents in, exports out, without the user interface.

    slant analyze FILE|DIR|- ... [--format FMT[,FMT...]] [--text] [--jobs N]
                  [--cluster local|tcp://HOST:PORT] [--no-cache] [--include-dismissed]
                  [--input-format FMT] [--output PATH | --output-dir DIR]
                  [--model NAME] [--theme NAME] [--max-size SIZE] [--quiet]

Folders are searched recursively for the formats Slant reads. The engine
(:mod:`tui.engine.corpus`) spreads the work over every core (or a Dask cluster's workers)
in paragraph batches and hands the documents back in the order they were named, whatever
the workers; each is written as soon as it and all before it are done. A document that
cannot be read or analysed is reported at the end (exit code 1) and the others are still
written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from ..analysis.textsafety import NEWLINE_MARK, visible_inline
from ..documents.formats import INPUT_FORMATS
from ..engine.corpus import (
    CorpusRun,
    CorpusSettings,
    Finished,
    PipelineError,
    Source,
    expand_sources,
)
from ..exports import EXPORT_FORMATS, FILE_EXTENSIONS
from .options import EXIT_DOCUMENT, EXIT_USAGE, parse_jobs, parse_size
from .outputs import FolderOutput, Output, StreamOutput

__all__ = ["analyze_parser", "run_analyze"]

TEXT = "extracted-text"
"""The pseudo-format of ``--text``."""


def _formats(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXPORT_FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r} (choose from "
            f"{', '.join(EXPORT_FORMATS)})")
    return list(dict.fromkeys(names))


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
    parser.add_argument("--format", "-f", type=_formats, default=None, metavar="FMT[,FMT]",
                        help=f"output format: {', '.join(EXPORT_FORMATS)}; several, "
                        "comma-separated, with --output-dir (default: json, or export_format "
                        "from the config)")
    parser.add_argument("--text", action="store_true",
                        help="print the extracted text that all offsets refer to, instead")
    parser.add_argument("--input-format", choices=tuple(INPUT_FORMATS), default=None,
                        help="read every document as this format instead of guessing")
    parser.add_argument("--jobs", "-j", type=parse_jobs, default=None, metavar="N",
                        help="worker processes (default: one per core)")
    parser.add_argument("--cluster", metavar="ADDRESS",
                        help="run on a Dask cluster: a scheduler's tcp://HOST:PORT, or "
                        "'local' for one started on this machine (needs slant[cluster])")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor fill the analysis cache the reader shares")
    parser.add_argument("--model", help="spaCy pipeline to use (default: best installed)")
    parser.add_argument("--encoder", action=argparse.BooleanOptionalAction, default=None,
                        help="add the fine-tuned encoder to devices and claims (slower; "
                        "default: the configuration file's 'encoder', off)")
    parser.add_argument("--theme", help="theme whose colours the html report uses")
    parser.add_argument("--output", "-o", help="write to this file instead of standard output")
    parser.add_argument("--output-dir", metavar="DIR",
                        help="write one file per document (and format) into DIR")
    parser.add_argument("--include-dismissed", action="store_true",
                        help="keep what you dismissed in the reader in csv, markdown, html "
                        "and text (json always lists it, marked \"dismissed\": true)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.add_argument("--max-size", type=parse_size, default=None, metavar="SIZE",
                        help="open documents up to SIZE (e.g. 200M; 0 for no limit)")
    return parser


def _say(message: str) -> None:
    print(f"slant: {message}", file=sys.stderr)


def _is_a_document(output: str, sources: list[str]) -> bool:
    import os

    for source in sources:
        if source == "-":
            continue
        try:
            if os.path.samefile(output, source):
                return True
        except (OSError, ValueError):  # the output does not exist yet
            continue
    return False


def _usage_problem(options: argparse.Namespace, formats: list[str],
                   sources: list[str]) -> str | None:
    if sources.count("-") > 1:
        return "standard input (-) can be named only once"
    if options.output and options.output_dir:
        return "use --output or --output-dir, not both"
    if len(formats) > 1 and not options.output_dir:
        return "several formats are written to a folder: add --output-dir DIR"
    if formats == ["html"] and len(sources) > 1 and not options.output_dir:
        return "an html report is one page per document: add --output-dir DIR"
    if options.output and _is_a_document(options.output, sources):
        which = "the document" if len(sources) == 1 else "a document"
        return f"--output names {which} itself; Slant never writes its documents"
    return None


def run_analyze(options: argparse.Namespace) -> int:
    """Run ``slant analyze`` with parsed options; returns the exit code."""
    from ..config import load_config

    loaded = load_config()
    formats = options.format or [loaded.config.export_format or "json"]
    if options.text:
        formats = [TEXT]
    sources = expand_sources(options.files)
    if not sources:
        _say("no documents found in the folders given")
        return EXIT_DOCUMENT
    problem = _usage_problem(options, formats, sources)
    if problem:
        _say(problem)
        return EXIT_USAGE
    render_options, problems = _render_options(options, formats, loaded)
    for warning in [*loaded.problems, *problems]:
        _say(f"warning: {visible_inline(warning, 300)}")
    items = _sources(sources, options)
    if items is None:
        return EXIT_DOCUMENT
    encoder = loaded.config.encoder if options.encoder is None else options.encoder
    if encoder:
        from ..encoder import encoder_problem

        problem = encoder_problem()
        if problem is not None:  # the analysis goes on without it, as without --encoder
            print(f"slant: warning: {problem}; analysing without the encoder", file=sys.stderr)
            encoder = False
    settings = _corpus_settings(options, formats, loaded.config.model, encoder)
    output: Output
    if options.output_dir:
        extensions = {fmt: ".txt" if fmt == TEXT else FILE_EXTENSIONS[fmt] for fmt in formats}
        output = FolderOutput(options.output_dir, sources, extensions)
    else:
        output = StreamOutput(formats[0], options.output, many=len(sources) > 1)
    if output.problem:
        _say(output.problem)
        return EXIT_DOCUMENT
    return _run(items, settings, options, formats, output, render_options)


def _render_options(options: argparse.Namespace, formats: list[str],
                    loaded: Any) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    theme = None
    if "html" in formats:
        from ..ui.html_theme import load_html_theme

        theme, problems = load_html_theme(options.theme or loaded.config.theme)
    return {"theme": theme, "include_dismissed": options.include_dismissed,
            "disabled": loaded.config.disabled_devices}, list(problems)


def _corpus_settings(options: argparse.Namespace, formats: list[str],
                     model: str | None, encoder: bool = False) -> CorpusSettings:
    from ..settings import user_rules_dir

    kinds: tuple[Any, ...] = ()
    if formats != [TEXT]:
        from ..analysis.devices import load_catalogue

        kinds = tuple(load_catalogue())
    return CorpusSettings(model=options.model or model, rule_dirs=(str(user_rules_dir()),),
                          encoder=encoder, input_format=options.input_format,
                          use_cache=not options.no_cache,
                          analyse=formats != [TEXT], kinds=kinds)


def _sources(sources: list[str], options: argparse.Namespace) -> list[Source] | None:
    items: list[Source] = []
    for index, source in enumerate(sources):
        data = error = None
        if source == "-":
            from ..documents.loading import DocumentError, read_stdin_bytes

            try:
                data = read_stdin_bytes(max_bytes=options.max_size)
            except DocumentError as problem:
                if len(sources) == 1:
                    _say(str(problem))
                    return None
                error = str(problem)
        items.append(Source(index, source, data, max_bytes=options.max_size, error=error))
    return items


def _run(items: list[Source], settings: CorpusSettings, options: argparse.Namespace,
         formats: list[str], output: Output, render_options: dict[str, Any]) -> int:
    from ..engine.pool import ClusterError

    failed: list[Finished] = []
    # One document gets a bar only in a terminal (a book takes a while); scripts get none.
    quiet = options.quiet or (len(items) < 2 and not sys.stderr.isatty())
    with _progress(quiet, len(items)) as tell:
        run = CorpusRun(items, settings, _make_workers(options, settings), progress=tell,
                        note=lambda line: _say(f"warning: {line}"))
        try:
            for finished in run:
                if finished.error is not None or finished.document is None:
                    failed.append(finished)
                    continue
                if not output.problem:
                    output.write(finished.index, finished.source,
                                 _render(finished, formats, render_options))
        except PipelineError as error:
            _say(str(error))
            return EXIT_USAGE
        except ClusterError as error:
            _say(str(error))
            return EXIT_USAGE
        finally:
            output.close()
    for warning in run.problems:
        _say(f"warning: {visible_inline(warning, 300)}")
    if output.problem:
        _say(output.problem)
        return EXIT_DOCUMENT
    return _report_failures(failed, len(items))


def _make_workers(options: argparse.Namespace, settings: CorpusSettings) -> Callable[[], Any]:
    from ..engine.layers import init_worker
    from ..engine.pool import ClusterWorkers, LocalWorkers, default_jobs

    jobs = options.jobs or default_jobs()

    def make() -> Any:
        if options.cluster:
            return ClusterWorkers(options.cluster, jobs)
        from ..analysis.pipeline import INSTALL_HINT, installed_models

        if settings.model is None and not installed_models():
            raise PipelineError(INSTALL_HINT)  # said at once, not by every worker started
        return LocalWorkers(jobs, init_worker,
                            (settings.model, settings.rule_dirs, 0, settings.encoder))

    return make


def _render(finished: Finished, formats: list[str], options: dict[str, Any]) -> dict[str, str]:
    from ..analysis.textsafety import visible_text
    from ..config import without_devices
    from ..dismissals import load_dismissals
    from ..exports.reports import document_info, render

    document = finished.document
    assert document is not None
    if finished.analysis is None:
        return {TEXT: visible_text(document.text)}
    analysis = without_devices(finished.analysis, options["disabled"])
    dismissals = load_dismissals(document.text)
    for problem in dismissals.problems:
        _say(f"warning: {visible_inline(problem, 300)}")
    info = document_info(document)
    return {fmt: render(fmt, analysis, document.text, info, theme=options["theme"],
                        dismissed=dismissals.dismissed,
                        include_dismissed=options["include_dismissed"])
            for fmt in formats}


class _progress:
    """A progress bar on standard error (rich.progress), or nothing when quiet."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.quiet = quiet
        self.total = total
        self._progress: Any = None

    def __enter__(self) -> Callable[[float, int], None] | None:
        if self.quiet:
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        self._progress = Progress("Analysing", BarColumn(), TaskProgressColumn(),
                                  TextColumn("{task.fields[documents]}"), TimeElapsedColumn(),
                                  console=console, transient=console.is_terminal)
        self._progress.__enter__()
        task = self._progress.add_task("analysis", total=1.0, documents="")

        def tell(share: float, done: int) -> None:
            self._progress.update(task, completed=share, documents=f"{done}/{self.total}")

        return tell

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


def _report_failures(failed: list[Finished], total: int) -> int:
    if not failed:
        return 0
    if total == 1:
        _say(failed[0].error or "failed")
        return EXIT_DOCUMENT
    _say(f"{len(failed)} of {total} documents could not be analysed:")
    for finished in failed:
        print(f"  {visible_inline(finished.source, 200, newline=NEWLINE_MARK)}: "
              f"{finished.error}", file=sys.stderr)
    return EXIT_DOCUMENT
