"""HTML -> plain text with paragraphs, list bullets and links kept; feed discovery in HTML pages.

This runs for every story of every refresh, so it is built for speed. A walk over the lexbor tree in Python
costs several microseconds per node (a wrapper object per step); instead, a few regular-expression passes over
the markup put control-character markers before the block tags (``<p>``, ``<li>``, ``<br>``, ...), lexbor
parses the marked markup once (entities, broken nesting, implied end tags, script/style), its C code collects
the text, and the markers become line breaks afterwards: well under 0.1 ms for a 2 KB description
(:mod:`feeds.html_blocks`). Most stories are paragraphs, links and emphasis, whose text is found without making a
lexbor document at all, which alone cost about 12 us (:mod:`feeds.html_plain`).

Hostile markup is bounded: at most :data:`MAX_HTML` characters are read, and elements nested deeper than
:data:`MAX_DEPTH` (which make HTML parsing quadratic) are turned into text by pattern instead. The worst case
is linear, about a second for a megabyte made of nothing but tags. Whatever text the feed sent is untrusted:
the result goes through :func:`feeds.text.clean_text`.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable
from typing import Any, overload
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from feeds.html_blocks import LINE, PARA, breaks, mark_blocks
from feeds.html_hidden import drop_hidden, may_hide
from feeds.html_lists import INDENT, ITEM, forged, items_joined, labelled, unforged
from feeds.html_media import media_words
from feeds.html_plain import plain_text
from feeds.text import MAX_TEXT, ascii_folded, clean_text, strip_unsafe

#: Markup beyond this many characters is not read: the text is capped far below it anyway (feeds.text.MAX_TEXT).
MAX_HTML = 1_000_000
#: The longest link we keep, in characters (browsers and servers commonly stop near 8 KB).
MAX_URL = 8192
# The markers (feeds.html_blocks) are control characters. Feed text cannot bring its own: they are removed from
# the markup first, and any that an entity makes (``&#1;``) only adds a line break.
_LINE, _PARA = LINE, PARA
_INDENT = INDENT  # a space inside <pre>, or before a nested list's item, which folding must keep
# What _INDENT becomes until the text is cleaned: printable and not whitespace, so neither the cleaning nor the
# folding of spaces touches it; it is made a space last. A braille blank in the feed's own text becomes a space too.
_KEPT_SPACE = "\u2800"
_KEPT_TRAILING = re.compile("\u2800+$", re.MULTILINE)
_HAS_PRE = re.compile(r"<pre[\s>]", re.IGNORECASE)

#: Elements whose content is never reading text.
_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "iframe",
    "template",
    "object",
    "embed",
    "svg",
    "math",
    "head",
    "title",
    "textarea",
    "select",
    "button",
    "audio",
    "video",
    "canvas",
    "noembed",
    "noframes",
]
_HAS_DROP = re.compile(r"<(?:" + "|".join(_DROP_TAGS) + r")[\s/>]", re.IGNORECASE)
_HAS_DROP_LOWER = re.compile(r"<(?:" + "|".join(_DROP_TAGS) + r")[\s/>]")  # the same, in lower-case ASCII
_HAS_TAG = re.compile(r"<[A-Za-z/!?]")
_HAS_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
#: Deeper nesting than this is parsed flat (see :func:`_too_deep`).
MAX_DEPTH = 1000
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_ANY_TAG = re.compile(r"<[^<>]*>")
#: Void elements and those the parser closes by itself (a new one closes the last): no nesting depth.
_FLAT_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rp",
    ]
)
_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
_HAS_A = re.compile(r"<a\s", re.IGNORECASE)
_HREF = re.compile(r"""<a\s(?:[^<>]*?\s)?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""", re.IGNORECASE)
_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "application/x.atom+xml",
        "application/x-atom+xml",
    }
)


#: Attributes read on one tag. lexbor checks every attribute against those before it on the tag, so parse time
#: grows with the square of their number: a 350 KB tag of 40,000 attributes took 9 s, a megabyte over a minute.
MAX_ATTRIBUTES = 200
_LONG_TAG = re.compile(r"<[A-Za-z][^\s<>/]*([^<>]{2000,})")  # group 1: a tag's attributes, when long
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")
_LONG_TAG_BYTES = re.compile(_LONG_TAG.pattern.encode())
_ATTRIBUTE_BYTES = re.compile(_ATTRIBUTE.pattern.encode())


@overload
def _fewer_attributes(markup: str) -> str: ...
@overload
def _fewer_attributes(markup: bytes) -> bytes: ...
def _fewer_attributes(markup: str | bytes) -> str | bytes:
    """``markup`` with every tag cut to its first :data:`MAX_ATTRIBUTES` attributes (only a long tag can have
    more: the pattern looks no further). A long ``src`` of inline data is one attribute, kept whole."""
    long_tag: Any = _LONG_TAG if isinstance(markup, str) else _LONG_TAG_BYTES
    attribute: Any = _ATTRIBUTE if isinstance(markup, str) else _ATTRIBUTE_BYTES
    if long_tag.search(markup) is None:
        return markup

    def cut(found: Any) -> Any:
        for n, attr in enumerate(attribute.finditer(found.string, found.start(1), found.end(1)), 1):
            if n == MAX_ATTRIBUTES:
                return found.string[found.start() : attr.end()]
        return found.group()

    cut_markup: str | bytes = long_tag.sub(cut, markup)
    return cut_markup


def _folded(text: str) -> str:
    """``" ".join(text.split())``: every run of whitespace one space, none at the ends. That makes a string per
    word, a sixth of the conversion's time, so ASCII text already folded (as HTML without line breaks in its
    source gives) is returned as it is, told by a search in C for each kind of whitespace but the space."""
    if text.isascii() and not text.startswith(" ") and not text.endswith(" ") and ascii_folded(text):
        return text
    return " ".join(text.split())


def http_url(href: str, base: str = "") -> str:
    """``href`` made absolute against ``base``; "" unless the result is an http(s) URL with a host.

    Links open only with http/https schemes, so ``javascript:``, ``data:``, ``file:`` and the like become "".
    A URL is untrusted text too: control characters, escape sequences and invisible characters are removed,
    and spaces are percent-encoded, so a link is always one safe line. A link longer than :data:`MAX_URL` is
    dropped (a cut URL would point somewhere else): a hostile feed could otherwise put megabytes in every header.
    """
    if len(href) > MAX_URL:
        return ""
    if not href.isprintable():  # rare: only then pay for a pass per character
        href = "".join(ch for ch in strip_unsafe(href) if ch.isprintable())
    href = href.strip()
    if " " in href:
        href = href.replace(" ", "%20")
    if not href:
        return ""
    if not _ABSOLUTE_HTTP.match(href):
        if not base:
            return ""
        try:
            href = urljoin(base, href)
        except ValueError:  # e.g. an invalid IPv6 literal
            return ""
        if not _ABSOLUTE_HTTP.match(href):
            return ""
    return href if len(href) <= MAX_URL else ""  # spaces made %20, or a long base, can pass the cap (fuzzing)


def plain_to_text(text: str) -> str:
    """A plain-text description: entities decoded if any, its own line breaks kept, then cleaned."""
    if "&" in text and _HAS_ENTITY.search(text):
        text = _html.unescape(text)
    return clean_text(text)


#: A picture or a file inlined as a ``data:`` address (an e-mail newsletter's images, a pasted screenshot): no text.
_DATA_URI = re.compile(r"\bdata:[\w.+-]{1,100}/[\w.+-]{1,100}[^\s\"'<>()]{256,}", re.IGNORECASE)
#: A tag or a character reference left unfinished at the end of the markup, by the cap (looked for in its tail).
_TAIL = 65_536
_UNFINISHED = re.compile(r"(?:<[/!?]?[A-Za-z][^<>]*|<[/!?]?|&#?[A-Za-z0-9]{0,32})\Z")


def _within_cap(html: str) -> str:
    """``html`` cut to :data:`MAX_HTML` characters, once the ``data:`` addresses that held most of them are gone.

    A story whose pictures are inlined (base64 in ``src="data:image/png;base64,..."``, as newsletters sent to a
    feed are) reaches the cap in its first picture: every word after it was lost ("Hello readers," and nothing
    more). And the cut can land inside a tag or a reference, whose start then showed as text ("</div", "&nbs")."""
    html = _DATA_URI.sub("data:", html)
    if len(html) <= MAX_HTML:
        return html
    html = html[:MAX_HTML]
    unfinished = _UNFINISHED.search(html, MAX_HTML - _TAIL)
    return html[: unfinished.start()] if unfinished else html


def html_to_text(html: str, base_url: str = "", *, low: str | None = None) -> tuple[str, list[str]]:
    """Turn an HTML fragment into clean plain text and the http(s) links it holds. ``low``: ``html.lower()``,
    when the caller has it.

    Block elements become line breaks, paragraphs a blank line, list items "• " ("1. " in an ordered list; the
    space a no-break one, :data:`~feeds.html_lists.LABEL_END`);
    script, style, embedded frames and media vanish (a story of nothing else says what they are, a line each:
    :mod:`feeds.html_media`); entities are decoded and whitespace folded. Text without tags is treated as plain
    text and keeps its own line breaks. Links are made absolute against ``base_url``, de-duplicated and kept in
    document order.
    """
    if not html:
        return "", []
    given = html
    if len(html) > MAX_HTML:
        html = _within_cap(html)
    if not _HAS_TAG.search(html):
        return plain_to_text(html), []
    if _LINE in html or _PARA in html or _INDENT in html or ITEM in html:
        html = html.replace(_LINE, "").replace(_PARA, "").replace(_INDENT, "").replace(ITEM, "")
    if html.count("<") > MAX_DEPTH and _too_deep(html):
        return _flat_text(html, base_url)
    low = low if low is not None and html is given else html.lower()
    markup = _fewer_attributes(html)
    marked = mark_blocks(markup, low if markup is html else None)
    # Told in C on the lower-case copy when the markup is ASCII; otherwise the pattern's own case-blind matching
    # decides, which takes more letters for ASCII ones than lower() gives back ("ſ" for "s", "K" for "k").
    hidden = (_HAS_DROP_LOWER.search(low) if html.isascii() else _HAS_DROP.search(html)) is not None
    hides = may_hide(html, low)
    plain = None if hidden or hides else plain_text(marked)  # most stories: no parser (feeds.html_plain)
    tree = None if plain is not None else LexborHTMLParser(marked, is_fragment=True)
    if hidden and tree is not None:
        tree.strip_tags(_DROP_TAGS, recursive=True)
    if hides and tree is not None and drop_hidden(tree):
        hidden = True  # a newsletter's preheader (feeds.html_hidden); its links go too
    links: list[str] = []
    if _HAS_A.search(html):
        if hidden or "<!--" in html:  # links in comments or scripts do not count: ask the parsed tree
            tree = LexborHTMLParser(marked, is_fragment=True) if tree is None else tree
            hrefs = [node.attributes.get("href") or "" for node in tree.css("a[href]")]
        else:  # the common case, several times faster than a CSS query and the same answer
            hrefs = [_html.unescape(a or b or c) for a, b, c in _HREF.findall(html)]
        links = _unique_links(hrefs, base_url)
    text = plain if plain is not None else (tree.text() if tree is not None else "") or ""
    if ITEM in text and forged(html):  # the feed's own "&#4;" would make a label: read without it
        return html_to_text(unforged(html), base_url)
    text = _folded(text)  # fold the source's whitespace; the markers are not whitespace
    indented = 0
    if _INDENT in text:  # a nested list's items, indented (feeds.html_lists): kept as <pre>'s spaces are
        text, indented = _NESTED_ITEM.subn(_kept_indent, text)
    text = breaks(items_joined(text.replace(" " + _LINE, _LINE).replace(" " + _PARA, _PARA)))
    pre = _INDENT in text and _HAS_PRE.search(html)  # not a "&#3;" from the feed: that goes as before
    if pre or indented:
        text = _kept_spaces(_clean_folded(text.replace(_INDENT, _KEPT_SPACE) if pre else text))
        return labelled(text), links
    text = labelled(_clean_folded(text))
    if not text and (hidden or "<img" in low):  # what its pictures, videos and frames are
        text = media_words(html, base_url)
    return text, links


#: The indent of a nested list's item: after a break, before the item's label and its end (a feed's "&#3;" is none).
_NESTED_ITEM = re.compile("(?<=[\x01\x02])\x03++(?=[^\x01\x02\x03\x04 ]{1,24}\x04)")


def _kept_indent(found: re.Match[str]) -> str:
    return _KEPT_SPACE * len(found.group())


def _kept_spaces(text: str) -> str:
    """The spaces of ``<pre>`` back as spaces, once the text is cleaned, but for those that end a line."""
    text = _KEPT_TRAILING.sub("", text).replace(_KEPT_SPACE, " ")
    if "\n\n\n" in text:  # around a line that was nothing but them
        text = re.sub("\n\n\n+", "\n\n", text)
    return text.strip("\n")


def _clean_folded(text: str) -> str:
    """:func:`clean_text` for text whose whitespace is already folded and whose lines are already trimmed (what
    html_to_text makes): when nothing unsafe is in it, folding each line again would change nothing, so it is
    skipped - a sixth of the conversion's time. Otherwise (or when too long) the full cleaning runs."""
    if len(text) > MAX_TEXT or strip_unsafe(text) is not text:
        return clean_text(text)
    if "\n\n\n" in text:
        return clean_text(text)
    return text.strip()


