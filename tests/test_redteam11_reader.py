"""Red-team round 11 on the reader: what a demanding user met that earlier rounds did not try. The installed
command in a pseudo-terminal of its own, and the real app through Pilot on a real store."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from feeds.store import Store
from tests.snapshot_apps import reader, until
from tests.terminal import read_until_exit
from tests.test_walk4_terminals import ROOT, _pty, _rows
from tui.app import NewsdeskApp
from tui.screens.save_search import NameScreen

pytestmark = pytest.mark.anyio


def test_nonsense_columns_and_lines_in_the_environment_do_not_stop_the_reader(tmp_path: Path) -> None:
    """The screen's first layout took its size from $COLUMNS and $LINES (Rich's console size, Textual's fallback
    until the terminal driver reports one): with LINES=10000 exported the reader drew nothing for minutes, and
    with COLUMNS and LINES of eleven digits never, stuck laying out a screen of 10^22 cells. The terminal it
    draws on is 30x100; that is the screen it draws, at once."""
    master, slave, cmd, env = _pty(tmp_path / "home", 30, 100, "xterm-256color")
    env |= {"COLUMNS": "99999999999", "LINES": "99999999999"}
    proc = subprocess.Popen([*cmd, "--demo"], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    try:
        out = bytearray()
        end = time.monotonic() + 60
        drawn = False
        while not drawn and time.monotonic() < end and proc.poll() is None:
            if select.select([master], [], [], 0.1)[0]:
                out += os.read(master, 1 << 16)
            drawn = any(r.startswith("╭─ Feeds") and cell_len(r) == 100 for r in _rows(bytes(out)))
        assert drawn, (proc.poll(), _rows(bytes(out))[-3:])
        os.write(master, b"q")
        read_until_exit(proc, master, 30)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        os.close(master)


async def paste(pilot: Pilot[None], app: NewsdeskApp, text: str) -> None:
    """``text`` pasted into the focused box, as the terminal hands a bracketed paste on."""
    assert app.focused is not None
    app.focused.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize(
    ("pasted", "typed"),
    [
        ("Kim Jong\nUn", "Kim Jong Un"),  # a name copied across a wrapped line
        ("\nclimate summit\n", "climate summit"),  # copied from a terminal, from the line before
        ("rail\r\n\tstrike", "rail strike"),
        ("harbour\u2028ferry", "harbour ferry"),  # a line separator, as a web page copies a <br>
    ],
)
async def test_a_paste_of_several_lines_searches_all_its_words(
    sample_store: Store, pasted: str, typed: str
) -> None:
    """The search box kept the first line of a paste and dropped the rest (Textual's Input does): a name copied
    across a line break searched for part of it, and a paste that began with a line break put nothing in the box.
    Its lines are joined with a space, as a browser's search box joins them; so are the name of a saved search and
    a bookmark's tags, the other one-line boxes."""
    app = reader(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await paste(pilot, app, pasted)
        assert app.main_screen.search_bar.input.value == typed
        await pilot.press("ctrl+n")  # the save dialog's name box, filled with the query: paste after it
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
        box = app.screen.query_one("#name-input", Input)
        box.value = ""
        await paste(pilot, app, pasted)
        assert box.value == typed


@pytest.mark.parametrize("query", ["🙂", "(", "[/]", "***", "—"])
async def test_a_query_with_no_letters_or_digits_says_so_under_the_box(
    sample_store: Store, query: str
) -> None:
    """The search bar listed every story under "14 stories · enter: results", as if each matched an emoji or a
    bracket; the command line refuses such a query ("has no letters or digits to match"). The reader now says the
    same under the box (the list stays, as for any query it cannot use, such as `is:nothing`)."""
    app = reader(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await pilot.press("slash")
        await paste(pilot, app, query)
        await until(pilot, lambda: screen._shown_query == query)
        hint = str(screen.search_bar.query_one("#search-hint", Static).content)
        # Since 7815d61 the box also says, as the command does, that nothing is left and what it lists then.
        assert (
            hint
            == f"{query} has no letters or digits to match; nothing left to search for, every story listed"
        )
