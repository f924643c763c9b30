"""feedparser's result for a plain RSS 2.0 document, built straight from expat's events, or None.

feedparser spends about 25 microseconds of Python on each element (generic start and end handlers, xml:base and
xml:lang stacks, a method looked up by name, ``pop`` and its many cases, ``FeedParserDict`` lookups); expat
reads the same document in a twentieth of that. For a plain RSS 2.0 channel this module builds the same
``feed``, ``entries`` and :mod:`feeds.xmlfeed`'s extras that :func:`feeds.xmlfeed.run_feedparser` gets from
feedparser's parser classes. Values are decided by feedparser's own helpers where it has one (dates, the guess
whether text is HTML, tags, author e-mail splitting, URI joins). It is strictly conservative: anything outside
the whitelist below - another element or namespace, an attribute not listed, xml:base or xml:lang, a DOCTYPE,
text mixed with elements, a second channel, a description feedparser would take for content - and
:func:`build` returns None, so feedparser reads the document as before. tests/test_rss_fast.py compares the two
on every shared feed, generated and hostile documents, and crafted cases.
"""

from __future__ import annotations

import re
import time
from pyexpat import ExpatError, ParserCreate
from typing import Any, NoReturn

import feedparser.mixin
from feedparser.datetimes import _parse_date
from feedparser.util import FeedParserDict

from feeds.mailbox import mend_author_detail

_Mixin = feedparser.mixin._FeedParserMixin
_looks_like_html = _Mixin.looks_like_html
_CP1252: dict[int, str] = feedparser.mixin._cp1252
_C1 = re.compile("[\x80-\x9f]")
#: feedparser's repair of query strings in links ("?a=1&b;=2" back to "?a=1&b=2"), see its ``pop``
_LINK_AMP = re.compile("&([A-Za-z0-9_]+);")
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
#: The prefixes feedparser gives the whitelisted namespaces: a document that declares one of them for another
#: namespace feedparser knows changes what feedparser calls the elements, so it is declined.
_OUR_PREFIXES = frozenset({"dc", "content", "wfw", "slash", "sy"})


class Decline(Exception):
    """The document holds something this module does not read exactly as feedparser does."""


def _decline(*_args: object) -> NoReturn:
    raise Decline


def _clean(text: str) -> str:
    """The end of feedparser's ``pop`` for text: UTF-8 read as ISO-8859-1 repaired, then Windows-1252's C1
    characters mapped (both leave ASCII as it is, the common case, so it is not copied)."""
    if text.isascii():
        return text
    try:  # noqa: SIM105 - per text: suppress() costs a context manager each time
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return text.translate(_CP1252) if _C1.search(text) else text


class _Context:
    """What feedparser's helper methods (``_sync_author_detail``, ``_add_tag``, ``resolve_uri``) read of
    their parser: the dict being filled and the base URI. They are called on it as they are on feedparser's."""

    __slots__ = ("baseuri", "context")

    def __init__(self, baseuri: str) -> None:
        self.baseuri = baseuri
        self.context: Any = None

    def _get_context(self) -> Any:
        return self.context


