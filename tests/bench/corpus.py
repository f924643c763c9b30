"""The generated stories every part measures with, built once per run.

The stories are ``tests/feedgen.py``'s items (fixed seed), so the store the reader starts on, newsboat's cache and
the search, related and entity figures all see the same text: 1-3 KB of news prose naming people, places and
organisations. ``make_items(feed, n)`` yields items 0..n-1 of a feed, so the 10k set (50 per feed) is a subset
of the 50k set (250 per feed) and one generation serves every size.

For search and related stories, each document also gets one sentence of 14 words drawn from a Zipf law over a
made-up vocabulary of 300k words: feedgen's prose alone uses a few hundred distinct words, and an index over a
few hundred words is not what a real archive of 50k stories looks like (its vocabulary keeps growing).
"""

from __future__ import annotations

import email.utils
import html
import itertools
import math
import random
import re
from dataclasses import dataclass

from feeds.model import Story, content_hash, story_id
from feeds.text import clean_line, fold
from tests.feedgen import ORGS, PEOPLE, PLACES, make_feed, make_items

from .common import Context

_TAG = re.compile(r"<[^>]+>")
_SYLLABLES = [
    "ka", "ro", "mi", "ne", "sa", "lu", "ti", "vo", "re", "an", "el", "or", "is", "ba", "de", "ko", "pu", "za",
    "ri", "mo",
]  # fmt: skip
NAMES: list[tuple[str, str]] = (
    [("PER", p) for p in PEOPLE]
    + [("LOC", p) for p in PLACES]
    + [("ORG", o.removeprefix("the ")) for o in ORGS]
)


@dataclass(frozen=True, slots=True)
class Item:
    """One generated story, as plain text (what our parser would make of the feed item)."""

    feed_no: int
    n: int  #: position in its feed's history: 0 is the oldest
    guid: str
    link: str
    title: str
    author: str
    published: float
    text: str


def feed_id(feed_no: int) -> str:
    """A feed id for generated feed ``feed_no`` in the indexes (the store chooses its own ids)."""
    return f"gen{feed_no:04d}"


def _plain(markup: str) -> str:
    """Paragraphs of plain text. Our own generator's ASCII prose has nothing unsafe in it, so this skips
    ``clean_text`` (which costs about 3 ms a story: a minute for 50k, spent on nothing)."""
    paragraphs = [html.unescape(_TAG.sub("", p)).strip() for p in markup.split("</p>")]
    return "\n\n".join(p for p in paragraphs if p)


def feed_items(ctx: Context, feed_no: int, per_feed: int) -> list[Item]:
    """Items 0..per_feed-1 of one feed, newest first (as a feed lists them)."""
    cache: dict[int, list[Item]] = ctx.cache.setdefault("items", {})
    have = cache.get(feed_no)
    if have is None or len(have) < per_feed:
        raw = make_items(feed_no, max(per_feed, ctx.per_feed("large")))
        have = []
        for item in raw:
            date = email.utils.parsedate_to_datetime(item["date"]).timestamp()
            have.append(
                Item(
                    feed_no=feed_no,
                    n=int(item["guid"].rsplit("/", 1)[1]),
                    guid=item["guid"],
                    link=item["link"],
                    title=clean_line(item["title"]),
                    author=item["author"],
                    published=date,
                    text=_plain(item["html"]),
                )
            )
        cache[feed_no] = have
    return [it for it in have if it.n < per_feed]


def items(ctx: Context, feeds: int, per_feed: int) -> list[Item]:
    """``feeds x per_feed`` items, feed by feed."""
    return list(itertools.chain.from_iterable(feed_items(ctx, f, per_feed) for f in range(feeds)))


def to_story(item: Item, fid: str) -> Story:
    """The story our parser would make of the item, in the feed the store knows as ``fid``."""
    return Story(
        id=story_id(fid, guid=item.guid),
        feed_id=fid,
        title=item.title,
        link=item.link,
        author=item.author,
        published=item.published,
        updated=item.published,
        first_seen=item.published,
        text=item.text,
        links=(item.link,),
        content_hash=content_hash(item.title, item.text, item.link),
    )


def rss(ctx: Context, feed_no: int, per_feed: int) -> bytes:
    """The RSS document of one generated feed: the same items as :func:`feed_items` (made once per run)."""
    cache: dict[tuple[int, int], bytes] = ctx.cache.setdefault("rss", {})
    body = cache.get((feed_no, per_feed))
    if body is None:
        body = cache[(feed_no, per_feed)] = make_feed(feed_no, per_feed)
    return body


def _word(rank: int) -> str:
    """The made-up word of a vocabulary rank: its number in base 20 spelled in two-letter syllables (so words
    are distinct without a set to check, and frequent words are short, as in real languages)."""
    n, out = rank + len(_SYLLABLES), []
    while n:
        n, digit = divmod(n, len(_SYLLABLES))
        out.append(_SYLLABLES[digit])
    return "".join(reversed(out))


def rare_sentences(count: int, *, seed: int = 11, words: int = 14, vocabulary: int = 300_000) -> list[str]:
    """``count`` sentences of made-up words drawn from a Zipf law over ``vocabulary`` words (deterministic).

    A rank is drawn by inverting the Zipf (s = 1) distribution's cumulative sum, ``H(r) ~ ln r + gamma``:
    no table of 300k weights to search, so 50k sentences take a fraction of a second."""
    rng = random.Random(seed)
    gamma = 0.5772156649
    top = math.log(vocabulary) + gamma
    out = []
    for _ in range(count):
        ranks = (min(vocabulary, max(1, int(math.exp(rng.random() * top - gamma)))) for _ in range(words))
        out.append(" ".join(_word(r) for r in ranks) + ".")
    return out


def names_in(text: str) -> list[tuple[str, str]]:
    """(type, name) of the known names the text mentions: the entities a perfect extractor would find."""
    return [(t, n) for t, n in NAMES if n in text]


def entity_key(name: str) -> str:
    """A cross-story key for a name, folded the way the design says keys fold (case, accents, punctuation)."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())


def index_docs(ctx: Context, feeds: int, per_feed: int) -> list[tuple[Item, str]]:
    """(item, text with its rare sentence) for search and related indexes, the same text at every size."""
    chosen = items(ctx, feeds, per_feed)
    sentences: list[str] = ctx.cache.get("rare") or []
    if len(sentences) < len(chosen):
        total = ctx.stories("large")
        sentences = rare_sentences(max(total, len(chosen)))
        ctx.cache["rare"] = sentences
    # Keyed by the item's place in the 50k set, so an item has the same sentence at 10k and at 50k.
    large = ctx.per_feed("large")
    return [(it, it.text + " " + sentences[it.feed_no * large + it.n]) for it in chosen]
