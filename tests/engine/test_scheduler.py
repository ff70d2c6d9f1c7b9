"""Viewport-first, layer-by-layer scheduling, and the bookkeeping of streamed results."""

from __future__ import annotations

from tui.analysis.model import Claim, Device, Entity, Paragraph, ParagraphAnalysis, Span
from tui.analysis.pipeline import split_paragraphs
from tui.engine.collected import Collected, step_through_parts
from tui.engine.layers import (
    ENTITIES,
    FULL,
    JOB_ENTITIES,
    JOB_FULL,
    JOB_LEXICAL,
    JOB_SYNTAX,
    LEXICAL,
    Job,
    job_level,
    merge,
)
from tui.engine.scheduler import Scheduler

TEXT = "\n\n".join(f"Paragraph {n} says the council met on Friday." for n in range(200))


def drain(scheduler: Scheduler, limit: int = 10_000) -> list[Job]:
    """Run every job the scheduler hands out, the NER 'finding' one entity per paragraph."""
    jobs: list[Job] = []
    while (job := scheduler.next_job()) is not None and len(jobs) < limit:
        jobs.append(job)
        raw = [((0, 9, "ORG"),) for _ in job.items] if job.kind in (JOB_ENTITIES, JOB_FULL) else []
        scheduler.complete_job(job, raw)
    return jobs


def test_the_viewport_comes_first_then_each_layer_over_the_whole_text() -> None:
    paragraphs = split_paragraphs(TEXT)
    scheduler = Scheduler(TEXT, paragraphs, batch_size=16, screen_jobs=2, margin=2)
    scheduler.focus(100, 105)
    first = scheduler.next_job()
    assert first is not None and first.urgent and first.kind == JOB_FULL
    assert all(98 <= item.index <= 107 for item in first.items)
    second = scheduler.next_job()
    assert second is not None and second.urgent, "the screen is split between the workers"
    scheduler.complete_job(first, [()] * len(first.items))
    scheduler.complete_job(second, [()] * len(second.items))
    jobs = drain(scheduler)
    kinds = [job.kind for job in jobs]
    # Lexical everywhere, then entities, then the parser: each layer streams in turn.
    assert kinds == sorted(kinds, key=[JOB_LEXICAL, JOB_ENTITIES, JOB_SYNTAX].index)
    assert scheduler.complete and abs(scheduler.fraction - 1.0) < 1e-9
    assert set(scheduler.levels) == {FULL}
    # Nothing is analysed twice at the same layer, and the screen is not redone.
    seen = [(job.kind, item.index) for job in jobs for item in job.items]
    assert len(seen) == len(set(seen))
    assert not any(98 <= index <= 107 for kind, index in seen if kind != JOB_LEXICAL)


def test_the_syntax_layer_gets_the_entities_found_before() -> None:
    paragraphs = split_paragraphs(TEXT)
    scheduler = Scheduler(TEXT, paragraphs, batch_size=32)
    jobs = drain(scheduler)
    syntax = [job for job in jobs if job.kind == JOB_SYNTAX]
    assert syntax
    assert all(item.entities == ((0, 9, "ORG"),) for job in syntax for item in job.items)
    assert not scheduler.raw_entities, "kept only until the syntax layer is done"


def test_moving_the_viewport_reprioritises_at_once() -> None:
    paragraphs = split_paragraphs(TEXT)
    scheduler = Scheduler(TEXT, paragraphs, batch_size=8, margin=0)
    scheduler.focus(0, 3)
    background = scheduler.next_job()
    while background is not None and background.urgent:
        scheduler.complete_job(background, [])
        background = scheduler.next_job()
    assert background is not None and not background.urgent
    scheduler.focus(190, 195)  # the reader pressed End
    job = scheduler.next_job()
    assert job is not None and job.urgent
    assert all(190 <= item.index <= 195 for item in job.items)


