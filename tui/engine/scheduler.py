"""What to analyse next: the paragraphs on screen first, then each layer over the whole text.

The :class:`Scheduler` is plain bookkeeping, with no threads or processes: the runner asks it
for the next :class:`~tui.engine.layers.Job` whenever a worker is free and tells it when a
job is done. Its order is

1. paragraphs in the viewport (and a margin around it) that are not fully analysed, with the
   whole pipeline, in small jobs so every worker takes a share of the screen;
2. the lexical layer over the whole text, in large jobs (it is cheap);
3. the entity layer, then the syntax layer (parser-based devices and claims), in text order.

Moving the viewport (:meth:`Scheduler.focus`) re-prioritises at once: the next free worker
takes the new screen. Cursors make every pick cost amortised constant time.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.model import Paragraph
from ..analysis.pipeline import paragraph_text
from .layers import (
    ENTITIES,
    FULL,
    JOB_ENTITIES,
    JOB_FULL,
    JOB_LEXICAL,
    JOB_SYNTAX,
    LEXICAL,
    Job,
    JobItem,
    RawEntity,
    job_level,
)

__all__ = ["BATCH_SIZE", "LAYER_WEIGHTS", "Scheduler"]

BATCH_SIZE = 64
"""Paragraphs per background job, which is also spaCy's batch size in the workers."""

LAYER_WEIGHTS = {0: 0.0, LEXICAL: 0.02, ENTITIES: 0.5, FULL: 1.0}
"""Share of a paragraph's full analysis cost done once it reaches each layer (the tokenizer
is nearly free; NER and the parser cost about the same on spaCy's CNN pipelines)."""


