"""Feed bytes -> :class:`ParsedFeed`: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through feedparser, JSON Feed by our own code.

:func:`parse_feed` never raises and is a top-level function, so the refresh can run it in a process pool.
How feedparser is made fast, and how entity expansion and external entities are defused (the DOCTYPE is
rewritten before parsing), is in :mod:`feeds.xmlfeed`.

Dates. All times are UTC seconds. How a story's dates are settled (clamped to ``now``, or undated), and the rest of
the tail an item goes through to become a story, is in :mod:`feeds.parse_story`.
"""

from __future__ import annotations

import calendar
import codecs
import re
import time
import xml.sax
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from feeds.dates import china_cst, chinese, foreign_rfc822, read, year_slash
from feeds.doctype import neutralise_doctype
from feeds.html import (
    discover_feeds,
    http_url,
    inline_to_text,
    unescape_entities,
)
from feeds.item_fields import (
    all_authors,
    origin_link,
    origin_media,
    own_text,
    podcast_title,
    publisher_suffix,
    transcript_link,
)
from feeds.item_keys import shared_links
from feeds.model import Story, story_id
from feeds.no_feed import empty, not_xml
from feeds.oversize import nothing_whole, read_in_part, whole_tags
from feeds.parse_story import MAX_MEDIA, _media, _story, _undeclared, _unique, escaped_again
from feeds.story_tidy import story_html
from feeds.text import clean_line, clean_text
from feeds.tracking import untracked
from feeds.xmlfeed import MAX_ENTRIES, run_feedparser

