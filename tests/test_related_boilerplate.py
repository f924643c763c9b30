"""Long texts that share a feed's long boilerplate are no duplicate group unless their own wording is alike.

A company's press releases each end in the same 150 words ("About Acme ... forward-looking statements"), a
podcast's episodes in the show's long blurb: long texts are grouped on their wording, which was mostly that, so
different releases folded into one row marked ×N and `newsdesk related` called them "the same report". A release
carried by a wire under its own footer, and an update of a release (one more paragraph), still group.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from xml.sax.saxutils import escape

from feeds.related import Doc, RelatedIndex
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

HOUR = 3600.0
ABOUT = (
    "About Acme Robotics. Acme Robotics designs and builds autonomous warehouse systems for retailers, grocers and "
    "logistics providers in more than forty countries. Founded in 2009 and headquartered in Columbus, Ohio, the "
    "company employs over 3,000 people and is listed on the Nasdaq under the symbol ACMR. For more information "
    "visit the company's investor relations website. Forward-looking statements. This press release contains "
    "forward-looking statements within the meaning of the Private Securities Litigation Reform Act of 1995, "
    "including statements about expected revenue, margins, product launches and market conditions. These "
    "statements are based on current expectations and are subject to risks and uncertainties that could cause "
    "actual results to differ materially, including supply chain disruptions, competition, changes in customer "
    "demand and the other factors described in our annual report. Acme undertakes no obligation to update any "
    "forward-looking statement. Media contact: press office, Acme Robotics."
)
BLURB = (
    "The Long Table is a weekly conversation about food, farming and the people who feed us, hosted by Mara Quinn "
    "and produced by Fieldnote Audio. New episodes arrive every Thursday. If you enjoy the show, please rate and "
    "review it wherever you listen, and tell a friend who loves to cook. Our theme music is by the Harbour Street "
    "Band. Support the show by becoming a member: members hear every episode without adverts, get a monthly bonus "
    "episode and a printable recipe card, and help us pay our freelance reporters fairly. Send us your questions "
    "and kitchen disasters by voicemail or email, and we may answer them on air. The Long Table is part of the "
    "Fieldnote network of independent podcasts. Transcripts are available on our website a week after each episode "
    "airs. Views of guests are their own. Thanks for listening, and see you at the table next week."
)
WORDS = [
    "harbour",
    "bridge",
    "tunnel",
    "council",
    "budget",
    "river",
    "flood",
    "storm",
    "orchard",
    "wheat",
    "barley",
    "vineyard",
    "tractor",
    "drone",
    "sensor",
    "battery",
    "charger",
    "cable",
    "server",
    "cloud",
    "factory",
    "plant",
    "turbine",
    "rotor",
    "blade",
    "engine",
    "motor",
    "gearbox",
    "pallet",
    "forklift",
    "shelf",
    "aisle",
    "depot",
    "truck",
    "trailer",
    "ferry",
    "port",
    "crane",
    "dock",
    "warehouse",
    "inventory",
    "order",
    "invoice",
    "contract",
    "merger",
    "quarter",
    "revenue",
    "margin",
    "profit",
    "dividend",
    "shareholder",
    "board",
    "director",
    "engineer",
    "chemist",
    "surgeon",
    "nurse",
    "teacher",
    "student",
    "museum",
    "gallery",
    "theatre",
    "opera",
    "festival",
    "stadium",
    "league",
    "season",
    "coach",
    "striker",
    "keeper",
    "referee",
    "goal",
    "mountain",
    "valley",
    "glacier",
    "desert",
    "island",
    "coast",
    "beach",
    "lagoon",
    "reef",
    "forest",
    "meadow",
    "canyon",
    "volcano",
    "crater",
    "planet",
    "comet",
    "rocket",
    "satellite",
    "telescope",
    "lens",
    "camera",
    "screen",
    "keyboard",
    "laptop",
    "tablet",
    "phone",
    "radio",
    "signal",
    "antenna",
    "bakery",
    "flour",
    "yeast",
    "sugar",
    "butter",
    "cheese",
    "tomato",
    "pepper",
    "onion",
    "garlic",
    "lemon",
    "orange",
    "apple",
    "cherry",
    "plum",
    "walnut",
    "recipe",
    "kitchen",
    "oven",
    "stove",
    "kettle",
    "teapot",
    "spoon",
    "ladle",
    "bowl",
    "plate",
    "basket",
    "market",
    "stall",
    "vendor",
    "farmer",
    "shepherd",
]


def _body(seed: int, count: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


RELEASES = [
    "Acme Robotics reports record third quarter revenue",
    "Acme Robotics names Dana Whitfield chief financial officer",
    "Acme Robotics opens a distribution centre in Rotterdam",
    "Acme Robotics wins a contract from Northwind Grocers",
    "Acme Robotics recalls a battery pack for its lifters",
    "Acme Robotics completes the purchase of Pallet Vision",
    "Acme Robotics raises its dividend by ten percent",
    "Acme Robotics launches a picking arm for cold storage",
]
EPISODES = [
    "Why sourdough took over the world",
    "The last shepherds of the high pastures",
    "Inside a seed vault",
    "What tomatoes used to taste like",
    "A fishmonger's guide to the week",
    "Breakfast across five continents",
]


def _releases() -> list[Doc]:
    return [
        Doc(f"pr{i}", "acme", title, _body(i, 90) + " " + ABOUT, i * 30 * HOUR)
        for i, title in enumerate(RELEASES)
    ]


def test_a_feeds_long_boilerplate_groups_none_of_its_stories() -> None:
    episodes = [
        Doc(f"ep{i}", "pod", title, _body(100 + i, 70) + " " + BLURB, i * 7 * 24 * HOUR)
        for i, title in enumerate(EPISODES)
    ]
    update = Doc(
        "pr0b", "acme", RELEASES[0] + " (updated)", _body(0, 90) + " " + _body(50, 30) + " " + ABOUT, HOUR
    )
    # A wire carries release 3 under its own footer; a second company's feed is mostly boilerplate too.
    wire = Doc("wire3", "wire", RELEASES[3], _body(3, 90) + " " + _body(60, 40), 3 * 30 * HOUR + 2 * HOUR)
    idx = RelatedIndex()
    idx.add([*_releases(), *episodes, update, wire])
    # Before: every release one group (and every episode another), their wording mostly the boilerplate.
    assert sorted(sorted(g) for g in idx.duplicate_groups()) == [["pr0", "pr0b"], ["pr3", "wire3"]]
    for one, other in (("pr1", "pr2"), ("ep0", "ep1"), ("pr5", "pr6")):
        assert idx.group_of(one) == [one]
        assert not any(s.duplicate for s in idx.related(one) if s.id == other)
    assert any(s.duplicate for s in idx.related("pr3") if s.id == "wire3")


def _rss(channel: str, items: list[Doc]) -> bytes:
    body = "".join(
        f"<item><title>{escape(d.title)}</title><link>https://{channel}.example/{d.id}</link><guid>{d.id}</guid>"
        f"<description>{escape(d.text)}</description>"
        f"<pubDate>{_date(d.published)}</pubDate></item>"
        for d in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{channel}</title>'
        f"<link>https://{channel}.example/</link>{body}</channel></rss>"
    ).encode()


def _date(offset: float) -> str:
    from email.utils import formatdate

    return formatdate(1_633_000_000 + offset, usegmt=True)


def test_newsdesk_related_does_not_call_another_press_release_the_same_report(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    releases = _releases()
    wire = Doc("w3", "wire", RELEASES[3], _body(3, 90) + " " + _body(60, 40), 3 * 30 * HOUR + 2 * HOUR)
    feed_server.set("/acme.xml", _rss("acme", releases))
    feed_server.set("/wire.xml", _rss("wire", [wire]))
    for path in ("/acme.xml", "/wire.xml"):
        added = newsdesk(tmp_path, "add", "--no-check", feed_server.url(path))
        assert added.returncode == 0, added.stderr
    assert newsdesk(tmp_path, "refresh").returncode == 0
    listed = json.loads(newsdesk(tmp_path, "stories", "--json", "--limit", "0").stdout)
    by_title: dict[str, list[str]] = {}
    for story in listed:
        by_title.setdefault(story["title"], []).append(story["id"])
    (first,) = by_title[RELEASES[1]]
    proc = newsdesk(tmp_path, "related", first, "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["related"]
    # Before: one row for the other seven releases, "the same report as this story", ×7.
    assert not any(row["same_report"] for row in rows), rows
    copied = {row["title"]: row["copies"] for row in rows if row["copies"] > 1}
    assert copied.keys() <= {RELEASES[3]} and set(copied.values()) <= {2}, (
        rows
    )  # the release the wire carried
    assert len(rows) >= 2, rows
    assert "same report" not in newsdesk(tmp_path, "related", first).stdout
    contract = by_title[RELEASES[3]]
    assert len(contract) == 2
    rows = json.loads(newsdesk(tmp_path, "related", contract[0], "--json").stdout)["related"]
    assert [row["id"] for row in rows if row["same_report"]] == [contract[1]], rows
