"""Fuzzing the whole path: hostile feed document -> parse -> store -> read back -> render in the reader.

The documents come from :mod:`tests.fuzz_docs`. Each example is parsed, saved into a fresh store in a temporary
folder, read back from disk by a second (read-only) open, and rendered the way the reader shows it: the story
view's content wrapped to a pane, and the story list's title column fitted to its width. One Pilot pass (a few
examples) opens the real app over a store filled from generated documents.

Bounded in CI (about 250 examples in all). A longer run, for example 10,000 documents::

    NEWSDESK_FUZZ_EXAMPLES=10000 .venv/bin/pytest tests/test_fuzz.py -p no:randomly

Every crash a run found is kept below as a regression test (``test_found_*``) and as an ``@example``.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.geometry import Region

from feeds.html import MAX_URL
from feeds.model import Story
from feeds.parse import ParsedFeed, parse_feed
from feeds.parse_story import FUTURE_SLACK
from feeds.store import Retention, Store
from feeds.text import MAX_TEXT, MAX_TITLE
from tests.fuzz_docs import Doc, Item, build, docs
from tests.small_disk import SmallDisk
from tests.snapshot_apps import strip_text, visible_rows
from tests.snapshot_apps.stores import NOW
from tui.app import make_app
from tui.config import Config
from tui.widgets.cells import fit
from tui.widgets.story_view import story_content

EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "0")) or 200
PILOT_EXAMPLES = max(3, EXAMPLES // 1000)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
URL = "http://127.0.0.1:9/feed"
#: What must never be stored or shown: C0 (but tab/newline) and C1 controls, ESC, bidi controls, zero-width
#: characters, the BOM, and lone surrogates (which cannot even be written out as UTF-8).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)
INTERNAL = "could not parse the feed ("  # parse_feed's last line of defence: reaching it is a bug


def parse(doc: Doc) -> ParsedFeed:
    parsed = parse_feed(build(doc), "fuzzfeed", url=URL, content_type=doc.content_type, now=NOW)
    assert not parsed.error.startswith(INTERNAL), parsed.error
    assert not UNSAFE.search(parsed.title) and "\n" not in parsed.title and len(parsed.title) <= MAX_TITLE
    assert len({s.id for s in parsed.stories}) == len(parsed.stories)
    for story in parsed.stories:
        check_story(story)
    return parsed


def check_story(story: Story) -> None:
    """What every stored story promises the reader."""
    assert story.title and story.title == story.title.strip() and "\n" not in story.title
    assert len(story.title) <= MAX_TITLE and len(story.author) <= MAX_TITLE and "\n" not in story.author
    assert len(story.text) <= MAX_TEXT + 1
    for value in (story.title, story.author, story.text, story.link, *story.links):
        assert not UNSAFE.search(value), repr(value[:200])
    for url in (story.link, *story.links):
        assert url == "" or (url.startswith(("http://", "https://")) and " " not in url and "\n" not in url)
        assert len(url) <= MAX_URL
    for when in (story.published, story.updated, story.first_seen):
        assert math.isfinite(when) and when <= NOW + FUTURE_SLACK


def render(story: Story, feed_name: str) -> None:
    """The story as the reader draws it: the story view wrapped to a pane, the title fitted to a list row."""
    content = story_content(story, feed_name, NOW)
    plain = content.plain
    assert plain.startswith(story.title) and not UNSAFE.search(plain)
    for width in (20, 77) if len(plain) < 20_000 else (77,):  # wrapping is slow: one width for huge texts
        lines = content.wrap(width)
        assert lines and all(line.cell_length <= width for line in lines)
    for width in (1, 9, 50):
        assert cell_len(fit(story.title, width)) == width


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the stores go: a tmpfs when one can be had (see tests.small_disk), as fsync costs nothing there."""
    disk = SmallDisk(tmp_path_factory.mktemp("fuzz"), size=512 << 20)
    yield disk.path
    disk.close()


def round_trip(parsed: ParsedFeed, scratch: Path) -> None:
    """Save into a fresh store, read back through a second open from disk, and render every story."""
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        root = Path(folder)
        with Store(root, retention=Retention(0)) as store:
            feed = store.add_feed(URL, title=parsed.title)
            saved = store.save_stories(feed.id, parsed.stories, now=NOW)
            assert len(saved.new) == len(parsed.stories)
        with Store(root, readonly=True) as again:
            assert {h.id for h in again.headers()} == {s.id for s in parsed.stories}
            for story in parsed.stories:
                back = again.story(story.id)
                assert back is not None and back == replace(story, feed_id=feed.id)
                render(back, again.feeds()[0].name)


SURROGATE_REF = Doc("rss", "t", [Item("x&#xD800;y", "&#56320;", "", "g", "", "")], "raw")
HUGE_REF = Doc("rss", "t", [Item("a&#x110000;b &#99999999999999999999;", "b", "", "g", "", "")], "raw")
LONG_AUTHOR = Doc("rss", "t", [Item("t", "b", "", "g", "x" * 40_000, "")], "escape")
YEAR_ONE = Doc("rss", "", [Item("", "", "http://e.example/a", "", "", "0001-01-01T00:00:00Z")], "escape")
SPACED_LINK = Doc("rss", "", [Item("t", "", "ab " * 2700, "g", "", "")], "escape")
LONE_SURROGATE = Doc("json", "t\ud800", [Item("x\ud800y", "a\udc00b", "", "g", "\udfff", "")], "escape")