__all__ = ["ParsedFeed", "discover_feeds", "neutralise_doctype", "parse_feed"]


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one feed document held. ``error`` is set, in plain words, when nothing usable came out of it."""

    title: str
    site_url: str
    kind: str
    stories: list[Story] = field(default_factory=list)
    error: str = ""
    language: str = ""  # as declared (RSS <language>, Atom xml:lang, JSON Feed "language"): "en-us", "de"
    #: A story's id -> the id it had before ids took guids as written (see feeds.xmlfeed), for stored stories.
    former_ids: dict[str, str] = field(default_factory=dict)
    #: Set, in words, when the document was read in part (see :mod:`feeds.oversize`): no failure.
    warning: str = ""


def parse_feed(
    body: bytes,
    feed_id: str,
    *,
    url: str = "",
    content_type: str = "",
    now: float | None = None,
    cut_at: int = 0,
    skipped: int = 0,
    stopped_at: int = 0,
) -> ParsedFeed:
    """Parse one fetched feed document into clean stories. Never raises, whatever the bytes.

    ``url`` (the feed's URL after redirects) resolves relative links; ``content_type`` (the response header)
    helps find the encoding and tells JSON from XML; ``now`` stamps ``first_seen`` and undated stories;
    ``cut_at`` (the size cap) says ``body`` is the first bytes of a larger document: its whole items are read;
    ``skipped`` and ``stopped_at`` say it is a document's head and newest part instead (see
    :attr:`feeds.fetch.FetchResult.skipped`), which the warning tells.
    """
    now = time.time() if now is None else float(now)
    try:
        return _parse(body, feed_id, url, content_type, now, (cut_at, skipped, stopped_at))
    except RecursionError:
        return ParsedFeed("", "", "", [], "could not parse the feed: it is nested too deeply")
    except MemoryError:
        return ParsedFeed("", "", "", [], "could not parse the feed: it is too large")
    except Exception as exc:  # noqa: BLE001 - a bug on one hostile feed must not stop a refresh of all feeds
        return ParsedFeed("", "", "", [], f"could not parse the feed ({type(exc).__name__}: {exc})"[:300])


def _parse(
    body: bytes, feed_id: str, url: str, content_type: str, now: float, part: tuple[int, int, int]
) -> ParsedFeed:
    cut_at = part[0]
    if not isinstance(body, (bytes, bytearray, memoryview)):
        return ParsedFeed("", "", "", [], "not a feed: the body is not bytes")
    body = bytes(body)
    head = _sniff_head(body)
    if not head:
        return ParsedFeed("", "", "", [], empty(body, url))
    mime = content_type.split(";")[0].strip().lower()
    if head.startswith("{") or head.startswith("[") or ("json" in mime and not head.startswith("<")):
        from feeds.jsonfeed import parse_json  # here, as feeds.jsonfeed builds on this module

        return parse_json(body, feed_id, url, now, content_type, cut_at, part[2])
    root = _first_element(head)
    if root in ("html", "body") or (mime in ("text/html", "application/xhtml+xml") and root in ("", "head")):
        return ParsedFeed("", "", "", [], "not a feed: the server sent an HTML page")
    return _parse_xml(whole_tags(body) if cut_at else body, feed_id, url, content_type, now, root, part)


# --- sniffing ---------------------------------------------------------------------------------------------


_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_SKIP_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\])?[^>]*>)", re.DOTALL | re.I)
_ELEMENT = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")


def _sniff_head(body: bytes) -> str:
    """The start of the document as text (BOM and leading whitespace gone), enough to tell what it is."""
    chunk = body[:4096]
    encoding = "utf-8"
    for bom, name in _BOMS:
        if chunk.startswith(bom):
            chunk, encoding = chunk[len(bom) :], name
            break
    else:
        if chunk[:4] in (b"\x00\x00\x00<", b"<\x00\x00\x00"):
            encoding = "utf-32-be" if chunk[0] == 0 else "utf-32-le"
        elif chunk[:2] in (b"\x00<", b"<\x00"):
            encoding = "utf-16-be" if chunk[0] == 0 else "utf-16-le"
    return chunk.decode(encoding, "replace").lstrip(" \t\r\n\x00\ufeff")


def _first_element(head: str) -> str:
    """The name of the first element after the prolog (declaration, comments, DOCTYPE), lower-cased."""
    pos = 0
    while True:
        skipped = _SKIP_PROLOG.match(head, pos)
        if not skipped or skipped.end() == pos:
            break
        pos = skipped.end()
    found = _ELEMENT.match(head, pos)
    return found.group(1).lower() if found else ""


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _fix_charref(found: re.Match[bytes]) -> bytes:
    """A character reference to a surrogate or past U+10FFFF becomes U+FFFD; any other is left alone."""
    digits, base = (found.group(1), 16) if found.group(1) else (found.group(2), 10)
    code = int(digits, base) if len(digits.lstrip(b"0")) <= 8 else -1
    return found.group(0) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xFFFD;"


def _parse_xml(
    body: bytes,
    feed_id: str,
    url: str,
    content_type: str,
    now: float,
    root: str,
    part: tuple[int, int, int] = (0, 0, 0),
) -> ParsedFeed:
    cut_at, skipped, stopped_at = part  # see parse_feed
    try:
        parsed = run_feedparser(body, content_type, url)
    except (UnicodeEncodeError, ValueError, OverflowError):
        # feedparser's lenient parser (used when the XML is not well-formed) turns each &#N; into chr(N), and a
        # surrogate or a number past U+10FFFF raised: one such reference failed the whole feed. Found by fuzzing.
        parsed = run_feedparser(_CHARREF.sub(_fix_charref, body), content_type, url)
    read = len(parsed["entries"])
    info = parsed["feed"]
    language = _declared_language(info, parsed["entries"])
    china = chinese(language)  # its CST is China's (see feeds.dates.china_cst)
    if read > MAX_ENTRIES:  # the newest items are kept, not the first (see feeds.item_cap)
        from feeds.item_cap import keep_newest  # here, as feeds.item_cap builds on this module

        keep_newest(parsed, now, china)
    site_url = http_url(dict.get(info, "link") or "", url)
    atom = (parsed.get("version") or "").startswith("atom")
    title = clean_line(_inline(dict.get(info, "title") or "", dict.get(info, "title_detail"), atom))
    entries = parsed["entries"]
    kind = parsed.get("version") or ("xml" if entries else "")
    not_links = parsed.get("guid_not_link") or set()
    raw_guids: dict[int, str] = parsed.get("raw_guids") or {}
    permalinks: dict[int, str] = parsed.get("permalinks") or {}
    dates: dict[int, tuple[float | None, float | None, str]] = parsed.get("dates") or {}  # the item cap's
    media_texts: dict[int, list[str]] = parsed.get("media_texts") or {}  # see feeds.item_fields
    guids = [raw_guids.get(n) or dict.get(e, "id") or "" for n, e in enumerate(entries)]  # as ids take them
    shared_guids = _shared_guids(entries, guids)
    shared = _shared_links(entries, [g if g not in shared_guids else "" for g in guids])
    dateless: dict[str, str] | None = {} if _one_date(entries) else None
    feed_author = _author(info) if atom else ""
    stories = _unique(
        [
            _xml_story(
                e,
                feed_id,
                url or site_url,
                now,
                atom,
                n in not_links,
                shared,
                raw_guids.get(n, ""),
                permalinks.get(n, ""),
                guids[n] in shared_guids,
                dates.get(n),
                china,
                site_url,
                dateless,
                feed_author,
                media_texts.get(n, ()),
            )
            for n, e in enumerate(entries)
        ]
    )
    former_ids = dict(dateless or {})
    for n, written in raw_guids.items():
        resolved = dict.get(entries[n], "id") if n < len(entries) else None
        if resolved and resolved != written:
            former_ids[story_id(feed_id, written)] = story_id(feed_id, resolved)
    error = ""
    if not stories:
        problem = parsed.get("bozo_exception")
        head = _sniff_head(body)
        if parsed.get("stopped"):
            error = f"the feed is too large to read ({parsed['stopped']}), and what was read held no stories"
        elif not kind and not head.startswith("<"):
            error = not_xml(head, content_type, url)
        elif cut_at:  # larger than the cap, and cut inside its first item
            error = nothing_whole(cut_at, skipped, stopped_at)
        elif isinstance(problem, xml.sax.SAXParseException):
            line = max(1, problem.getLineNumber() - parsed.get("added_lines", 0))
            error = f"XML error at line {line}: {problem.getMessage()}"
            if parsed.get("cut_short"):  # the connection closed early, or a cache kept part of the file
                error = f"the feed is cut short: it ends inside its XML ({error})"
            error = error if kind else "not a feed: " + error
        elif not kind:
            error = (
                f"not a feed: no RSS, Atom or JSON Feed in it (it starts with <{root}>)"
                if root
                else ("not a feed: no XML, RSS, Atom or JSON Feed in it")
            )
    warning = read_in_part(stories, read, cut_at, parsed.get("stopped") or "", skipped, stopped_at)
    return ParsedFeed(title, site_url, kind, stories, error, language, former_ids, warning)


def _declared_language(info: Any, entries: Any) -> str:
    """The feed's declared language: its own (RSS ``<language>``, ``dc:language``, ``xml:lang`` on the root),
    else the one most of its entries' text declares (an Atom feed may put ``xml:lang`` only on its entries)."""
    declared = dict.get(info, "language") or ""
    if not declared:
        seen: dict[str, int] = {}
        for entry in entries[:50]:
            for detail in (dict.get(entry, "summary_detail"), *(dict.get(entry, "content") or ())):
                lang = (detail or {}).get("language") if isinstance(detail, dict) else None
                if lang:
                    seen[lang] = seen.get(lang, 0) + 1
        declared = max(seen, key=seen.__getitem__) if seen else ""
    return clean_line(str(declared), limit=35)


