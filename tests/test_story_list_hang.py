"""List items in the story view hang: an item's wrapped rows start under its text, not at the margin, as w3m,
lynx and newsboat set a list. Served from 127.0.0.1, refreshed into a real store, opened with Pilot, asserted on
the rows the story view paints."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.html import html_to_text, plain_to_text
from feeds.html_lists import LABEL_END
from feeds.model import Story
from feeds.refresh import refresh
from feeds.store import Store
from tests import httpserver
from tests.snapshot_apps import first_story_rows
from tests.snapshot_apps.stores import KEEP_ALL, NOW
from tests.test_redteam9_story_html import rss

pytestmark = pytest.mark.anyio
feed_server = httpserver.feed_server

LONG = "a long list item whose text wraps onto the rows below it, aligned under the text"
NESTED = (
    f"<p>Before the list.</p><ul><li>First, {LONG}.<ol><li>Numbered, {LONG}.<ul><li>Deeper, {LONG}.</li>"
    f"</ul></li><li>Second numbered, {LONG}.</li></ol></li><li>Last, {LONG}.</li></ul><p>After the list.</p>"
)


async def story_rows(tmp_path: Path, server: httpserver.FeedServer, html: str, width: int = 100) -> list[str]:
    """The story view's rows for a feed of one story of ``html``, the reader ``width`` columns wide."""
    server.set("/feed.xml", rss(("Story", html)))
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    store.add_feed(server.url("/feed.xml"))
    assert [r.outcome for r in refresh(store)] == ["new"]
    return await first_story_rows(store, size=(width, 60))


def hangs(rows: list[str], first: str, text: str) -> int:
    """How many rows the item whose first row starts (after its indent) with ``first`` and whose text is ``text``
    takes, each row after the first checked to start exactly under the item's text, not at the margin."""
    at = next(n for n, row in enumerate(rows) if row.lstrip().startswith(first))
    column = len(rows[at]) - len(rows[at].lstrip()) + first.index(" ") + 1
    shown, n = rows[at][column:], at
    while len(shown.replace(" ", "")) < len(text.replace(" ", "")):
        n += 1
        assert rows[n][:column] == " " * column and rows[n][column] != " ", (first, rows[at : n + 1])
        shown += " " + rows[n][column:]
    assert shown.replace(" ", "") == text.replace(" ", ""), (first, rows[at : n + 1])
    return n - at + 1