@FUZZ
@given(doc=docs)
@example(doc=SURROGATE_REF)
@example(doc=HUGE_REF)
@example(doc=LONE_SURROGATE)
@example(doc=LONG_AUTHOR)
@example(doc=YEAR_ONE)
@example(doc=SPACED_LINK)
def test_any_document_parses_stores_and_renders(doc: Doc, scratch: Path) -> None:
    round_trip(parse(doc), scratch)


@pytest.mark.parametrize("doc", [SURROGATE_REF, HUGE_REF], ids=["surrogate", "past-10ffff"])
def test_found_a_bad_character_reference_in_a_broken_feed_no_longer_fails_it(doc: Doc) -> None:
    """Found by this fuzzer: feedparser's lenient parser raised on &#xD800; or &#x110000; (chr() of it cannot
    be encoded or made), so the whole feed failed with an internal error. Now the reference reads as U+FFFD."""
    parsed = parse(doc)
    assert parsed.error == "" and len(parsed.stories) == 1
    assert "\ufffd" in parsed.stories[0].title


def test_found_lone_surrogates_in_a_json_feed_no_longer_break_the_save(scratch: Path) -> None:
    """Found by this fuzzer: JSON escapes such as "\\ud800" (or invalid UTF-8) gave lone surrogates, which the
    store's JSON writer refused with a TypeError that stopped the whole refresh. Now they read as U+FFFD."""
    parsed = parse(LONE_SURROGATE)
    story = parsed.stories[0]
    for value in (parsed.title, story.title, story.text, story.author):  # \ufffd once per escape or bad byte
        assert "\ufffd" in value
    round_trip(parsed, scratch)


def test_found_a_long_author_no_longer_runs_the_parse_out_of_time() -> None:
    """Found by this fuzzer: feedparser's e-mail regex backtracks quadratically over an author with no address,
    so a 40 KB <author> took about a minute and the feed failed as "more than 8 seconds of work". Authors are now
    cut before that regex, and the story comes through with its author cut to a line."""
    parsed = parse(LONG_AUTHOR)
    assert parsed.error == "" and len(parsed.stories) == 1
    assert parsed.stories[0].author == "x" * (MAX_TITLE - 1) + "…"


def test_found_a_link_that_grows_past_the_cap_when_its_spaces_are_encoded_is_dropped() -> None:
    """Found by the long run: a relative link of 8,100 characters with spaces became a 24 KB URL once the
    spaces were encoded as %20 and it was joined to the feed's URL. The cap now holds on the final URL."""
    story = parse(SPACED_LINK).stories[0]
    assert story.link == ""


def test_found_a_story_dated_year_one_opens(scratch: Path) -> None:
    """Found by this fuzzer: for a story dated 0001-01-01, ``datetime.fromtimestamp`` in the story view raised
    "year 0 is out of range": opening the story crashed the reader. Now the date is left out, the age kept.
    A year-1 date is parsed as no date now (Go's and .NET's zero value, see feeds.parse_story.NO_DATE_BEFORE); a story
    stored so by an earlier version still opens."""
    parsed = parse(YEAR_ONE)
    assert parsed.stories[0].published == parsed.stories[0].first_seen
    stored_before = replace(parsed.stories[0], published=-62_135_596_800.0, updated=-62_135_596_800.0)
    round_trip(replace(parsed, stories=[stored_before]), scratch)
    meta = story_content(stored_before, "Feed", NOW).plain.split("\n")[1]
    assert meta.startswith("Feed · ") and meta.endswith(" years ago)")


async def _read_in_the_reader(store: Store) -> None:
    app = make_app(store, Config(), clock=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        width = screen.story_list.scrollable_content_region.width
        rows = visible_rows(screen.story_list)
        # Near-duplicates fold into one row (a worker groups them), so count the list's rows, not the stories.
        assert len(rows) == min(
            len(screen.story_list.rows), screen.story_list.scrollable_content_region.height
        )
        assert len(screen.story_list.rows) <= len(store.headers())
        for row in [*rows, *visible_rows(screen.feed_list)]:
            assert not UNSAFE.search(row) and cell_len(row) <= width + 40, row
        for _ in range(min(6, len(rows))):
            await pilot.press("n")
            await pilot.pause()
            assert app.is_running and screen.story_view.story is not None
            body = screen.story_view.query_one("#story-body")
            size = body.size
            for strip in body.render_lines(Region(0, 0, size.width, min(size.height, 200))):
                line = strip_text(strip)
                assert not UNSAFE.search(line) and cell_len(line) <= size.width
        await pilot.press("k", "m", "j")
        await pilot.pause()
        assert app.is_running


@settings(FUZZ, max_examples=PILOT_EXAMPLES)
@given(doc_list=st.lists(docs, min_size=1, max_size=4))
def test_the_reader_opens_a_store_of_fuzzed_feeds(doc_list: list[Doc], scratch: Path) -> None:
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        store = Store(Path(folder), retention=Retention(0))
        try:
            for n, doc in enumerate(doc_list):
                parsed = parse(doc)
                feed = store.add_feed(f"{URL}/{n}", title=parsed.title)
                store.save_stories(feed.id, parsed.stories, now=NOW)
            asyncio.run(_read_in_the_reader(store))
        finally:
            store.close()
