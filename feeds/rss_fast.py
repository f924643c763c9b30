"""feedparser's result for a plain RSS 2.0 document, built straight from expat's events, or None.

feedparser spends about 25 microseconds of Python on each element (generic start and end handlers, xml:base and
xml:lang stacks, a method looked up by name, ``pop`` and its many cases, ``FeedParserDict`` lookups); expat
reads the same document in a twentieth of that. For a plain RSS 2.0 channel this module builds the same
``feed``, ``entries`` and :mod:`feeds.xmlfeed`'s extras that :func:`feeds.xmlfeed.run_feedparser` gets from
feedparser's parser classes. Values are decided by feedparser's own helpers where it has one (dates, the guess
whether text is HTML, tags, author e-mail splitting, URI joins). It is strictly conservative: anything outside
the whitelist below - another element or namespace, an attribute not listed, xml:base or xml:lang, a DOCTYPE,
text mixed with elements, a second channel, a description feedparser would take for content - and
:func:`build` returns None, so feedparser reads the document as before. A document past feeds.xmlfeed's element
budget is read up to the element where that budget stops feedparser, to feedparser's result. tests/test_rss_fast.py
and tests/test_rss_fast_edges.py compare the two on every shared feed, generated and hostile documents, and
crafted cases.
"""

from __future__ import annotations

import functools
import time
from pyexpat import ExpatError, ParserCreate
from typing import Any

import feedparser.mixin
from feedparser.util import FeedParserDict

from feeds.rss_fast_fields import Decline, Fields, _attributes, _Context, _decline, _Mixin

#: feedparser's own names of namespaces, by lower-cased URI (its ``_matchnamespaces``)
_CANONICAL = {uri.lower(): prefix for uri, prefix in _Mixin.namespaces.items()}
#: A document declaring these is RSS 1.0 or 0.90 to feedparser, whatever its root says.
_OTHER_VERSIONS = {"http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/"}
_XLINK = (
    "http://www.w3.org/1999/xlink"  # feedparser copies its declaration into the next element's attributes
)

DC = "http://purl.org/dc/elements/1.1/ "
CONTENT = "http://purl.org/rss/1.0/modules/content/ "
ATOM = "http://www.w3.org/2005/Atom "
WFW = "http://wellformedweb.org/CommentAPI/ "
SLASH = "http://purl.org/rss/1.0/modules/slash/ "
SY = "http://purl.org/rss/1.0/modules/syndication/ "
MEDIA, MEDIA_ = "http://search.yahoo.com/mrss/ ", "http://search.yahoo.com/mrss "
#: What the handled elements fill: an element without a handler of these names is declined, not stored over them.
_RESERVED = frozenset(
    [
        "links",
        "tags",
        "authors",
        "author",
        "author_detail",
        "content",
        "summary",
        "summary_detail",
        "title",
        "title_detail",
        "link",
        "id",
        "guidislink",
        "published",
        "published_parsed",
        "updated",
        "updated_parsed",
        "image",
        "generator",
        "generator_detail",
        "publisher",
        "publisher_detail",
        "publishers",  # read by feedparser's _sync_author_detail for a <webMaster>
        "subtitle",
        "subtitle_detail",
        "rights",
        "rights_detail",
        "language",
        "media_content",
        "media_thumbnail",
        "media_credit",
        "href",
        "credit",
        "url",
        "comments",
        "wfw_commentrss",
        "slash_comments",
        "ttl",
        "docs",
        "sy_updateperiod",
        "sy_updatefrequency",
        "enclosures",
        "category",
        "license",
    ]
)


