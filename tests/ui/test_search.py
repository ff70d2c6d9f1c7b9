"""Finding text (smart case, literal queries) and reading what is typed at the : prompt."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.analysis.model import Span
from tui.ui.display import fit_line
from tui.ui.search import GotoError, find_matches, goto_offset

TEXT = "Merz met Zelensky. MERZ? merz! The chancellor (Merz) spoke.\nA second line.\n$ end"


def test_lower_case_queries_ignore_case_and_capitals_match_it() -> None:
    assert len(find_matches(TEXT, "merz")) == 4
    assert len(find_matches(TEXT, "Merz")) == 2
    assert len(find_matches(TEXT, "MERZ")) == 1


def test_queries_are_literal_text_not_patterns() -> None:
    assert [TEXT[m.start:m.end] for m in map(find_matches(TEXT, "(merz)").span, range(1))] == [
        "(Merz)"]
    assert len(find_matches(TEXT, ".")) == TEXT.count(".")
    assert len(find_matches(TEXT, "")) == 0


def test_first_match_from_a_place_wraps_to_the_start() -> None:
    matches = find_matches(TEXT, "merz")
    assert matches.first_from(0) == 0
    assert matches.first_from(1) == 1
    assert matches.first_from(len(TEXT)) == 0


def test_matches_in_a_window_include_one_reaching_into_it() -> None:
    matches = find_matches(TEXT, "zelensky")
    start = TEXT.index("Zelensky")
    assert matches.in_window(start + 3, start + 5) == [Span(start, start + 8)]
    assert matches.in_window(0, start) == []


@given(st.text(max_size=200), st.text(min_size=1, max_size=4))
def test_every_match_is_the_query_and_none_overlap(text: str, query: str) -> None:
    matches = find_matches(text, query)
    previous_end = 0
    for index in range(len(matches)):
        span = matches.span(index)
        assert span.start >= previous_end
        found = text[span.start:span.end]
        assert found == query or (query.lower() == query and found.lower() == query.lower()) \
            or found.casefold() == query.casefold() or len(found) == len(query)
        previous_end = span.end


def test_goto_reads_percentages_lines_and_the_end() -> None:
    text = "one\ntwo\nthree\nfour\n"
    assert goto_offset("50%", text) == text.index("three")
    assert goto_offset(":0%", text) == 0
    assert goto_offset("100%", text) == text.index("four")
    assert goto_offset("2", text) == text.index("two")
    assert goto_offset("99", text) == text.index("four")
    assert goto_offset("$", text) == text.index("four")
    for typed in ("", "abc", "-3", "50 percent"):
        with pytest.raises(GotoError):
            goto_offset(typed, text)


def test_a_line_that_does_not_fit_leaves_out_whole_items() -> None:
    items = [(0, "match 3 of 9", "bold"), (1, "42%", ""), (4, "en_core_web_sm 3.8.0", ""),
             (6, "slant-dark", "")]
    line = fit_line(items, 30)
    assert line.plain == "match 3 of 9 · 42%"
    assert fit_line(items, 200).plain.endswith("slant-dark")
