"""Issues of a series are no duplicate group: a feed's daily or numbered items that share a fixed blurb.

The Sydney Morning Herald served "Best of cartoons, October 17, 2021" and "Best of cartoons, October 18, 2021"
eleven minutes apart, each with the same 14-word blurb: one row marked ×2 in the list, and `newsdesk related`
called the one "the same report as this story". So did "Episode 12" and "Episode 13" over a podcast's blurb, and
a feed's "Today's podcast" or "Weather" day after day. Copies of one report still group: the same brief twice in
one feed within hours, a brief syndicated under its headline a day later, a long report whose count changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

from feeds.related import Doc, RelatedIndex
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

HOUR = 3600.0
CARTOONS = "The news of the day as interpreted by our talented artists, illustrators and cartoonists."
PODCAST = "Listen to today's episode of the Daily Roundup with Sam Lee. Subscribe on your favourite app."
BRIEF = (
    "The city council voted 9 to 4 on Tuesday to build eleven kilometres of protected cycle lanes through the "
    "centre, paid for by the regional transport fund."
)
LONG = " ".join(
    f"Rescuers in the {place} dug through the rubble of the collapsed {thing} on {day} as the toll rose."
    for place in ("northern valley", "old town", "river port", "hill villages", "coastal road")
    for thing in ("school", "market hall", "clinic", "station")
    for day in ("Monday",)
)


def doc(id_: str, feed: str, title: str, text: str, published: float) -> Doc:
    return Doc(id_, feed, title, text, published)


def test_headlines_that_differ_only_in_their_date_or_number_are_two_issues() -> None:
    idx = RelatedIndex()
    idx.add(
        [
            doc("oct17", "smh", "Best of cartoons, October 17, 2021", CARTOONS, 1000.0),
            doc("oct18", "smh", "Best of cartoons, October 18, 2021", CARTOONS, 1000.0 + 11 * 60),
            doc("ep12", "pod", "Episode 12", PODCAST, 0.0),
            doc("ep13", "pod", "Episode 13", PODCAST, 0.0),  # a back catalogue: every item dated alike
            doc("mon", "quiz", "Target Time and Superquiz, Monday, October 18", CARTOONS + " Quiz.", 0.0),
            doc("tue", "quiz", "Target Time and Superquiz, Tuesday, October 19", CARTOONS + " Quiz.", 0.0),
            # Copies: one brief in two feeds, the second adding a line; a long report whose count changed.
            doc("wire", "wire", "Council approves new cycle lanes downtown", BRIEF, 0.0),
            doc(
                "paper",
                "paper",
                "Council approves 11 km of new cycle lanes downtown",
                BRIEF + " Work starts.",
                0.0,
            ),
            doc("toll1", "news", "Quake kills 30 in the northern valley", LONG, 0.0),
            doc("toll2", "news", "Quake kills 45 in the northern valley", LONG + " More were found.", 0.0),
        ]
    )
    assert sorted(idx.duplicate_groups()) == [["paper", "wire"], ["toll1", "toll2"]]
    for one, other in (("oct17", "oct18"), ("ep12", "ep13"), ("mon", "tue")):
        assert idx.group_of(one) == [one]
        assert not any(s.duplicate for s in idx.related(one) if s.id == other)
    assert any(s.duplicate for s in idx.related("wire") if s.id == "paper")


def test_one_feeds_short_items_a_day_apart_are_two_issues() -> None:
    weather = "Sunny spells, a high of {} degrees and a low of {} degrees, with winds from the west."
    idx = RelatedIndex()
    idx.add(
        [doc(f"pod{day}", "pod", "Today's podcast", PODCAST, day * 24 * HOUR) for day in range(4)]
        + [doc(f"wx{d}", "wx", "Weather", weather.format(10 + d, 2 + d), d * 24 * HOUR) for d in range(3)]
        + [
            # One feed listing one brief twice within hours (a changed link), and a paper reprinting it a day on.
            doc("first", "wire", "Council approves new cycle lanes downtown", BRIEF, 0.0),
            doc("again", "wire", "Council approves new cycle lanes downtown", BRIEF, 3 * HOUR),
            doc("reprint", "paper", "Council approves new cycle lanes downtown", BRIEF, 30 * HOUR),
        ]
    )
    assert idx.duplicate_groups() == [["first", "again", "reprint"]]  # before: also 4 podcasts, 3 weathers
    assert not any(s.duplicate for s in idx.related("pod1"))


def _rss(items: list[tuple[str, str, str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{escape(title)}</title><link>https://smh.example/{guid}</link><guid>{guid}</guid>"
        f"<description>{escape(text)}</description><pubDate>{date}</pubDate></item>"
        for guid, title, text, date in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Latest News</title>'
        f"<link>https://smh.example/</link>{body}</channel></rss>"
    ).encode()


def test_newsdesk_related_does_not_call_the_next_issue_the_same_report(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.set(
        "/smh.xml",
        _rss(
            [
                ("h1z89l", "Best of cartoons, October 18, 2021", CARTOONS, "Sun, 17 Oct 2021 22:25:56 +1100"),
                ("h1z7zq", "Best of cartoons, October 17, 2021", CARTOONS, "Sun, 17 Oct 2021 22:14:19 +1100"),
                (
                    "p590k1",
                    "The cartoonists of the year",
                    CARTOONS + " Vote now.",
                    "Sat, 16 Oct 2021 22:00 +1100",
                ),
            ]
        ),
    )
    added = newsdesk(tmp_path, "add", "--no-check", feed_server.url("/smh.xml"))
    assert added.returncode == 0, added.stderr
    assert newsdesk(tmp_path, "refresh").returncode == 0
    listed = json.loads(newsdesk(tmp_path, "stories", "--json", "--limit", "0").stdout)
    ids = {story["title"]: story["id"] for story in listed}
    proc = newsdesk(tmp_path, "related", ids["Best of cartoons, October 17, 2021"], "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["related"]
    next_day = [row for row in rows if row["id"] == ids["Best of cartoons, October 18, 2021"]]
    assert next_day and not next_day[0]["same_report"] and next_day[0]["copies"] == 1, rows
    assert (
        "same report" not in newsdesk(tmp_path, "related", ids["Best of cartoons, October 17, 2021"]).stdout
    )
