"""Layered analysis in worker processes: cheap layers for the whole text first, the parser last.

A paragraph is analysed in up to three layers, each a subset of the spaCy pipeline:

* :data:`LEXICAL`: the tokenizer and the device rules that need nothing more (lexicons on the
  words' lower-case and normalised forms). The tokenizer runs at hundreds of thousands of
  words a second, so this layer covers a whole book in seconds.
* :data:`ENTITIES`: the named-entity recogniser. In spaCy's CNN pipelines it has its own
  token-to-vector layer, so it runs without the tagger and the parser.
* :data:`FULL`: tagger, parser, lemmatizer and every device rule, then the claims. The
  entities of the previous layer are put back on the doc, so the NER is never run twice and
  the two later layers together cost what one run of the whole pipeline costs.

A paragraph on screen is analysed with the whole pipeline at once (:data:`JOB_FULL`).

The functions here run in worker processes: :func:`init_worker` loads the pipeline once per
process and :func:`run_job` turns a :class:`Job` into a :class:`JobResult` of plain frozen
dataclasses. spaCy ``Doc`` objects never leave the worker.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import time
from dataclasses import dataclass, replace
from typing import Any

from ..analysis.model import ParagraphAnalysis

__all__ = [
    "ENTITIES",
    "FULL",
    "JOB_ENTITIES",
    "JOB_FULL",
    "JOB_LEXICAL",
    "JOB_SYNTAX",
    "LAYER_NAMES",
    "LEXICAL",
    "NONE",
    "Job",
    "JobItem",
    "JobResult",
    "RawEntity",
    "Task",
    "attach_encoder",
    "init_worker",
    "job_level",
    "merge",
    "run_job",
    "run_task",
]

NONE = 0
"""Not analysed yet."""
LEXICAL = 1
"""Lexicon and punctuation devices from the tokenizer alone."""
ENTITIES = 2
"""Named entities as well."""
FULL = 3
"""Everything: parser-based devices and claims too."""

LAYER_NAMES = {NONE: "waiting", LEXICAL: "lexical", ENTITIES: "entities", FULL: "full"}
"""What the status bar calls each layer."""

JOB_LEXICAL = "lexical"
"""Tokenizer and lexicon devices."""
JOB_ENTITIES = "entities"
"""Named entities only (the devices of the lexical layer are kept)."""
JOB_SYNTAX = "syntax"
"""Parser, devices and claims, reusing the entities found before."""
JOB_FULL = "full"
"""The whole pipeline in one pass (paragraphs on screen)."""

RawEntity = tuple[int, int, str]
"""An entity as the NER found it: start and end character in the paragraph, and label."""


@dataclass(frozen=True, slots=True)
class JobItem:
    """One paragraph to analyse."""

    index: int
    """The paragraph's index in the document."""
    offset: int
    """Where the paragraph starts in the document."""
    text: str
    """The paragraph's text."""
    entities: tuple[RawEntity, ...] = ()
    """For :data:`JOB_SYNTAX`: the entities the NER found before."""


@dataclass(frozen=True, slots=True)
class Job:
    """A batch of paragraphs and the layer to compute for them."""

    kind: str
    """One of :data:`JOB_LEXICAL`, :data:`JOB_ENTITIES`, :data:`JOB_SYNTAX`, :data:`JOB_FULL`."""
    items: tuple[JobItem, ...]
    """The paragraphs, in text order."""
    urgent: bool = False
    """True for paragraphs on screen: their results are shown at once."""


@dataclass(frozen=True, slots=True)
class JobResult:
    """What a worker sends back: compact results, no spaCy objects."""

    kind: str
    """The job's kind."""
    parts: tuple[ParagraphAnalysis, ...]
    """One analysis per item, in the job's order (only this layer's findings)."""
    raw_entities: tuple[tuple[RawEntity, ...], ...]
    """For :data:`JOB_ENTITIES` and :data:`JOB_FULL`: the NER's entities per item."""
    model: str
    """The pipeline's name and version."""
    warnings: tuple[str, ...]
    """Rule files skipped and detectors that failed, so far, in this worker."""
    seconds: float
    """Time the worker spent on the job."""


@dataclass(frozen=True, slots=True)
class Task:
    """Jobs sent to a worker together (small documents share one), with the pipeline they
    need: a worker that has not loaded it yet (a Dask worker) loads it once and keeps it."""

    model: str | None
    """The spaCy pipeline asked for (the best installed when None)."""
    rule_dirs: tuple[str, ...]
    """Folders of the user's device rules."""
    jobs: tuple[Job, ...]
    """The jobs, each of one document's paragraphs."""
    encoder: bool = False
    """Add the fine-tuned encoder too, when it is installed (``--encoder``)."""


