"""Realistic generated RSS feeds for tests and the benchmark (fixed seed: the same bytes every run).

Each item has a guid, a link, an author, a pubDate, a title, and a 1-3 KB HTML description with paragraphs,
a link and names of people, places and organisations, so parsing, HTML-to-text and entity extraction do the work
they do on real news.
"""

from __future__ import annotations

import random
from email.utils import formatdate
from xml.sax.saxutils import escape

PEOPLE = [
    "Angela Merkel", "Emmanuel Macron", "Olaf Scholz", "Keir Starmer", "Joe Biden", "Kamala Harris",
    "Narendra Modi", "Xi Jinping", "Lula da Silva", "Cyril Ramaphosa", "Fumio Kishida", "Giorgia Meloni",
    "Pedro Sanchez", "Justin Trudeau", "Anthony Albanese", "Recep Tayyip Erdogan", "Antonio Guterres",
    "Ursula von der Leyen", "Christine Lagarde", "Jerome Powell", "Volodymyr Zelensky", "Mark Rutte",
    "Claudia Sheinbaum", "Javier Milei", "William Ruto", "Shigeru Ishiba", "Friedrich Merz", "Donald Tusk",
]  # fmt: skip
PLACES = [
    "Berlin", "Paris", "London", "Washington", "New Delhi", "Beijing", "Brasilia", "Pretoria", "Tokyo",
    "Rome", "Madrid", "Ottawa", "Canberra", "Ankara", "Geneva", "Brussels", "Frankfurt", "Kyiv", "Warsaw",
    "Mexico City", "Buenos Aires", "Nairobi", "Lagos", "Jakarta", "Seoul", "Cairo", "Istanbul", "Toronto",
]  # fmt: skip
ORGS = [
    "the United Nations", "the European Commission", "the World Bank", "the IMF", "NATO", "the WHO",
    "the European Central Bank", "the Federal Reserve", "Reuters", "the African Union", "OPEC", "the G20",
    "Siemens", "Toyota", "Microsoft", "Airbus", "the Red Cross", "Amnesty International", "UNICEF",
]  # fmt: skip
TOPICS = [
    "trade talks", "budget plan", "climate summit", "election campaign", "interest rates", "flood relief",
    "energy prices", "peace negotiations", "tech regulation", "health reform", "border policy", "rail strike",
    "housing crisis", "chip exports", "wildfire season", "vaccine rollout", "tax overhaul", "space launch",
]  # fmt: skip
VERBS = ["met", "criticised", "praised", "called on", "warned", "joined", "thanked", "challenged"]
FILLER = (
    "Officials said the discussions would continue next week. Analysts expect markets to react cautiously. "
    "The announcement followed months of negotiations behind closed doors. Critics argued the measures did "
    "not go far enough, while supporters welcomed a step they called long overdue. "
)


def _paragraph(rng: random.Random) -> str:
    person, other = rng.sample(PEOPLE, 2)
    place = rng.choice(PLACES)
    org = rng.choice(ORGS)
    topic = rng.choice(TOPICS)
    verb = rng.choice(VERBS)
    return (
        f"{person} {verb} {other} in {place} on the {topic}, according to {org}. "
        f"Speaking after the meeting, {person.split()[-1]} said the talks in {place} had been constructive. "
        + FILLER[: rng.randint(120, len(FILLER))]
    )


def make_items(feed_no: int, count: int, *, seed: int = 7, generation: int = 0) -> list[dict[str, str]]:
    """``count`` items for feed ``feed_no``; a later ``generation`` adds newer items on top (as a live feed does)."""
    items = []
    base = 1_767_225_600 + feed_no * 97  # 2026-01-01 UTC, spread per feed
    for n in range(count + generation):
        rng = random.Random(seed * 1_000_003 + feed_no * 10_007 + n)
        paragraphs = [_paragraph(rng) for _ in range(rng.randint(3, 6))]
        html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        html += f'<p>More at <a href="https://news{feed_no}.example/more/{n}">our site</a>.</p>'
        person = rng.choice(PEOPLE)
        items.append(
            {
                "guid": f"https://news{feed_no}.example/story/{n}",
                "link": f"https://news{feed_no}.example/story/{n}",
                "title": f"{person} and the {rng.choice(TOPICS)} in {rng.choice(PLACES)} ({feed_no}-{n})",
                "author": f"Reporter {rng.randint(1, 40)}",
                "date": formatdate(base + n * 3600, usegmt=True),
                "html": html,
            }
        )
    return items[::-1][:count]  # newest first, like a real feed window


def make_feed(feed_no: int, count: int = 50, *, seed: int = 7, generation: int = 0) -> bytes:
    items = make_items(feed_no, count, seed=seed, generation=generation)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
        f"<title>Generated News {feed_no}</title><link>https://news{feed_no}.example/</link>",
        f"<description>Test feed {feed_no}</description>",
    ]
    for item in items:
        out.append(
            "<item>"
            f"<title>{escape(item['title'])}</title><link>{item['link']}</link>"
            f'<guid isPermaLink="true">{item["guid"]}</guid><dc:creator>{item["author"]}</dc:creator>'
            f"<pubDate>{item['date']}</pubDate><description>{escape(item['html'])}</description>"
            "</item>"
        )
    out.append("</channel></rss>\n")
    return "\n".join(out).encode("utf-8")
