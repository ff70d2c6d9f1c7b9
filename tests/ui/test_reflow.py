"""Which line breaks are wraps: hard-wrapped prose is reflowed, while a list, a poem, code and
a table keep their breaks. The texts are invented."""

from __future__ import annotations

from tui.ui.reflow import reflowed, soft_breaks

PROSE = (
    "It was the third winter of the drought when the council of Arlen met to decide what\n"
    "should be done about the reservoir, which had fallen so low that the old church at\n"
    "the bottom of the valley showed its spire above the water for the first time since\n"
    "the dam was built.\n"
    "\n"
    "Nobody in the hall wanted to speak first. The mayor, a careful woman who had held the\n"
    "office for eleven years, looked along the table at the engineers and then at the\n"
    "farmers, and said that whatever they chose, the town would have to live with it for\n"
    "a generation at least, and that she would rather hear every objection tonight.\n"
    "\n"
    "The engineers spoke of pipelines and pumping stations; the farmers spoke of wells that\n"
    "had run dry and of cattle sold at a loss; the schoolteacher asked whether anyone had\n"
    "thought to ask the children, who would inherit both the debt and the water.\n"
)

LIST = (
    "Things the council agreed to consider before the vote at the end of the month:\n"
    "- a new pipeline from the northern lakes, paid for by a bond over twenty years\n"
    "- a limit on watering gardens between May and September in every district of town\n"
    "- a survey of every well within ten miles of the reservoir and the old mill race\n"
    "1. the engineers' report, which is due before the first frost of the coming autumn\n"
    "2. the farmers' petition, which already has more than four hundred signatures on it\n"
)

POEM = (
    "The water left the valley floor\n"
    "and showed the spire we knew before,\n"
    "a finger raised against the sky\n"
    "to ask the clouds the reason why.\n"
    "\n"
    "We walked the mud where streets had been,\n"
    "we found the well, the bench, the green,\n"
    "and no one spoke, and no one wept;\n"
    "the drowned town kept the vows it kept.\n"
)

CODE = (
    "The survey script reads each well's depth and prints the ones that have run dry:\n"
    "\n"
    "    for well in wells:\n"
    "        if well.depth_in_metres < minimum_depth_for_the_season_in_this_district:\n"
    "            print(well.name, well.depth_in_metres, 'dry since', well.last_reading)\n"
    "\n"
)

TABLE = (
    "District      Wells    Dry    Share of wells that have run dry since spring\n"
    "North          41      12     29 per cent, the worst since records began\n"
    "South          37       4     11 per cent, much as in an ordinary dry year\n"
)


def breaks_in(text: str, fragment: str, whole: str) -> list[int]:
    """The soft breaks of ``whole`` that fall inside ``fragment``."""
    start = whole.index(fragment)
    return [offset for offset in soft_breaks(whole) if start <= offset < start + len(fragment)]


def test_hard_wrapped_prose_is_reflowed_into_paragraphs() -> None:
    shown = reflowed(PROSE, soft_breaks(PROSE))
    paragraphs = shown.split("\n\n")
    assert len(paragraphs) == 3
    assert all("\n" not in paragraph.strip("\n") for paragraph in paragraphs)
    assert len(shown) == len(PROSE)  # offsets are unchanged
    assert "church at the bottom" in shown


def test_a_list_poem_code_and_table_keep_their_breaks_beside_prose() -> None:
    document = PROSE + "\n" + LIST + "\n" + POEM + "\n" + CODE + TABLE + "\n" + PROSE
    assert soft_breaks(document)  # the prose around them is still reflowed
    for kept in (LIST, POEM, CODE, TABLE):
        assert breaks_in(kept, kept, document) == [], kept.split("\n")[0]


def test_text_that_is_not_hard_wrapped_is_left_alone() -> None:
    one_line_paragraphs = "\n\n".join(" ".join(PROSE.split("\n")) for _ in range(4))
    assert len(soft_breaks(one_line_paragraphs)) == 0
    assert len(soft_breaks(POEM * 6)) == 0
    assert len(soft_breaks(LIST * 4)) == 0
