"""The reader draws its screen in the terminal's encoding (its locale's), not in Python's output encoding.

With ``PYTHONIOENCODING=ascii``, or a C locale that Python leaves alone (``PYTHONUTF8=0 PYTHONCOERCECLOCALE=0``, as
an old system has it), every border and mark was drawn as "?": Textual wrote the screen through standard error,
which the command line makes print "?" for what its encoding lacks. The C locale is taken for UTF-8, as Python
takes it; a terminal in a Latin-1 locale gets ASCII lookalikes (``+-|`` borders, ``o`` for the unread dot).
The installed command in a tmux pane (120x40), read back with capture-pane.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.model import FeedStatus
from feeds.store import Store
from tests.snapshot_apps import reader, visible_rows
from tests.snapshot_apps.stores import NOW
from tests.test_e2e_tmux import Tmux, at_prompt, terminal_env
from tui.screen_encoding import ScreenStream, lookalike, screen_stream
from tui.widgets.cells import use_terminal_encoding
from tui.widgets.feed_list import WARNED_MARK

LATIN1 = "en_US.ISO-8859-1"


def reader_screen(
    tmp_path: Path, settings: dict[str, str], drawn: str, typed: list[str] | None = None, found: str = ""
) -> tuple[str, str]:
    """The reader's first screen over the demo feeds, started with ``settings`` in its environment, once a line
    of it matches ``drawn``; then, with ``typed`` (bytes in hex, as the terminal sends them) typed into the
    search bar, the screen once it matches ``found``. The reader is then quit."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is required (apt-get install tmux; .ci/run installs it)")
    exe = Path(sys.executable).with_name("newsdesk")
    env = terminal_env(tmp_path, exe)
    tmux = Tmux(f"newsdesk-encoding-{os.getpid()}", env)
    try:
        exports = " ".join(f"{name}={value}" for name, value in settings.items())
        tmux.send(f"{exports} newsdesk --demo", "Enter")
        screen = tmux.wait_for(lambda s: re.search(drawn, s) is not None or "?? Feeds" in s)
        searched = ""
        if typed:
            tmux.send("/")
            tmux.send("-H", *typed)
            try:  # searched as each key comes: "0 stories" for "feed:" on the way
                searched = tmux.wait_for(lambda s: re.search(found, s) is not None, timeout=20)
            except AssertionError:
                searched = tmux.screen()
            tmux.send("Escape")
            time.sleep(0.5)  # escape and q at once are alt+q
        tmux.send("q")
        tmux.wait_for(at_prompt)
        return screen, searched
    finally:
        tmux.kill()


@pytest.mark.e2e
@pytest.mark.parametrize(
    "settings",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}],
    ids=["pythonioencoding-ascii", "c-locale-uncoerced"],
)
def test_borders_and_marks_are_drawn_whatever_pythons_output_encoding(
    tmp_path: Path, settings: dict[str, str]
) -> None:
    screen, _ = reader_screen(tmp_path, settings, r"╭─ Feeds ─+╮╭─ All · [1-9]")
    frame = screen.splitlines()[0]
    assert frame.startswith("╭─ Feeds ─"), screen  # it was "?? Feeds ?????..."
    assert "?" not in frame and "│   All" in screen, screen
    assert re.search(r"│ ●  \w", screen), screen  # the unread dot, not "?"


