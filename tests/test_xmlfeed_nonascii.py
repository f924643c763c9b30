"""Our strict parser (feeds.xmlfeed: feedparser's classes driven by our own SAX layer, with its own content
parameters) finds what ``feedparser.parse`` finds in text outside ASCII: C1 controls, UTF-8 read as Latin-1, and
references a link's query can be mistaken for."""

from __future__ import annotations

import random

import feedparser

from feeds import xmlfeed

#: Text outside ASCII of every kind feedparser's pop treats: C1 controls (Windows-1252 letters to feedparser), UTF-8 read as
#: Latin-1 ("Ã©"), plain non-ASCII, and the references a link's query can be mistaken for.
_PIECES = [
    "plain words", "&#147;quoted&#148;", "&#128; and &#159;", "Ã©tÃ©", "é", "日本", "\u0093", "&amp;b;",
    "&amp;amp;", "a=1&amp;b=2", "&lt;p&gt;x&lt;/p&gt;", " ", "&#x2019;", "Ã", "&#195;&#169;",
]  # fmt: skip


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 5)))


def _rss(rng: random.Random) -> bytes:
    items = "".join(
        f"<item><title>{_text(rng)}</title><link>http://example.org/s?{_text(rng)}</link>"
        f"<description>{_text(rng)}</description><category>{_text(rng)}</category>"
        f"<dc:creator>{_text(rng)}</dc:creator><guid>{_text(rng)}</guid></item>"
        for _ in range(rng.randint(1, 4))
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{_text(rng)}</title><link>http://example.org/?{_text(rng)}</link>"
        f"<description>{_text(rng)}</description>{items}</channel></rss>"
    ).encode()


def _atom(rng: random.Random) -> bytes:
    entries = "".join(
        f'<entry><title type="html">{_text(rng)}</title><link href="http://example.org/e"/>'
        f"<id>urn:x:{rng.randint(0, 9)}</id><summary>{_text(rng)}</summary>"
        f'<content type="html">{_text(rng)}</content><author><name>{_text(rng)}</name></author></entry>'
        for _ in range(rng.randint(1, 3))
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{_text(rng)}</title><subtitle>{_text(rng)}</subtitle>{entries}</feed>"
    ).encode()


def test_our_strict_parser_finds_what_feedparser_finds_outside_ascii() -> None:
    rng = random.Random(20261207)
    for n in range(400):
        body = _rss(rng) if n % 2 else _atom(rng)
        ours = xmlfeed.run_feedparser(body, "", "")
        theirs = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
        assert ours["entries"] == theirs["entries"], body
        assert ours["feed"] == theirs["feed"], body