def test_without_layers_every_job_is_the_whole_pipeline() -> None:
    paragraphs = split_paragraphs(TEXT)
    scheduler = Scheduler(TEXT, paragraphs, batch_size=50, layered=False)
    jobs = drain(scheduler)
    assert {job.kind for job in jobs} == {JOB_FULL}
    assert sum(len(job.items) for job in jobs) == len(paragraphs)


def test_job_kinds_reach_their_layers() -> None:
    assert [job_level(kind) for kind in (JOB_LEXICAL, JOB_ENTITIES, JOB_SYNTAX, JOB_FULL)] == [
        LEXICAL, ENTITIES, FULL, FULL,
    ]


def _part(index: int, start: int, *, entities=(), devices=(), claims=()) -> ParagraphAnalysis:  # type: ignore[no-untyped-def]
    return ParagraphAnalysis(Paragraph(index, Span(start, start + 40)), tuple(entities),
                             tuple(devices), tuple(claims))


def _claim(start: int) -> Claim:
    return Claim("Officials", Span(start, start + 9), Span(start + 10, start + 14), "say",
                 Span(start + 15, start + 30), Span(start, start + 31))


def _device(start: int) -> Device:
    return Device("loaded-language", "Loaded language", "loaded-language",
                  Span(start, start + 5), "lexicon")


def test_layers_keep_what_earlier_layers_found() -> None:
    entity = Entity("ORG", Span(0, 3), "UNO")
    lexical = _part(0, 0, devices=[_device(5)])
    with_entities = merge(lexical, JOB_ENTITIES, _part(0, 0, entities=[entity]))
    assert with_entities.devices == lexical.devices and with_entities.entities == (entity,)
    full = merge(with_entities, JOB_SYNTAX, _part(0, 0, devices=[_device(7)], claims=[_claim(0)]))
    assert full.entities == (entity,)
    assert [d.span.start for d in full.devices] == [7], "the full device set replaces"
    assert len(full.claims) == 1


def test_claims_are_released_in_text_order_whatever_order_results_arrive_in() -> None:
    paragraphs = [Paragraph(i, Span(i * 50, i * 50 + 40)) for i in range(4)]
    collected = Collected(paragraphs)
    parts = [_part(i, i * 50, claims=[_claim(i * 50)], devices=[_device(i * 50)])
             for i in range(4)]
    collected.add([parts[2]], [FULL])
    assert collected.release_claims() == [], "paragraph 0 is not done yet"
    collected.add([parts[0]], [FULL])
    collected.add([parts[1]], [LEXICAL])
    assert collected.release_claims() == list(parts[0].claims)
    collected.add([parts[1], parts[3]], [FULL, FULL])
    released = collected.release_claims()
    assert [claim.sentence.start for claim in released] == [50, 100, 150]
    assert collected.listed == [c for part in parts for c in part.claims]
    assert collected.claim_count == 4 and collected.device_count == 4
    # A lower layer arriving late never replaces a higher one.
    collected.add([_part(3, 150)], [LEXICAL])
    assert collected.parts[3] is parts[3]
    assert collected.complete


def test_stepping_looks_at_neighbouring_paragraphs_and_wraps() -> None:
    paragraphs = [Paragraph(i, Span(i * 50, i * 50 + 40)) for i in range(5)]
    collected = Collected(paragraphs)
    collected.add([_part(1, 50, devices=[_device(55), _device(60)]),
                   _part(3, 150, devices=[_device(160)])], [FULL, FULL])

    def devices_of(part: ParagraphAnalysis) -> list[Device]:
        return list(part.devices)

    def start(device: object) -> int:
        assert isinstance(device, Device)
        return device.span.start

    def go(position: int, forward: bool) -> int:
        found = step_through_parts(collected, position, forward, devices_of, start)
        assert isinstance(found, Device)
        return found.span.start

    assert go(0, True) == 55
    assert go(55, True) == 60
    assert go(60, True) == 160
    assert go(160, True) == 55, "wraps to the start"
    assert go(160, False) == 60
    assert go(55, False) == 160, "wraps to the end"
    assert step_through_parts(Collected(paragraphs), 0, True, devices_of, start) is None
