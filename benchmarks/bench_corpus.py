"""A corpus of news articles through ``slant analyze``: on this machine's engine, and on a Dask
cluster of two workers on loopback with the same cores; documents per second and their ratio.

    python benchmarks/bench_corpus.py [--limit N] [--runs R] [--jobs 2]

The articles are PolNeAR's train and dev texts (``$SLANT_SHARED_DIR/eval/polnear``, about
900 of them; never copied into the project). Each run, in a fresh cache:

1. ``slant analyze DIR --format jsonl --jobs N --no-cache`` (the local engine);
2. the same with ``--cluster tcp://127.0.0.1:PORT``, against a ``dask scheduler`` and N
   ``dask worker --nthreads 1`` started for the run (their start-up is not timed; each
   worker's model load is, on its first batch, as the local workers' is);

and prints the wall time, documents/s, the ratio cluster / local (target ≥ 0.85), and whether
both wrote the same bytes. It also prints what the scheduler handled: tasks, tasks per second,
and the bytes sent per task, the figures the README's projection for bigger clusters uses.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def polnear() -> Path:
    shared = Path(os.environ.get("SLANT_SHARED_DIR", REPO.parent / "shared"))
    return shared / "eval" / "polnear"


def corpus(limit: int | None) -> Path:
    """The train and dev texts, linked into one temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="slant-bench-corpus-"))
    texts = sorted((polnear() / "train" / "text").glob("*.txt")) + sorted(
        (polnear() / "dev" / "text").glob("*.txt"))
    for path in texts[:limit]:
        (folder / f"{path.parent.parent.name}-{path.name}").symlink_to(path)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


CLIENT_CPU: list[float] = []
"""CPU seconds of each cluster run's ``slant analyze`` process (its workers are elsewhere)."""


def analyze(folder: Path, out: Path, *extra: str) -> float:
    env = {**os.environ, "SLANT_CACHE_DIR": tempfile.mkdtemp(prefix="slant-bench-cache-")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tui", "analyze", str(folder), "--format", "jsonl",
                    "--quiet", "--no-cache", "-o", str(out), *extra], check=True, env=env,
                   cwd=REPO)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if "--cluster" in extra:  # the workers are not this process's children: the client alone
        CLIENT_CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return seconds


def cluster_run(folder: Path, out: Path, workers: int) -> float:
    import distributed

    address = f"tcp://127.0.0.1:{free_port()}"
    processes = [start("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                       address.rsplit(":", 1)[1], "--no-dashboard")]
    try:
        processes += [start("distributed.cli.dask_worker", address, "--nthreads", "1",
                            "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{n}")
                      for n in range(workers)]
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=120)
            return analyze(folder, out, "--cluster", address)
    finally:
        for process in reversed(processes):
            stop(process)


def task_figures(folder: Path) -> tuple[int, int, int]:
    """How the engine batches this corpus: the number of tasks, and the pickled bytes of one
    typical task and of its result (run here, on this process's own pipeline)."""
    from tui.analysis.pipeline import split_paragraphs
    from tui.engine.corpus import TASK_CHARS, _jobs
    from tui.engine.layers import Task, run_task

    chars = [len(path.read_text("utf-8", errors="replace")) for path in folder.iterdir()]
    tasks = max(1, -(-sum(chars) // TASK_CHARS))  # small articles share a task
    sample: list[object] = []
    total = 0
    for path in sorted(folder.iterdir()):
        text = path.read_text("utf-8", errors="replace")
        sample += _jobs(text, split_paragraphs(text))
        total += len(text)
        if total >= TASK_CHARS:
            break
    task = Task(None, (), tuple(sample))  # type: ignore[arg-type]
    return tasks, len(pickle.dumps(task)), len(pickle.dumps(run_task(task)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    if not polnear().is_dir():
        print(f"skipped: {polnear()} is not there (set SLANT_SHARED_DIR)")
        return 0
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: the cluster extra is not installed (pip install 'slant[cluster]')")
        return 0
    folder = corpus(options.limit)
    count = len(list(folder.iterdir()))
    size = sum(path.stat().st_size for path in folder.iterdir())
    print(f"corpus: {count} PolNeAR articles, {size / 1e6:.1f} MB; {options.jobs} processes "
          f"locally, {options.jobs} one-thread workers on the cluster")
    work = Path(tempfile.mkdtemp(prefix="slant-bench-out-"))
    ratios, local_rates, cluster_rates = [], [], []
    for number in range(1, options.runs + 1):
        local = analyze(folder, work / "local.jsonl", "--jobs", str(options.jobs))
        remote = cluster_run(folder, work / "cluster.jsonl", options.jobs)
        same = (work / "local.jsonl").read_bytes() == (work / "cluster.jsonl").read_bytes()
        ratios.append(local / remote)
        local_rates.append(count / local)
        cluster_rates.append(count / remote)
        print(f"run {number}: local {local:.1f} s ({count / local:.1f} docs/s) · cluster "
              f"{remote:.1f} s ({count / remote:.1f} docs/s) · ratio {local / remote:.2f} · "
              f"same output: {same}", flush=True)
    print(f"docs/s local: median {statistics.median(local_rates):.1f} "
          f"(min {min(local_rates):.1f}, max {max(local_rates):.1f})")
    print(f"docs/s cluster: median {statistics.median(cluster_rates):.1f} "
          f"(min {min(cluster_rates):.1f}, max {max(cluster_rates):.1f})")
    print(f"cluster / local: median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}); target ≥ 0.85")
    tasks, sent, returned = task_figures(folder)
    client = statistics.median(CLIENT_CPU)
    print(f"client (slant analyze itself, on the cluster runs): {client:.1f} CPU s, "
          f"{1000 * client / count:.1f} ms per document: reading, merging, linking, writing")
    seconds = count / statistics.median(cluster_rates)
    print(f"tasks: about {tasks} ({tasks / seconds:.1f} per second on the cluster); one task "
          f"{sent / 1e3:.0f} kB out, {returned / 1e3:.0f} kB back (pickled)")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
