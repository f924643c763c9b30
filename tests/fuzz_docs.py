"""Hypothesis strategies for hostile feed documents: RSS, Atom, RDF and JSON Feed built from hostile text.

The text mixes ordinary words with what hurts a terminal reader (escape sequences, C0/C1 controls, bidi and
zero-width characters, Textual markup and actions), what hurts a parser (entities, character references to
surrogates and past U+10FFFF, CDATA ends, stray tags, lone surrogates that make invalid UTF-8), huge and empty
fields, dates that are wrong in every way, and odd nesting (items inside items, repeated or missing elements,
wrong JSON types). A document is built as bytes exactly as a server would send it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import strategies as st

PIECES = [
    "\x1b]52;c;cm0gLXJmIC8=\x07", "\x1b]8;;https://evil.example/\x1b\\", "\x1b[31m", "\x1b[2J", "\x1b", "\x1bP",
    "\x9b", "\x9d", "\x90", "\x9c", "\x85", "\x07", "\x00", "\x08", "\x7f", "\r\n", "\r", "\u2028", "\u202e",
    "\u2066", "\u200b", "\u200d", "\ufeff", "\U000e0041", "[@click=app.quit]", "[bold]", "[/]", "[/bold]",
    "[link=https://evil.example]", "[", "]", "\\[", "<b>", "</b>", "<p>", "</p>", "<br/>", "<script>x()</script>",
    "<a href='javascript:alert(1)'>js</a>", '<a href="http://e.example/a b">l</a>', '<img src="x.png"/>',
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&bogus;", "&#x1b;", "&#27;", "&#xD800;", "&#56320;",
    "&#x110000;", "&#99999999999999999999;", "&#0;", "&#x85;", "&", "<", "]]>", "<![CDATA[", "<!--", "-->",
    "<?pi?>", "\t", "\n", "\n\n\n", "   ", "漢字", "👩\u200d👩\u200d👧", "e\u0301", "\U0001f600", "ﷺ", "\\", '"',
    "'", "{", "}", "\ud800", "\udc00", "Ωmega", "word ", "news ",
]  # fmt: skip

hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=10).map("".join)
huge = st.builds(
    lambda piece, n: piece * n, st.sampled_from(["x", "ab ", "[b]", "\x1b[", "<i>", "&amp;", "\u202e"]),
    st.integers(500, 40_000),
)  # fmt: skip
text = st.one_of(hostile, hostile, hostile, st.just(""))
urls = st.one_of(
    st.sampled_from(["http://e.example/a", "https://e.example/b?q=1&r=2", "/relative/path", "javascript:x()",
                     "data:text/html,x", "file:///etc/passwd", "http://[::1", "", "https://e.example/" + "p" * 9000]),
    hostile,
)  # fmt: skip
dates = st.one_of(
    st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.sampled_from(["", "garbage", "Fri, 31 Dec 9999 23:59:59 GMT", "0000-00-00T00:00:00Z", "2026-13-45",
                     "-1", "1e308", "Mon, 01 Jan 1900 00:00:00 +9999", "9999-12-31T23:59:59+14:00", "1970-01-01",
                     "2026-01-01T00:00:00", "Thu, 01 Jan 1970 00:00:00 GMT", "2038-01-19T03:14:08Z"]),
    hostile,
)  # fmt: skip


@dataclass
class Item:
    title: str
    body: str
    link: str
    guid: str
    author: str
    date: str
    nest: bool = False  # another item nested inside this one


@dataclass
class Doc:
    kind: str  # rss, atom, rdf, json
    title: str
    items: list[Item]
    mode: str  # how text goes into XML: escape, cdata, raw
    extra: dict[str, Any] = field(default_factory=dict)  # JSON only: wrong-typed fields
    huge: tuple[str, str] = ("", "")  # (field, value): one huge field per document, where it hurts most

    @property
    def content_type(self) -> str:
        return {"json": "application/feed+json", "atom": "application/atom+xml"}.get(
            self.kind, "application/rss+xml"
        )


items = st.builds(Item, text, text, urls, st.one_of(st.just(""), hostile, urls), text, dates, st.booleans())
wrong_types: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    st.sampled_from(["title", "items", "home_page_url", "author", "authors", "version"]),
    st.one_of(st.integers(), st.none(), st.floats(), st.lists(st.integers(), max_size=2), st.just({"x": []})),
    max_size=2,
)
docs = st.builds(
    Doc,
    st.sampled_from(["rss", "atom", "rdf", "json"]),
    text,
    st.lists(items, max_size=6),
    st.sampled_from(["escape", "escape", "cdata", "raw"]),
    st.one_of(st.just({}), wrong_types),
    st.one_of(
        st.just(("", "")), st.just(("", "")),
        st.tuples(st.sampled_from(["feed", "title", "body", "author", "guid", "link", "date"]), huge),
    ),
)  # fmt: skip


def _xml(value: str, mode: str) -> str:
    if mode == "cdata":
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    if mode == "raw":
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rss_item(item: Item, mode: str, tag: str = "item") -> str:
    inner = "" if not item.nest else _rss_item(Item(item.body, item.title, "", "", "", ""), mode)
    return (
        f"<{tag}><title>{_xml(item.title, mode)}</title><link>{_xml(item.link, 'escape')}</link>"
        f"<guid>{_xml(item.guid, mode)}</guid><author>{_xml(item.author, mode)}</author>"
        f"<pubDate>{_xml(item.date, 'escape')}</pubDate><description>{_xml(item.body, mode)}</description>"
        f"{inner}</{tag}>"
    )


def _atom_entry(item: Item, mode: str) -> str:
    kind = "html" if mode != "raw" else "xhtml"
    inner = "" if not item.nest else _atom_entry(Item(item.body, item.title, "", "", "", ""), mode)
    return (
        f'<entry><title type="{kind}">{_xml(item.title, mode)}</title>'
        f'<link href="{_xml(item.link, "escape").replace(chr(34), "&quot;")}"/>'
        f"<id>{_xml(item.guid, mode)}</id><author><name>{_xml(item.author, mode)}</name></author>"
        f"<updated>{_xml(item.date, 'escape')}</updated><published>{_xml(item.date, 'escape')}</published>"
        f'<content type="{kind}">{_xml(item.body, mode)}</content>{inner}</entry>'
    )


def build(doc: Doc) -> bytes:
    """The document's bytes (UTF-8; lone surrogates pass through as the invalid bytes a broken server sends)."""
    where, value = doc.huge
    if where == "feed":
        doc = replace(doc, title=value, huge=("", ""))
    elif where and doc.items:
        changed: dict[str, Any] = {where: value}
        doc = replace(doc, items=[replace(doc.items[0], **changed), *doc.items[1:]], huge=("", ""))
    if doc.kind == "json":
        body: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": doc.title,
            "home_page_url": "https://e.example/",
            "items": [
                {
                    "id": i.guid, "url": i.link, "title": i.title, "content_html": i.body if i.nest else "",
                    "content_text": "" if i.nest else i.body, "summary": i.title[:50],
                    "date_published": i.date, "date_modified": i.date, "authors": [{"name": i.author}],
                }
                for i in doc.items
            ],
        }  # fmt: skip
        body.update(doc.extra)
        return json.dumps(body, ensure_ascii=len(doc.items) % 2 == 0).encode("utf-8", "surrogatepass")
    if doc.kind == "atom":
        entries = "".join(_atom_entry(i, doc.mode) for i in doc.items)
        xml = (
            f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{_xml(doc.title, doc.mode)}</title>{entries}</feed>"
        )
    elif doc.kind == "rdf":
        entries = "".join(_rss_item(i, doc.mode) for i in doc.items)
        xml = (
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/"><channel><title>{_xml(doc.title, doc.mode)}</title></channel>'
            f"{entries}</rdf:RDF>"
        )
    else:
        entries = "".join(_rss_item(i, doc.mode) for i in doc.items)
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{_xml(doc.title, doc.mode)}</title><link>https://e.example/</link>{entries}</channel></rss>"
        )
    return xml.encode("utf-8", "surrogatepass")