def _inline(value: str, detail: Any, atom: bool) -> str:
    """A one-line field as plain text: markup stripped and entities decoded, unless it is plain text.

    Atom declares it (``type="text"``). RSS titles are whatever the publisher typed, often escaped HTML, and
    feedparser types them by looking: HTML if there is a closing tag or an entity and every tag is one HTML has.
    Its "text/plain" keeps "Vector<int>" and "x<y and y>z", which the HTML conversion ate; entities left in such
    a title (escaped twice) are still decoded, and so are those left in markup escaped twice (``<![CDATA[Fish
    &amp;amp; chips]]>``, a template escaping a title already escaped): the title read "Fish &amp; chips". A
    hostile 10 MB title is cut first.
    """
    if detail and detail.get("type") == "text/plain":
        return value if atom else unescape_entities(value[:20_000])
    return escaped_again(inline_to_text(value[:20_000]))


def _shared_guids(entries: Any, guids: Sequence[str]) -> set[str]:
    """Guids (Atom ids) that items with different links share: a generator that gives every item the site's
    address, or "0", or one copied uuid. Taken for ids, they made every item after the first a repeat of it,
    dropped for good: such items are known as items without a guid are (by their link). Items that share a guid
    and a link (or have none) are one story served twice, and the first is kept, as before."""
    links: dict[str, set[str]] = {}
    for entry, guid in zip(entries, guids, strict=False):
        if guid.strip():
            links.setdefault(guid, set()).add(untracked(dict.get(entry, "link") or ""))
    return {guid for guid, seen in links.items() if len(seen - {""}) > 1}


