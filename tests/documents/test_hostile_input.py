"""Hostile and broken input fed to the ``slant`` command as a user would: real files, a real
subprocess, and its exit code, stdout and stderr checked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hostile import BIDI, MARKUP, hostile_document, terminal_unsafe
from paths import REPO

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)


def slant(*args: str, stdin: bytes | None = None, timeout: float = 300,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m tui ARGS`` and capture its output as bytes (to see every control)."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], input=stdin if stdin is not None else b"",
        capture_output=True, timeout=timeout, cwd=REPO, env=env,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[bytes], code: int) -> str:
    """One line on stderr starting ``slant:``, nothing on stdout, the exit code ``code``."""
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == code, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("slant: ") and stderr.count("\n") == 1, stderr
    assert terminal_unsafe(stderr) == []
    assert result.stdout == b""
    return stderr


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "evil.txt"
    path.write_bytes(hostile_document().encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def analyzed_json(
    hostile_file: Path,
) -> tuple[subprocess.CompletedProcess[bytes], dict[str, object]]:
    result = slant("analyze", str(hostile_file), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    return result, json.loads(result.stdout)


# -- 1. terminal injection in slant analyze ---------------------------------------------------


def test_json_output_carries_no_raw_control(analyzed_json) -> None:  # type: ignore[no-untyped-def]
    result, _ = analyzed_json
    output = result.stdout.decode("utf-8")
    assert terminal_unsafe(output) == []
    assert "\x1b" not in output and "\x9b" not in output and "\u202e" not in output
    assert "\\u001b]52;c;cHduZWQ=\\u0007" in output  # escaped, so it reads as text
    assert b"Traceback" not in result.stderr


def test_json_offsets_index_the_original_text(analyzed_json, hostile_file: Path) -> None:  # type: ignore[no-untyped-def]
    _, data = analyzed_json
    text = hostile_file.read_bytes().decode("utf-8")
    assert data["text_length"] == len(text)
    assert data["entities"] or data["claims"], "the analysis found something"
    for entity in data["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]
    for device in data["devices"]:
        assert text[device["start"]:device["end"]] == device["text"]
    for claim in data["claims"]:
        assert text[claim["content_start"]:claim["content_end"]] == claim["content"]
    assert any("radical elites" in claim["content"] for claim in data["claims"])


def test_text_report_shows_placeholders(hostile_file: Path) -> None:
    result = slant("analyze", str(hostile_file), "--format", "text")
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode()
    assert terminal_unsafe(output) == []
    assert "Traceback" not in result.stderr.decode()
    assert "radical elites" in output


def test_extracted_text_is_printed_inertly(hostile_file: Path) -> None:
    result = slant("analyze", str(hostile_file), "--text")
    assert result.returncode == 0, result.stderr.decode()
    output = result.stdout.decode("utf-8")
    assert terminal_unsafe(output.replace("\t", "")) == []
    assert "␛]0;PWNED-TITLE␇" in output and MARKUP in output


def test_hostile_file_names_in_messages(tmp_path: Path) -> None:
    name = "evil\x1b]0;PWNED\x07[bold]name[/bold]\u202e.txt"
    result = slant("analyze", str(tmp_path / name))
    stderr = assert_clean_failure(result, 1)
    assert "␛]0;PWNED␇[bold]name[/bold]⇄.txt" in stderr


# -- 5. not text -----------------------------------------------------------------------------


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inside.txt", "text in a zip")


def _elf(path: Path) -> None:
    path.write_bytes(Path(sys.executable).resolve().read_bytes()[:4096])


NOT_TEXT = {
    "png": (lambda path: path.write_bytes(PNG), "PNG image"),
    "elf": (_elf, "ELF executable"),
    "zip": (_zip, "zip archive"),
    "empty": (lambda path: path.write_bytes(b""), "is empty"),
    "whitespace": (lambda path: path.write_bytes(b" \n\t\r\n \xc2\xa0\n"), "only white space"),
    "random-bytes": (lambda path: path.write_bytes(os.urandom(4096)), "binary"),
    "directory": (lambda path: path.mkdir(), "is a directory"),
    "missing": (lambda path: None, "no such file"),
    "fifo": (lambda path: os.mkfifo(path), "named pipe"),
}


@pytest.mark.parametrize("kind", NOT_TEXT)
@pytest.mark.parametrize("command", ["analyze", "reader"])
def test_not_text_is_one_line_and_exit_1(tmp_path: Path, kind: str, command: str) -> None:
    make, expected = NOT_TEXT[kind]
    path = tmp_path / f"{kind}.txt"
    make(path)
    args = ["analyze", str(path)] if command == "analyze" else [str(path)]
    result = slant(*args, timeout=60)
    stderr = assert_clean_failure(result, 1)
    if kind == "directory" and command == "analyze":
        expected = "no documents found"  # slant analyze reads the documents in folders
    assert expected in stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        assert "permission denied" in assert_clean_failure(slant("analyze", str(path)), 1)
    finally:
        path.chmod(0o600)


def test_device_is_refused() -> None:
    assert "device" in assert_clean_failure(slant("analyze", "/dev/zero", timeout=60), 1)


# -- 6. size ----------------------------------------------------------------------------------


def test_size_limit_is_told_and_can_be_lifted(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("The council met on Friday. " * 200, encoding="utf-8")
    stderr = assert_clean_failure(slant("analyze", str(path), "--max-size", "1k"), 1)
    assert "too large" in stderr and "--max-size" in stderr
    stderr = assert_clean_failure(slant("analyze", "-", "--max-size", "1k",
                                        stdin=path.read_bytes()), 1)
    assert "too large" in stderr
    result = slant("analyze", str(path), "--max-size", "1M", "--text")
    assert result.returncode == 0 and result.stdout.startswith(b"The council")


def test_a_bad_size_is_a_usage_error(tmp_path: Path) -> None:
    result = slant("analyze", "-", "--max-size", "lots", stdin=b"text")
    assert result.returncode == 2
    assert b"not a size" in result.stderr and b"Traceback" not in result.stderr


# -- 7. environment --------------------------------------------------------------------------


def test_no_model_installed_is_exit_2_with_a_hint(tmp_path: Path) -> None:
    # The installed models are hidden from the finder; the rest is the real command.
    script = (
        "import sys, importlib.util as u; real = u.find_spec\n"
        "u.find_spec = lambda name, *a: None if name.startswith('en_core') else real(name, *a)\n"
        "from tui.cli import main; sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "analyze", "-"], input=b"Some text.\n",
        capture_output=True, timeout=120, cwd=REPO,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and "pip install" in stderr


def test_a_model_that_fails_to_load_is_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken_model"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp\nthis is not a config", encoding="utf-8")
    (broken / "meta.json").write_text("{not json", encoding="utf-8")
    result = slant("analyze", "-", "--model", str(broken), stdin=b"Some text.\n")
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr and stderr.startswith("slant: ")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_analysis_exits_130_cleanly(tmp_path: Path, jobs: str) -> None:
    documents = []
    for index in range(2):
        path = tmp_path / f"long{index}.txt"
        path.write_text("The minister said that the talks failed. " * 20_000, encoding="utf-8")
        documents.append(str(path))
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "analyze", *documents, "--jobs", jobs, "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, start_new_session=True,
        # As from a terminal: a suite started in the background (`cmd &` in a script) has
        # SIGINT ignored, and Python keeps an inherited "ignore" rather than raising
        # KeyboardInterrupt.
        preexec_fn=_default_sigint,
    )
    time.sleep(6)  # the model is loaded and the analysis under way
    # Ctrl+C in a terminal interrupts the whole foreground process group, workers included.
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr, stderr.decode()
    assert stderr.decode().strip().splitlines()[-1] == "slant: interrupted"


# -- 9. never written ------------------------------------------------------------------------


def test_output_over_the_document_is_refused(hostile_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "doc.txt"
    copy.write_bytes(hostile_file.read_bytes())
    before = copy.read_bytes()
    result = slant("analyze", str(copy), "--output", str(copy))
    assert result.returncode != 0
    assert b"Traceback" not in result.stderr
    assert copy.read_bytes() == before


def test_analyze_leaves_a_read_only_document_alone(tmp_path: Path) -> None:
    path = tmp_path / "ro.txt"
    path.write_text(f"Bidi {BIDI}. Officials said that it works.\n", encoding="utf-8")
    path.chmod(0o444)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = slant("analyze", str(path), "--format", "text")
    assert result.returncode == 0, result.stderr.decode()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
