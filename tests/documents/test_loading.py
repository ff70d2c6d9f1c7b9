"""Opening documents: decoding real bytes from files and stdin, and refusing what is not text."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import sys
import threading
import types
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.documents import loading
from tui.documents.loading import (
    Document,
    DocumentError,
    file_signature,
    load_document,
    read_bytes_as_text,
)

PROSE = "Merz urges “a careful exchange” — naïve café, 5 € and £3.\nSecond line.\n"


def write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PROSE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + PROSE.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + PROSE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + PROSE.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe\x00\x00" + PROSE.encode("utf-32-le"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + PROSE.encode("utf-32-be"), "utf-32-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_unicode_files_decode_exactly(tmp_path: Path, data: bytes, encoding: str) -> None:
    document = load_document(str(write(tmp_path, data)))
    assert document.text == PROSE
    assert document.encoding == encoding
    assert not document.text.startswith("\ufeff")


def test_cp1252_bytes_decode_as_cp1252(tmp_path: Path) -> None:
    text = "They call it “peace” — naïve, 5 € … façade.\n"
    document = load_document(str(write(tmp_path, text.encode("cp1252"))))
    assert document.encoding == "cp1252"
    assert document.text == text


def test_bytes_cp1252_leaves_undefined_become_c1_controls() -> None:
    # 0x81 has no character in cp1252: it decodes as latin-1 does (shown as a placeholder).
    text, encoding = read_bytes_as_text(b"caf\xe9 \x81 \x93ok\x94")
    assert encoding == "cp1252"
    assert text == "café \x81 “ok”"


def test_latin1_without_cp1252_bytes_is_named_latin1() -> None:
    text, encoding = read_bytes_as_text("Größe: naïve café, ½ £.".encode("latin-1"))
    assert (text, encoding) == ("Größe: naïve café, ½ £.", "latin-1")


def test_mostly_utf8_keeps_utf8_and_replaces_the_bad_byte() -> None:
    data = "naïve “quotes” café".encode() + b" \xff end"
    text, encoding = read_bytes_as_text(data)
    assert encoding == "utf-8"
    assert text == "naïve “quotes” café \ufffd end"


def test_utf8_cut_mid_character_stays_utf8() -> None:
    data = "Zürich – Genève €".encode()[:-1]
    text, encoding = read_bytes_as_text(data)
    assert encoding == "utf-8"
    assert text.startswith("Zürich – Genève ")
    assert text.endswith("\ufffd")


def test_genuine_replacement_characters_do_not_count_as_errors() -> None:
    text, encoding = read_bytes_as_text("a \ufffd b".encode())
    assert (text, encoding) == ("a \ufffd b", "utf-8")


def test_line_ends_are_normalised(tmp_path: Path) -> None:
    document = load_document(str(write(tmp_path, b"one\r\ntwo\r\nthree\n\r\nfour")))
    assert document.text == "one\ntwo\nthree\n\nfour"


def test_a_lone_cr_ends_a_line_so_it_cannot_overprint(tmp_path: Path) -> None:
    document = load_document(str(write(tmp_path, b"safe text\rEVIL\nnext line\n")))
    assert document.text == "safe text\nEVIL\nnext line\n"  # both parts shown, one per line


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"A\n\rB", "A\nB"),  # LF CR: one line end (RISC OS, or converted twice)
        (b"A\n\r\n\rB", "A\n\nB"),
        (b"A\r\n\r\nB", "A\n\nB"),
        (b"A\r\nB\nC\rD\n\rE", "A\nB\nC\nD\nE"),  # every kind in one file
        (b"A\r\rB", "A\n\nB"),
        (b"x\n\r", "x\n"),
        ("A\u2028B\u2029C\x85D".encode(), "A\nB\n\nC\nD"),  # LS, PS (a blank line), NEL
        ("A\r\nB\u2028C".encode("utf-16"), "A\nB\nC"),
    ],
)
def test_every_mix_of_line_ends_becomes_newlines(tmp_path: Path, raw: bytes, text: str) -> None:
    assert load_document(str(write(tmp_path, raw))).text == text


def test_lf_cr_alone_decodes_without_a_carriage_return() -> None:
    assert read_bytes_as_text(b"\n\r")[0] == "\n"  # once found by the property test below


def test_old_mac_line_ends_are_line_ends(tmp_path: Path) -> None:
    document = load_document(str(write(tmp_path, b"one\rtwo\rthree")))
    assert document.text == "one\ntwo\nthree"


def test_utf16_crlf_is_normalised_too() -> None:
    text, _ = read_bytes_as_text(b"\xff\xfe" + "a\r\nb\r\n".encode("utf-16-le"))
    assert text == "a\nb\n"


@given(st.binary(max_size=512))
def test_any_bytes_decode_without_crashing(data: bytes) -> None:
    text, encoding = read_bytes_as_text(data)
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert encoding
    text.encode("utf-8")  # no lone surrogates


# -- what is refused --------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"^no such file: .*nothing\.txt$"):
        load_document(str(tmp_path / "nothing.txt"))


def test_path_through_a_file_is_missing(tmp_path: Path) -> None:
    parent = write(tmp_path, b"text")
    with pytest.raises(DocumentError, match="no such file"):
        load_document(str(parent / "child.txt"))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="is a directory"):
        load_document(str(tmp_path))


def test_empty_path() -> None:
    with pytest.raises(DocumentError, match="empty"):
        load_document("")


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xff\xfe", "\u3000\n\u00a0".encode()],
    ids=["empty", "blank", "bom", "bom16", "unicode-spaces"],
)
def test_empty_and_whitespace_files(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(DocumentError, match=r"doc\.txt is empty( \(it holds only white space\))?$"):
        load_document(str(write(tmp_path, data)))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
        (b"\x7fELF\x02\x01\x01", "ELF"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
def test_binary_magic_numbers(tmp_path: Path, data: bytes, kind: str) -> None:
    with pytest.raises(DocumentError, match=kind) as raised:
        load_document(str(write(tmp_path, data + b"rest of the file" * 10)))
    assert "\n" not in str(raised.value)


def test_many_nul_bytes_mean_binary(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="binary"):
        load_document(str(write(tmp_path, b"looks like text\x00\x01\x02 but is not" * 20)))


def test_a_few_nul_bytes_are_a_damaged_text(tmp_path: Path) -> None:
    data = b"A text with a NUL \x00 and a bell \x07 in it.\n"
    document = load_document(str(write(tmp_path, data)))
    assert document.text == data.decode()  # shown as ␀ and ␇ by tui.ui.display


def test_nul_after_the_sniffed_head_is_text(tmp_path: Path) -> None:
    data = b"a" * 9000 + b"\x00 tail"
    document = load_document(str(write(tmp_path, data)))
    assert document.text.endswith("\x00 tail")  # shown as ␀ by tui.ui.display


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    outcome: list[BaseException | Document] = []

    def attempt() -> None:
        try:
            outcome.append(load_document(str(fifo)))
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "opening a FIFO hung"
    assert isinstance(outcome[0], DocumentError)
    assert "named pipe" in str(outcome[0])


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_device_is_refused() -> None:
    with pytest.raises(DocumentError, match="device"):
        load_document("/dev/null")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path, b"secret")
    path.chmod(0)
    try:
        with pytest.raises(DocumentError, match="permission denied"):
            load_document(str(path))
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(DocumentError, match=r"too large.*--max-size"):
        load_document(str(write(tmp_path, b"word " * 100)))
    with pytest.raises(DocumentError, match=r"too large.*--max-size"):
        load_document("-", stdin=io.BytesIO(b"word " * 100))


def test_the_size_limit_can_be_raised_or_lifted(tmp_path: Path) -> None:
    path = write(tmp_path, b"word " * 100)
    with pytest.raises(DocumentError, match=r"too large \(500 bytes; the limit is 100 bytes\)"):
        load_document(str(path), max_bytes=100)
    assert len(load_document(str(path), max_bytes=500).text) == 500
    assert len(load_document(str(path), max_bytes=loading.NO_LIMIT).text) == 500
    with pytest.raises(DocumentError, match="the limit is 100 bytes"):
        load_document("-", stdin=io.BytesIO(b"word " * 100), max_bytes=100)
    assert len(load_document("-", stdin=io.BytesIO(b"word " * 100), max_bytes=0).text) == 500


def test_error_messages_show_hostile_paths_inertly(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as raised:
        load_document(str(tmp_path / "evil\x1b]52;c;ZXZpbA==\x07\nname.txt"))
    message = str(raised.value)
    assert "\x1b" not in message and "\x07" not in message and "\n" not in message
    assert "␛]52;c;ZXZpbA==␇⏎name.txt" in message


# -- stdin, the sample, read-only files --------------------------------------------------------


def test_stdin_bytes() -> None:
    document = load_document("-", stdin=io.BytesIO("héllo\r\nworld\n".encode()))
    assert document == Document("héllo\nworld\n", "<stdin>", None, "utf-8")


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.SimpleNamespace(buffer=io.BytesIO(b"\xff\xfe" + "piped".encode("utf-16-le")))
    monkeypatch.setattr(sys, "stdin", fake)
    document = load_document("-")
    assert (document.text, document.encoding, document.path) == ("piped", "utf-16-le", None)


def test_empty_stdin() -> None:
    with pytest.raises(DocumentError, match=r"^<stdin> is empty \(it holds only white space\)$"):
        load_document("-", stdin=io.BytesIO(b"\n\n"))


def test_terminal_stdin_is_refused() -> None:
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(DocumentError, match="terminal"):
        load_document("-", stdin=Terminal(b"would block"))


def test_the_sample_comes_from_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = write(tmp_path, b"A sample op-ed.\n", name="sample-op-ed.txt")
    fake = types.ModuleType("tui.resources")
    fake.sample_document_path = lambda: sample  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.resources", fake)
    document = load_document(None)
    assert (document.name, document.path, document.text) == (
        "sample-op-ed.txt",
        sample,
        "A sample op-ed.\n",
    )


def test_missing_sample_is_a_document_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Path:
        raise FileNotFoundError("Slant's bundled seeds folder is missing")

    fake = types.ModuleType("tui.resources")
    fake.sample_document_path = missing  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.resources", fake)
    with pytest.raises(DocumentError, match="sample"):
        load_document(None)


def test_the_real_sample_loads(sample: Document) -> None:
    assert sample.path is not None and sample.name == sample.path.name
    assert sample.text.strip() and "\r" not in sample.text


def test_read_only_file_loads_and_is_left_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path, "Read me, “don’t” write me.\r\n".encode())
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    try:
        document = load_document(str(path))
    finally:
        after = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert document.text == "Read me, “don’t” write me.\n"
    assert document.name == "doc.txt" and document.path == path
    assert after == before


# -- file signatures --------------------------------------------------------------------------


def test_file_signature_tracks_changes(tmp_path: Path) -> None:
    path = write(tmp_path, b"first version")
    first = file_signature(path)
    assert first is not None and first[1] == len(b"first version")
    assert load_document(str(path)).signature == first
    path.write_bytes(b"second, longer version")
    os.utime(path, ns=(first[0] + 10**9, first[0] + 10**9))
    second = file_signature(path)
    assert second is not None and second != first
    path.unlink()
    assert file_signature(path) is None


def test_file_signature_of_odd_paths_is_none(tmp_path: Path) -> None:
    assert file_signature(tmp_path / "missing") is None
    assert file_signature(Path("bad\x00path")) is None
