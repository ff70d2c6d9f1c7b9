"""Dismissing highlights in the reader: z, Z, u, U, and what survives a restart."""

from __future__ import annotations

import json

from textual.widgets import OptionList
from ui_helpers import main_screen

from tui.analysis.model import Device
from tui.dismissals import document_file, ignore_file
from tui.documents.loading import Document
from tui.exports.reports import render
from tui.ui.screens.dismissals import DismissalsScreen
from tui.ui.widgets import StatusBar


def _counts(app) -> tuple[int, int, int]:
    info = main_screen(app).query_one(StatusBar).info
    return info.entities, info.devices, info.hidden


async def _first_device(app, pilot) -> Device:
    """Step with n until a device is explained; return it."""
    state = main_screen(app).state
    for _ in range(40):
        await pilot.press("n")
        await pilot.pause()
        if state.current is not None and isinstance(state.current.item, Device):
            return state.current.item
    raise AssertionError("n never reached a device")


async def test_z_hides_the_highlight_n_reached_and_u_brings_it_back(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        screen = main_screen(app)
        await pilot.pause(0.3)
        entities, devices, hidden = _counts(app)
        assert hidden == 0
        await pilot.press("n")
        await pilot.pause()
        first = screen.state.current
        assert first is not None
        is_device = isinstance(first.item, Device)
        await pilot.press("z")
        await pilot.pause(0.3)
        after = _counts(app)
        assert after == ((entities, devices - 1, 1) if is_device else (entities - 1, devices, 1))
        assert screen.state.current is None
        assert "1 dismissed (hidden)" in str(screen.query_one(StatusBar).render())
        assert all(first.item not in (*part.entities, *part.devices)
                   for part in screen.state.parts.values())
        await pilot.press("home", "n")  # n steps past where it was
        await pilot.pause()
        assert screen.state.current is not None and screen.state.current.item != first.item
        saved = json.loads(document_file(screen.state.document.text).read_text("utf-8"))
        assert saved["dismissals"][0]["start"] == first.span.start
        await pilot.press("u")
        await pilot.pause(0.3)
        assert _counts(app) == (entities, devices, 0)
        assert json.loads(document_file(screen.state.document.text).read_text("utf-8"))[
            "dismissals"] == []


async def test_a_dismissal_survives_a_restart(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        device = await _first_device(app, pilot)
        before = _counts(app)
        await pilot.press("z")
        await pilot.pause(0.3)
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await analysed(again)
        await pilot.pause(0.3)
        assert _counts(again) == (before[0], before[1] - 1, 1)
        state = main_screen(again).state
        assert all(device not in part.devices for part in state.parts.values())
        assert state.profile().total == before[1] - 1


async def test_Z_ignores_a_rule_in_every_document_and_U_brings_it_back(
    make_app, analysed, sample: Document
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        screen = main_screen(app)
        device = await _first_device(app, pilot)
        await pilot.press("Z")
        await pilot.pause(0.3)
        assert ignore_file().exists()
        assert all(device not in part.devices for part in screen.state.parts.values())
        hidden = _counts(app)[2]
        assert hidden >= 1
    words = device.span.text_of(sample.text)
    other = Document(name="other.txt", encoding="utf-8", path=None,
                     text=f"Another text.\n\nIt says {words} again, and once more: {words}.\n")
    second = make_app(other)
    async with second.run_test(size=(120, 40)) as pilot:
        await analysed(second)
        await pilot.pause(0.3)
        state = main_screen(second).state
        shown = [d for part in state.parts.values() for d in part.devices
                 if d.rule == device.rule and d.span.text_of(other.text) == words]
        received = [d for part in state.received.parts.values() for d in part.devices
                    if d.rule == device.rule and d.span.text_of(other.text) == words]
        assert shown == [] and len(received) == _counts(second)[2] >= 1
        await pilot.press("U")
        await pilot.pause(0.3)
        assert isinstance(second.screen, DismissalsScreen)
        options = second.screen.query_one(OptionList)
        assert options.option_count == 1
        assert "every document" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert not isinstance(second.screen, DismissalsScreen)
        assert _counts(second)[2] == 0
        assert json.loads(ignore_file().read_text("utf-8"))["dismissals"] == []


async def test_a_corrupt_dismissal_file_is_reported_and_the_document_opens(
    make_app, analysed, sample: Document
) -> None:
    path = document_file(sample.text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe not a dismissal file")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.pause(0.3)
        assert any("Dismissals not read" in (n.title or "") for n in app._notifications)
        assert _counts(app)[1] > 0 and _counts(app)[2] == 0
        await pilot.press("n", "z")
        await pilot.pause(0.3)
        assert _counts(app)[2] == 1
    assert path.with_name(path.name + ".bad").read_bytes().startswith(b"\xff\xfe")


async def test_z_without_a_highlight_says_how_to_choose_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("z", "u")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Nothing to dismiss") for m in messages)
        assert any(m.startswith("Nothing dismissed in this session") for m in messages)


async def test_the_export_marks_in_json_and_leaves_out_of_markdown(make_app, analysed) -> None:
    from tui.ui.screens.export import ExportScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        device = await _first_device(app, pilot)
        await pilot.press("z")
        await pilot.pause(0.3)
        shown = _counts(app)[1]
        await pilot.press("x")
        await pilot.pause(0.3)
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        request = dialog.request
        data = json.loads(render("json", request.analysis, request.text, request.info,
                                 dismissed=request.dismissed))
        marked = [d for d in data["devices"] if d.get("dismissed")]
        assert [(d["start"], d["end"]) for d in marked] == [(device.span.start, device.span.end)]
        assert data["counts"]["devices"] == shown == len(data["devices"]) - 1
        markdown = render("markdown", request.analysis, request.text, request.info,
                          dismissed=request.dismissed)
        assert f"{shown} rhetorical devices" in markdown