def _too_deep(html: str) -> bool:
    """Whether elements nest deeper than :data:`MAX_DEPTH` (an upper estimate: tags that close themselves or
    are closed implicitly do not count). The HTML parsing algorithm checks the stack of open elements for
    every block tag, so parse time grows with the square of the depth: 20,000 nested ``<div>`` take lexbor
    seconds, 200,000 take minutes. No real article nests a thousand deep; a hostile feed does.
    """
    depth = peak = 0
    for closing, name in _TAG_NAME.findall(html):
        name = name.lower()
        if name in _FLAT_TAGS:
            continue
        if closing:
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            peak = max(peak, depth)
    return peak > MAX_DEPTH


def _flat_text(html: str, base_url: str) -> tuple[str, list[str]]:
    """Text of HTML too deep to parse in reasonable time: tags cut out by pattern, line breaks kept.

    Less exact than the parser (the text of a script or a comment can show), but linear in the input and
    still cleaned like any other text.
    """
    text = _html.unescape(_ANY_TAG.sub(" ", mark_blocks(unforged(html)))).replace(_INDENT, " ")
    text = " ".join(text.split())
    text = breaks(items_joined(text.replace(" " + _LINE, _LINE).replace(" " + _PARA, _PARA)))
    return labelled(clean_text(text)), _unique_links(
        (_html.unescape(a or b or c) for a, b, c in _HREF.findall(html)), base_url
    )