def job_level(kind: str) -> int:
    """The layer a paragraph has reached once a job of ``kind`` is done for it."""
    return {JOB_LEXICAL: LEXICAL, JOB_ENTITIES: ENTITIES}.get(kind, FULL)


_STATE: dict[str, Any] = {}


def init_worker(model: str | None, rule_dirs: tuple[str, ...], niceness: int = 0,
                encoder: bool = False) -> None:
    """Load the pipeline in this worker process (the initializer of the process pool).

    Ctrl+C goes to the whole process group; the app shuts its workers down itself, so they
    ignore it rather than print a traceback each. A failure to load is kept and raised by
    :func:`run_job`, where the app can report it (an initializer's exception would only
    break the pool).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent()
    # The reader owns the terminal: a warning printed here would land in its screen.
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    if niceness:
        # The reader's own process must win the CPU when the user presses a key.
        with contextlib.suppress(OSError):
            os.nice(niceness)
    if _STATE.get("loaded") == (model, tuple(rule_dirs), encoder):
        return  # loaded by the fork server before this worker was forked from it
    _load(model, rule_dirs, encoder)


def _end_with_parent() -> None:
    """Ask Linux to end this worker when the process that started it ends, however it ends
    (killed outright, it cannot stop its workers itself). Elsewhere, nothing."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the parent ended before the request was made
            os._exit(1)


def _load(model: str | None, rule_dirs: tuple[str, ...], encoder: bool = False) -> None:
    from ..analysis.pipeline import load_pipeline

    _STATE.pop("pipeline", None)
    _STATE.pop("error", None)
    _STATE["loaded"] = (model, tuple(rule_dirs), encoder)
    try:
        _STATE["pipeline"] = pipeline = load_pipeline(model, rule_dirs=rule_dirs)
        if encoder:
            attach_encoder(pipeline.nlp)
    except Exception as error:  # reported on the first job, with its message
        _STATE["error"] = error
    # The model's hundreds of thousands of objects live as long as the process: kept out of
    # the cycle collector's passes (which would scan them all again and again while the
    # analysis allocates), and untouched by it in workers forked from here, so their pages
    # stay shared.
    gc.freeze()


def attach_encoder(nlp: Any, threads: int = 1) -> bool:
    """Give the device component of ``nlp`` the fine-tuned encoder, when it is installed
    (on ``threads`` CPU threads: one per worker process, whose number is the cores');
    True when it was."""
    from ..analysis.devices import COMPONENT_NAME
    from ..encoder import load_encoder

    if COMPONENT_NAME not in nlp.pipe_names:
        return False
    loaded = load_encoder(threads)
    nlp.get_pipe(COMPONENT_NAME).encoder = loaded
    return loaded is not None


PRELOAD_ENV = "SLANT_PRELOAD_PIPELINE"
"""Set by the app for its fork server: the model and rule folders to load before forking
workers, as JSON ``[model or null, [rule folder, …]]``."""


def preload_from_environment() -> None:
    """In the fork server: load the pipeline named by :data:`PRELOAD_ENV`, if any, so every
    worker forked from it starts with the model in memory (shared, copy on write).

    Never raises: a failure is only kept, and the workers then load the model themselves."""
    with contextlib.suppress(Exception):
        model, rule_dirs, *more = json.loads(os.environ.get(PRELOAD_ENV) or "null")
        if (model is None or isinstance(model, str)) and all(
            isinstance(folder, str) for folder in rule_dirs
        ):
            _load(model, tuple(rule_dirs), bool(more[0]) if more else False)


def run_task(task: Task) -> tuple[JobResult, ...]:
    """Run ``task``'s jobs in order (in any worker: a pool's, a Dask cluster's, this one),
    loading the pipeline first unless this process has it already."""
    if _STATE.get("loaded") != (task.model, task.rule_dirs, task.encoder):
        _load(task.model, task.rule_dirs, task.encoder)
    return tuple(run_job(job) for job in task.jobs)


def run_job(job: Job) -> JobResult:
    """Analyse ``job``'s paragraphs at its layer (in a worker set up by :func:`init_worker`)."""
    error = _STATE.get("error")
    if error is not None:
        raise error
    pipeline = _STATE.get("pipeline")
    if pipeline is None:  # called outside a pool (tests): load with the defaults
        _load(None, (), False)
        return run_job(job)
    started = time.perf_counter()
    parts, raw = _RUNNERS[job.kind](pipeline, job.items)
    return JobResult(
        kind=job.kind,
        parts=tuple(parts),
        raw_entities=tuple(raw),
        model=pipeline.name,
        warnings=tuple(pipeline.problems()),
        seconds=time.perf_counter() - started,
    )