class Scheduler:
    """Hands out analysis jobs for one text, viewport first."""

    def __init__(
        self,
        text: str,
        paragraphs: Sequence[Paragraph],
        *,
        batch_size: int = BATCH_SIZE,
        batch_chars: int = 24_000,
        lexical_batch_size: int = 1024,
        screen_jobs: int = 2,
        margin: int = 8,
        layered: bool = True,
    ) -> None:
        self.text = text
        """The document."""
        self.paragraphs = list(paragraphs)
        """Its paragraphs, in order."""
        self.levels = bytearray(len(self.paragraphs))
        """The layer each paragraph has reached."""
        self.raw_entities: dict[int, tuple[RawEntity, ...]] = {}
        """The NER's entities of paragraphs whose syntax layer is still to come."""
        self.batch_size = max(1, batch_size)
        """Most paragraphs in one background job (also spaCy's batch size)."""
        self.batch_chars = max(1, batch_chars)
        """Most characters in one background job, so a job stays short and the viewport
        never waits long for a free worker."""
        self.lexical_batch_size = max(1, lexical_batch_size)
        """Most paragraphs in one lexical job."""
        self.screen_jobs = max(1, screen_jobs)
        """How many jobs the paragraphs on screen are split into (one per worker)."""
        self.margin = max(0, margin)
        """Paragraphs above and below the viewport analysed with it."""
        self.layered = layered
        """False: every paragraph gets the whole pipeline in one pass."""
        self._busy = bytearray(len(self.paragraphs))
        self._viewport = (0, -1)
        self._cursors = {JOB_LEXICAL: 0, JOB_ENTITIES: 0, JOB_SYNTAX: 0, JOB_FULL: 0}
        weights = [len(paragraph.span) + 1 for paragraph in self.paragraphs]
        self._sizes = weights
        self.total_work = float(sum(weights))
        """The cost of the whole analysis, in weighted characters."""
        self.done_work = 0.0
        """The part of :attr:`total_work` done."""

    # -- state ---------------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """True when every paragraph is fully analysed."""
        return self.fraction_full() >= 1.0

    def fraction_full(self) -> float:
        """Share of paragraphs fully analysed (1.0 for an empty text)."""
        if not self.paragraphs:
            return 1.0
        return self.levels.count(FULL) / len(self.paragraphs)

    @property
    def fraction(self) -> float:
        """Share of the whole analysis's cost done."""
        return self.done_work / self.total_work if self.total_work else 1.0

    def focus(self, first: int, last: int) -> None:
        """The paragraphs ``first``…``last`` (inclusive) are on screen: analyse them next."""
        self._viewport = (max(0, first - self.margin), last + self.margin)

    def complete_job(self, job: Job, raw_entities: Sequence[tuple[RawEntity, ...]]) -> None:
        """Record that ``job`` is done; ``raw_entities`` are its NER's entities, if any."""
        level = job_level(job.kind)
        keep_entities = job.kind == JOB_ENTITIES
        for position, item in enumerate(job.items):
            index = item.index
            if self._busy[index] == level:
                self._busy[index] = 0
            before = self.levels[index]
            if level > before:
                self.levels[index] = level
                self.done_work += self._sizes[index] * (
                    LAYER_WEIGHTS[level] - LAYER_WEIGHTS[before]
                )
            if keep_entities and position < len(raw_entities) and self.levels[index] < FULL:
                self.raw_entities[index] = raw_entities[position]
            elif self.levels[index] >= FULL:
                self.raw_entities.pop(index, None)

    def release(self, job: Job) -> None:
        """``job`` was not done (cancelled): its paragraphs may be handed out again."""
        for item in job.items:
            self._busy[item.index] = 0
        for kind in self._cursors:
            self._cursors[kind] = 0

    # -- picking -------------------------------------------------------------------------------

    def next_job(self, *, urgent_only: bool = False) -> Job | None:
        """The most useful job to run now, or None when nothing is left to hand out (with
        ``urgent_only``, only paragraphs on screen)."""
        job = self._screen_job()
        if job is not None or urgent_only:
            return job
        if self.layered:
            for kind in (JOB_LEXICAL, JOB_ENTITIES, JOB_SYNTAX):
                job = self._background_job(kind)
                if job is not None:
                    return job
            return None
        return self._background_job(JOB_FULL)

    def _screen_job(self) -> Job | None:
        first, last = self._viewport
        last = min(last, len(self.paragraphs) - 1)
        unfinished = [index for index in range(first, last + 1) if self.levels[index] < FULL]
        # A paragraph busy with a cheaper layer is taken anyway: the screen must not wait
        # for it, and the cheaper result is ignored when it comes.
        wanted = [index for index in unfinished if self._busy[index] < FULL]
        if not wanted:
            return None
        # Shares of the whole unfinished screen, so each worker gets about the same part.
        size = sum(self._sizes[index] for index in unfinished)
        share = max(1, size // self.screen_jobs + 1)
        chosen: list[int] = []
        chars = 0
        for index in wanted:
            if chosen and chars + self._sizes[index] > share:
                break
            chosen.append(index)
            chars += self._sizes[index]
        # Paragraphs with entities already need only the second half of the pipeline; a job
        # is of one kind, so those go together.
        fresh = [index for index in chosen if self.levels[index] < ENTITIES]
        if fresh:
            return self._make(JOB_FULL, fresh, urgent=True)
        return self._make(JOB_SYNTAX, chosen, urgent=True)

    def _background_job(self, kind: str) -> Job | None:
        target = job_level(kind)
        limit = self.lexical_batch_size if kind == JOB_LEXICAL else self.batch_size
        chars_limit = self.batch_chars * (16 if kind == JOB_LEXICAL else 1)
        index = self._cursors[kind]
        count = len(self.paragraphs)
        # The cursor passes only paragraphs this layer is done or being done for: one busy
        # with a lower layer comes back to this one when that job is done.
        while index < count and max(self.levels[index], self._busy[index]) >= target:
            index += 1
        self._cursors[kind] = index
        if index >= count:
            return None
        chosen: list[int] = []
        chars = 0
        # One kind per job: in the syntax pass a paragraph without entities yet (its entity
        # job still running) is left for later.
        while index < count and len(chosen) < limit:
            level = self.levels[index]
            ready = kind != JOB_SYNTAX or level >= ENTITIES
            if level < target and not self._busy[index] and ready:
                if chosen and chars + self._sizes[index] > chars_limit:
                    break
                chosen.append(index)
                chars += self._sizes[index]
            elif level < target and not ready and not self._busy[index]:
                break
            index += 1
        if not chosen:
            if kind == JOB_SYNTAX:
                # The paragraph at the cursor has no entities yet and none are coming: it
                # needs the whole pipeline.
                first = self._cursors[kind]
                if first < count and self.levels[first] < ENTITIES and not self._busy[first]:
                    return self._make(JOB_FULL, [first], urgent=False)
            return None
        return self._make(kind, chosen, urgent=False)

    def _make(self, kind: str, indices: list[int], *, urgent: bool) -> Job:
        items = []
        level = job_level(kind)
        for index in indices:
            self._busy[index] = level
            span = self.paragraphs[index].span
            entities = self.raw_entities.get(index, ()) if kind == JOB_SYNTAX else ()
            text = paragraph_text(self.text, self.paragraphs[index])
            items.append(JobItem(index, span.start, text, entities))
        return Job(kind, tuple(items), urgent)
