"""JSON Feed 1.0 and 1.1 (feedparser does not read them): one document -> a :class:`~feeds.parse.ParsedFeed`.

Split from :mod:`feeds.parse`; the tail every story goes through, from XML and JSON alike (titles, dates, ids,
media), is :func:`feeds.parse_story._story`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser.encodings
import orjson

from feeds.dates import foreign_rfc822, read
from feeds.html import http_url, plain_to_text
from feeds.item_cap import listed_date, newest_items
from feeds.item_keys import shared_links
from feeds.model import Story
from feeds.oversize import json_int, nothing_whole, read_in_part, whole_members
from feeds.parse import _BOMS, ParsedFeed
from feeds.parse_story import MAX_MEDIA, _media, _story, _str, _undeclared, _unique
from feeds.story_tidy import story_html
from feeds.text import clean_line
from feeds.tracking import untracked
from feeds.xmlfeed import MAX_ENTRIES


def parse_json(
    body: bytes,
    feed_id: str,
    url: str,
    now: float,
    content_type: str = "",
    cut_at: int = 0,
    stopped_at: int = 0,
) -> ParsedFeed:
    """JSON Feed (https://jsonfeed.org) 1.0 and 1.1; feedparser does not read it. Wrong types are skipped.
    ``content_type`` names the charset of a document that is not UTF-8 (see :func:`_json_text`); ``cut_at`` (the
    size cap) says ``body`` is the first bytes of a larger document, whose whole items are read; ``stopped_at``: the
    first bytes the server sent, fewer than the cap (see :func:`feeds.oversize.read_in_part`)."""
    data = body
    # JSON is UTF-8 now, but RFC 4627 allowed UTF-16 and UTF-32, and Windows tools write them with a BOM.
    for bom, name in _BOMS:
        if body.startswith(bom):
            data = body[len(bom) :] if name == "utf-8" else body[len(bom) :].decode(name, "replace").encode()
            break
    if cut_at:  # a document larger than the cap: the members and items whole before the cut
        doc = whole_members(_json_text(data, content_type, cut=True))
        if not doc.get("items"):
            return ParsedFeed("", "", "", [], nothing_whole(cut_at, 0, stopped_at))
    else:
        doc = _loads(data, content_type)
    if isinstance(doc, ParsedFeed):  # the words of a document that is no JSON
        return doc
    if not isinstance(doc, dict):
        return ParsedFeed("", "", "", [], "not a feed: JSON, but not a JSON Feed object")
    version = _str(doc.get("version"))
    items = doc.get("items")
    if "jsonfeed.org" not in version and not isinstance(items, list):
        return ParsedFeed("", "", "", [], "not a feed: JSON without JSON Feed fields (version, items)")
    if items is None:  # the spec wants "items", but a new feed's generator may leave out an empty list
        items = []
    if not isinstance(items, list):  # a feed that said nothing was wrong looked like an empty one
        return ParsedFeed(
            "", "", "", [], f'a broken JSON Feed: its "items" is {_json_type(items)}, not a list'
        )
    if items and not any(isinstance(i, dict) for i in items):
        return ParsedFeed("", "", "", [], 'a broken JSON Feed: its "items" are not objects')
    kind = {"1": "json10", "1.0": "json10", "1.1": "json11"}.get(
        version.rstrip("/").rsplit("/", 1)[-1], "json"
    )
    site_url = http_url(_str(doc.get("home_page_url")), url)
    base = url or site_url
    feed_author = _json_author(doc)
    items = [i for i in items if isinstance(i, dict)]
    read = len(items)
    dates = [_item_dates(i) for i in items] if read > MAX_ENTRIES else None  # to rank them, and for the kept
    if dates is not None:  # the newest are kept, not the first (see feeds.item_cap)
        newest = newest_items([listed_date(*d, now) for d in dates])
        items, dates = [items[n] for n in newest], [dates[n] for n in newest]
    # As for RSS (see _shared_guids): an id that items with other urls share is no id; and (see _shared_links)
    # items without ids that share one url are told apart by their titles.
    ids = [_str(item.get("id")).strip() for item in items]
    links = [_str(item.get("url")) for item in items]
    urls: dict[str, set[str]] = {}
    for item_id, link in zip(ids, links, strict=True):
        if item_id:
            urls.setdefault(item_id, set()).add(untracked(link))
    shared_ids = {i for i, seen_urls in urls.items() if len(seen_urls - {""}) > 1}
    shared = shared_links((link, "" if i in shared_ids else i) for link, i in zip(links, ids, strict=True))
    stories = [
        _json_story(
            item,
            feed_id,
            base,
            feed_author,
            now,
            untracked(links[n]) in shared,
            ids[n] in shared_ids,
            dates[n] if dates is not None else None,
        )
        for n, item in enumerate(items)
    ]
    title = clean_line(_undeclared(_str(doc.get("title"))))
    language = clean_line(_str(doc.get("language")), limit=35)
    kept = _unique(stories)
    warning = read_in_part(kept, read, cut_at, "", 0, stopped_at)
    return ParsedFeed(title, site_url, kind, kept, language=language, warning=warning)


def _loads(data: bytes, content_type: str) -> Any:
    """The document's JSON value, or a :class:`ParsedFeed` saying in words why it is no JSON."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:  # orjson refuses invalid UTF-8, raw control characters in strings and huge numbers; stdlib does not
        return json.loads(_json_text(data, content_type), strict=False, parse_int=json_int)
    except json.JSONDecodeError as exc:
        msg = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
        return ParsedFeed(
            "", "", "", [], f"not a feed: invalid JSON at line {exc.lineno}, column {exc.colno}: {msg}"
        )


def _json_text(data: bytes, content_type: str, cut: bool = False) -> str:
    """The document as text: UTF-8, as JSON is, or else the charset its Content-Type names. A JSON Feed written by
    a Windows tool in windows-1252 and served so ("charset=windows-1252") lost every accented letter to U+FFFD.
    A ``cut`` document may end inside a character: UTF-8 up to it is still UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Everything before the first bad byte is UTF-8; a cut inside the last character leaves at most 3 after.
        if cut and len(data) - exc.start <= 3:
            return data[: exc.start].decode("utf-8")
    _mime, charset = feedparser.encodings.parse_content_type(
        content_type
    )  # as the XML path reads it (wide_xml)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError, ValueError):
            pass
    return data.decode("utf-8", "replace")


def _json_type(value: object) -> str:
    """What a JSON value is, in the words of JSON."""
    if isinstance(value, bool):
        return "true or false"
    return {dict: "an object", str: "a string", int: "a number", float: "a number"}.get(
        type(value), "not a list"
    )


def _json_story(
    item: dict[str, Any],
    feed_id: str,
    base: str,
    feed_author: str,
    now: float,
    shared_link: bool = False,
    id_shared: bool = False,
    dates: tuple[float | None, float | None] | None = None,
) -> Story:
    link = http_url(_str(item.get("url")), base) or http_url(_str(item.get("external_url")), base)
    html, plain, summary = (_str(item.get(k)) for k in ("content_html", "content_text", "summary"))
    longest = max(html, plain, summary, key=len)
    guid = "" if id_shared else _str(item.get("id"))
    # Tidied as an RSS item's is; an item without an id is keyed by the text as read.
    if longest is html and html:
        text, links, key_text = story_html(html, link or base, keyed=not guid.strip())
    else:
        text, links = plain_to_text(longest), []
        key_text = text
    external = http_url(_str(item.get("external_url")), base)  # a link blog's post: the page it is about
    if link and external and external != link:
        links = [external, *(u for u in links if u != external)]
    raw_title = _str(item.get("title"))
    date_key = _str(item.get("date_published")) or _str(item.get("date_modified"))
    attachments = item.get("attachments")
    attachments = attachments[:MAX_MEDIA] if isinstance(attachments, list) else []
    media = [
        http_url(_media(a.get("url"), a.get("mime_type")), base) for a in attachments if isinstance(a, dict)
    ]
    if not link and not any(media):  # a PDF, a picture: with no url, the item's only content
        found = [_str(a.get("url")) for a in attachments if isinstance(a, dict)] + [_str(item.get("image"))]
        media = [http_url(next((u for u in found if u), ""), base)]
    published, updated = dates or _item_dates(item)
    return _story(
        feed_id, guid, link, _undeclared(raw_title), raw_title, _json_author(item) or feed_author, text, links,
        published, updated, date_key, now, media, shared_link, key_text=key_text,
    )  # fmt: skip


def _item_dates(item: dict[str, Any]) -> tuple[float | None, float | None]:
    """An item's published and modified dates (epoch seconds or None)."""
    return _iso_epoch(_str(item.get("date_published"))), _iso_epoch(_str(item.get("date_modified")))


def _json_author(obj: dict[str, Any]) -> str:
    """1.1 ``authors`` (a list) or 1.0 ``author`` (an object): the names, comma-separated."""
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")]
    return ", ".join(_str(a.get("name")) for a in authors if isinstance(a, dict) and _str(a.get("name")))


def _iso_epoch(value: str) -> float | None:
    """An RFC 3339 date (RFC 822 tolerated) -> UTC epoch seconds; a date without a zone is taken as UTC."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        # The dates the XML path reads beside feedparser: Unix time, "2026-11-02 10:00:00 CET", "Mon, 02 Nov
        # 2026 10:00:00 CET" (parsedate_to_datetime reads that zone as UTC), "2020/1/10 14:33"
        seconds = read(value)
        if seconds is not None:
            return seconds
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return foreign_rfc822(value)  # "Seg, 24 Set 2018 10:00:00 -0300": the XML path's reader
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