def _paragraph(item: JobItem) -> Any:
    from ..analysis.model import Paragraph, Span

    return Paragraph(item.index, Span(item.offset, item.offset + len(item.text)))


def _raw_entities(doc: Any) -> tuple[RawEntity, ...]:
    return tuple((ent.start_char, ent.end_char, ent.label_) for ent in doc.ents)


_Found = tuple[list[ParagraphAnalysis], list[Any]]


def _lexical(pipeline: Any, items: tuple[JobItem, ...]) -> _Found:
    from ..analysis.devices import COMPONENT_NAME, devices_from_doc

    nlp = pipeline.nlp
    component = nlp.get_pipe(COMPONENT_NAME) if COMPONENT_NAME in nlp.pipe_names else None
    parts: list[ParagraphAnalysis] = []
    for item in items:
        devices: tuple[Any, ...] = ()
        if component is not None:
            doc = component(nlp.make_doc(item.text))
            devices = tuple(devices_from_doc(doc, item.offset))
        parts.append(ParagraphAnalysis(_paragraph(item), devices=devices))
    return parts, []


def _entities(pipeline: Any, items: tuple[JobItem, ...]) -> _Found:
    from ..analysis.entities import entities_from_doc

    nlp = pipeline.nlp
    others = [name for name in nlp.pipe_names if name != "ner"]
    texts = [item.text for item in items]
    parts: list[ParagraphAnalysis] = []
    raw: list[tuple[RawEntity, ...]] = []
    docs = nlp.pipe(texts, disable=others, batch_size=_batch_size(items))
    for item, doc in zip(items, docs, strict=True):
        parts.append(
            ParagraphAnalysis(_paragraph(item), entities=tuple(entities_from_doc(doc, item.offset)))
        )
        raw.append(_raw_entities(doc))
    return parts, raw


def _syntax(pipeline: Any, items: tuple[JobItem, ...]) -> _Found:
    from ..analysis.pipeline import paragraph_from_doc

    nlp = pipeline.nlp
    disabled = ["ner"] if "ner" in nlp.pipe_names else []
    texts = [item.text for item in items]
    parts: list[ParagraphAnalysis] = []
    docs = nlp.pipe(texts, disable=disabled, batch_size=_batch_size(items))
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    for item, doc in zip(items, docs, strict=True):
        spans = [doc.char_span(start, end, label=label) for start, end, label in item.entities]
        found = [span for span in spans if span is not None]
        if ner is not None and any(_crosses_a_sentence(span) for span in found):
            # Without the parser's sentences the recogniser may run a name across a sentence
            # end; in the whole pipeline it cannot. Rare: this paragraph's NER runs again, now
            # with the sentences, so the reader, the cache and slant analyze find the same.
            parts.append(paragraph_from_doc(ner(doc), _paragraph(item)))
            continue
        # Overlapping or misaligned entities: the claims then go without entity types.
        with contextlib.suppress(ValueError):
            doc.set_ents(found)
        parts.append(paragraph_from_doc(doc, _paragraph(item), entities=False))
    return parts, []


def _crosses_a_sentence(span: Any) -> bool:
    """True when a sentence starts inside ``span`` (after its first token)."""
    return any(token.is_sent_start for token in span[1:])


def _full(pipeline: Any, items: tuple[JobItem, ...]) -> _Found:
    from ..analysis.pipeline import paragraph_from_doc

    texts = [item.text for item in items]
    parts: list[ParagraphAnalysis] = []
    raw: list[tuple[RawEntity, ...]] = []
    for item, doc in zip(items, pipeline.nlp.pipe(texts, batch_size=_batch_size(items)),
                         strict=True):
        parts.append(paragraph_from_doc(doc, _paragraph(item)))
        raw.append(_raw_entities(doc))
    return parts, raw


def _batch_size(items: tuple[JobItem, ...]) -> int:
    from ..analysis.pipeline import batch_size_for

    return batch_size_for((_paragraph(item) for item in items), max(1, len(items)))


_RUNNERS = {
    JOB_LEXICAL: _lexical,
    JOB_ENTITIES: _entities,
    JOB_SYNTAX: _syntax,
    JOB_FULL: _full,
}


def merge(
    current: ParagraphAnalysis | None, kind: str, found: ParagraphAnalysis
) -> ParagraphAnalysis:
    """A paragraph's analysis after a job of ``kind`` found ``found`` for it.

    Each layer keeps what earlier layers found and it does not recompute: the entity layer
    keeps the lexical devices, the syntax layer keeps the entities (and replaces the devices
    with the complete set) unless it had to find them again.
    """
    if kind == JOB_ENTITIES and current is not None:
        return replace(found, devices=current.devices)
    if kind == JOB_SYNTAX and current is not None and not found.entities:
        return replace(found, entities=current.entities)
    return found
