"""The cache and worker options of the ``slant`` command, run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from paths import REPO


def slant(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=120,
        cwd=REPO, env=dict(os.environ),
    )


def test_cache_clear_empties_the_cache_folder() -> None:
    folder = Path(os.environ["SLANT_CACHE_DIR"])
    folder.mkdir(parents=True)
    (folder / "0123abcd.json.gz").write_bytes(b"an old entry")
    result = slant("cache", "clear")
    assert result.returncode == 0, result.stderr
    assert "Removed 1 cached analysis" in result.stdout
    assert not list(folder.iterdir())


def test_cache_path_names_the_folder() -> None:
    result = slant("cache", "path")
    assert result.returncode == 0
    assert result.stdout.strip() == os.environ["SLANT_CACHE_DIR"]


def test_cache_needs_an_action() -> None:
    result = slant("cache", "dust")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_jobs_must_be_a_positive_number() -> None:
    for value in ("0", "-3", "many"):
        result = slant("--jobs", value)
        assert result.returncode == 2
        assert "--jobs" in result.stderr and "Traceback" not in result.stderr


def test_the_reader_lists_its_worker_and_cache_options() -> None:
    result = slant("--help")
    assert "--jobs" in result.stdout and "--no-cache" in result.stdout
