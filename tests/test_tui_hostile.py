"""Hostile feeds through the whole path, read in the reader: fetched from 127.0.0.1, parsed, stored, shown.

One item has a 10 MB title on one line; others carry OSC 52 clipboard writes, OSC 8 links, CSI sequences, C0 and
C1 controls, a U+202E bidi override, zero-width characters and Textual markup (``[@click=app.quit]``, ``[bold]``)
in their titles and bodies. Each must be stored bounded and shown safely: markup literal, sequences and invisible
characters gone, the huge title cut, and the reader still answering keys. Asserted on what the widgets paint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from feeds.refresh import refresh
from feeds.store import Retention, Store
from feeds.text import MAX_TITLE
from tests import httpserver
from tests.snapshot_apps import reader, strip_text, visible_rows
from tests.snapshot_apps.stores import NOW, build_store
from tui.app import NewsdeskApp, make_app
from tui.config import Config
from tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server

HUGE = 10_000_000
MARKUP = "[@click=app.quit]Quit[/] [bold]Bold[/bold]"
OSC52 = "\x1b]52;c;cm0gLXJmIC8=\x07"  # would write "rm -rf /" to the clipboard
OSC8 = "\x1b]8;;https://evil.example/\x1b\\"
CSI = "\x1b[31m\x1b[2J\x1b[1;1H"
C0 = "".join(map(chr, (0, 1, 7, 8, 11, 12, 14, 27, 31, 127)))
C1 = "\x85\x90\x9b31m\x9d8;;x\x9c"
BIDI = "\u202e"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: What must never reach the screen: ESC, C0 (but tab/newline) and C1 controls, bidi and zero-width characters.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# (title, body, what the title must read as once cleaned)
JSON_ITEMS = [
    (f"Clip{OSC52}board", f"Paste{OSC52} this", "Clipboard"),
    (f"{OSC8}Link text{OSC8}", f"Body {OSC8}linked{OSC8} words", "Link text"),
    (f"{CSI}Red{CSI} alert", f"{CSI}Screen{CSI} cleared", "Red alert"),
    # NEL (U+0085), and the vertical tab and form feed among the C0 controls, are line breaks
    (f"Con{C0}trol{C1}s", f"Body{C0} with{C1} controls", "Con trol s"),
    (f"abc{BIDI}fed", f"txt.exe{BIDI}fdp.", "abcfed"),
    (f"zero{ZERO_WIDTH}width", f"in{ZERO_WIDTH}visible", "zerowidth"),
    (MARKUP, f"Body {MARKUP} [link=https://evil.example]x[/link]", MARKUP),
]


def rss(items: list[tuple[str, str]]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile RSS</title>']
    for n, (title, body) in enumerate(items):
        out.append(
            f"<item><guid>rss-{n}</guid><title>{escape(title)}</title>"
            f"<description>{escape(body)}</description><pubDate>Thu, 01 Jan 2026 0{n}:00:00 GMT</pubDate></item>"
        )
    return ("".join(out) + "</channel></rss>").encode()


HUGE_FIELD = 1_000_000  # a link and an author of a megabyte each, on one line


def json_feed() -> bytes:
    items: list[dict[str, object]] = [
        {"id": f"j{n}", "title": t, "content_text": b, "date_published": f"2025-12-31T0{n}:00:00Z"}
        for n, (t, b, _) in enumerate(JSON_ITEMS)
    ]
    items[0]["url"] = "https://evil.example/" + "a" * HUGE_FIELD
    items[0]["authors"] = [{"name": "Author " + "b" * HUGE_FIELD}]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Hostile {OSC52}JSON {MARKUP}",
        "items": items,
    }
    return json.dumps(doc).encode()


@pytest.fixture
def store(tmp_path: Path, feed_server: httpserver.FeedServer) -> Iterator[Store]:
    """A store refreshed from the hostile feeds: the real fetch, parse and save."""
    huge_title = "Huge " + "x" * HUGE  # one line, no spaces to break at
    feed_server["/hostile.xml"] = rss([(huge_title, "A short body."), (f"{BIDI}RLO {MARKUP} C1{C1}", MARKUP)])
    feed_server.set("/hostile.json", json_feed(), content_type="application/feed+json")
    # Raw ESC is not allowed in XML: feedparser's lenient parser takes over, and must clean just as well.
    feed_server["/loose.xml"] = rss([(f"Loose{OSC52}{CSI} one", f"Loose{OSC8}body")])
    store = Store(tmp_path / "data", retention=Retention(0))
    for path in ("/hostile.xml", "/hostile.json", "/loose.xml"):
        store.add_feed(feed_server.url(path))
    results = refresh(store, max_bytes=16 << 20)
    assert [r.outcome for r in results] == ["new", "new", "new"], results
    yield store
    store.close()


def test_the_stored_text_is_clean_and_bounded(store: Store, tmp_path: Path) -> None:
    headers = store.headers()
    assert len(headers) == 2 + len(JSON_ITEMS) + 1
    titles = {h.title for h in headers}
    for _title, _body, shown in JSON_ITEMS:
        assert shown in titles
    huge = next(h for h in headers if h.title.startswith("Huge "))
    assert len(huge.title) <= MAX_TITLE and huge.title.endswith("…")
    for header in headers:
        story = store.story(header.id)
        assert story is not None
        for text in (story.title, story.author, story.text, story.link, *story.links):
            assert not UNSAFE.search(text), (header.title, text[:80])
    clip = store.story(next(h.id for h in headers if h.title == "Clipboard"))
    assert clip is not None and clip.link == "" and clip.author.startswith("Author bbb")
    assert len(clip.author) <= MAX_TITLE  # one-line fields are capped; a link too long to trust is dropped
    assert all(not UNSAFE.search(f.name) for f in store.feeds())
    assert any(f.name == f"Hostile JSON {MARKUP}" for f in store.feeds())
    on_disk = sum(p.stat().st_size for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert on_disk < 200_000  # the 10 MB title is not in the store, nor in its backup copies


def painted(widget: object) -> list[str]:
    """The lines a widget paints now, as plain text."""
    size = widget.size  # type: ignore[attr-defined]
    return [strip_text(s) for s in widget.render_lines(Region(0, 0, size.width, size.height))]  # type: ignore[attr-defined]


async def test_the_reader_shows_every_hostile_story_safely(store: Store) -> None:
    app: NewsdeskApp = make_app(store, Config(), clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        width = screen.story_list.scrollable_content_region.width
        rows = visible_rows(screen.story_list)
        assert len(rows) == len(store.headers())
        for row in rows:
            assert not UNSAFE.search(row), row
            assert len(row) <= width  # the 10 MB title is cut to the pane, every column stays in place
        assert any(MARKUP[:30] in row for row in rows)  # markup shown as typed
        assert any("Huge xxxx" in row for row in rows)
        for row in visible_rows(screen.feed_list):
            assert not UNSAFE.search(row), row
        # Open every story in turn (n: next unread) and look at what the story pane paints.
        seen: set[str] = set()
        for _ in rows:
            await pilot.press("n")
            await pilot.pause()
            view = screen.story_view
            assert app.is_running and isinstance(app.screen, MainScreen)
            assert view.story is not None
            body = view.query_one("#story-body", Static)
            plain = Content.from_text(body.render()).plain  # type: ignore[arg-type]
            assert not UNSAFE.search(plain)
            assert plain.startswith(view.story.title)
            lines = painted(body)
            assert lines and all(not UNSAFE.search(line) for line in lines)
            seen.add(view.story.title)
            if view.story.title == MARKUP:
                assert f"Body {MARKUP} [link=https://evil.example]x[/link]" in plain
                assert any("[@click=app.quit]Quit[/]" in line for line in lines)
            if view.story.title.startswith("Huge "):
                assert len(plain) < 2 * MAX_TITLE + 200  # title, meta line and the short body
                assert sum("x" * 50 in line for line in lines) <= MAX_TITLE // 50 + 2
        assert {shown for _t, _b, shown in JSON_ITEMS} <= seen
        assert len(seen) == len(rows)
        # Still answering keys: move up and toggle a read mark.
        before = screen.story_list.cursor
        await pilot.press("k")
        await pilot.pause()
        assert screen.story_list.cursor == before - 1
        current = screen.story_list.current
        assert current is not None and store.is_read(current.id)
        await pilot.press("m")
        await pilot.pause()
        assert not store.is_read(current.id)
        # Clicking where the [@click=app.quit] title is drawn does not quit.
        await pilot.click("#story-body", offset=(3, 0))
        await pilot.pause()
        assert app.is_running


async def test_the_reader_opens_a_store_with_a_damaged_record_and_says_so(tmp_path: Path) -> None:
    """A hand-edited story record without a title crashed the reader on its first listing (KeyError)."""
    store, _ids = build_store(tmp_path / "data")
    count = store.story_count()
    store.close()
    path = sorted((tmp_path / "data" / "stories").glob("*.json"))[0]
    data = json.loads(path.read_text())
    del next(iter(data["stories"].values()))["title"]
    path.write_text(json.dumps(data))
    with Store(tmp_path / "data") as damaged:
        app = reader(damaged)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert len(app.main_screen.story_list.all_rows) == count - 1
            said = [str(n.message) for n in app._notifications]
            assert f"stories/{path.name} has 1 damaged record(s); they are left out" in said
