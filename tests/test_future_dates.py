"""Stories dated in the future. A story is listed (story list, `newsdesk stories`, search by date, retention) at
its feed's date unless that is later than when newsdesk first saw it, and then at the time first seen; the story
itself still shows the feed's date. A date up to a day ahead (clock skew) was kept and listed as given, so it sat
above every story of the hours before it came; stories first seen while the machine's clock was ahead were dated
by that clock and stayed at the top for years after it was put right. Real stores in temp folders, feeds from a
real HTTP server on 127.0.0.1, the installed `newsdesk`."""

from __future__ import annotations

import json
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from feeds.model import Story
from feeds.parse import parse_feed
from feeds.store import Retention, Store
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server
HOUR, DAY, YEAR = 3600.0, 86400.0, 365 * 86400.0


def _rss(name: str, *items: tuple[str, float | None], text: str = "") -> str:
    """A feed of (title, date or None for undated) items, each with ``text`` (else "About TITLE.")."""
    body = "".join(
        f"<item><guid>{name}-{title}</guid><title>{title}</title><description>{text or f'About {title}.'}"
        "</description>"
        + (f"<pubDate>{formatdate(date, usegmt=True)}</pubDate>" if date is not None else "")
        + "</item>"
        for title, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{body}</channel></rss>'


def _listed(home: Path, *args: str) -> list[str]:
    proc = newsdesk(home, *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return [s["title"] for s in json.loads(proc.stdout)]


def test_a_date_hours_ahead_is_listed_when_first_seen(tmp_path: Path, feed_server: FeedServer) -> None:
    """A feed whose clock is three hours fast: its story was listed above everything newer for three hours."""
    home = tmp_path / "data"
    ahead = time.time() + 3 * HOUR
    feed_server.set("/fast.xml", _rss("Fast", ("Story from a fast clock", ahead)))
    assert newsdesk(home, "add", feed_server.url("/fast.xml")).returncode == 0
    # Seen later than the fast one, dated a minute ahead of the clock (a server a minute fast): listed above it.
    feed_server.set("/later.xml", _rss("Later", ("Story seen later", time.time() + 60)))
    assert newsdesk(home, "add", feed_server.url("/later.xml")).returncode == 0
    assert _listed(home, "search", "--sort", "date", "story") == [
        "Story seen later",
        "Story from a fast clock",
    ]
    assert _listed(home, "stories") == ["Story seen later", "Story from a fast clock"]
    with Store(home, readonly=True) as store:
        (fast,) = (h for h in store.headers() if h.title == "Story from a fast clock")
        story = store.story(fast.id)
        assert story is not None and fast.published == story.first_seen < time.time()
    shown = newsdesk(home, "show", fast.id)
    assert time.strftime("%Y-%m-%dT%H:%M", time.gmtime(ahead)) in shown.stdout  # the feed's own date shown


def test_stories_first_seen_while_the_clock_was_ahead_are_put_right(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """A refresh run with the clock four years ahead dated its undated stories 2030 (and a story dated by its
    feed then, in what was not yet the future). With the clock put right, the next refresh dates them now:
    those still in the feed and one it no longer lists."""
    home = tmp_path / "data"
    ahead = time.time() + 4 * YEAR
    old_items = [("Undated", None), ("Dated in that future", ahead - HOUR), ("Dropped since", None)]
    feed_server.set("/f.xml", _rss("Clock", *old_items))
    with Store(home) as store:
        feed = store.add_feed(feed_server.url("/f.xml"))
        parsed = parse_feed(_rss("Clock", *old_items).encode(), feed.id, url=feed.url, now=ahead)
        store.save_stories(feed.id, parsed.stories, now=ahead)
    feed_server.set("/f.xml", _rss("Clock", ("Undated", None), ("Dated in that future", ahead - HOUR)))
    assert newsdesk(home, "refresh").returncode == 0
    after = time.time()
    with Store(home, readonly=True) as store:
        headers = store.headers(feed.id)
        assert sorted(h.title for h in headers) == ["Dated in that future", "Dropped since", "Undated"]
        for header in headers:
            story = store.story(header.id)
            assert story is not None and max(header.published, story.published, story.first_seen) <= after, (
                story
            )


def test_retention_ages_a_story_from_when_first_seen_when_its_date_is_later(tmp_path: Path) -> None:
    """A story dated 20 hours after it was first seen was purged 20 hours late, and one dated years ahead (a
    clock far ahead) never: retention goes by the date the story is listed by."""
    now = time.time()
    first_seen = now - 30 * DAY - 10 * HOUR  # over the 30 days by ten hours, the date by less
    with Store(tmp_path / "data", retention=Retention(max_per_feed=0, max_age_days=30)) as store:
        feed = store.add_feed("https://a.example/rss")
        early = Story(
            "ahead", feed.id, "Dated ahead", published=first_seen + 20 * HOUR, first_seen=first_seen
        )
        store.save_stories(feed.id, [early], now=first_seen)
        fresh = Story("fresh", feed.id, "Fresh", published=now - HOUR, first_seen=now)
        result = store.save_stories(feed.id, [early, fresh], now=now)
        assert result.purged == ["ahead"]
        assert [h.id for h in store.headers(feed.id)] == ["fresh"]


@pytest.mark.anyio
async def test_the_reader_lists_a_story_dated_ahead_when_first_seen(tmp_path: Path) -> None:
    """The story list, All and the feed's own list: a story dated three hours after it was first seen sits below
    one first seen a minute after it."""
    from tests.snapshot_apps import reader
    from tests.snapshot_apps.stores import NOW

    with Store(tmp_path / "data") as store:
        fast = store.add_feed("https://fast.example/rss", title="Fast")
        seen = NOW - HOUR
        ahead = Story("a", fast.id, "Dated ahead", published=seen + 3 * HOUR, first_seen=seen)
        later = Story("b", fast.id, "Seen later", published=seen + 60, first_seen=seen + 60)
        store.save_stories(fast.id, [ahead], now=seen)
        store.save_stories(fast.id, [ahead, later], now=seen + 60)
        app = reader(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert [row.title for row in app.main_screen.story_list.rows] == ["Seen later", "Dated ahead"]


def test_an_entitys_stories_list_one_dated_ahead_when_first_seen(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """`newsdesk entity NAME` (and the reader's pivot, from the same index) sorted by the feed's date."""
    home = tmp_path / "data"
    text = "Chancellor Angela Merkel met the French president in Berlin on Tuesday to discuss the budget."
    feed_server.set(
        "/fast.xml", _rss("Fast", ("Merkel from a fast clock", time.time() + 3 * HOUR), text=text)
    )
    assert newsdesk(home, "add", feed_server.url("/fast.xml")).returncode == 0
    feed_server.set("/later.xml", _rss("Later", ("Merkel seen later", time.time() + 60), text=text))
    assert newsdesk(home, "add", feed_server.url("/later.xml")).returncode == 0
    proc = newsdesk(home, "entity", "Angela Merkel", "--json")
    assert proc.returncode == 0, proc.stderr
    titles = [s["title"] for s in json.loads(proc.stdout)["stories"]]
    assert titles == ["Merkel seen later", "Merkel from a fast clock"]


def _rotating(n: int, when: float) -> bytes:
    """One story, dated ``when``, under a guid its generator makes anew on every request."""
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Fast clock</title>'
        f'<item><guid isPermaLink="false">tag:gen,{n}:ferry</guid><title>Ferry timetable</title>'
        "<link>http://news.example/ferry</link><description>The new timetable.</description>"
        f"<pubDate>{formatdate(when, usegmt=True)}</pubDate></item></channel></rss>"
    ).encode()


def test_a_story_dated_ahead_is_known_again_under_a_new_guid(tmp_path: Path, feed_server: FeedServer) -> None:
    """A feed whose clock is fast and whose guids change on every request: the story served again (same link,
    title and date) is the stored one, as for any feed. Compared with the date it is listed by (when first seen,
    earlier than its feed's date), it was taken for a new story: a copy stored unread at each refresh."""
    from feeds.refresh import refresh

    store = Store(tmp_path / "data")
    try:
        ahead = time.time() + 3 * HOUR
        feed_server["/fast.xml"] = _rotating(1, ahead)
        store.add_feed(feed_server.url("/fast.xml"))
        assert all(r.outcome != "failed" for r in refresh(store))
        [first] = store.headers()
        store.set_read([first.id])
        for n in (2, 3):
            feed_server["/fast.xml"] = _rotating(n, ahead)
            assert all(r.outcome != "failed" for r in refresh(store))
        assert [h.id for h in store.headers()] == [first.id] and store.is_read(first.id)
    finally:
        store.close()
