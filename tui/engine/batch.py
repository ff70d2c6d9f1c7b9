"""``slant analyze`` on many documents: files and folders, in parallel, in a stable order.

Each document is a job: open it (any supported format), analyse it, render it in the
chosen export format. With ``--jobs N`` the jobs run in N worker processes, each loading the
spaCy pipeline once; results are written in the order the documents were named, whatever
order they finish in, so the output is the same for every N. A document that cannot be
read or analysed does not stop the others: it is reported at the end and the exit code
says so. A progress bar (rich.progress) on standard error follows the work.
"""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..analysis.textsafety import NEWLINE_MARK, visible_inline, visible_text
from ..documents.formats import EXTENSIONS
from ..exports import HtmlTheme, to_csv
from .pool import BATCH_START, start_pool, stop_pool

__all__ = ["Job", "Outcome", "Settings", "expand_sources", "run_jobs"]


@dataclass(frozen=True)
class Settings:
    """What every job needs to know: the same for all documents of a run."""

    fmt: str
    """The export format, or ``"extracted-text"`` for ``--text``."""
    model: str | None = None
    """The spaCy pipeline asked for (best installed when None)."""
    input_format: str | None = None
    """``--input-format``, overriding sniffing."""
    disabled_devices: frozenset[str] = frozenset()
    """Device ids or categories left out of the results."""
    theme: HtmlTheme | None = None
    """Colours of the HTML report."""
    rule_dirs: tuple[str, ...] = ()
    """Folders of the user's device rules."""
    include_dismissed: bool = False
    """Keep what the reader dismissed in CSV, Markdown, HTML and text (JSON marks it)."""


@dataclass(frozen=True)
class Job:
    """One document to process."""

    index: int
    """Its position on the command line (after folders are expanded)."""
    source: str
    """A path, or ``"-"`` for standard input."""
    data: bytes | None = None
    """Standard input's bytes, read by the parent process (only for ``"-"``)."""
    max_bytes: int | None = None
    """The size limit (``--max-size``); None for the default."""
    error: str | None = None
    """Why the document could not even be read by the parent (standard input)."""


@dataclass(frozen=True)
class Outcome:
    """What became of one job."""

    index: int
    """The job's position."""
    source: str
    """The job's source."""
    output: str = ""
    """The rendered export (empty on error)."""
    error: str | None = None
    """Why the document could not be processed, on one line."""
    fatal: bool = False
    """True when no document can be processed (no spaCy model)."""
    warnings: tuple[str, ...] = ()
    """Problems worth telling once (skipped rule files)."""


def expand_sources(sources: Iterable[str]) -> list[str]:
    """Files as named; folders replaced by the supported files inside them, recursively,
    in sorted order, skipping hidden files and folders. Missing paths stay in the list so
    their job reports them."""
    expanded: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            found = []
            for root, folders, files in os.walk(path):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                found += [os.path.join(root, name) for name in files
                          if not name.startswith(".")
                          and Path(name).suffix.lower() in EXTENSIONS]
            expanded += sorted(found)
        else:
            expanded.append(source)
    return expanded


# -- the work of one process -----------------------------------------------------------------

_STATE: dict[str, object] = {}


def _init(settings: Settings) -> None:
    """Load the pipeline once per process (lazily for ``--text``, which needs none)."""
    _STATE.clear()
    _STATE["settings"] = settings


def _pipeline(settings: Settings) -> object:
    from ..analysis import ModelNotFoundError, load_pipeline

    if "pipeline" not in _STATE and "fatal" not in _STATE:
        try:
            _STATE["pipeline"] = load_pipeline(
                settings.model, rule_dirs=[Path(folder) for folder in settings.rule_dirs]
            )
        except ModelNotFoundError as error:
            _STATE["fatal"] = str(error)
    if "fatal" in _STATE:
        raise ModelNotFoundError(str(_STATE["fatal"]))
    return _STATE["pipeline"]


