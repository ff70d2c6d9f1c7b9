"""The engine behind ``slant analyze``: documents in, analyses out, in order, on any workers.

Each document is read here, in the order given and a bounded stretch ahead, and looked up in
the analysis cache the reader fills (and this fills for it). Otherwise its paragraphs go to
the workers in :class:`~.layers.Task` batches of about :data:`TASK_CHARS` characters: a book
is spread over every worker as the reader spreads it, and small documents share a task, so
many of them keep the workers busy. Results are merged per document, made final
(:mod:`.final`: speakers linked across paragraphs), cached, and yielded in the order the
documents were given as soon as each one and all before it are done. Memory follows the
window of documents in flight (:data:`AHEAD_CHARS`), not the corpus.

The workers are a process pool on this machine or a Dask cluster (:mod:`.pool`); tasks carry
text and return plain dataclasses, so both give the same analyses. Nothing is started when
every document comes from the cache. A task that fails is split by document and run again,
so one bad document never takes others with it; when a worker process dies, the tasks it may
have been running are run again one at a time, and only the one that kills a worker again is
reported as failed. (On a cluster, Dask itself reruns a lost worker's tasks elsewhere.)
"""

from __future__ import annotations

import io
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from ..analysis.model import Paragraph, ParagraphAnalysis
from ..analysis.textsafety import visible_inline
from ..documents.loading import Document
from .final import analysis_of, final_parts
from .layers import JOB_FULL, Job, JobItem, JobResult, Task, run_task
from .lookup import document_key, load_document_analysis
from .pool import Workers
from .sources import CorpusSettings, Finished, PipelineError, Source, expand_sources

__all__ = ["AHEAD_CHARS", "TASK_CHARS", "CorpusRun", "CorpusSettings", "Finished",
           "PipelineError", "Source", "expand_sources"]

TASK_CHARS = 20_000
"""Characters of text per task: a few tenths of a second of spaCy, long enough that sending
it costs nothing next to analysing it, short enough that a book keeps every worker busy."""
AHEAD_CHARS = 8_000_000
"""Text read ahead of the document being written, at most (one document always fits)."""
LOST_CHECK_SECONDS = 1.0
"""How often a cluster is asked whether workers left."""


@dataclass(eq=False)
class _Doc:
    """A document read and not yet yielded."""

    source: Source
    document: Document | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    key: str | None = None
    parts: dict[int, ParagraphAnalysis] = field(default_factory=dict)
    jobs: int = 0
    waiting: int = 0
    model: str = ""
    finished: Finished | None = None

    def fail(self, error: str) -> None:
        self.finished = Finished(self.source.index, self.source.source, self.document,
                                 error=error)


@dataclass(eq=False)
class _Batch:
    """A task's jobs, with the documents they belong to."""

    pieces: list[tuple[_Doc, Job]]
    chars: int = 0
    alone: bool = False  # a suspect of a crash, run with nothing beside it


