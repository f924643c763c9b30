"""feedparser, driven safely and fast: bytes in, feedparser's result dict out (no URL fetching, ever).

Speed. feedparser's own ``parse()`` with its defaults spends most of its time sanitising HTML and resolving
relative URIs inside it; we make our own text, so both are off. We also drive feedparser's parser classes
ourselves instead of calling ``feedparser.parse``, which lets expat *buffer* character data: unbuffered, expat
reports every entity reference in an escaped HTML description (``&lt;p&gt;``) as a separate text event, and
feedparser handles each in Python; buffered, a description is one event. And our strict parser keeps content
parameters in a plain dict (see :class:`_StrictParser`). The entries are identical to ``feedparser.parse``'s
(a test checks it on the shared news feeds); the time per 50-item feed with 2 KB descriptions drops by about
40%.

Security. Feed XML is hostile input. Before feedparser sees it, :func:`neutralise_doctype` rewrites the prolog's
DOCTYPE: the external identifier, parameter entities, external (SYSTEM/PUBLIC) entities and any entity whose
value refers to other entities are dropped; only short literal entities (``<!ENTITY nbsp "&#160;">``) survive.
So an entity-expansion bomb ("billion laughs") has nothing to expand, and no entity can name a file or a URL to
read. It runs after feedparser has decoded the document to UTF-8, so a UTF-16 or UTF-32 body cannot hide its
DOCTYPE. expat's own defences stay on as a second line (external entities and parameter-entity parsing off, its
amplification cap); alone they still let a 1 MB feed expand to 100 MB, and the cap takes seconds to trip.
"""

from __future__ import annotations

import html
import io
import re
import time
import xml.sax
import xml.sax.expatreader
import xml.sax.handler
import xml.sax.xmlreader
from collections.abc import Callable
from typing import Any

import feedparser.api
import feedparser.encodings
import feedparser.mixin
import feedparser.sanitizer
import feedparser.urls

from feeds import rss_fast, uri_joins  # noqa: F401 - uri_joins patches feedparser's URI joins with cached ones
from feeds.doctype import MAX_DOCTYPE, neutralised
from feeds.html import http_url
from feeds.mailbox import mend_author_detail
from feeds.rss_fast_fields import add_tag
from feeds.wide_xml import declared_name_cleaned, feed_headers, stray_bytes_read, wide_to_utf8
from feeds.xml_entities import DeclaredEntities

#: feedparser's judgement of undeclared text (an RSS or JSON Feed title): markup when it has a closing tag or an
#: entity and every tag is one HTML has; "Vector<int>" and "x<y and y>z" are text.
looks_like_html: Callable[[str], bool] = feedparser.mixin._FeedParserMixin.looks_like_html


class _BufferedExpat(xml.sax.expatreader.ExpatParser):
    """expat that hands over character data in one piece, never loads external DTDs or entities, and takes a
    short cut from expat to feedparser for the common element.

    The SAX layer costs two Python calls per tag on top of feedparser's own, each turning expat's
    ``"namespace local"`` name into feedparser's ``prefix:local`` again, and building an attributes object
    even when there are none. For an element without attributes the answer depends only on the name and on the
    namespaces declared so far, so it is learnt once - from feedparser's own code, on the first such tag - and
    looked up after that; the cache is emptied whenever a namespace is declared. Attributes outside any namespace
    (``isPermaLink``, ``href``, ``url``) are only lower-cased by that code; elements with an attribute in a
    namespace (``xml:base``), and the rare tags feedparser treats specially, take the full path every time.
    """

    def reset(self) -> None:
        super().reset()
        parser: Any = self._parser  # type: ignore[attr-defined]  # set by reset(): the pyexpat parser
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.SetParamEntityParsing(0)  # XML_PARAM_ENTITY_PARSING_NEVER
        handler = self._cont_handler  # type: ignore[attr-defined]  # set before parse() by setContentHandler
        if isinstance(handler, _StrictParser):
            self._short_cut(parser, handler)

    def _short_cut(self, parser: Any, handler: _StrictParser) -> None:
        starts, ends = handler.start_names, handler.end_names
        full_start, full_end = self.start_element_ns, self.end_element_ns
        budget_start = handler.unknown_starttag
        feedparser_end = feedparser.mixin._FeedParserMixin.unknown_endtag

        def start(name: str, attrs: dict[str, str]) -> None:
            local = starts.get(name)
            if local is None or handler.decls or (attrs and any(" " in key for key in attrs)):
                full_start(name, attrs)
                if not name.startswith(_SPECIAL_NAMESPACES):
                    starts[name] = handler.last_start
            elif attrs:  # none in a namespace: feedparser's attributes are their names lower-cased, in order
                budget_start(local, list({key.lower(): value for key, value in attrs.items()}.items()))
            else:
                budget_start(local, [])

        def end(name: str) -> None:
            local = ends.get(name)
            if local is None:
                full_end(name)
                ends[name] = handler.last_end
            else:
                try:  # noqa: SIM105 - per element: suppress() costs a context manager each time
                    feedparser_end(handler, local)
                except _SLIPS:  # as in _Budget.unknown_endtag
                    pass

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = handler.handle_data  # what SAX's characters() calls


