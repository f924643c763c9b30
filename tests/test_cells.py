"""The shared helper that fits names and titles to screen cells, as every list and the command line use it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.cells import cell_len

from tui.screens.help import wrap
from tui.widgets.cells import ELLIPSIS, cut_end, fit, fit_right, use_terminal_encoding


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


@pytest.fixture
def latin1_terminal() -> Iterator[None]:
    """Cuts as the reader's driver sets them for a terminal in a Latin-1 locale; back to UTF-8 after."""
    use_terminal_encoding("iso8859-1")
    yield
    use_terminal_encoding("utf-8")


@pytest.mark.usefixtures("latin1_terminal")
def test_a_terminal_without_the_ellipsis_gets_three_dots_in_the_same_width() -> None:
    """Latin-1 has no "…": the screen drew it as "~", the feed list's mark of a feed read in part."""
    assert cut_end() == "..."
    assert fit("Lanternfish Review", 15) == "Lanternfish... "  # no space left before the dots
    assert fit("An Empty Feed With No Stories", 20) == "An Empty Feed Wit..."
    assert [fit("Lanternfish", n) for n in range(1, 5)] == [".", "L.", "La.", "L..."]
    assert fit_right("Feeds of the Day", 14) == "Feeds of th..."
    assert cell_len(fit("日本語のニュース", 6)) == 6


def test_a_utf8_terminal_keeps_the_ellipsis() -> None:
    use_terminal_encoding("utf-8")
    assert cut_end() == ELLIPSIS and fit("Lanternfish", 4) == "Lan" + ELLIPSIS