@functools.lru_cache(maxsize=512)
def _generic_key(name: str) -> str:
    """feedparser's key for an element it has no handler for (it stores the text, or the attributes, under it);
    Decline for one it has a handler for, one in a namespace it does not know, and one that would overwrite."""
    from feeds.xmlfeed import _StrictParser

    uri, _, local = name.rpartition(" ")
    prefix = _CANONICAL.get(uri.lower()) if uri else ""
    if prefix is None or (uri and not prefix):
        raise Decline  # a namespace feedparser does not know, or one it reads as plain RSS or Atom
    key = f"{prefix.lower()}_{local.lower()}" if prefix else local.lower()
    if key in _RESERVED or key in FeedParserDict.keymap:
        raise Decline
    if hasattr(_StrictParser, "_start_" + key) or hasattr(_StrictParser, "_end_" + key):
        raise Decline
    return key


#: The prefixes feedparser gives the namespaces it knows: a document that declares one of them for another
#: namespace feedparser knows changes what feedparser calls the elements, so it is declined.
_PREFIXES = frozenset(prefix.lower() for prefix in _CANONICAL.values() if prefix)
_VERSIONS = {
    "0.91": "rss091u",
    "0.92": "rss092",
    "0.93": "rss093",
    "0.94": "rss094",
}  # feedparser's _start_rss
#: Where an element feedparser has no handler for may be (see Fields._store)
_OTHERS_IN = frozenset({"channel", "item", "media", "group"})


class _Stopped(Exception):
    """The document has more elements than feeds.xmlfeed's budget: feedparser's reading stops at the same one."""