#: Namespaces whose elements feedparser's SAX handler treats specially (``<math>`` and ``<svg>`` get an
#: ``xmlns`` attribute): their names are never learnt. expat's name starts with the namespace and a space.
_SPECIAL_NAMESPACES = ("http://www.w3.org/1998/Math/MathML ", "http://www.w3.org/2000/svg ")


#: Items kept from one document: the newest by date (see :mod:`feeds.item_cap`); the store keeps fewer. All are
#: read, within the element and time budgets: an oldest-first feed's newest items are at its end.
MAX_ENTRIES = 2000
#: Elements read from one document. feedparser spends tens of microseconds of Python on each, so a hostile
#: 10 MB body of nothing but tags would otherwise hold a worker for minutes. Real feeds need 15-30 per item.
MAX_ELEMENTS = 100_000
#: Seconds of CPU one document may take. feedparser's forgiving parser (for feeds that are not well-formed XML)
#: costs about 10 microseconds per character of junk such as "<<<<": without a limit, minutes for 10 MB. A real
#: feed takes well under a second; what was read when the time is up is kept. The parse's own CPU is counted,
#: not the clock: on a busy machine (a refresh parses on both cores beside the reader) a large real feed took
#: over 8 s by the clock and was cut.
MAX_SECONDS = 8.0
#: Authors are cut to this before feedparser looks for an e-mail address in them (see ``_sync_author_detail``).
MAX_AUTHOR = 1000


#: What feedparser's element handlers raise on a shape they do not expect: a Podlove chapter without its start
#: ``<psc:chapter title="Intro"/>`` (TypeError), one outside ``<psc:chapters>`` (KeyError), a category whose end
#: lands in another element. One such element failed the whole feed ("could not parse the feed (KeyError: ...)");
#: it is skipped instead (found by a mutation fuzzer over the shared feeds).
_SLIPS = (KeyError, TypeError, IndexError)


class _Enough(Exception):
    """Raised from inside the parse to stop it: the budget of items, elements or time is spent."""