def _shared_links(entries: Any, guids: Sequence[str] | None = None) -> set[str]:
    """Links that more than one item without a guid (``guids``: as ids take them, "" for none or one that is no
    id, see _shared_guids) has: a feed whose items all link to its home page."""
    return shared_links(
        (dict.get(entry, "link") or "", guids[n] if guids is not None else dict.get(entry, "id") or "")
        for n, entry in enumerate(entries)
    )


def _dated(entry: Any, key: str, china: bool = False) -> float | None:
    """Epoch of the entry's ``key`` date: feedparser's, unless the zone is a name it reads as UTC ("CET", "JST")
    or the date is year-first with slashes ("2020/1/10 14:33:00"), which it reads as 1 December, or Unix time
    ("1704164645"), which it reads as the year 1704, or ISO-like with a zone ("2026-11-02 10:00:00 CET") or
    compact ISO ("20261102T100000Z"), which it reads as midnight. In a feed in Chinese (``china``), CST is China's
    (+8), not US Central."""
    raw = dict.get(entry, key) or ""  # dict.get: FeedParserDict.get maps "updated" to "published"
    if not raw:  # none of ours reads "" (most items have no "updated"): feedparser's, if any
        return _epoch(dict.get(entry, f"{key}_parsed"))
    ours = china_cst(raw) if china else None
    if ours is None:
        ours = read(raw)
    if ours is None and year_slash(raw):  # 30 February: no date, rather than feedparser's 1 December
        return None
    return ours if ours is not None else _epoch(dict.get(entry, f"{key}_parsed"))


def _entry_dates(entry: Any, china: bool = False) -> tuple[float | None, float | None, str]:
    """An entry's published and updated dates (epoch seconds or None) and the date as written, for its id;
    ``china``: the feed is in Chinese (see :func:`_dated`)."""
    published = _dated(entry, "published", china)
    if published is None:  # not ``or``: a story dated 1970-01-01T00:00:00Z is at 0.0, a date all the same
        published = _dated(entry, "created", china)
    updated = _dated(entry, "updated", china)
    date_key = dict.get(entry, "published") or dict.get(entry, "updated") or dict.get(entry, "created") or ""
    if (
        published is None and updated is None and date_key
    ):  # "Seg, 24 Set 2018 ...": names feedparser can't read
        published = foreign_rfc822(date_key)
    return published, updated, date_key


