"""Encodings: real bytes in every encoding a reader meets, decoded and named correctly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.documents.decoding import NotTextError, decode_document, encoding_label
from tui.documents.loading import DocumentError, load_document

ENGLISH = "The minister’s “peace plan” — naïve, says Zoë; it costs 5 € … or £4.\nNext line.\n"
FRENCH = "Le café était très agréable, où l'on mangeait des crêpes à volonté.\n"
GERMAN = "Größe und Übermaß: Fußgänger müssen ähnlich früh gehen.\n"
RUSSIAN = "Министр заявил, что переговоры о мире продолжатся на следующей неделе.\n" * 3
GREEK = "Ο υπουργός δήλωσε ότι οι συνομιλίες για την ειρήνη θα συνεχιστούν.\n" * 3


def load(tmp_path: Path, data: bytes) -> tuple[str, str, int]:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    document = load_document(str(path))
    return document.text, document.encoding_label, document.replaced


@pytest.mark.parametrize(
    ("data", "text", "label"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH, "UTF-8"),
        (b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"), ENGLISH, "UTF-8 with BOM"),
        (b"\xff\xfe" + ENGLISH.encode("utf-16-le"), ENGLISH, "UTF-16 LE"),
        (b"\xfe\xff" + ENGLISH.encode("utf-16-be"), ENGLISH, "UTF-16 BE"),
        (ENGLISH.encode("utf-16-le"), ENGLISH, "UTF-16 LE"),  # no BOM
        (ENGLISH.encode("utf-16-be"), ENGLISH, "UTF-16 BE"),  # no BOM
        (b"\xff\xfe\x00\x00" + ENGLISH.encode("utf-32-le"), ENGLISH, "UTF-32 LE"),
        (ENGLISH.encode("cp1252"), ENGLISH, "Windows-1252"),
        (FRENCH.encode("latin-1"), FRENCH, "ISO-8859-1 (Latin-1)"),
        (GERMAN.encode("latin-1"), GERMAN, "ISO-8859-1 (Latin-1)"),
        (("Nur ein Wort: café\n" * 3).encode("cp1252"), "Nur ein Wort: café\n" * 3,
         "ISO-8859-1 (Latin-1)"),
        (RUSSIAN.encode("cp1251"), RUSSIAN, "Windows-1251"),
        (GREEK.encode("cp1253"), GREEK, "Windows-1253"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-16-le-no-bom",
         "utf-16-be-no-bom", "utf-32-le", "cp1252", "latin-1-fr", "latin-1-de",
         "cp1252-plain", "cp1251", "cp1253"],
)
def test_decoded_exactly_and_named(tmp_path: Path, data: bytes, text: str, label: str) -> None:
    assert load(tmp_path, data) == (text, label, 0)


@pytest.mark.parametrize(("codec", "label"), [("utf-16-le", "UTF-16 LE"),
                                              ("utf-16-be", "UTF-16 BE")])
def test_ascii_utf16_without_bom_is_not_mistaken_for_utf8(
    tmp_path: Path, codec: str, label: str
) -> None:
    text = "The minister said that the talks would resume.\n"
    assert load(tmp_path, text.encode(codec)) == (text, label, 0)


def test_crlf_in_any_encoding(tmp_path: Path) -> None:
    data = b"\xff\xfe" + "one\r\ntwo\r\n".encode("utf-16-le")
    assert load(tmp_path, data)[0] == "one\ntwo\n"


def test_undecodable_bytes_are_replaced_visibly_and_counted(tmp_path: Path) -> None:
    data = "naïve “café” — ".encode() + b"\xff\xfe\xc3" + b" end\n"
    text, label, replaced = load(tmp_path, data)
    assert label == "UTF-8" and replaced == 3
    assert text == "naïve “café” — \ufffd\ufffd\ufffd end\n"


def test_the_texts_own_replacement_characters_are_not_counted(tmp_path: Path) -> None:
    text, _, replaced = load(tmp_path, "a \ufffd b “c” \ufffd\n".encode())
    assert replaced == 0 and text.count("\ufffd") == 2


def test_broken_utf16_is_replaced_not_fatal(tmp_path: Path) -> None:
    data = b"\xff\xfe" + "ok ".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")
    text, label, replaced = load(tmp_path, data)
    assert label == "UTF-16 LE" and text.startswith("ok ") and replaced >= 1


def test_cp1252_holes_become_visible_controls(tmp_path: Path) -> None:
    text, label, _ = load(tmp_path, b"Quote \x93this\x94 and \x81 hole\n")
    assert label == "Windows-1252" and text == "Quote “this” and \x81 hole\n"


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="binary"):
        load(tmp_path, os.urandom(8192))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_decode_or_are_refused_never_crash(data: bytes) -> None:
    try:
        decoded = decode_document(data)
    except NotTextError as error:
        assert str(error) and "\n" not in str(error)
        return
    decoded.text.encode("utf-8")  # no lone surrogates
    assert "\r\n" not in decoded.text and not decoded.text.startswith("\ufeff")
    assert encoding_label(decoded.encoding)
    assert 0 <= decoded.replaced <= len(decoded.text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=200))
def test_any_utf8_text_round_trips(text: str) -> None:
    try:
        decoded = decode_document(text.encode("utf-8"))
    except NotTextError:
        return  # a text of mostly control characters looks binary, rightly
    breaks = "\r\n\x85\u2028\u2029"
    assert not any(mark in decoded.text for mark in "\r\x85\u2028\u2029")
    # Only line ends changed: the rest of the text is intact, in order.
    kept = text.removeprefix("\ufeff").translate({ord(mark): None for mark in breaks})
    assert decoded.text.replace("\n", "") == kept and decoded.replaced == 0
    # Every line end is kept as at least one newline, and at most two per break character.
    ends = sum(text.count(mark) for mark in breaks)
    assert (ends > 0) == ("\n" in decoded.text) and decoded.text.count("\n") <= 2 * ends