@pytest.mark.e2e
def test_a_latin1_terminal_gets_ascii_borders_and_marks(tmp_path: Path) -> None:
    """Its locale says what it shows: Latin-1 has no box drawing, no dot and no ellipsis, which were "?". And
    its keys are Latin-1: "é" typed is the byte 0xE9, which was read as U+FFFD, so "feed:Belvédère" found
    nothing."""
    locales = tmp_path / "locales"
    locales.mkdir()
    if shutil.which("localedef") is None:
        pytest.fail("localedef is required to make a Latin-1 locale (apt-get install locales)")
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(locales / LATIN1)],
        capture_output=True,
        timeout=60,
    )
    assert (locales / LATIN1).is_dir(), made.stderr
    feed_belvedere = [f"{byte:02x}" for byte in "feed:Belvédère".encode("latin-1")]
    settings = {"LOCPATH": str(locales), "LC_ALL": LATIN1}
    drawn, found = r"\+- Feeds -+\+\+- All[\s\S]* Open ", r" [1-9]\d* stories "  # the key bar drawn too
    screen, searched = reader_screen(tmp_path, settings, drawn, feed_belvedere, found)
    frame = screen.splitlines()[0]
    assert frame.startswith("+- Feeds ---") and frame.rstrip().endswith("-+"), screen
    assert "?" not in frame and "|   All" in screen, screen
    assert re.search(r"\| o  \w", screen), screen  # the unread dot
    # A title cut short ends in "..." (the ellipsis "…" is not Latin-1): it ended in "~", the feed list's mark of
    # a feed read in part (the demo has none).
    assert "... " in screen and "~" not in screen, screen
    # A key shown as a sign the terminal lacks is named: "⏎ Open" was drawn "< Open", a key that opens nothing
    assert screen.rstrip().splitlines()[-1].lstrip().startswith("enter Open"), screen
    assert re.search(found, searched), searched


def test_lookalikes_keep_the_width_of_what_they_stand_for() -> None:
    assert [lookalike(char, "ascii") for char in "╭─╮│╰╯━┃═║▔▁▎▊"] == list("+-+|++-|=|--||")
    assert [lookalike(char, "ascii") for char in "●★…·×↳▾"] == list("o*.-x>v")
    assert lookalike("é", "ascii") == "e" and lookalike("é", "koi8-r") == "e"
    assert lookalike("東", "iso8859-1") == "??"  # two cells: the columns after it stay in place
    assert lookalike("ß", "ascii") == "?"


def test_a_utf8_stream_to_a_utf8_terminal_is_left_alone(tmp_path: Path) -> None:
    """The common case costs nothing: Textual writes to standard error as it always did."""
    with open(tmp_path / "out", "w", encoding="utf-8") as stream:
        assert screen_stream(stream) is stream
    with open(tmp_path / "out", "w", encoding="ascii", errors="replace") as stream:
        wrapped = screen_stream(stream)
        assert isinstance(wrapped, ScreenStream)
        wrapped.write("╭─ Feeds · ●")
        wrapped.flush()
    assert (tmp_path / "out").read_text(encoding="utf-8") == "╭─ Feeds · ●"


@pytest.fixture
def latin1_cuts() -> Iterator[None]:
    """Cut text as the reader's driver lays it out for a Latin-1 terminal (:class:`tui.terminal_driver.ReaderDriver`
    calls this with the locale's encoding); UTF-8 again after."""
    use_terminal_encoding("iso8859-1")
    yield
    use_terminal_encoding("utf-8")


def as_latin1_terminal_shows(row: str) -> str:
    """``row`` written through the screen's stream for a Latin-1 terminal, read back as that terminal shows it."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="iso8859-1")
    stream = ScreenStream(out, "iso8859-1")
    stream.write(row)
    stream.flush()
    return out.buffer.getvalue().decode("iso8859-1")


@pytest.mark.anyio
@pytest.mark.usefixtures("latin1_cuts")
async def test_in_a_latin1_terminal_a_cut_name_does_not_end_in_the_mark_of_a_feed_read_in_part(
    tmp_path: Path,
) -> None:
    """The feed list marks a feed read in part with "~"; a Latin-1 terminal was shown "~" for the ellipsis that
    ends a cut name too, so "The Lanternfish Revie~" read as a mark. The real app through Pilot on a real store;
    its rows as the screen's stream writes them for that terminal."""
    store = Store(tmp_path / "data")
    try:
        big, long = store.add_feeds(
            [
                ("https://big.example/rss", "Big Archive", (), ""),
                ("https://long.example/rss", "The Lanternfish Review of Books and Letters", (), ""),
            ]
        )
        warned = FeedStatus(last_success=NOW, last_attempt=NOW, warning="only the first 10 MB read")
        store.update_feeds([replace(big, status=warned)])
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            rows = [as_latin1_terminal_shows(row) for row in visible_rows(app.main_screen.feed_list)]
        assert [row for row in rows if WARNED_MARK in row] == [
            next(row for row in rows if "Big Archive" in row)
        ], rows
        cut = next(row for row in rows if "Lanternfish" in row)
        assert cut.rstrip().endswith("..."), rows
    finally:
        store.close()