class _Budget:
    """Stops the parse of :class:`_StrictParser` and :class:`_LooseParser` when the budget is spent."""

    entries: list[Any]
    elementstack: list[Any]
    baseuri: str  #: feedparser's: the base in scope (the address, or an xml:base)
    guid_not_link: set[int]  #: indices of entries whose link is a guid that is not an absolute http(s) URL
    raw_guids: dict[int, str]  #: guids (and Atom ids) with no scheme, by entry index, as written (unresolved)
    permalinks: dict[int, str]  #: permalink guids by entry index: http(s), or paths (joined to an xml:base)
    media_texts: dict[int, list[str]]  #: by entry index, the text each <media:description> gave it
    _elements = 0
    _deadline = float("inf")
    _cpu_start = 0.0
    last_start = ""  #: the last start tag's name, as feedparser calls it
    _guid_says_link = False  #: the guid being read has isPermaLink="true" written out
    _document_base = ""  #: the base the document is read against (its address), before any xml:base

    def start_budget(self) -> None:
        self._deadline = time.monotonic() + MAX_SECONDS
        self._cpu_start = time.thread_time()
        self.guid_not_link = set()
        self.raw_guids = {}
        self.permalinks = {}
        self.media_texts = {}
        self._document_base = self.baseuri

    def _spent(self) -> bool:
        """Called when the clock passes the deadline: whether the parse has used its seconds of CPU. If not (the
        thread waited for the CPU), the deadline moves on by what is left: the cheap clock is read per element, this
        thread's CPU time only each time the clock passes the deadline."""
        spent = time.thread_time() - self._cpu_start
        if spent > MAX_SECONDS:
            return True
        self._deadline = time.monotonic() + MAX_SECONDS - spent
        return False

    def unknown_starttag(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        self.last_start = tag
        self._elements += 1
        if self._elements > MAX_ELEMENTS:
            raise _Enough(f"more than {MAX_ELEMENTS:,} elements")
        if time.monotonic() > self._deadline and self._spent():
            raise _Enough(f"more than {MAX_SECONDS:g} seconds of work")
        try:  # noqa: SIM105 - per element: suppress() costs a context manager each time
            super().unknown_starttag(tag, attrs)  # type: ignore[misc]
        except _SLIPS:
            pass

    def unknown_endtag(self, tag: str) -> None:
        try:  # noqa: SIM105 - per element: suppress() costs a context manager each time
            super().unknown_endtag(tag)  # type: ignore[misc]
        except _SLIPS:
            pass

    def handle_data(self, text: str, escape: int = 1) -> None:
        if time.monotonic() > self._deadline and self._spent():
            raise _Enough(f"more than {MAX_SECONDS:g} seconds of work")
        super().handle_data(text, escape)  # type: ignore[misc]

    def _add_tag(self, term: str | None, scheme: str | None, label: str | None) -> None:
        add_tag(self, term, scheme, label)  # at most MAX_CATEGORIES an item: feedparser's own is quadratic

    def _start_guid(self, attrs_d: dict[str, Any]) -> None:
        self._guid_says_link = str(attrs_d.get("ispermalink", "")).strip().lower() == "true"
        super()._start_guid(attrs_d)  # type: ignore[misc]

    _start_id = _start_guid

    def _end_guid(self) -> None:
        # RSS takes a guid for a permalink unless isPermaLink="false", and feedparser then makes it the item's link,
        # resolved against the feed's address: "12345" became https://host/feed/12345, a page that is not there.
        # Which items' links came from a guid that is not an absolute URL is noted here (the entries stay
        # feedparser's own); parse drops those links.
        # feedparser also resolves such a guid for the item's id, so the id changed with the feed's address: a
        # feed that moved (a 301, http to https) stored every story again. The guid as written is kept for ids.
        written = ""
        if getattr(self, "inentry", False) and not getattr(self, "insource", False) and self.elementstack:
            written = _as_written(self.elementstack[-1][2])
            before = self._get_context().get("id")  # type: ignore[attr-defined]
        if getattr(self, "guidislink", False) and getattr(self, "inentry", False) and self.elementstack:
            text = "".join(p for p in self.elementstack[-1][2] if isinstance(p, str)).strip()
            raw = text.lower()
            context = self._get_context()  # type: ignore[attr-defined]
            absolute = raw.startswith(("http://", "https://"))
            if not absolute and "link" not in context:
                self.guid_not_link.add(len(self.entries) - 1)
            if absolute or _relative_permalink(text, self._guid_says_link):
                if not absolute and self.baseuri != self._document_base:  # under an xml:base: of its place
                    text = self.resolve_uri(text)  # type: ignore[attr-defined]
                self.permalinks[len(self.entries) - 1] = text  # the link of an item whose <link> is empty
        super()._end_guid()  # type: ignore[misc]
        if written and not _SCHEME.match(written):
            after = self._get_context().get("id")  # type: ignore[attr-defined]
            if after and after != before:  # this element gave the entry its id (not an <id> nested deeper)
                self.raw_guids[len(self.entries) - 1] = written

    _end_id = _end_guid

    def _end_media_description(self) -> None:
        # feedparser makes a <media:description> the entry's summary, or one more content when it has a summary:
        # a picture's alt text (Mastodon) longer than the post stood in for the post. What it gave is noted, so the
        # parse takes it only for an item with no text of its own (a YouTube video's description).
        context = self._get_context()  # type: ignore[attr-defined]
        contents, summary = len(context.get("content") or ()), context.get("summary")
        super()._end_media_description()  # type: ignore[misc]
        if getattr(self, "inentry", False) and not getattr(self, "insource", False):
            added: list[Any] = context.get("content") or []
            given = added[-1].get("value") if len(added) > contents else context.get("summary")
            if isinstance(given, str) and (len(added) > contents or given is not summary):
                self.media_texts.setdefault(len(self.entries) - 1, []).append(given)

    def _start_link(self, attrs_d: dict[str, Any]) -> None:
        # feedparser resolves an empty href (<link href=""/>, generators that have no address to give) against the
        # feed's own address, so the story's link was the feed: `o` opened the feed document, and at feed level
        # the site's address was the feed's (exported as its htmlUrl). A link with an empty or blank href is no
        # link; what the entry or the feed had before (an entry's permalink id, an earlier link) stays its link.
        href = attrs_d.get("url", attrs_d.get("uri", attrs_d.get("href")))
        if href is None or str(href).strip():
            super()._start_link(attrs_d)  # type: ignore[misc]
            return
        context = self._get_context()  # type: ignore[attr-defined]
        before = context.get("link")
        links = len(context.get("links") or ())
        super()._start_link(attrs_d)  # type: ignore[misc]
        del context["links"][links:]  # nor is it an enclosure or an alternate
        if before is None:
            context.pop("link", None)
        else:
            context["link"] = before

    def _sync_author_detail(self, key: str = "author") -> None:
        # feedparser finds an e-mail address in an author with a regex that backtracks quadratically when there is
        # none: a 40 KB <author> took a minute, past the time budget (found by tests/test_fuzz.py). An author is
        # one line, cut to 500 characters when cleaned anyway.
        context = self._get_context()  # type: ignore[attr-defined]
        author = context.get(key)
        if isinstance(author, str) and len(author) > MAX_AUTHOR:
            context[key] = author = author[:MAX_AUTHOR]
        super()._sync_author_detail(key)  # type: ignore[misc]
        mend_author_detail(author, context.get(f"{key}_detail"))  # an address it cut short (feeds.mailbox)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # an absolute URI (http:, tag:, urn:): feedparser keeps it


def _relative_permalink(guid: str, says_link: bool) -> bool:
    """Whether a guid is clearly a relative address of its item's page: isPermaLink="true" written out, and a path
    ("/2026/12/story.html", "2026/12/x.html", "../x", "?p=12"). Without the attribute "/2026/path" is an id
    (tests/test_parse.py); "12345" is one either way; "www.example.com/x" is a host without its scheme."""
    if not says_link or not guid or _SCHEME.match(guid) or any(ch.isspace() for ch in guid):
        return False
    if guid.startswith(("/", "?")):
        return True
    first, slash, _ = guid.partition("/")
    return bool(slash) and ("." not in first or first in (".", ".."))


#: A piece that feedparser's loose parser keeps escaped: a reference to ``< > & " '`` (the strict one decodes it).
_KEPT_ESCAPE = re.compile(r"&(?:lt|gt|amp|quot|apos|#(?:34|38|39|60|62|x22|x26|x27|x3c|x3e));")


def _as_written(pieces: list[str | bytes]) -> str:
    """An element's text as the document says it, whichever parser read it: the loose one (a document that is
    not well-formed) hands a character reference such as ``&#1040;`` over as UTF-8 bytes and keeps ``&amp;`` as
    it is. Dropping the bytes made "post-&#1040;" and "post-&#1041;" one guid, so one story of the two was lost,
    and a feed's ids changed on the day its document broke."""
    text = "".join(
        p.decode("utf-8", "replace")
        if isinstance(p, bytes)
        else html.unescape(p)
        if _KEPT_ESCAPE.fullmatch(p)
        else p
        for p in pieces
    )
    return text.strip()


class _LooseParser(_Budget, DeclaredEntities, feedparser.api.LooseFeedParser):
    """feedparser's forgiving parser, within the budget."""


class _ContentParams(dict[str, Any]):
    """Content parameters: strings, None and a flag, so a shallow copy is a deep one. feedparser deep-copies
    them for every field it stores; ``copy.deepcopy`` walking the dict cost a twentieth of the parse."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(self)


class _StrictParser(_Budget, feedparser.api.StrictFeedParser):
    """feedparser's strict parser, keeping content parameters in a plain dict (see :class:`_ContentParams`).

    feedparser looks the current content type up several times per element through ``FeedParserDict``'s
    Python-level ``get``/``__getitem__`` and deep-copies it per field; a plain dict (same keys, same values)
    takes a quarter off the parse. ``push_content`` is feedparser 6.0's own, with ``dict`` for
    ``FeedParserDict``; tests compare our entries with ``feedparser.parse`` on real feeds to catch drift.
    """

    def __init__(self, baseuri: str, baselang: str | None, encoding: str) -> None:
        super().__init__(baseuri, baselang, encoding)
        self.contentparams: dict[str, Any] = {}
        self.lang: str | None
        self.decls: dict[str, str]
        # expat's name -> feedparser's tag name, learnt as they come (see _BufferedExpat)
        self.start_names: dict[str, str] = {}
        self.end_names: dict[str, str] = {}
        self.last_end = ""

    def unknown_endtag(self, tag: str) -> None:
        self.last_end = tag
        super().unknown_endtag(tag)

    def startPrefixMapping(self, prefix: str | None, uri: str) -> None:  # noqa: N802 - the SAX name
        # a new namespace can change what every later tag is called
        self.start_names.clear()
        self.end_names.clear()
        super().startPrefixMapping(prefix, uri)

    def push_content(
        self, tag: str, attrs_d: dict[str, str], default_content_type: str, expecting_text: int
    ) -> None:
        self.incontent += 1
        if self.lang:
            self.lang = self.lang.replace("_", "-")
        self.contentparams = _ContentParams(
            type=self.map_content_type(attrs_d.get("type", default_content_type)),
            language=self.lang,
            base=self.baseuri,
        )
        self.contentparams["base64"] = self._is_base64(attrs_d, self.contentparams)
        self.push(tag, expecting_text)


#: What expat says when the document ends before its root element does: a body cut short (an HTTP/1.0 answer or
#: one without Content-Length whose connection closed early, a proxy or a cache that kept part of the file).
_ENDED_EARLY = frozenset({"no element found", "unclosed token", "unclosed CDATA section"})


def _cut_short(problem: object) -> str:
    """The XML error, if it says the document ended early: the item open at its end is only a part of one, and
    was stored so (its text cut off mid-word, or missing) as if the feed had said nothing more."""
    message = problem.getMessage() if isinstance(problem, xml.sax.SAXParseException) else ""
    return message if message in _ENDED_EARLY else ""


def prepared(body: bytes, content_type: str, url: str) -> tuple[Any, bytes, dict[str, str], str]:
    """The result dict begun (headers, encoding, version, added_lines), the document as expat is to read it
    (UTF-8, DOCTYPE defused), feedparser's literal entities and the base address."""
    body = stray_bytes_read(declared_name_cleaned(wide_to_utf8(body)), content_type)
    result = feedparser.api.FeedParserDict(bozo=False, entries=[], feed=feedparser.api.FeedParserDict())
    result["headers"] = feed_headers(content_type, body, url)
    data = feedparser.encodings.convert_to_utf8(result["headers"], body, result)
    data, overlong = neutralised(data)
    if overlong:  # what follows it was not read: no feed is cut short there
        result["stopped"] = f"its DOCTYPE runs past {MAX_DOCTYPE // 1024} KB"
    result["version"], data, entities = feedparser.sanitizer.replace_doctype(data)
    # Lines the rewriting added before the document's own (feedparser's XML declaration, the DOCTYPE on a line
    # of its own), which an XML error's line number must lose: "line 2" of a one-line document.
    result["added_lines"] = data.count(b"\n") - body.count(b"\n")
    return result, data, entities, http_url(url)


def plain_rss(result: Any, data: bytes, entities: dict[str, str], base: str) -> dict[str, Any] | None:
    """What :mod:`feeds.rss_fast` reads of a prepared document (see :func:`prepared`): only a document
    feedparser would read with its strict parser, without a DOCTYPE; None if it declines."""
    if not result.get("encoding") or entities or result["version"]:
        return None
    return rss_fast.build(data, base)


def run_feedparser(body: bytes, content_type: str, url: str, *, fast: bool = True) -> Any:
    """feedparser's ``parse()`` for bytes, minus URL fetching, with a buffered expat and a defused DOCTYPE.

    A plain RSS 2.0 document is read by :mod:`feeds.rss_fast` instead, to the same result, in a fifth of the
    time; ``fast=False`` always takes feedparser's way (tests compare the two)."""
    result, data, entities, base = prepared(body, content_type, url)
    built = plain_rss(result, data, entities, base) if fast else None
    if built is not None:
        result.update(built)
        result["cut_short"] = False
        return result
    handler: Any = None
    stopped = cut_short = ""
    if result.get("encoding"):
        handler = _StrictParser(base, None, "utf-8")
        handler.start_budget()
        handler.resolve_relative_uris = handler.sanitize_html = False
        reader = _BufferedExpat()
        reader.setFeature(xml.sax.handler.feature_namespaces, 1)
        reader.setFeature(xml.sax.handler.feature_external_ges, 0)
        reader.setContentHandler(handler)
        reader.setErrorHandler(handler)
        source = xml.sax.xmlreader.InputSource()
        source.setByteStream(io.BytesIO(data))
        try:
            reader.parse(source)
        except _Enough as enough:
            stopped = str(enough)
        except xml.sax.SAXException as exc:
            result["bozo"], result["bozo_exception"] = True, handler.exc or exc
            cut_short = _cut_short(result["bozo_exception"])
            if not cut_short:
                handler = None
            # A document that ends early (a closed connection, or a body kept to the size cap) was read to its
            # end by expat: every item closed before the end is whole. The forgiving parser read it all again
            # for the same items, twice the time of a 10 MB body.
    if handler is None:  # not well-formed: feedparser's forgiving SGML-based parser salvages what it can
        handler = _LooseParser(base, None, "utf-8", entities)
        handler.resolve_relative_uris = handler.sanitize_html = False
        handler.start_budget()
        try:
            handler.feed(data.decode("utf-8", "replace"))
        except _Enough as enough:
            stopped = str(enough)
    entries = handler.entries
    if (stopped or cut_short) and handler.inentry:  # the last entry was not read to its end: drop it
        entries = entries[:-1]
    if stopped:
        result["stopped"] = stopped
    result["feed"], result["entries"], result["cut_short"] = handler.feeddata, entries, bool(cut_short)
    result["guid_not_link"] = handler.guid_not_link
    result["raw_guids"] = handler.raw_guids
    result["permalinks"] = handler.permalinks
    result["media_texts"] = handler.media_texts
    result["version"] = result["version"] or handler.version
    return result
