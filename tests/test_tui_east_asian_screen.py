"""The reader in a double-byte East Asian terminal (EUC-JP, GBK, Big5, EUC-KR): its rows keep their width.

Such a terminal draws every character its encoding writes in two bytes two cells wide: the unread dot, the star,
"×", "…" and the box drawing, which Rich counts as one cell (East Asian "ambiguous" width), so each row ran long
by a cell per sign and the borders broke. They are drawn as lookalikes of one cell there, as in a Latin-1
terminal (:mod:`tui.screen_encoding`). Checked three ways: against glibc's own ``wcwidth`` in a ``ja_JP.EUC-JP``
locale, on the rows the real app paints through Pilot (a real store in a temporary folder) as the screen's stream
writes them, and with the installed command in tmux.

A UTF-8 terminal draws those signs one cell wide, in an East Asian locale too (glibc's ``wcwidth`` in
``ja_JP.UTF-8`` says 1): the last test keeps that case as it was.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.binding import Binding

from tests.snapshot_apps import reader_app, visible_rows
from tests.test_tui_screen_encoding import reader_screen
from tui.screen_encoding import ScreenStream, drawn_wide, shown_as
from tui.widgets.cells import ASCII_ELLIPSIS, ELLIPSIS, cut_end, use_terminal_encoding
from tui.widgets.story_list import BOOKMARK_MARK, UNREAD_MARK

EUC_JP = "ja_JP.EUC-JP"
#: The signs the reader and Textual draw (marks, separators, borders, scrollbars), letters of other scripts, kana.
SIGNS = "●★×…·─│╭╮╰╯━┃▁▔▎▊█▌↳⏎—–‘’«»é" + "д" + "α" + "東京ｱ!~"


def make_locale(tmp_path: Path, name: str, charmap: str) -> Path:
    """A folder for ``LOCPATH`` holding the locale ``name.charmap``, made with ``localedef``."""
    if shutil.which("localedef") is None:
        pytest.fail("localedef is required to make a locale (apt-get install locales)")
    locales = tmp_path / "locales"
    locales.mkdir(exist_ok=True)
    made = subprocess.run(
        ["localedef", "-i", name, "-f", charmap, str(locales / f"{name}.{charmap}")],
        capture_output=True,
        timeout=120,
    )
    assert (locales / f"{name}.{charmap}").is_dir(), made.stderr
    return locales


def terminal_cells(text: str, encoding: str) -> int:
    """The cells a double-byte terminal gives ``text``: two for a character written in two or three bytes (but
    EUC-JP's half-width kana), else what Rich counts."""
    cells = 0
    for char in text:
        size = len(char.encode(encoding))
        halfwidth_kana = "\uff61" <= char <= "\uff9f"
        cells += 2 if 2 <= size <= 3 and not halfwidth_kana and cell_len(char) else cell_len(char)
    return cells


def as_shown(text: str, encoding: str) -> str:
    """``text`` written through the screen's stream for a terminal in ``encoding``, read back."""
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    stream = ScreenStream(out, encoding)
    stream.write(text)
    stream.flush()
    raw = out.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode(encoding)


@pytest.fixture
def euc_jp_cuts() -> Iterator[None]:
    """Cut text as the reader's driver lays it out for an EUC-JP terminal; UTF-8 again after."""
    use_terminal_encoding("euc_jp")
    yield
    use_terminal_encoding("utf-8")


def test_the_signs_drawn_wide_are_those_glibc_measures_two_cells_in_an_euc_jp_locale(tmp_path: Path) -> None:
    """The terminal's view, from its C library: ``wcwidth`` in ``ja_JP.EUC-JP`` is 2 for each sign Rich counts
    as one that :func:`drawn_wide` names, and 1 for the rest (half-width kana, ASCII)."""
    locales = make_locale(tmp_path, "ja_JP", "EUC-JP")
    probe = (
        "import ctypes, json, locale, sys\n"
        "locale.setlocale(locale.LC_ALL, '')\n"
        "libc = ctypes.CDLL(None)\n"
        "libc.wcwidth.argtypes = [ctypes.c_wchar]\n"
        "signs = json.loads(sys.argv[1])\n"  # JSON's escapes: the command line is read in the locale's encoding
        "print(json.dumps([locale.nl_langinfo(locale.CODESET), [libc.wcwidth(c) for c in signs]]))\n"
    )
    env = {**os.environ, "LOCPATH": str(locales), "LC_ALL": EUC_JP, "PYTHONIOENCODING": "utf-8"}
    ran = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(SIGNS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    codeset, widths = json.loads(ran.stdout)
    assert codeset == "EUC-JP", ran.stdout
    glibc = {char: width for char, width in zip(SIGNS, widths, strict=True) if width > 0}  # -1: it lacks it
    assert len(glibc) > 15 and not set("●★…─│東ｱ") - set(glibc), glibc
    ours = {char: 2 if drawn_wide(char, "euc_jp") else cell_len(char) for char in glibc}
    assert ours == glibc
    assert [shown_as(char, "euc_jp") for char in "●★×…─│東ｱ"] == list("o*x.-|東ｱ")


@pytest.mark.anyio
@pytest.mark.usefixtures("euc_jp_cuts")
async def test_every_row_the_reader_paints_keeps_its_width_in_an_euc_jp_terminal(tmp_path: Path) -> None:
    """The story list's rows (unread dots, a star, a Japanese title, cut titles) and the feed list's, as the
    screen's stream writes them for an EUC-JP terminal: each takes the widget's width there, as Rich counted it.
    The dot and the star took two cells each, pushing the row's end past the pane's border."""
    app = reader_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")  # a star on the first story
        await pilot.pause()
        screen = app.main_screen
        painted = {
            "stories": (visible_rows(screen.story_list), screen.story_list.scrollable_content_region.width),
            "feeds": (visible_rows(screen.feed_list), screen.feed_list.scrollable_content_region.width),
        }
    assert any(UNREAD_MARK in row for row in painted["stories"][0])
    assert any(BOOKMARK_MARK in row for row in painted["stories"][0])
    assert any("東京" in row for row in painted["stories"][0])
    assert any(ASCII_ELLIPSIS in row for row in painted["stories"][0])  # a cut feed name
    assert not any(ELLIPSIS in row for row in painted["stories"][0])  # "…" is two cells there
    for rows, width in painted.values():
        for row in rows:
            shown = as_shown(row, "euc_jp")
            assert terminal_cells(shown, "euc_jp") == cell_len(row) == width, (row, shown)
    shown_rows = [as_shown(row, "euc_jp") for row in painted["stories"][0]]
    assert any(row.startswith(" o* ") for row in shown_rows), shown_rows
    assert any("東京" in row for row in shown_rows), shown_rows


def test_a_key_whose_sign_an_euc_jp_terminal_draws_wide_is_named(tmp_path: Path) -> None:
    """The key bar and the help show "↓" for down: EUC-JP has the arrows, drawn two cells wide, so the screen gives
    "v" there; the key is named instead, as where the encoding lacks its sign ("⏎" in Latin-1)."""
    app = reader_app(tmp_path / "data")
    try:
        keys = [Binding(key, "x") for key in ("down", "up", "enter", "ctrl+p", "j")]
        assert [app.get_key_display(b) for b in keys] == ["↓", "↑", "⏎", "^p", "j"]
        app.screen_encoding = "euc_jp"  # as the app takes it from a ja_JP.EUC-JP locale
        assert [app.get_key_display(b) for b in keys] == ["down", "up", "enter", "^p", "j"]
    finally:
        app.store.close()


def test_a_utf8_terminal_in_an_east_asian_locale_keeps_the_signs() -> None:
    """UTF-8 terminals draw the ambiguous signs one cell wide (glibc's ``wcwidth`` in ``ja_JP.UTF-8`` says 1):
    nothing is changed there, and a single-byte encoding never writes a sign in two bytes."""
    assert not any(drawn_wide(char, "utf-8") for char in SIGNS)
    assert as_shown("╭─ All · 3 ─╮ ● ★ ×2 …", "utf-8") == "╭─ All · 3 ─╮ ● ★ ×2 …"
    assert as_shown("─ ● · д", "koi8-r") == "─ o · д"  # KOI8-R has box drawing, one byte each
    use_terminal_encoding("utf-8")
    assert cut_end() == ELLIPSIS


@pytest.mark.e2e
def test_the_installed_reader_in_an_euc_jp_terminal_draws_its_frame_and_marks_in_one_cell_each(
    tmp_path: Path,
) -> None:
    """The real driver picks the locale's encoding and the stream draws the wide signs as lookalikes: the frame
    was EUC-JP box drawing (two cells a piece in that terminal, garbage to tmux, which reads UTF-8)."""
    locales = make_locale(tmp_path, "ja_JP", "EUC-JP")
    settings = {"LOCPATH": str(locales), "LC_ALL": EUC_JP}
    screen, _ = reader_screen(tmp_path, settings, r"\+- Feeds -+\+\+- All[\s\S]* Open ")
    frame = screen.splitlines()[0]
    assert frame.startswith("+- Feeds ---") and frame.rstrip().endswith("-+"), screen
    assert "|   All" in screen and "| o  " in screen, screen
    assert "... " in screen, screen  # a cut title: "…" is two cells there