#: Links kept per story, in document order. A link roundup has a few hundred; a hostile story had 23,000 (a
#: megabyte of anchors), each a line under its text and an option of the links list (u), which took seconds to
#: open and made every page of the story slow.
MAX_LINKS = 500


def _unique_links(hrefs: Iterable[str], base_url: str) -> list[str]:
    """The http(s) links among ``hrefs``, absolute, each once, in order; at most :data:`MAX_LINKS`."""
    seen: set[str] = set()
    links: list[str] = []
    for href in hrefs:
        link = http_url(href, base_url)
        if link and link not in seen:
            seen.add(link)
            links.append(link)
            if len(links) == MAX_LINKS:
                break
    return links


def unescape_entities(value: str) -> str:
    """Entities decoded, nothing else: for text that is not markup but may carry ``&amp;`` or ``&eacute;``."""
    if "&" in value and _HAS_ENTITY.search(value):
        return _html.unescape(value)
    return value


def inline_to_text(value: str) -> str:
    """Markup that belongs on one line (a title): tags dropped, entities decoded; the caller folds it."""
    if "<" in value and _HAS_TAG.search(value):
        return html_to_text(value)[0]
    if "&" in value and _HAS_ENTITY.search(value):
        return _html.unescape(value)
    return value


#: The most feeds one page is taken to advertise (a site's, its comments', a section's; `add` tries the first 5).
MAX_DISCOVERED = 50