def process(job: Job) -> Outcome:
    """Open, analyse and render one document (in a worker, or in this process)."""
    from ..analysis import LoadedPipeline, ModelNotFoundError, analyze
    from ..config import without_devices
    from ..dismissals import load_dismissals
    from ..documents.formats import open_document
    from ..documents.loading import DocumentError
    from ..exports.reports import document_info, render

    settings = _STATE["settings"]
    assert isinstance(settings, Settings)
    if job.error is not None:
        return Outcome(job.index, job.source, error=job.error)
    try:
        stdin = io.BytesIO(job.data) if job.data is not None else None
        document = open_document(job.source, input_format=settings.input_format, stdin=stdin,
                                 max_bytes=job.max_bytes)
    except DocumentError as error:
        return Outcome(job.index, job.source, error=str(error))
    except Exception as error:  # a reader's bug on one document must not stop the others
        reason = visible_inline(f"{type(error).__name__}: {error}", 200)
        return Outcome(job.index, job.source, error=f"cannot read it: {reason}")
    if settings.fmt == "extracted-text":
        return Outcome(job.index, job.source, output=visible_text(document.text))
    try:
        pipeline = _pipeline(settings)
        assert isinstance(pipeline, LoadedPipeline)
        analysis = without_devices(analyze(document.text, pipeline), settings.disabled_devices)
        dismissals = load_dismissals(document.text)
        output = render(settings.fmt, analysis, document.text, document_info(document),
                        theme=settings.theme, dismissed=dismissals.dismissed,
                        include_dismissed=settings.include_dismissed)
    except ModelNotFoundError as error:
        return Outcome(job.index, job.source, error=str(error), fatal=True)
    except Exception as error:  # one document's failure must not stop the others
        reason = visible_inline(f"{type(error).__name__}: {error}", 200)
        return Outcome(job.index, job.source, error=f"analysis failed: {reason}")
    warnings = (*pipeline.problems(), *dismissals.problems)
    return Outcome(job.index, job.source, output=output, warnings=warnings)


# -- running the jobs --------------------------------------------------------------------------


def _in_order(outcomes: Iterable[Outcome], total: int) -> Iterator[Outcome]:
    """Yield outcomes by index as soon as all earlier ones have arrived."""
    waiting: dict[int, Outcome] = {}
    following = 0
    for outcome in outcomes:
        waiting[outcome.index] = outcome
        while following in waiting:
            yield waiting.pop(following)
            following += 1
    if following != total:  # unreachable unless a job went missing
        raise RuntimeError("a document was lost")


def _worker_init(settings: Settings) -> None:
    # Ctrl+C is the parent's to handle: it cancels the run and stops the workers. A worker
    # that took the signal itself would die mid-job and leave the pool broken.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init(settings)


def _parallel(jobs: list[Job], settings: Settings, workers: int) -> Iterator[Outcome]:
    pool = start_pool(workers, _worker_init, (settings,), method=BATCH_START)
    try:
        pending: list[Future[Outcome]] = [pool.submit(process, job) for job in jobs]
        for future in as_completed(pending):
            yield future.result()
    except BaseException:
        # Interrupted (or the consumer gave up): do not wait for queued documents.
        stop_pool(pool, terminate=True)
        raise
    pool.shutdown(wait=True)


def run_jobs(
    jobs: list[Job],
    settings: Settings,
    workers: int,
    on_done: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Process ``jobs`` with ``workers`` processes; yield outcomes in job order.

    ``on_done`` is called as each job finishes (in finishing order), for a progress bar.
    """
    def tracked(outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
        for outcome in outcomes:
            if on_done is not None:
                on_done(outcome)
            yield outcome

    if workers <= 1 or len(jobs) <= 1:
        _init(settings)
        return _in_order(tracked(process(job) for job in jobs), len(jobs))
    return _in_order(tracked(_parallel(jobs, settings, min(workers, len(jobs)))), len(jobs))


def combine(fmt: str, outputs: list[tuple[str, str]]) -> str:
    """The outputs of several documents as one stream for standard output.

    ``outputs`` holds ``(source, rendered)`` pairs in order. JSON becomes an array, CSV
    keeps one header, JSON Lines are concatenated, the reports are separated by rules.
    """
    if len(outputs) == 1 and fmt != "csv":
        return outputs[0][1]
    rendered = [output for _, output in outputs]
    if fmt == "json":
        return "[\n" + ",\n".join(output.rstrip("\n") for output in rendered) + "\n]\n"
    if fmt == "csv":
        header = to_csv([]).splitlines(keepends=True)[0]
        return header + "".join(output.split("\n", 1)[1] for output in rendered)
    if fmt == "jsonl":
        return "".join(rendered)
    if fmt == "extracted-text":
        return "".join(f"==> {visible_inline(source, newline=NEWLINE_MARK)} <==\n{output}\n"
                       for source, output in outputs)
    separator = "\n---\n\n" if fmt == "markdown" else "\n" + "=" * 72 + "\n\n"
    return separator.join(rendered)