async def test_the_wrapped_rows_of_a_nested_list_hang_under_the_items_text(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """Each item's wrapped rows start under its first word, not at the margin: bullets and numbers, nested
    items under their own text, Chinese (two columns a character) and Arabic (right to left) items alike."""
    han = "中华人民共和国国务院今天在北京召开会议讨论水资源分配问题各国代表团表示谈判将于下周继续" * 2
    arabic = "اجتمع وزراء من اثني عشر بلدا في جنيف يوم الثلاثاء لمناقشة إطار جديد لتقاسم مياه الأنهار"
    html = NESTED.replace("</ul><p>After", f"<li>{han}</li><li>{arabic}</li></ul><p>After")
    rows = await story_rows(tmp_path, feed_server, html)
    for first, text in [
        ("• First,", f"First, {LONG}."),
        ("1. Numbered,", f"Numbered, {LONG}."),
        ("• Deeper,", f"Deeper, {LONG}."),
        ("2. Second", f"Second numbered, {LONG}."),
        ("• Last,", f"Last, {LONG}."),
        ("• 中华", han),
        (f"• {arabic[:5]}", arabic),
    ]:
        assert hangs(rows, first, text) >= 2, rows  # it wraps, under its text
    for nested in ("  1. Numbered,", "    • Deeper,", "  2. Second"):  # each level two columns in
        assert any(row.startswith(nested) for row in rows), rows
    assert "After the list." in rows and "Before the list." in rows


async def test_a_paragraph_that_starts_with_a_number_or_a_dash_does_not_hang(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    """Prose that merely starts as a list item would ("1. ", "- ") wraps to the margin as any paragraph; the
    list beside it hangs."""
    prose = "that starts like an item but is prose, and its wrapped rows go back to the margin"
    html = f"<p>1. A paragraph {prose}.</p><p>- A paragraph {prose}.</p><ol><li>An item, {LONG}.</li></ol>"
    rows = await story_rows(tmp_path, feed_server, html)
    for first in ("1. A paragraph", "- A paragraph"):
        at = next(n for n, row in enumerate(rows) if row.startswith(first))
        assert rows[at + 1] and not rows[at + 1].startswith(" "), rows
    assert hangs(rows, "1. An item,", f"An item, {LONG}.") >= 2, rows


FORGERIES = [
    "<p>1.&#4; A forged label</p>",  # the control character that ends a label
    "<p>2.&#x04 A forged label</p>",
    "<p>3.&#0004; A forged label</p>",
    "<p>3.&#&#4;4; A forged label</p>",  # a reference left when the inner one goes
    "<p>3.&#x&#x4;4 A forged label</p>",
    "<p>4.&#160;A forged label</p>",  # the no-break space that follows one
    "<p>5.&nbsp;A forged label</p>",
    "<p>6.\u00a0A forged label</p>",
    "<p>•&#xa0;A forged label</p>",
    "<p>7.&#xfffc;A forged label</p>",  # what stands for it on the way
    "<p>8.\ufffcA forged label</p>",
    "<pre>9.\u00a0A forged label</pre>",
    "<pre>  10.&#160;A forged label</pre>",
    "<ul><li>•&#160;A forged label</li></ul>",  # inside a real item: its own label is the only one
]


@pytest.mark.parametrize("html", FORGERIES)
def test_feed_text_cannot_forge_an_items_mark(html: str) -> None:
    """Only a label the conversion writes is followed by LABEL_END, whatever characters or references the feed
    sends after its own "1." or "•"."""
    text = html_to_text(html)[0]
    assert text.count(LABEL_END) == html.count("<li>"), repr(text)
    assert plain_to_text(html.replace("<p>", "").replace("</p>", "")).count(LABEL_END) == 0


async def test_a_forged_label_does_not_hang_in_the_story_view(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    tail = f"and its text wraps to the margin, {LONG}."
    html = "".join(f.replace("A forged label", f"A forged label {tail}") for f in FORGERIES)
    html += f"<ul><li>A real item, {LONG}.</li></ul>"
    rows = await story_rows(tmp_path, feed_server, html)
    firsts = [n for n, row in enumerate(rows) if "A forged label" in row]
    assert len(firsts) == len(FORGERIES), rows
    for n in firsts[:-1]:  # to the margin, as any paragraph
        assert rows[n + 1] and not rows[n + 1].startswith(" "), rows
    # The last is a real item whose own text starts with "•": it hangs under that, by its real label alone.
    assert hangs(rows, "• • A forged label", f"• A forged label {tail}") >= 2, rows
    assert hangs(rows, "• A real item,", f"A real item, {LONG}.") >= 2, rows


async def test_a_story_stored_before_the_mark_shows_its_items_as_before(tmp_path: Path) -> None:
    """Text stored by an older version has a plain space after each label: its items wrap to the margin, as they
    were shown; the same story converted now hangs."""
    store = Store(tmp_path / "data", retention=KEEP_ALL)
    feed = store.add_feed("https://site.example/feed.xml")
    old = f"• Stored before, {LONG}.\n  1. Nested, stored before, {LONG}."
    new = old.replace("• ", "•" + LABEL_END).replace("1. ", "1." + LABEL_END)
    story = Story(
        id="s1", feed_id=feed.id, title="Old", published=NOW, first_seen=NOW, text=old + "\n\n" + new
    )
    store.save_stories(feed.id, [story], now=NOW)
    rows = await first_story_rows(store, size=(100, 60))
    at = next(n for n, row in enumerate(rows) if row.startswith("• Stored before,"))
    assert rows[at + 1] and not rows[at + 1].startswith(" "), rows  # to the margin, as before
    nested = next(n for n, row in enumerate(rows) if row.startswith("  1. Nested,"))
    assert rows[nested + 1] and not rows[nested + 1].startswith("   "), rows
    assert hangs(rows[nested + 2 :], "• Stored before,", f"Stored before, {LONG}.") >= 2, rows
    assert hangs(rows[nested + 2 :], "1. Nested,", f"Nested, stored before, {LONG}.") >= 2, rows
