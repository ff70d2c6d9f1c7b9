"""``slant analyze --cluster`` on a real Dask scheduler and two real workers on 127.0.0.1:
the same bytes as the local engine, and nothing lost when a worker dies mid-run.

Skipped, saying why, when the ``cluster`` extra (Dask's distributed) is not installed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from paths import REPO

distributed = pytest.importorskip(
    "distributed", reason="the cluster extra is not installed: pip install 'slant[cluster]'"
)

NOTE = ("Senator Holt insisted that the reckless plan would ruin the harbour. Critics said "
        "the talks were a shameful farce, and the mayor claimed the budget was balanced.")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(*args: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", *args], cwd=REPO,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Cluster:
    """A scheduler and named workers, each its own process group."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.scheduler = _start("distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                "--port", self.address.rsplit(":", 1)[1], "--no-dashboard",
                                log=folder / "scheduler.log")
        self.workers: dict[str, subprocess.Popen[bytes]] = {}

    def add_worker(self, name: str) -> None:
        # No nanny: a worker killed stays dead, as a machine that fails does.
        self.workers[name] = _start(
            "distributed.cli.dask_worker", self.address, "--name", name, "--nthreads", "1",
            "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
            log=self.folder / f"{name}.log")

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with distributed.Client(self.address, timeout="5s") as client:
                    if len(client.scheduler_info()["workers"]) >= count:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError("the cluster did not come up:\n" + "\n".join(
            path.read_text(errors="replace")[-1500:] for path in self.folder.glob("*.log")))

    def stop(self) -> None:
        for process in [*self.workers.values(), self.scheduler]:
            _stop(process)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    running = Cluster(tmp_path)
    try:
        running.add_worker("one")
        running.add_worker("two")
        running.wait_for(2)
        yield running
    finally:
        running.stop()


def _corpus(folder: Path, count: int, paragraphs: int) -> Path:
    folder.mkdir()
    words = NOTE.split()
    for number in range(count):
        body = "\n\n".join(" ".join(words[(number + i) % 7:]) for i in range(paragraphs))
        (folder / f"article-{number:02}.txt").write_text(
            f"Article {number} on the harbour.\n\n{body}\n", "utf-8")
    return folder


def _analyze(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "analyze", "--quiet", "--no-cache",
                           "--format", "jsonl", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, check=False)


def test_a_folder_on_the_cluster_gives_the_local_bytes(cluster: Cluster, tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "articles", 8, 12)
    local = _analyze(str(folder), "--jobs", "2")
    remote = _analyze(str(folder), "--cluster", cluster.address)
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert len(remote.stdout.splitlines()) == 8


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    cluster: Cluster, tmp_path: Path
) -> None:
    folder = _corpus(tmp_path / "articles", 24, 60)
    expected = _analyze(str(folder), "--jobs", "2")
    assert expected.returncode == 0
    out = tmp_path / "remote.jsonl"
    run = subprocess.Popen(
        [sys.executable, "-m", "tui", "analyze", "--quiet", "--no-cache", "--format", "jsonl",
         str(folder), "--cluster", cluster.address, "-o", str(out)],
        cwd=REPO, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or not out.read_text()):
        time.sleep(0.1)  # the first article is written: both workers are analysing
    victim = cluster.workers["one"]
    os.killpg(victim.pid, signal.SIGKILL)  # no goodbye to the scheduler: a machine failing
    victim.wait()
    _, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr
    assert out.read_text() == expected.stdout
    assert "left the cluster" in stderr
