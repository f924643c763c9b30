"""The fields of :mod:`feeds.rss_fast`: each whitelisted element read as feedparser's handlers read it."""

from __future__ import annotations

import re
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


def _amp_repaired(value: str) -> str:
    """``value`` with feedparser's repair (:data:`_LINK_AMP`) made, when it has an "&" to repair. A substitution
    whose template names a group calls Python's template compiler on every call, before it looks: 1.5 us a link,
    and most links hold no "&"."""
    return _LINK_AMP.sub(r"&\g<1>", value) if "&" in value else value


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


#: Tags (categories, keywords) kept per item or channel. No story keeps them, and feedparser's ``_add_tag`` compares
#: each new one with every one before it: an item of 50,000 ``<category>`` elements (1.3 MB) took 50 s of CPU, read
#: once here and once more by feedparser, and the feed then failed as "too large to read". Real items carry 1-30.
MAX_CATEGORIES = 100


def add_tag(parser: Any, term: str | None, scheme: str | None, label: str | None) -> None:
    """feedparser's ``_add_tag`` on ``parser`` (its parser, or a :class:`_Context`), until the item or channel
    holds :data:`MAX_CATEGORIES`: then nothing more is compared or added. The list is there as feedparser makes it."""
    if len(parser._get_context().setdefault("tags", [])) < MAX_CATEGORIES:
        _Mixin._add_tag(parser, term, scheme, label)


class _Context:
    """What feedparser's helper methods (``_sync_author_detail``, ``_add_tag``, ``resolve_uri``) read of
    their parser: the dict being filled and the base URI. They are called on it as they are on feedparser's."""

    __slots__ = ("baseuri", "context")

    def __init__(self, baseuri: str) -> None:
        self.baseuri = baseuri
        self.context: Any = None

    def _get_context(self) -> Any:
        return self.context


def _attributes(attrs: dict[str, str]) -> dict[str, str]:
    """feedparser's reading of an element's attributes: names lower-cased, and the values of rel and type."""
    if any(" " in key for key in attrs):
        raise Decline  # an attribute in a namespace (xml:base, xml:lang, ...)
    found = {key.lower(): value for key, value in attrs.items()}
    if "base" in found:
        # feedparser takes a plain base="..." for xml:base, and keeps it past the element when the document has
        # no address: links inside the element, or after it, are resolved against it
        raise Decline
    return {key: value.lower() if key in ("rel", "type") else value for key, value in found.items()}


class Fields:
    """The handlers of text elements and of empty ones, for :class:`feeds.rss_fast._Builder`."""

    base: str
    helper: _Context
    feed: Any
    entries: list[Any]
    entry: Any
    image: Any
    title_depth: int
    has_content: bool
    leaf: Any
    pieces: list[str]
    guid_is_link: bool
    guid_says_link: bool
    guid_not_link: set[int]
    raw_guids: dict[int, str]
    permalinks: dict[int, str]
    max_author: int
    where: str
    outer: list[str]
    depths: dict[
        str, int
    ]  #: feedparser's property_depth_map for the entry being read, for the keys _store fills

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
        value = raw.strip()  # feedparser's pop returns an element read without text before it cleans the text
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
        value = _amp_repaired(self._link_value(raw).replace("&amp;", "&"))
        self.entry["link"] = value
        if value:
            self.entry["links"][-1]["href"] = value

    def _feed_link(self, raw: str) -> None:
        value = _amp_repaired(self._link_value(raw))
        self.feed["link"] = value
        self.feed["links"][-1]["href"] = value

    def _image_link(self, raw: str) -> None:
        value = _amp_repaired(self._link_value(raw))
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
        from feeds.xmlfeed import _KEPT_ESCAPE, _SCHEME, _relative_permalink

        entry, index = self.entry, len(self.entries) - 1
        written = raw.strip()
        if "&" in written and _KEPT_ESCAPE.search(written):
            raise Decline  # feeds.xmlfeed._as_written unescapes a piece of text that is only "&amp;" (or so)
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
            add_tag(self.helper, None, attrs.get("domain"), None)
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
            add_tag(self.helper, value, None, None)

    def _store(self, raw: str, context: Any, key: str, depth: int) -> str:
        """feedparser's ``pop`` of an element without a handler of its own: an entry keeps the value of the
        shallowest such element (an element inside <media:content> does not overwrite one beside it)."""
        value = raw.strip()
        if value and key in _Mixin.can_be_relative_uri:
            value = _Mixin.resolve_uri(self.helper, value)
        value = _clean(value)
        if context is self.entry:
            old = self.depths.get(key)
            if old is not None and depth > old:
                return value
            self.depths[key] = depth
        context["href" if key == "url" else key] = value  # as FeedParserDict stores feedparser's "url"
        return value

    def _credit_start(self, attrs: dict[str, str]) -> None:
        self.entry.setdefault("media_credit", []).append(_attributes(attrs))
        depth = 4 + len(self.outer)  # feedparser's depth of the element
        self.leaf, self.pieces = lambda raw: self._credit_end(raw, depth), []

    def _credit_end(self, raw: str, depth: int) -> None:
        value = self._store(raw, self.entry, "credit", depth)
        if value.strip():
            self.entry["media_credit"][-1]["content"] = value

    def _thumbnail_start(self, attrs: dict[str, str]) -> None:
        self.entry.setdefault("media_thumbnail", []).append(_attributes(attrs))
        depth = 4 + len(self.outer)  # feedparser's depth of the element
        self.leaf, self.pieces = lambda raw: self._thumbnail_end(raw, depth), []

    def _thumbnail_end(self, raw: str, depth: int) -> None:
        value = self._store(raw, self.entry, "url", depth)  # feedparser's "url": "href" in a FeedParserDict
        if value.strip() and "url" not in self.entry["media_thumbnail"][-1]:
            self.entry["media_thumbnail"][-1]["url"] = value

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