class _Builder(Fields):
    """Receives expat's events for one document; see the module's docstring."""

    def __init__(self, base: str) -> None:
        from feeds.xmlfeed import MAX_AUTHOR, MAX_ELEMENTS, MAX_SECONDS

        self.max_author, self.max_elements = MAX_AUTHOR, MAX_ELEMENTS
        self.max_cpu = (
            MAX_SECONDS / 4
        )  # a document this costly here would be cut short by feedparser's budget
        self.cpu_start = time.thread_time()
        # A thread's CPU time grows no faster than the clock: until the clock has gone that far, the budget cannot
        # be spent, and the cheap clock is read per item instead of this thread's CPU time (a system call).
        self.cpu_deadline = time.monotonic() + self.max_cpu
        self.elements = 0
        self.base = base
        self.helper = _Context(base)
        self.feed = FeedParserDict()
        self.entries: list[Any] = []
        self.entry: Any = None
        self.image: Any = None
        self.where = "top"
        self.outer: list[str] = []  # where a <media:content> or <media:group> is, inside an item
        self.channels = 0
        self.title_depth = -1
        self.has_content = False
        self.leaf: Any = None  # the end of the text element being read: a function of its text
        self.pieces: list[str] = []
        self.guid_is_link = self.guid_says_link = False
        self.guid_not_link: set[int] = set()
        self.raw_guids: dict[int, str] = {}
        self.permalinks: dict[int, str] = {}
        self.version = ""
        self.depths: dict[str, int] = {}
        feed_leaves: dict[str, Any] = {
            "title": lambda t: self._title(t, self.feed, 3),
            "link": self._feed_link,
            "description": lambda t: self._text(t, self.feed, "subtitle", "text/html"),
            "copyright": lambda t: self._text(t, self.feed, "rights", "text/plain"),
            DC + "rights": lambda t: self._text(t, self.feed, "rights", "text/plain"),
            "language": lambda t: self._plain(t, self.feed, "language"),
            "ttl": lambda t: self._plain(t, self.feed, "ttl"),
            "docs": lambda t: self._plain(t, self.feed, "docs", resolve=True),
            "lastBuildDate": lambda t: self._date(t, self.feed, "updated"),
            "pubDate": lambda t: self._date(t, self.feed, "published"),
            DC + "date": lambda t: self._date(t, self.feed, "updated"),
            DC + "language": lambda t: self._plain(t, self.feed, "language"),
            SY + "updatePeriod": lambda t: self._plain(t, self.feed, "sy_updateperiod"),
            SY + "updateFrequency": lambda t: self._plain(t, self.feed, "sy_updatefrequency"),
        }
        item_leaves: dict[str, Any] = {
            "title": lambda t: self._title(t, self.entry, 4),
            "link": self._item_link,
            "pubDate": lambda t: self._date(t, self.entry, "published"),
            DC + "date": lambda t: self._date(t, self.entry, "updated"),
            "comments": lambda t: self._plain(t, self.entry, "comments", resolve=True),
            WFW + "commentRss": lambda t: self._plain(t, self.entry, "wfw_commentrss", resolve=True),
            SLASH + "comments": lambda t: self._plain(t, self.entry, "slash_comments"),
        }
        image_leaves: dict[str, Any] = {
            "url": lambda t: self._plain(t, self.image, "href", resolve=True),
            "title": lambda t: self._title(t, self.image, 4),
            "link": self._image_link,
            "width": lambda t: self._size(t, "width"),
            "height": lambda t: self._size(t, "height"),
            "description": lambda t: self._text(t, self.image, "subtitle", "text/html"),
        }
        media = {
            **{uri + "credit": self._credit_start for uri in (MEDIA, MEDIA_)},
            **{uri + "thumbnail": self._thumbnail_start for uri in (MEDIA, MEDIA_)},
        }
        # start of each element allowed where: a function of its attributes
        self.starts: dict[str, dict[str, Any]] = {
            "top": {"rss": self._rss_start},
            "rss": {"channel": self._channel_start},
            "channel": {
                **{name: self._leaf(end) for name, end in feed_leaves.items()},
                "category": self._category_start(lambda: self.feed),
                "generator": self._generator_start,
                DC + "creator": self._author_start(lambda: self.feed, "author"),
                "managingEditor": self._author_start(lambda: self.feed, "author"),
                "webMaster": self._publisher_start,
                ATOM + "link": lambda attrs: self._atom_link(attrs, self.feed),
                "image": self._image_start,
                "item": self._item_start,
            },
            "item": {
                **{name: self._leaf(end) for name, end in item_leaves.items()},
                "guid": self._guid_start,
                "category": self._category_start(lambda: self.entry),
                "author": self._author_start(lambda: self.entry, "author"),
                DC + "creator": self._author_start(lambda: self.entry, "author"),
                "description": self._description_start,
                CONTENT + "encoded": self._content_start,
                "enclosure": self._enclosure,
                ATOM + "link": lambda attrs: self._atom_link(attrs, self.entry),
                **{uri + "content": self._media_start for uri in (MEDIA, MEDIA_)},
                **{uri + "group": self._group_start for uri in (MEDIA, MEDIA_)},
                **media,
            },
            "group": {**{uri + "content": self._media_start for uri in (MEDIA, MEDIA_)}, **media},
            "image": {name: self._leaf(end) for name, end in image_leaves.items()},
            "media": media,
        }
        self.starts["item"]["link"] = self._link_start(item_leaves["link"], lambda: self.entry)
        self.starts["channel"]["link"] = self._link_start(feed_leaves["link"], lambda: self.feed)
        self.starts["image"]["link"] = self._link_start(image_leaves["link"], lambda: self.image)

    # -- expat's handlers

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.leaf is not None:
            raise Decline  # an element inside a text element
        self.elements += 1
        if self.elements > self.max_elements:
            raise _Stopped  # where feedparser's budget stops it (see build)
        start = self.starts[self.where].get(name)
        if start is not None:
            start(attrs)
        elif self.where in _OTHERS_IN:
            self._other(name, attrs)
        else:
            raise Decline

    def end(self, name: str) -> None:
        leaf = self.leaf
        if leaf is not None:
            self.leaf = None
            leaf("".join(self.pieces))
        elif self.where == "item":
            self.entries[-1] = FeedParserDict(self.entry)  # (a plain dict meanwhile: a quarter faster)
            self.entry = None
            self.where = "channel"
            self.has_content = False
            if time.monotonic() > self.cpu_deadline and time.thread_time() - self.cpu_start > self.max_cpu:
                raise Decline
        elif self.where == "image":
            self.where = "channel"
        elif self.where in ("media", "group"):
            self.where = self.outer.pop()
        elif self.where == "channel":
            self.where = "rss"
        else:
            self.where = "done"

    def text(self, data: str) -> None:
        if self.leaf is not None:
            self.pieces.append(data)
        elif not data.isspace():
            raise Decline  # text beside elements: mixed content

    def namespace(self, prefix: str | None, uri: str | None) -> None:
        if not uri:
            return  # xmlns="": feedparser ignores it
        lower = uri.lower()
        if lower in _OTHER_VERSIONS or (prefix and uri == _XLINK):
            raise Decline
        canonical = _CANONICAL.get(lower)
        if prefix in _PREFIXES and canonical is not None and canonical != prefix:
            raise Decline

    # -- containers

    def _rss_start(self, attrs: dict[str, str]) -> None:
        if attrs and list(attrs) != ["version"]:
            raise Decline
        said = attrs.get("version", "")  # feedparser's _start_rss
        self.version = _VERSIONS.get(said) or ("rss20" if said.startswith("2.") else "rss")
        self.where = "rss"

    def _media_start(self, attrs: dict[str, str]) -> None:
        self.entry.setdefault("media_content", []).append(_attributes(attrs))
        self.outer.append(self.where)
        self.where = "media"

    def _group_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.outer.append(self.where)  # feedparser does nothing for it: its children are the item's
        self.where = "group"

    def _other(self, name: str, attrs: dict[str, str]) -> None:
        """An element feedparser has no handler for: its text (or its attributes) stored under its name."""
        key = _generic_key(name)
        context = self.feed if self.where == "channel" else self.entry
        if attrs:
            context[key] = _attributes(attrs)
            self.leaf, self.pieces = self._empty, []
        else:
            depth = 3 if self.where == "channel" else 4 + len(self.outer)
            self.leaf, self.pieces = lambda raw: self._store(raw, context, key, depth), []

    def _channel_start(self, attrs: dict[str, str]) -> None:
        self.channels += 1
        if attrs or self.channels > 1:
            raise Decline
        self.where = "channel"

    def _item_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.entry = {}  # its keys are none that FeedParserDict maps to others (see Fields._store)
        self.entries.append(self.entry)
        self.depths = {}
        self.where, self.title_depth, self.has_content = "item", -1, False

    def _image_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.image = self.feed.setdefault("image", FeedParserDict())
        self.where, self.title_depth = "image", -1