def discover_feeds(html: bytes | str, base_url: str) -> list[str]:
    """The feeds an HTML page advertises: ``<link rel="alternate" type="application/rss+xml" href=...>``.

    RSS, Atom, RDF and JSON Feed types count. Hrefs are made absolute against the page's ``<base href>`` (if
    any) or ``base_url``; only http(s) links are kept, de-duplicated, in document order, the first
    :data:`MAX_DISCOVERED` of them. Never raises. Each was looked for in a list of all before it, and every one
    was kept: `newsdesk add` of a page naming 50,000 feeds took 20 s of CPU before it tried the first.
    """
    try:
        tree = LexborHTMLParser(_fewer_attributes(html))
        base = base_url
        base_node = tree.css_first("base[href]")
        if base_node is not None:
            base = http_url(base_node.attributes.get("href") or "", base_url) or base_url
        found: dict[str, None] = {}
        for node in tree.css("link[href]"):
            attrs = node.attributes
            rel = (attrs.get("rel") or "").lower().split()
            kind = (attrs.get("type") or "").split(";")[0].strip().lower()
            if "alternate" not in rel or kind not in _FEED_TYPES:
                continue
            url = http_url(attrs.get("href") or "", base)
            if url:
                found[url] = None
                if len(found) == MAX_DISCOVERED:
                    break
        return list(found)
    except Exception:  # noqa: BLE001 - discovery is a hint; a broken page just advertises nothing
        return []
