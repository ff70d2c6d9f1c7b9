"""Where the devices are dense: the strip beside the document and each kind's sparkline."""

from __future__ import annotations

from textual.widgets import DataTable
from ui_helpers import main_screen, profile_columns

from tui.ui.sparkline import buckets, sparkline
from tui.ui.widgets.density import SHADES, DensityStrip


def test_buckets_share_the_text_equally_and_sparklines_scale_to_the_largest() -> None:
    assert buckets([0, 1, 50, 99], 100, 4) == [2, 0, 1, 1]
    assert buckets([], 100, 3) == [0, 0, 0]
    assert sparkline([0, 1, 4]) == " ▂█"
    assert sparkline([0, 0]) == "  "


async def test_the_strip_shows_the_sample_devices_and_follows_the_layers(
    make_app, analysed
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        strip = main_screen(app).query_one(DensityStrip)
        strip.changed()
        await pilot.pause(0.7)
        rows = [strip.render_line(y).text for y in range(strip.size.height)]
        assert strip.size.width == 1 and any(row.strip() for row in rows)
        assert all(row in SHADES for row in rows)
        await pilot.press("d")  # the devices layer off: nothing to show
        await pilot.pause(0.7)
        assert not any(strip.render_line(y).text.strip() for y in range(strip.size.height))


async def test_the_profile_shows_each_kinds_spread(make_app, analysed) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        labels = await profile_columns(app, pilot)
        table = app.screen.query_one(DataTable)
        assert "Spread (start → end)" in labels
        column = labels.index("Spread (start → end)")
        first = table.get_row_at(0)[column]
        assert str(first).strip() and set(str(first)) <= set("▁▂▃▄▅▆▇█ ")
