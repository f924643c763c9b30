"""The shared helper that fits names and titles to screen cells, as every list and the command line use it."""

from __future__ import annotations

from rich.cells import cell_len

from tui.screens.help import wrap
from tui.widgets.cells import ELLIPSIS, fit, fit_right


def test_a_cut_at_a_word_boundary_leaves_no_space_before_the_ellipsis() -> None:
    fitted = fit("An Empty Feed With No Stories", 20)
    assert fitted.rstrip() == "An Empty Feed With" + ELLIPSIS
    assert cell_len(fitted) == 20


def test_a_cut_inside_a_word_keeps_the_word_start() -> None:
    assert fit("Lanternfish Review", 15) == "Lanternfish Re" + ELLIPSIS


def test_a_wide_character_at_the_edge_is_not_split_and_the_width_holds() -> None:
    fitted = fit("日本語のニュース", 6)
    assert fitted == "日本" + ELLIPSIS + " "
    assert cell_len(fitted) == 6


def test_text_of_spaces_after_the_cut_still_fills_the_width() -> None:
    fitted = fit("A" + " " * 30 + "B", 10)
    assert fitted == "A" + ELLIPSIS + " " * 8


def test_right_aligned_text_that_is_cut_drops_the_space_too() -> None:
    assert fit_right("Feeds of the Day", 14).rstrip() == "Feeds of the" + ELLIPSIS


def test_wrap_breaks_between_words_and_splits_only_a_word_wider_than_a_line() -> None:
    assert wrap("the next match, then the next result's first", 20) == [
        "the next match, then",
        "the next result's",
        "first",
    ]
    assert wrap("see averyveryverylongword now", 8) == ["see", "averyver", "yverylon", "gword", "now"]
    assert all(cell_len(line) <= 5 for line in wrap("東京で新しい図書館", 5))
    assert "".join(wrap("東京で新しい図書館", 5)) == "東京で新しい図書館"
    assert wrap("", 10) == [""]