def _xml_story(
    entry: Any,
    feed_id: str,
    base: str,
    now: float,
    atom: bool,
    guid_not_link: bool = False,
    shared_links: Collection[str] = (),
    written_guid: str = "",
    permalink: str = "",
    guid_shared: bool = False,
    dates: tuple[float | None, float | None, str] | None = None,
    china: bool = False,
    site: str = "",
    dateless: dict[str, str] | None = None,
    feed_author: str = "",
    media_texts: Sequence[str] = (),
) -> Story | None:
    get = dict.get  # plain lookups: FeedParserDict.get maps legacy keys ("updated" falls back to "published")
    raw_title = get(entry, "title") or ""
    link = get(entry, "link") or ""
    shared = untracked(link) in shared_links
    if guid_not_link and link == get(entry, "id"):  # a guid such as "12345", made a link by feedparser
        link = ""
    link = http_url(link, base)
    if not link and permalink and get(entry, "id"):
        # An empty <link/> beside a guid that is a permalink: feedparser keeps the empty link, and the story had
        # no address to open. RSS says such a guid is the item's address. One written as a path (a relative
        # isPermaLink="true" guid, "/2026/12/story.html") is a page of the site the channel's <link> names, which
        # a feed served from elsewhere (a feed host, a CDN) does not share; without one, of the feed's address.
        # One under an xml:base comes resolved against that already (feeds.xmlfeed), as the item's <link> is.
        link = http_url(permalink, site or base)
    candidates = [(c.get("value") or "", c) for c in get(entry, "content") or ()]
    candidates.append((get(entry, "summary") or "", get(entry, "summary_detail")))
    value, detail = own_text(candidates, media_texts, entry)
    content_base = http_url((detail or {}).get("base") or "", base) or base or link
    links: list[str] = []
    if detail and detail.get("type") == "text/plain":  # declared plain text, entities already decoded
        text = key_text = clean_text(value)
    else:
        text, links, key_text = story_html(value, content_base, keyed=guid_shared or not get(entry, "id"))
    transcript = transcript_link(entry, base)
    links = [*links, transcript] if transcript and transcript not in links else links
    author = all_authors(entry) or _author(entry)
    published, updated, date_key = dates or _entry_dates(entry, china)
    # feedparser keeps enclosures among the links (its "enclosures" key is computed, and get is dict.get).
    enclosures = [e for e in get(entry, "links") or () if e.get("rel") == "enclosure"][:MAX_MEDIA]
    media = [http_url(_media(e.get("href"), e.get("type")), base) for e in enclosures]
    if not link and not any(media):  # <media:content> alone (video feeds): the item's only way to its media
        found = (get(entry, "media_content") or ())[:MAX_MEDIA]
        media = [http_url(_media(m.get("url"), m.get("type")), base) for m in found if isinstance(m, dict)]
    if not link and not any(media):  # Atom's <content src="...">: the entry's content is at that address
        media = _content_src(get(entry, "content"), base)
    if not link and not any(media) and enclosures:  # a PDF, a picture: with no link, the item's only content
        media = [http_url(str(enclosures[0].get("href") or ""), base)]
    if not (
        raw_title.strip() or link or value.strip() or get(entry, "id") or date_key or author or any(media)
    ):
        return None  # an empty <item/> (broken feeds nest them): nothing to show, and every one would collide
    if not author and atom:  # RFC 4287: the authors of the entry's <source>, else of its feed
        author = _author(get(entry, "source")) or feed_author
    title = _inline(raw_title, get(entry, "title_detail"), atom)
    if not title.strip():  # an episode titled only by <itunes:title>
        title = _undeclared(podcast_title(entry))
    title, publisher = publisher_suffix(title, entry)
    author = author or publisher
    return _story(
        feed_id,
        "" if guid_shared else (written_guid if get(entry, "id") else "") or get(entry, "id") or "",
        link,
        title,
        raw_title,
        author,
        text,
        links,
        published,
        updated,
        date_key,
        now,
        media,
        shared,
        dateless,
        (origin_link(entry, base), origin_media(entry, media, base)),
        key_text,
    )


def _author(context: Any) -> str:
    """The author an entry (or a feed, or an entry's <source>) names; "" for none."""
    if not isinstance(context, dict):
        return ""
    author = (dict.get(context, "author_detail") or {}).get("name") or dict.get(context, "author") or ""
    if "<" in author or "&" in author:  # <dc:creator>&lt;a href=...&gt;Jane Doe&lt;/a&gt;
        author = _undeclared(author)
    return str(author)


def _one_date(entries: Any) -> bool:
    """Whether every item of a document carries one date, as written: the time the document was made, which a
    script stamps on each item (``date('r')`` in its loop). It says nothing of an item, and changes on every
    request: an item known by its title and date (no guid, no link) was a new story on every refresh."""
    if len(entries) < 2:
        return False
    get = dict.get
    first = get(entries[0], "published") or get(entries[0], "updated") or get(entries[0], "created") or ""
    return bool(first) and all(
        (get(e, "published") or get(e, "updated") or get(e, "created") or "") == first for e in entries
    )


def _content_src(content: Any, base: str) -> list[str]:
    """The address of an entry's out-of-line content (RFC 4287's ``<content src="...">``), resolved against the
    content's base, as a one-item list; none: []. Such an entry need have no alternate link, and its story had
    neither text nor address. Taken as media are (see feeds.parse_story._story), so an id made from the item's
    own link does not move."""
    for detail in content or ():
        src = detail.get("src") if isinstance(detail, dict) else None
        if isinstance(src, str) and src.strip():
            found = http_url(src, http_url(detail.get("base") or "", base) or base)
            return [found] if found else []
    return []


def _epoch(parsed: Any) -> float | None:
    """feedparser's UTC ``struct_time`` -> epoch seconds."""
    if not parsed:
        return None
    try:
        return float(calendar.timegm(parsed))
    except (TypeError, ValueError, OverflowError):
        return None
