"""One :class:`~feeds.model.Story` from the fields a feed's item gave: the tail every story goes through, from
XML (:mod:`feeds.parse`) and JSON Feed (:mod:`feeds.jsonfeed`) alike: titles, dates settled, ids, media.

Dates. A story dated more than a day after ``now`` (a misdated item, or a hostile one) is clamped to ``now``, so
it cannot stick to the top of a newest-first list forever; one dated in year 1 (a zero value, see
:data:`NO_DATE_BEFORE`) is undated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from feeds.html import inline_to_text, unescape_entities
from feeds.item_keys import id_keys
from feeds.model import FUTURE_SLACK, Story, content_hash, story_id
from feeds.story_signoff import without_buttons, without_signoff
from feeds.story_sites import without_arxiv_heading, without_headline_again
from feeds.story_tidy import (
    author_named,
    first_words,
    others,
    same_page,
    without_shortcodes,
    without_title,
    without_titled_pictures,
)
from feeds.text import clean_line, narrow_emoji
from feeds.tracking import untracked
from feeds.xmlfeed import looks_like_html

#: A date before this (0002-01-01T00:00:00Z) is no date: 0001-01-01 00:00:00 is the zero value of Go's time.Time
#: and .NET's DateTime, which their feed writers print for a page that has none (a Hugo site's undated page reads
#: "Mon, 01 Jan 0001 00:00:00 +0000"). Taken as written, such a story sorted below every other as "2025 years"
#: old; it is dated like any undated story instead.
NO_DATE_BEFORE = -62_104_060_800.0
#: Enclosures kept per item: a podcast has one; a hostile feed could give thousands, each a line of the story.
MAX_MEDIA = 8


def settled_dates(
    published: float | None, updated: float | None, now: float
) -> tuple[float | None, float | None]:
    """A story's published and updated dates as it keeps them: one past tomorrow is now, one before
    :data:`NO_DATE_BEFORE` (Go's year 1) is none, and so is NaN (a newsboat cache's ``nan``: it passed both
    tests, and a story dated NaN was stored as a damaged record). The item cap ranks items by them too."""

    def settled(date: float | None) -> float | None:
        if date is None or not date >= NO_DATE_BEFORE:
            return None
        return now if date > now + FUTURE_SLACK else date

    return settled(published), settled(updated)


def _story(
    feed_id: str,
    guid: str,
    link: str,
    title: str,
    raw_title: str,
    author: str,
    text: str,
    links: list[str],
    published: float | None,
    updated: float | None,
    date_key: str,
    now: float,
    media: Sequence[str] = (),
    shared_link: bool = False,
    dateless: dict[str, str] | None = None,
    shown: tuple[str, Sequence[str]] = ("", ()),
    key_text: str | None = None,
) -> Story:
    """One Story from already-extracted fields: the shared tail of the XML and JSON paths.

    ``media`` are the item's enclosures (a podcast's audio, a JSON Feed's attachments), already made absolute.
    An item with no link of its own gets its first enclosure as its link, so ``o`` plays the episode; the others
    join the story's links. The id is still made from the item's own (empty) link, so nothing stored moves.

    ``dateless`` (a dict, or None): the document's date is no item's (see feeds.parse._one_date), so an item known
    by its title and date is known by its title and text instead; the id it had is put in the dict, by its new id.

    ``shown``: the link and media the item says stand behind the ones it gives (Feedburner's originals of its
    tracking redirects, see feeds.item_fields), shown and opened in their place; ids are made from those given.

    ``key_text``: the text as it was read before an aggregator's byline went (see feeds.story_tidy.story_html),
    which the id of an item known by its text is made from; None: ``text``.

    What blog engines and aggregators leave in a story (shortcodes, the title again, a sign-off, links back into
    the story, a profile's address for an author) is tidied away after the id is made (see feeds.story_tidy and
    feeds.story_signoff).
    """
    title = clean_line(title)
    media = list(dict.fromkeys(m for m in media if m))
    # What the reader sees; the id is made from the text as it was.
    shown_text = narrow_emoji(without_arxiv_heading(without_shortcodes(text)))  # the title's emoji are too
    if title:
        shown_text, signed = without_signoff(shown_text, title)
        shown_text = without_titled_pictures(without_title(shown_text, title), title)
        if signed:  # its link to the story (Medium's: the feed's without ?source=) is the story's own page
            links = [url for url in links if not same_page(url, link)]
    else:  # untitled items (microblogs, some podcasts): show the start of the text instead
        title = first_words(shown_text) or clean_line(link or "".join(media[:1]))
        title = title or "(untitled)"
    shown_text = without_headline_again(shown_text, title, author)
    published, updated = settled_dates(published, updated, now)
    pub = published if published is not None else (updated if updated is not None else now)
    upd = updated if updated is not None else pub
    key_text = text if key_text is None else key_text
    key_link, key_title = id_keys(str(guid), link, raw_title, key_text, media, shared_link)
    sid = story_id(feed_id, str(guid), key_link, key_title, date_key)
    if dateless is not None and not str(guid).strip() and not key_link.strip():
        former, sid = sid, story_id(feed_id, "", "", f"{key_title}\0{key_text[:200]}")
        dateless[sid] = former
    links = others(links, (link, shown[0]))  # a footnote's way back, "Read more": the story itself
    shown_text, links = without_buttons(shown_text, links, link)
    link = shown[0] or link
    media = list(dict.fromkeys(m for m in shown[1] if m)) or media
    if "&amp;" in link or any("&amp;" in m for m in media):  # made after the id, so a stored story keeps it
        link, media = _escaped_once(link), [_escaped_once(m) for m in media]
    if media:
        link = link or media[0]
        links = [*links, *(m for m in media if m != link and m not in links)]
    return Story(
        id=sid,
        feed_id=feed_id,
        title=title,
        link=link,
        author=clean_line(author_named(author)),
        published=pub,
        updated=upd,
        first_seen=now,
        text=shown_text,
        links=tuple(links),
        # No media: the hash the store already has; a new campaign tag on the link is no edit.
        content_hash=content_hash(title, shown_text, untracked(link), *media),
        entities=None,
    )


def _escaped_once(url: str) -> str:
    """An address escaped twice by its feed's template (``?id=12&amp;amp;lang=en`` in the XML, ``&amp;`` in a JSON
    string) read once: the site read a parameter named ``amp;lang``. feedparser does so for an RSS <link>, not for
    an Atom href, a permalink guid or an enclosure. Only ``&amp;`` is undone, as for OPML addresses: a full HTML
    unescape makes ``&copy=1`` "©=1"."""
    return url.replace("&amp;", "&")


def _unique(stories: Sequence[Story | None]) -> list[Story]:
    """Drop empty items and repeats of an id within one document (the first wins): the store keeps one version."""
    seen: set[str] = set()
    out = []
    for story in stories:
        if story is not None and story.id not in seen:
            seen.add(story.id)
            out.append(story)
    return out


def _undeclared(value: str) -> str:
    """A one-line field whose type nobody declared (a JSON Feed title, plain text by the spec; an author):
    often with entities or tags anyway, so judged as feedparser judges an RSS title."""
    value = value[:20_000]
    return escaped_again(inline_to_text(value) if looks_like_html(value) else unescape_entities(value))


#: An entity left in a title once its markup is read, written out whole ("AT&T", "R&D" are text).
_ESCAPED_AGAIN = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def escaped_again(text: str) -> str:
    """A title read from markup (or from a JSON string) with the entities still in it read too: a template that
    escapes a title already escaped (``<![CDATA[Fish &amp;amp; chips]]>``, ``"Fish &amp;amp; chips"`` in JSON)
    gives it escaped twice, and it read "Fish &amp; chips"."""
    return _ESCAPED_AGAIN.sub(_unescaped, text) if "&" in text else text


def _unescaped(entity: re.Match[str]) -> str:
    return unescape_entities(entity.group())


_LONE_SURROGATES = re.compile("[\ud800-\udfff]")
#: Types a server gives a file it knows nothing of: an episode's MP3 sent as one is known by its suffix, as an
#: untyped one is. Such an episode with a page of its own had no way to its audio.
_UNSAID_TYPES = frozenset(
    {"application/octet-stream", "binary/octet-stream", "application/binary", "application/unknown"}
)
#: Ogg's first type (RFC 3534), which Ogg Vorbis podcasts still declare: sound, as audio/ogg is.
_SOUND_TYPES = frozenset({"application/ogg", "application/x-ogg"})
_MEDIA_SUFFIX = re.compile(r"\.(?:mp3|m4a|m4b|aac|ogg|oga|opus|flac|wav|mp4|m4v|mov|webm|mkv|ogv)$", re.I)


def _media(href: Any, mime: Any) -> str:
    """An enclosure's URL if it is audio or video (by its declared type, else, untyped or of a type that says
    nothing, by its file's suffix), else "".

    News feeds enclose their pictures too; a picture is neither the story's link nor worth a line of its own.
    """
    href, mime = _str(href), _str(mime).strip().lower()
    if mime.startswith(("audio/", "video/")) or mime in _SOUND_TYPES:
        return href
    if (not mime or mime in _UNSAID_TYPES) and _MEDIA_SUFFIX.search(href.split("?", 1)[0]):
        return href
    return ""


def _str(value: Any) -> str:
    """A JSON value as a string if it is one (numbers too: 1.0 feeds use numeric ids); anything else is ""."""
    if isinstance(value, str):
        # The lenient JSON fallback decodes "\\ud800" escapes to lone surrogates, which cannot be stored (orjson
        # refuses them) nor printed. Found by fuzzing.
        return _LONE_SURROGATES.sub("\ufffd", value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""
