"""The engine behind ``slant analyze``: the same analyses as the whole-text path, in order,
from the cache without starting anything, past a worker that dies, and stopped by Ctrl+C
without leaving a process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from paths import REPO, SAMPLE

from tui.analysis import analyze
from tui.analysis.devices import load_catalogue
from tui.analysis.pipeline import split_paragraphs
from tui.engine.corpus import TASK_CHARS, CorpusRun, CorpusSettings, Source, _jobs
from tui.engine.layers import init_worker
from tui.engine.pool import LocalWorkers, Workers

KINDS = tuple(load_catalogue())

NOTE = ("The minister insisted that the reckless plan would ruin the harbour. Critics said "
        "the talks were a shameful farce, and the mayor claimed the budget was balanced.")


def _write(folder: Path, name: str, paragraphs: int, seed: int) -> Path:
    words = NOTE.split()
    body = "\n\n".join(" ".join(words[(seed + i) % 5:]) for i in range(paragraphs))
    path = folder / name
    path.write_text(f"{name} is document {seed}.\n\n{body}\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Small notes and one long text, so that both sharing and splitting happen."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = [_write(folder, f"note-{n}.txt", 2 + n % 3, n) for n in range(6)]
    paths.insert(3, _write(folder, "long.txt", 600, 7))  # about 100,000 characters
    return paths


def _sources(paths: list[Path]) -> list[Source]:
    return [Source(index, str(path)) for index, path in enumerate(paths)]


class Counted:
    """A factory of local workers that remembers what it made."""

    def __init__(self, size: int = 2) -> None:
        self.size = size
        self.made: list[LocalWorkers] = []

    def __call__(self) -> Workers:
        workers = LocalWorkers(self.size, init_worker, (None, (), 0))
        self.made.append(workers)
        return workers


def test_a_long_text_is_split_into_task_sized_jobs() -> None:
    text = "\n\n".join(NOTE for _ in range(400))
    jobs = _jobs(text, split_paragraphs(text))
    assert len(jobs) > 3
    sizes = [sum(len(item.text) for item in job.items) for job in jobs]
    assert all(size < TASK_CHARS + len(NOTE) + 2 for size in sizes)
    assert [item.index for job in jobs for item in job.items] == list(range(400))
    assert len(_jobs("", [])) == 1  # an empty text still asks a worker for the model name


def test_the_engine_gives_what_the_whole_text_path_gives_in_order(corpus: list[Path]) -> None:
    workers = Counted()
    run = CorpusRun(_sources(corpus), CorpusSettings(use_cache=False, kinds=KINDS), workers)
    finished = list(run)
    assert [f.index for f in finished] == list(range(len(corpus)))
    assert all(f.error is None and f.analysis is not None for f in finished)
    for path, done in zip(corpus, finished, strict=True):
        assert done.document is not None and done.source == str(path)
        assert done.analysis == analyze(done.document.text)
    assert len(workers.made) == 1  # one pool for the whole run


def test_a_second_run_comes_from_the_cache_without_starting_workers(
    corpus: list[Path], isolated_config: Path
) -> None:
    settings = CorpusSettings(kinds=KINDS)
    first = list(CorpusRun(_sources(corpus[:3]), settings, Counted(1)))
    assert not any(f.from_cache for f in first)

    def no_workers() -> Workers:
        raise AssertionError("workers started although every document was cached")

    again = list(CorpusRun(_sources(corpus[:3]), settings, no_workers))
    assert all(f.from_cache for f in again)
    assert [f.analysis for f in again] == [f.analysis for f in first]


def test_a_worker_that_dies_loses_nothing(corpus: list[Path]) -> None:
    workers = Counted()
    notes: list[str] = []
    killed: list[int] = []

    def progress(share: float, done: int) -> None:
        # The first batch is back and others are running: end a worker in the middle of one.
        if share > 0 and not killed:
            processes = list(workers.made[0].executor._processes.values())  # type: ignore[attr-defined]
            killed.append(processes[0].pid)
            os.kill(processes[0].pid, signal.SIGKILL)

    run = CorpusRun(_sources(corpus), CorpusSettings(use_cache=False, kinds=KINDS), workers,
                    progress=progress, note=notes.append)
    finished = list(run)
    assert killed
    assert [f.index for f in finished] == list(range(len(corpus)))
    assert all(f.error is None for f in finished)
    assert any("worker process ended" in note for note in notes)
    for done in finished:
        assert done.document is not None
        assert done.analysis == analyze(done.document.text)


def _processes_marked(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if mark.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find processes")
def test_ctrl_c_stops_the_run_and_leaves_no_process(tmp_path: Path) -> None:
    book = _write(tmp_path, "book.txt", 3000, 1)  # long enough to be interrupted
    mark = f"SLANT_TEST_MARK={uuid.uuid4()}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "analyze", str(book), "--no-cache", "--jobs", "2",
         "--quiet", "-o", str(tmp_path / "out.json")],
        cwd=REPO, env=env, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while len(_processes_marked(mark)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)  # the command and its two workers
    time.sleep(2.0)  # the workers are analysing
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while _processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_marked(mark) == []


def test_the_sample_from_the_command_line_equals_the_engine(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "analyze", str(SAMPLE), "--quiet", "--format",
         "json,csv,markdown", "--output-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=True,
    )
    assert done.stderr == ""
    names = sorted(path.name for path in tmp_path.iterdir())
    stem = SAMPLE.stem
    assert names == sorted([f"{stem}.json", f"{stem}.csv", f"{stem}.md"])
