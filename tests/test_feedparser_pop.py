"""Our strict parser's ``pop`` (feeds.feedparser_pop) skips feedparser's two last steps for ASCII text and its link
fix-up for a link without ``&``: what it finds must stay what feedparser finds, above all outside ASCII."""

from __future__ import annotations

import random

import feedparser
import feedparser.mixin

from feeds import xmlfeed
from feeds.feedparser_pop import FastPop

#: Text outside ASCII of every kind pop treats: C1 controls (Windows-1252 letters to feedparser), UTF-8 read as
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


def test_the_windows_1252_map_leaves_ascii_alone() -> None:
    # What the ASCII short cut stands on: the map feedparser translates with names no ASCII character.
    assert feedparser.mixin._cp1252
    assert all(code >= 0x80 for code in feedparser.mixin._cp1252)


def test_our_strict_parser_pops_with_our_pop() -> None:
    assert xmlfeed._StrictParser.pop is FastPop.pop


def test_our_pop_finds_what_feedparser_finds_outside_ascii() -> None:
    rng = random.Random(20261207)
    for n in range(400):
        body = _rss(rng) if n % 2 else _atom(rng)
        ours = xmlfeed.run_feedparser(body, "", "")
        theirs = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
        assert ours["entries"] == theirs["entries"], body
        assert ours["feed"] == theirs["feed"], body
