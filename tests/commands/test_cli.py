"""The ``slant`` command run as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import REPO


def slant(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )


@pytest.fixture(scope="module")
def sample_json() -> dict[str, object]:
    seed = next((REPO / "seeds").glob("*.txt"))
    result = slant("analyze", str(seed), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_analyze_lists_the_expected_speakers(sample_json: dict[str, object]) -> None:
    speakers = {claim["speaker"] for claim in sample_json["claims"]}  # type: ignore[index]
    for expected in ("Merz", "Zelensky", "European officials", "China", "Washington", "Author"):
        assert expected in speakers


def test_analyze_json_offsets_point_into_the_text(sample_json: dict[str, object]) -> None:
    seed = next((REPO / "seeds").glob("*.txt")).read_text("utf-8")
    assert sample_json["text_length"] == len(seed)
    for entity in sample_json["entities"]:  # type: ignore[union-attr]
        assert seed[entity["start"]:entity["end"]] == entity["text"]
    for device in sample_json["devices"]:  # type: ignore[union-attr]
        assert seed[device["start"]:device["end"]] == device["text"]
        assert device["reason"]


def test_analyze_reads_standard_input() -> None:
    result = slant("analyze", "-", stdin=b"Merz urges a careful exchange.\n")
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    assert [claim["speaker"] for claim in claims] == ["Merz"]


def test_analyze_text_report_is_readable() -> None:
    result = slant("analyze", "-", "--format", "text",
                   stdin=b"China welcomes the talks and calls for a sustainable peace.\n")
    assert result.returncode == 0, result.stderr
    assert "China" in result.stdout


def test_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = slant("analyze", str(tmp_path / "nowhere.txt"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("slant: ")


def test_unknown_model_says_how_to_install_one() -> None:
    result = slant("analyze", "-", "--model", "no_such_pipeline_xyz", stdin=b"Some text.\n")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "pip install" in result.stderr


@pytest.mark.parametrize("model", ["json", "os"])
def test_a_module_that_is_no_model_is_refused_cleanly(model: str) -> None:
    result = slant("analyze", "-", "--model", model, stdin=b"Some text.\n")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Check the name" in result.stderr


def test_python_dash_m_shows_help() -> None:
    result = slant("--help")
    assert result.returncode == 0
    assert "slant" in result.stdout


def test_the_reader_takes_input_format_only_format_is_analyzes_output(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("The mayor said the budget was balanced.\n", "utf-8")
    result = slant("--format", "pdf", str(note))
    assert result.returncode == 2
    assert "unrecognized arguments: --format" in result.stderr or "--format" in result.stderr
    assert "--input-format" in slant("--help").stdout