class _Builder:
    """Receives expat's events for one document; see the module's docstring."""

    def __init__(self, base: str) -> None:
        from feeds.xmlfeed import MAX_AUTHOR, MAX_ELEMENTS, MAX_SECONDS

        self.max_author, self.max_elements = MAX_AUTHOR, MAX_ELEMENTS
        self.max_cpu = (
            MAX_SECONDS / 4
        )  # a document this costly here would be cut short by feedparser's budget
        self.cpu_start = time.thread_time()
        self.elements = 0
        self.base = base
        self.helper = _Context(base)
        self.feed = FeedParserDict()
        self.entries: list[Any] = []
        self.entry: Any = None
        self.image: Any = None
        self.where = "top"
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
        feed_leaves: dict[str, Any] = {
            "title": lambda t: self._title(t, self.feed, 3),
            "link": self._feed_link,
            "description": lambda t: self._text(t, self.feed, "subtitle", "text/html"),
            "copyright": lambda t: self._text(t, self.feed, "rights", "text/plain"),
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
            },
            "image": {name: self._leaf(end) for name, end in image_leaves.items()},
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
            raise Decline
        start = self.starts[self.where].get(name)
        if start is None:
            raise Decline
        start(attrs)

    def end(self, name: str) -> None:
        leaf = self.leaf
        if leaf is not None:
            self.leaf = None
            leaf("".join(self.pieces))
        elif self.where == "item":
            self.entry = None
            self.where = "channel"
            self.has_content = False
            if time.thread_time() - self.cpu_start > self.max_cpu:
                raise Decline
        elif self.where == "image":
            self.where = "channel"
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
        if prefix in _OUR_PREFIXES and canonical is not None and canonical != prefix:
            raise Decline

    # -- containers

    def _rss_start(self, attrs: dict[str, str]) -> None:
        if list(attrs) != ["version"] or not attrs["version"].startswith("2."):
            raise Decline
        self.version, self.where = "rss20", "rss"

    def _channel_start(self, attrs: dict[str, str]) -> None:
        self.channels += 1
        if attrs or self.channels > 1:
            raise Decline
        self.where = "channel"

    def _item_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.entry = FeedParserDict()
        self.entries.append(self.entry)
        self.where, self.title_depth, self.has_content = "item", -1, False

    def _image_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.image = self.feed.setdefault("image", FeedParserDict())
        self.where, self.title_depth = "image", -1

    # -- text elements

    def _leaf(self, end: Any) -> Any:
        def start(attrs: dict[str, str]) -> None:
            if attrs:
                raise Decline
            self.leaf, self.pieces = end, []

        return start

    def _detail(self, kind: str, value: str) -> dict[str, Any]:
        return {"type": kind, "language": None, "base": self.base, "value": value}

    def _plain(self, raw: str, context: Any, key: str, resolve: bool = False) -> str:
        value = raw.strip()
        if resolve and value:
            value = _Mixin.resolve_uri(self.helper, value)
        context[key] = value = _clean(value)
        return value

    def _date(self, raw: str, context: Any, key: str) -> None:
        context[key + "_parsed"] = _parse_date(self._plain(raw, context, key))

    def _text(self, raw: str, context: Any, key: str, kind: str) -> str:
        value = raw.strip()
        if kind == "text/plain" and _looks_like_html(value):
            kind = "text/html"
        value = _clean(value)
        context[key] = value
        context[key + "_detail"] = self._detail(kind, value)
        return value

    def _title(self, raw: str, context: Any, depth: int) -> None:
        if -1 < self.title_depth <= depth:  # feedparser keeps the first title with text
            value = _clean(raw.strip())
        else:
            value = self._text(raw, context, "title", "text/plain")
        if value:
            self.title_depth = depth

    def _size(self, raw: str, key: str) -> None:
        value = _clean(raw.strip())
        try:
            self.image[key] = int(value)
        except ValueError:
            self.image[key] = 0

    def _link_start(self, end: Any, context: Any) -> Any:
        def start(attrs: dict[str, str]) -> None:
            if attrs:
                raise Decline
            context().setdefault("links", []).append(FeedParserDict(rel="alternate", type="text/html"))
            self.leaf, self.pieces = end, []

        return start

    def _link_value(self, raw: str) -> str:
        value = raw.strip()
        if value:
            value = _Mixin.resolve_uri(self.helper, value)
        return _clean(value)

    def _item_link(self, raw: str) -> None:
        value = _LINK_AMP.sub(r"&\g<1>", self._link_value(raw).replace("&amp;", "&"))
        self.entry["link"] = value
        if value:
            self.entry["links"][-1]["href"] = value

    def _feed_link(self, raw: str) -> None:
        value = _LINK_AMP.sub(r"&\g<1>", self._link_value(raw))
        self.feed["link"] = value
        self.feed["links"][-1]["href"] = value

    def _image_link(self, raw: str) -> None:
        value = _LINK_AMP.sub(r"&\g<1>", self._link_value(raw))
        self.image["link"] = value
        self.image["links"][-1]["href"] = value

    def _description_start(self, attrs: dict[str, str]) -> None:
        if attrs or ("summary" in self.entry and not self.has_content):
            raise Decline  # feedparser would read this one as content
        self.leaf, self.pieces = lambda raw: self._text(raw, self.entry, "summary", "text/html"), []

    def _content_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.has_content = True
        self.leaf, self.pieces = self._content_end, []

    def _content_end(self, raw: str) -> None:
        value = _clean(raw.strip())
        self.entry.setdefault("content", []).append(self._detail("text/html", value))
        self.entry.setdefault("summary", value)

    def _generator_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.feed["generator_detail"] = FeedParserDict()
        self.leaf, self.pieces = self._generator_end, []

    def _generator_end(self, raw: str) -> None:
        value = self._plain(raw, self.feed, "generator")
        self.feed["generator_detail"]["name"] = value

    def _guid_start(self, attrs: dict[str, str]) -> None:
        if attrs and list(attrs) != ["isPermaLink"]:
            raise Decline
        self.guid_is_link = attrs.get("isPermaLink", "true") == "true"  # feedparser's reading
        self.guid_says_link = attrs.get("isPermaLink", "").strip().lower() == "true"  # written out (_Budget)
        self.leaf, self.pieces = self._guid_end, []

    def _guid_end(self, raw: str) -> None:
        # feedparser's _end_guid with feeds.xmlfeed._Budget's notes around it (see there for why)
        from feeds.xmlfeed import _SCHEME, _relative_permalink

        entry, index = self.entry, len(self.entries) - 1
        written = raw.strip()
        if "&" in written:
            raise Decline  # feeds.xmlfeed._as_written treats a piece that is an escape by itself apart
        before = entry.get("id")
        if self.guid_is_link:
            absolute = written.lower().startswith(("http://", "https://"))
            if not absolute and "link" not in entry:
                self.guid_not_link.add(index)
            if absolute or _relative_permalink(written, self.guid_says_link):
                self.permalinks[index] = written
        value = written
        if self.guid_is_link and value:
            value = _Mixin.resolve_uri(self.helper, value)
        entry["id"] = value = _clean(value)
        entry.setdefault("guidislink", self.guid_is_link and "link" not in entry)
        if self.guid_is_link:
            entry.setdefault("link", value)
        if written and not _SCHEME.match(written):
            after = entry.get("id")
            if after and after != before:
                self.raw_guids[index] = written

    def _author_start(self, context: Any, key: str) -> Any:
        def start(attrs: dict[str, str]) -> None:
            if attrs:
                raise Decline
            context().setdefault("authors", []).append(FeedParserDict())
            self.leaf, self.pieces = lambda raw: self._author_end(raw, context(), key), []

        return start

    def _publisher_start(self, attrs: dict[str, str]) -> None:
        if attrs:
            raise Decline
        self.leaf, self.pieces = lambda raw: self._author_end(raw, self.feed, "publisher"), []

    def _author_end(self, raw: str, context: Any, key: str = "author") -> None:
        author: Any = self._plain(raw, context, key)
        if len(author) > self.max_author:  # as feeds.xmlfeed._Budget._sync_author_detail
            context[key] = author = author[: self.max_author]
        self.helper.context = context
        _Mixin._sync_author_detail(self.helper, key)
        mend_author_detail(author, context.get(f"{key}_detail"))

    def _category_start(self, context: Any) -> Any:
        def start(attrs: dict[str, str]) -> None:
            if attrs and list(attrs) != ["domain"]:
                raise Decline
            self.helper.context = context()
            _Mixin._add_tag(self.helper, None, attrs.get("domain"), None)
            self.leaf, self.pieces = lambda raw: self._category_end(raw, context()), []

        return start

    def _category_end(self, raw: str, context: Any) -> None:
        value = _clean(raw.strip())
        if not value:
            return
        tags = context["tags"]
        if tags and not tags[-1]["term"]:
            tags[-1]["term"] = value
        else:
            self.helper.context = context
            _Mixin._add_tag(self.helper, value, None, None)

    # -- elements without text

    def _empty(self, raw: str) -> None:
        if raw.strip():
            raise Decline

    def _enclosure(self, attrs: dict[str, str]) -> None:
        if not set(attrs) <= {"url", "length", "type"}:
            raise Decline
        found = {key: value.lower() if key == "type" else value for key, value in attrs.items()}
        href = found.get("url")
        if href:
            del found["url"]
            found["href"] = href
        found["rel"] = "enclosure"
        self.entry.setdefault("links", []).append(FeedParserDict(found))
        self.leaf, self.pieces = self._empty, []

    def _atom_link(self, attrs: dict[str, str], context: Any) -> None:
        if not set(attrs) <= {"href", "rel", "type"} or not attrs.get("href", "").strip():
            raise Decline
        found = {key: value.lower() if key in ("rel", "type") else value for key, value in attrs.items()}
        found.setdefault("rel", "alternate")
        found.setdefault("type", "application/atom+xml" if found["rel"] == "self" else "text/html")
        found["href"] = _Mixin.resolve_uri(self.helper, found["href"])
        context.setdefault("links", []).append(FeedParserDict(found))
        if found["rel"] == "alternate" and _Mixin.map_content_type(found["type"]) in _Mixin.html_types:
            context["link"] = found["href"]
        self.leaf, self.pieces = self._empty, []


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
    try:
        parser.Parse(data, True)
    except (Decline, ExpatError):
        return None
    if builder.where != "done" or builder.channels != 1:
        return None
    return {
        "feed": builder.feed,
        "entries": builder.entries,
        "version": builder.version,
        "guid_not_link": builder.guid_not_link,
        "raw_guids": builder.raw_guids,
        "permalinks": builder.permalinks,
        "media_texts": {},
    }
