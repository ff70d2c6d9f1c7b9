"""The dismissal files: per text, the ignore list, corrupt files reported and kept."""

from __future__ import annotations

import json

from tui.analysis.dismissed import Dismissed, dismissal_of
from tui.analysis.model import Device, Entity, Span
from tui.dismissals import (
    add_dismissal,
    document_file,
    ignore_file,
    load_dismissals,
    remove_dismissal,
)
from tui.settings import data_dir

FIRST = "A hollow victory for Ada Brook."
SECOND = "Nothing but a hollow gesture, said Ada Brook."


def _hollow(text: str) -> Device:
    start = text.index("hollow")
    return Device("loaded-language", "Loaded language", "loaded-language",
                  Span(start, start + 6), "lexicon", evidence="lexicon",
                  rule="loaded.toml#lexicon-1")


def _ada(text: str) -> Entity:
    start = text.index("Ada Brook")
    return Entity("PERSON", Span(start, start + 9), "Ada Brook")


def test_the_data_folder_follows_the_environment(isolated_config) -> None:
    assert data_dir() == isolated_config / "data"
    assert document_file(FIRST).parent == data_dir() / "dismissed"


def test_a_dismissal_is_remembered_for_its_text_only_and_forgotten_on_undo() -> None:
    dismissal = dismissal_of(_ada(FIRST), FIRST)
    assert add_dismissal(FIRST, dismissal, "first.txt") is None
    loaded = load_dismissals(FIRST)
    assert loaded.dismissals == (dismissal,) and loaded.problems == ()
    assert loaded.dismissed.hides(_ada(FIRST), FIRST)
    assert load_dismissals(SECOND).dismissals == ()
    saved = json.loads(document_file(FIRST).read_text("utf-8"))
    assert saved["document"] == "first.txt" and saved["dismissals"][0]["words"] == "Ada Brook"
    assert remove_dismissal(FIRST, dismissal) is None
    assert load_dismissals(FIRST).dismissals == ()


def test_the_ignore_list_holds_in_every_document() -> None:
    ignored = dismissal_of(_hollow(FIRST), FIRST, everywhere=True)
    assert add_dismissal(FIRST, ignored) is None
    assert ignore_file().exists() and not document_file(FIRST).exists()
    second = load_dismissals(SECOND)
    assert second.dismissals == (ignored,)
    assert second.dismissed.hides(_hollow(SECOND), SECOND)
    assert not second.dismissed.hides(_ada(SECOND), SECOND)


def test_adding_twice_keeps_one_entry() -> None:
    dismissal = dismissal_of(_hollow(FIRST), FIRST)
    add_dismissal(FIRST, dismissal)
    add_dismissal(FIRST, dismissal)
    assert len(json.loads(document_file(FIRST).read_text("utf-8"))["dismissals"]) == 1


def test_a_corrupt_file_is_reported_ignored_and_kept_aside_when_replaced() -> None:
    path = ignore_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", encoding="utf-8")
    loaded = load_dismissals(FIRST)
    assert loaded.dismissals == ()
    assert len(loaded.problems) == 1 and "ignored.json" in loaded.problems[0]
    assert "ignored" in loaded.problems[0]
    ignored = dismissal_of(_hollow(FIRST), FIRST, everywhere=True)
    assert add_dismissal(FIRST, ignored) is None
    assert path.with_name("ignored.json.bad").read_text("utf-8") == "{ not json"
    assert load_dismissals(FIRST).dismissals == (ignored,)


def test_foreign_files_and_nonsense_entries_are_not_used() -> None:
    path = document_file(FIRST)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"something": "else"}), encoding="utf-8")
    assert load_dismissals(FIRST).problems and not load_dismissals(FIRST).dismissals
    good = {"kind": "entity", "what": "PERSON", "name": "PERSON", "words": "Ada Brook",
            "start": _ada(FIRST).span.start, "end": _ada(FIRST).span.end}
    entries = [good, {**good, "end": 10_000}, {**good, "start": "x"}, {**good, "kind": "?"},
               {**good, "start": 9, "end": 3}, "junk"]
    path.write_text(json.dumps({"format": "slant.dismissals", "version": 1,
                                "dismissals": entries}), encoding="utf-8")
    loaded = load_dismissals(FIRST)
    assert loaded.problems == () and len(loaded.dismissals) == 1
    assert Dismissed.of(loaded.dismissals).hides(_ada(FIRST), FIRST)
