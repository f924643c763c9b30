"""A report in more copies than the related pool holds (syndication, a spammed story) keeps the other related
stories in view.

The pool of candidates re-scored for a story is 32; the sidebar and `newsdesk related` fold a duplicate group into
one row. A wire report carried 40 times filled the pool with its copies: a copy's related list was the one row
"the same report as this story; 39 copies" and nothing else, and a story related to the report showed the
report's row alone. One copy of a group at most is now a candidate, so the other stories come back.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from feeds.related import Doc, RelatedIndex
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

TITLE = "Spillway gates opened as northern reservoir hits record level"
REPORT = (
    "Engineers at the northern dam opened all six spillway gates on Thursday after a week of heavy rain raised "
    "the reservoir to its highest level since records began in 1952. Residents of three villages downstream were "
    "told to move to higher ground, and the regional council opened two school halls as shelters."
)
OTHERS = [
    ("villages", "Villages below the northern dam empty as the river rises",
     "Families from three villages downstream of the northern dam spent the night in school halls as the river "
     "rose. The council said the spillway release would keep the valley road closed for days."),
    ("farmers", "Farmers count the cost of the northern reservoir release",
     "Wheat still in the fields below the northern dam is under water since the spillway gates opened. Farmers "
     "asked the council for help as the reservoir release goes on."),
]  # fmt: skip
COPIES = 40  # more than the pool of 32


@pytest.mark.parametrize("count", [COPIES, 300])  # the README's 40 and 300: syndication, or spam
def test_a_report_in_more_copies_than_the_pool_leaves_room_for_the_other_related_stories(count: int) -> None:
    idx = RelatedIndex()
    copies = [Doc(f"copy{i}", f"outlet{i % 10}", TITLE, REPORT, 1000.0 + i * 60) for i in range(count)]
    others = [Doc(key, "local", title, text, 5000.0) for key, title, text in OTHERS]
    idx.add(copies + others)
    (group,) = idx.duplicate_groups()
    key_of = {story: group[0] for story in group}.get
    assert len(group) == count
    assert not {"villages", "farmers"} & {
        s.id for s in idx.related("copy0", 24)
    }  # the old call: copies alone
    found = idx.related("copy0", 24, fold=key_of)
    assert {"villages", "farmers"} <= {s.id for s in found}
    assert sum(key_of(s.id) is not None for s in found) == 1  # its own copies: one candidate
    found = idx.related("villages", 24, fold=key_of)
    assert "farmers" in {s.id for s in found} and sum(key_of(s.id) is not None for s in found) == 1


def _rss(name: str, items: list[tuple[str, str, str, int]]) -> bytes:
    body = "".join(
        f"<item><title>{escape(title)}</title><link>https://{name}.example/{guid}</link><guid>{guid}</guid>"
        f"<description>{escape(text)}</description><pubDate>Mon, 07 Dec 2026 08:{minute:02d}:00 +0000</pubDate>"
        "</item>"
        for guid, title, text, minute in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>https://{name}.example/</link>{body}</channel></rss>"
    ).encode()


def test_newsdesk_related_on_a_copy_of_a_flooded_report_lists_the_other_stories(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    for outlet in range(4):  # each lists the wire report ten times, under ten links
        items = [(f"w{outlet}-{n}", TITLE, REPORT, outlet * 10 + n) for n in range(COPIES // 4)]
        feed_server.set(f"/outlet{outlet}.xml", _rss(f"outlet{outlet}", items))
    feed_server.set("/local.xml", _rss("local", [(key, title, text, 50) for key, title, text in OTHERS]))
    for path in [*(f"/outlet{n}.xml" for n in range(4)), "/local.xml"]:
        assert newsdesk(tmp_path, "add", "--no-check", feed_server.url(path)).returncode == 0
    assert newsdesk(tmp_path, "refresh").returncode == 0
    stories = json.loads(newsdesk(tmp_path, "stories", "--json", "--limit", "0").stdout)
    assert len(stories) == COPIES + len(OTHERS)
    ids = {s["title"]: s["id"] for s in stories}
    copy = next(s["id"] for s in stories if s["title"] == TITLE)
    proc = newsdesk(tmp_path, "related", copy, "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["related"]
    assert rows[0]["same_report"] and rows[0]["copies"] == COPIES, rows
    titles = {row["title"] for row in rows[1:]}
    assert {title for _key, title, _text in OTHERS} <= titles, rows  # before: the one row of its copies
    rows = json.loads(newsdesk(tmp_path, "related", ids[OTHERS[0][1]], "--json").stdout)["related"]
    assert [row["title"] for row in rows if row["copies"] > 1] == [TITLE]
    assert OTHERS[1][1] in {row["title"] for row in rows}, rows