class CorpusRun:
    """Read, analyse and yield each of ``sources`` in order (see the module docstring):
    iterate over it for :class:`Finished` documents.

    ``workers`` makes the workers when the first task needs them; ``progress`` hears the
    share of the run done and the documents done; ``note`` hears what happened to the
    workers (one line each).
    Iterating raises :class:`PipelineError` when the workers cannot load a pipeline.
    """

    def __init__(
        self,
        sources: Sequence[Source],
        settings: CorpusSettings,
        workers: Callable[[], Workers],
        *,
        progress: Callable[[float, int], None] | None = None,
        note: Callable[[str], None] | None = None,
    ) -> None:
        self.unread = deque(sources)
        self.total = len(sources)
        self.settings = settings
        self.make_workers = workers
        self.progress = progress
        self.note = note or (lambda _: None)
        self.workers: Workers | None = None
        self.window: deque[_Doc] = deque()
        self.ahead_chars = 0
        self.ready: deque[_Batch] = deque()
        self.open = _Batch([])
        self.running: dict[Future[tuple[JobResult, ...]], _Batch] = {}
        self.yielded = 0
        self.warnings: dict[str, None] = {}
        self._checked = time.monotonic()

    def __iter__(self) -> Iterator[Finished]:
        completed = False
        try:
            while self.unread or self.window:
                self._read_ahead()
                while self.window and self.window[0].finished is not None:
                    doc = self.window.popleft()
                    if doc.document is not None:
                        self.ahead_chars -= len(doc.document.text)
                    self.yielded += 1
                    assert doc.finished is not None
                    yield doc.finished
                if any(doc.finished is None for doc in self.window):
                    self._submit()
                    if not self.running:  # a bug, not a state to hang in
                        raise RuntimeError("documents were left unanalysed")
                    self._wait()
                self._tell_progress()
            self._check_lost(now=True)
            completed = True
        finally:
            if self.workers is not None:
                self.workers.close(terminate=not completed)

    @property
    def problems(self) -> list[str]:
        """Rule files skipped and detectors that failed, as the workers reported."""
        return list(self.warnings)

    # -- reading ---------------------------------------------------------------------------

    def _read_ahead(self) -> None:
        while self.unread and (not self.window or self.ahead_chars < AHEAD_CHARS):
            doc = self._read(self.unread.popleft())
            self.window.append(doc)
            if doc.document is not None:
                self.ahead_chars += len(doc.document.text)
        if self.open.pieces and (not self.unread or self.ahead_chars >= AHEAD_CHARS):
            self._close_open()

    def _read(self, source: Source) -> _Doc:
        from ..documents.formats import open_document
        from ..documents.loading import DocumentError

        doc = _Doc(source)
        if source.error is not None:
            doc.fail(source.error)
            return doc
        try:
            stdin = io.BytesIO(source.data) if source.data is not None else None
            doc.document = open_document(source.source, input_format=self.settings.input_format,
                                         stdin=stdin, max_bytes=source.max_bytes)
        except DocumentError as error:
            doc.fail(str(error))
            return doc
        except Exception as error:  # a reader's bug on one document must not stop the others
            doc.fail(f"cannot read it: {visible_inline(f'{type(error).__name__}: {error}', 200)}")
            return doc
        if not self.settings.analyse:
            doc.finished = Finished(source.index, source.source, doc.document)
            return doc
        self._plan(doc)
        return doc

    def _plan(self, doc: _Doc) -> None:
        """Find ``doc`` in the cache, or split it into jobs."""
        from ..analysis.pipeline import split_paragraphs

        assert doc.document is not None
        text = doc.document.text
        doc.paragraphs = split_paragraphs(text)
        if self.settings.use_cache:
            doc.key = document_key(text, self.settings.model, self.settings.rule_dirs,
                                   self.settings.encoder)
            cached = load_document_analysis(doc.key, text, doc.paragraphs)
            if cached is not None:
                analysis = analysis_of(text, cached.model, cached.parts, self.settings.kinds)
                doc.finished = Finished(doc.source.index, doc.source.source, doc.document,
                                        analysis, from_cache=True)
                return
        jobs = _jobs(text, doc.paragraphs)
        doc.jobs = doc.waiting = len(jobs)
        for job in jobs:
            chars = sum(len(item.text) for item in job.items)
            if chars >= TASK_CHARS // 2:
                self._close_open()  # the documents before this one go first: in order
                self.ready.append(_Batch([(doc, job)], chars))
                continue
            self.open.pieces.append((doc, job))
            self.open.chars += chars
            if self.open.chars >= TASK_CHARS:
                self._close_open()

    def _close_open(self) -> None:
        if self.open.pieces:
            self.ready.append(self.open)
            self.open = _Batch([])

    # -- the workers -------------------------------------------------------------------------

    def _submit(self) -> None:
        if not self.ready and self.open.pieces:
            self._close_open()  # workers would idle: send what there is
        if not self.ready:
            return
        if self.workers is None:
            self.workers = self.make_workers()
        workers = self.workers
        while self.ready:
            batch = self.ready[0]
            alone = batch.alone or any(other.alone for other in self.running.values())
            if self.running and (alone or len(self.running) >= 2 * workers.size):
                return
            self.ready.popleft()
            settings = self.settings
            task = Task(settings.model, settings.rule_dirs, tuple(job for _, job in batch.pieces),
                        settings.encoder)
            try:
                future = workers.submit(run_task, task)
            except BrokenProcessPool:  # a worker died while none of ours was running
                self.ready.appendleft(batch)
                self._crashed([])
                return
            self.running[future] = batch

    def _wait(self) -> None:
        if not self.running:
            return
        finished, _ = wait(self.running, timeout=0.5, return_when=FIRST_COMPLETED)
        broken: list[_Batch] = []
        for future in finished:
            batch = self.running.pop(future)
            try:
                results = future.result()
            except BrokenProcessPool:
                broken.append(batch)
                continue
            except Exception as error:
                self._failed(batch, error)
                continue
            for (doc, job), result in zip(batch.pieces, results, strict=True):
                self._merge(doc, job, result)
        if broken:
            self._crashed(broken)
        self._check_lost()

    def _merge(self, doc: _Doc, job: Job, result: JobResult) -> None:
        self.warnings.update(dict.fromkeys(result.warnings))
        if doc.finished is not None:
            return
        doc.model = result.model
        for part in result.parts:
            doc.parts[part.paragraph.index] = part
        doc.waiting -= 1
        if doc.waiting == 0:
            self._finish(doc)

    def _finish(self, doc: _Doc) -> None:
        from .cache import store_analysis

        assert doc.document is not None
        text = doc.document.text
        parts = [doc.parts[index] for index in sorted(doc.parts)]
        final, _ = final_parts(text, doc.model, parts)
        if doc.key is not None:
            problem = store_analysis(doc.key, len(text), doc.model, final)
            if problem:
                self.warnings[problem] = None
        doc.finished = Finished(doc.source.index, doc.source.source, doc.document,
                                analysis_of(text, doc.model, final, self.settings.kinds))
        doc.parts = {}

    def _failed(self, batch: _Batch, error: BaseException) -> None:
        from ..analysis.pipeline import ModelNotFoundError

        if isinstance(error, ModelNotFoundError):
            raise PipelineError(str(error)) from None
        docs = list(dict.fromkeys(doc for doc, _ in batch.pieces))
        if len(docs) > 1:  # which document failed? run each on its own
            for doc in docs:
                pieces = [(d, job) for d, job in batch.pieces if d is doc]
                self.ready.appendleft(_Batch(pieces, alone=batch.alone))
            return
        if type(error).__name__ == "KilledWorker":
            reason = "the workers that ran it died each time (it may need more memory)"
        else:
            reason = visible_inline(f"{type(error).__name__}: {error}", 200)
        docs[0].fail(f"analysis failed: {reason}")

    def _crashed(self, broken: list[_Batch]) -> None:
        """A worker process died, breaking the pool: every task it was running failed."""
        assert self.workers is not None
        suspects = broken + list(self.running.values())
        self.running.clear()
        if len(suspects) == 1 and suspects[0].alone:
            batch = suspects[0]
            docs = list(dict.fromkeys(doc for doc, _ in batch.pieces))
            if len(docs) == 1:
                docs[0].fail("analysis failed: a worker process ended while analysing it "
                             "(it may need more memory)")
            else:
                self._failed(batch, RuntimeError("a worker process ended"))
        else:
            self.note("a worker process ended unexpectedly; its work is being done again")
            for batch in reversed(suspects):
                batch.alone = True
                self.ready.appendleft(batch)
        self.workers.restart()

    def _check_lost(self, *, now: bool = False) -> None:
        """Say which workers left the cluster (every :data:`LOST_CHECK_SECONDS`, or
        ``now``)."""
        moment = time.monotonic()
        if self.workers is None or (not now and moment - self._checked < LOST_CHECK_SECONDS):
            return
        self._checked = moment
        for name in self.workers.lost():
            self.note(f"worker {visible_inline(name, 80)} left the cluster; Dask runs its "
                      "tasks again on the others")

    def _tell_progress(self) -> None:
        if self.progress is None or not self.total:
            return
        partial = sum((doc.jobs - doc.waiting) / doc.jobs for doc in self.window
                      if doc.finished is None and doc.jobs)
        whole = self.yielded + sum(1 for doc in self.window if doc.finished)
        self.progress(min(1.0, (whole + partial) / self.total), whole)


def _jobs(text: str, paragraphs: Sequence[Paragraph]) -> list[Job]:
    """The document's paragraphs in jobs of about :data:`TASK_CHARS` characters (one empty
    job for a text without paragraphs: it still needs the model's name)."""
    jobs: list[Job] = []
    items: list[JobItem] = []
    chars = 0
    for paragraph in paragraphs:
        piece = paragraph.span.text_of(text)
        items.append(JobItem(paragraph.index, paragraph.span.start, piece))
        chars += len(piece)
        if chars >= TASK_CHARS:
            jobs.append(Job(JOB_FULL, tuple(items)))
            items, chars = [], 0
    if items or not jobs:
        jobs.append(Job(JOB_FULL, tuple(items)))
    return jobs
