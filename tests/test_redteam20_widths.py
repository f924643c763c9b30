"""Red-team round 20 on the reader: text whose width the terminal and the reader's measure disagree on.

Rich (and so Textual) counts "❤\\ufe0f" (a heart asking for emoji presentation) two cells and "👍🏽" (a skin tone
after a thumb) two; tmux, xterm, VTE and every terminal that measures by the C library's ``wcwidth`` draw one and
four. Each row holding one ran a cell short or two long in those terminals: its age column and the pane's border
moved out of line (seen in tmux at 80x24). Indic vowel signs (spacing marks) are no cells to Rich and one to
them: a Hindi headline's row ran five cells long. A title of combining marks alone showed as nothing. A real
feed from 127.0.0.1, refreshed into a real store, read through Pilot; each painted row is measured as the C
library measures it (``wcswidth`` in ``C.UTF-8``, in a child process so this one's locale stays as it is).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from feeds.refresh import refresh
from feeds.store import Retention, Store
from feeds.store_feeds import feed_tags
from tests import httpserver
from tests.snapshot_apps import reader, strip_text, visible_rows

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server

HEART = "❤\ufe0f"  # two cells to Rich, one to wcwidth
THUMB = "👍🏽"  # two cells to Rich, four to wcwidth
KEYCAP = "1\ufe0f\u20e3"
ITEMS = [
    (f"Fans send {HEART} to the team {THUMB}", f"A {HEART} from {THUMB} readers. {KEYCAP} Number one."),
    (f"Keycap {KEYCAP} and a lone 🏽 tone", f"Smile ☺ and {THUMB}{THUMB} and more {HEART}{HEART}."),
    ("\u0301\u0302\u0303\u0304", "Only marks stood for the title of this story."),
    # Spacing marks: Indic vowel signs beside their letters, no cells to Rich, one to wcwidth (five here)
    ("हिन्दी समाचार क्षेत्र", "नरेन्द्र मोदी ने कहा कि क्षेत्र में विकास होगा। নতুন খবর। தமிழ் செய்திகள்."),
]

WCSWIDTH = """
import ctypes, json, locale, sys
locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
libc = ctypes.CDLL(None)
libc.wcswidth.argtypes = [ctypes.c_wchar_p, ctypes.c_size_t]
print(json.dumps([libc.wcswidth(line, len(line)) for line in json.loads(sys.stdin.read())]))
"""


def terminal_widths(lines: list[str]) -> list[int]:
    """The cells a terminal that measures by the C library draws each line in (tmux, xterm, VTE)."""
    ran = subprocess.run(
        [sys.executable, "-c", WCSWIDTH], input=json.dumps(lines), capture_output=True, text=True, check=True
    )
    return list(json.loads(ran.stdout))


def json_feed() -> bytes:
    items = [
        {
            "id": f"w{n}",
            "url": f"https://widths.example/{n}",
            "title": title,
            "content_text": text,
            "authors": [{"name": f"Ana {THUMB}"}],
            "date_published": f"2025-12-31T0{n}:00:00Z",
        }
        for n, (title, text) in enumerate(ITEMS)
    ]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": f"Fan {HEART} Wire", "items": items}
    ).encode()


@pytest.fixture
def store(tmp_path: Path, feed_server: httpserver.FeedServer) -> Store:
    feed_server.set("/fans.json", json_feed(), content_type="application/feed+json")
    store = Store(tmp_path / "data", retention=Retention(0))
    store.add_feed(feed_server.url("/fans.json"), tags=[f"fans{HEART}"])
    assert [r.outcome for r in refresh(store)] == ["new"]
    return store


def test_a_title_of_combining_marks_alone_is_no_title(store: Store) -> None:
    """It listed as a blank row (the marks drawn on the list's margin); an untitled story is titled by its text,
    and a feed's name and tag are its words alone, as every one-line field is."""
    titles = {h.title for h in store.headers()}
    assert "Only marks stood for the title of this story." in titles  # it was "\u0301\u0302\u0303\u0304"
    assert feed_tags(["\u0301\u0302 news", "\u20dd\u20dd"]) == ("news",)
    store.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_row_takes_the_cells_a_terminal_draws_it_in(store: Store, size: tuple[int, int]) -> None:
    """The story list's rows, the feed list's, the story's lines and its bookmark banner: as many cells to the C
    library as to Rich, which is the pane's width, at 80 and 120 columns (a row with a heart ran a cell short,
    one with a skin tone two cells long, in tmux)."""
    story = next(h for h in store.headers() if h.title.startswith("Fans"))
    store.bookmark(story.id, note=f"Kept for the {HEART} and the {THUMB}.")
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.main_screen
        rows = visible_rows(screen.story_list)
        assert len(rows) == 4
        width = screen.story_list.scrollable_content_region.width
        assert all(cell_len(row) == width for row in rows)
        feeds = visible_rows(screen.feed_list)
        assert any("Fan" in row for row in feeds) or size[0] < 100  # one pane at a time at 80 columns
        screen.open_story_id(story.id)
        await pilot.pause()
        view = screen.story_view
        assert view.story is not None and view.story.id == story.id
        body = [strip_text(view.body.render_line(y)) for y in range(view.body.size.height)]
        banner = screen.bookmark_banner
        assert banner.has_class("-shown")
        notes = [strip_text(banner.render_line(y)) for y in range(banner.size.height)]
        hindi = next(h for h in store.headers() if h.title.startswith("हिन्दी"))
        screen.open_story_id(hindi.id)
        await pilot.pause()
        indic = [strip_text(view.body.render_line(y)) for y in range(view.body.size.height)]
        lines = [*rows, *feeds, *body, *notes, *indic]
        assert any("readers" in line for line in body) and any("Kept for" in line for line in notes)
        assert any("விகாஸ" in line or "தமிழ்" in line for line in indic)
        assert terminal_widths(lines) == [cell_len(line) for line in lines]
    store.close()