def build(data: bytes, base: str) -> dict[str, Any] | None:
    """feedparser's ``feed``, ``entries`` and feeds.xmlfeed's extras for ``data`` (UTF-8, as run_feedparser
    hands it to expat) read against ``base``; None when the document is not one this module reads exactly."""
    base = base or ""
    safe = feedparser.mixin.make_safe_absolute_uri
    if base and (safe(base, base) or base) != base:  # feedparser's start tags would change the base
        return None
    builder = _Builder(base)
    parser = ParserCreate(None, " ")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(0)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    parser.StartNamespaceDeclHandler = builder.namespace
    parser.StartDoctypeDeclHandler = _decline
    parser.EntityDeclHandler = _decline
    parser.ExternalEntityRefHandler = _decline
    stopped: dict[str, str] = {}
    try:
        parser.Parse(data, True)
    except _Stopped:
        # feeds.xmlfeed's budget ends feedparser's reading at the same element, keeping what was read but the
        # item open there; declining cost a document this large a whole fast reading before feedparser's own.
        stopped = {"stopped": f"more than {builder.max_elements:,} elements"}
    except (Decline, ExpatError):
        return None
    if builder.where == "top" or (not stopped and (builder.where != "done" or builder.channels != 1)):
        return None  # (stopped at the root: feedparser's version is then the namespaces' guess)
    return stopped | {
        "feed": builder.feed,
        "entries": builder.entries[:-1] if stopped and builder.entry is not None else builder.entries,
        "version": builder.version,
        "guid_not_link": builder.guid_not_link,
        "raw_guids": builder.raw_guids,
        "permalinks": builder.permalinks,
        "media_texts": {},
    }
