"""OPML import and export: the subscription list other readers speak.

Import reads OPML 1.0/2.0: every outline with an ``xmlUrl`` is a feed; the titles of the outlines it sits in
become its tags ("World" > "Europe" gives the tags "World" and "Europe"); a feed outline that holds outlines is a
folder for them too. A feed listed in several folders (Feedly and Inoreader write it once in each) is one feed with
the tags of all of them. A file that is not well-formed OPML is refused whole, with the reason and position, before
anything is added. Export writes OPML 2.0 with one level of folders, a feed once in the folder of each of its tags
(as Feedly writes it), which is what most readers import; every tag is also kept in a ``category`` attribute, and
when that cannot say them exactly (a tag holding a comma, or the first folder not the first tag) in a
``newsdesk:tags`` attribute too, so that a round trip through newsdesk keeps them all as they were.
"""

from __future__ import annotations

import html
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

from .model import Feed
from .paths import expand_user
from .text import MAX_TAGS, unique_tags


class OPMLError(ValueError):
    """The file is not OPML we can read; nothing was imported."""


class UnreadableFile(OPMLError):
    """The file could not be read at all; the message names it ("cannot read subs.opml: ...")."""


@dataclass(frozen=True, slots=True)
class OPMLFeed:
    url: str
    title: str
    tags: tuple[str, ...]
    site_url: str = ""
    #: How many outlines of the file name this feed (Feedly and Inoreader write a feed once per folder it is in).
    listed: int = 1


#: The namespace of our own outline attribute, ``newsdesk:tags``: a feed's tags as a JSON list of strings.
#: ``category`` separates tags with commas and has no escape, so a tag "Energy, Climate" came back as two tags;
#: other readers ignore the attribute (OPML 2.0 allows namespaced ones) and read ``category`` as before.
NEWSDESK_NS = "urn:newsdesk:opml"
_TAGS = f"{{{NEWSDESK_NS}}}tags"
ET.register_namespace("newsdesk", NEWSDESK_NS)

#: The largest subscription list read. Only this much (and a byte) is ever read: `import /dev/zero`, or a huge file
#: given by mistake, filled the memory before the size was looked at.
MAX_OPML = 20 * 2**20
# MAX_TAGS (feeds.text, the store's cap): the most tags an imported feed gets, its folders outermost first, then
# its categories.


#: The first 16 bytes of every SQLite 3 database: newsboat's cache.db, which `import` takes too.
SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite(path: Path) -> bool:
    """Whether ``path`` is an SQLite database, by its first bytes (what it holds, not what it is called)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def parse_opml(data: bytes) -> list[OPMLFeed]:
    """The feeds of an OPML document (or of a newsboat urls file), in document order, without duplicate URLs."""
    if len(data) > MAX_OPML:
        raise OPMLError("the file is larger than 20 MB; it is not a subscription list")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(SQLITE_HEADER):  # newsboat's cache.db, piped: SQLite reads a file, not a pipe
        raise OPMLError("an SQLite file (newsboat's cache.db?) is read from its file: give its name, not -")
    if not head.startswith(b"<"):  # newsboat's urls file: plain text, a feed a line
        from .newsboat_urls import looks_like_urls, parse_urls

        plain = head.decode("utf-8", "replace")
        if looks_like_urls(plain):
            return parse_urls(plain)
    if (
        b"<!ENTITY" in data
    ):  # no document type tricks (entity expansion, external files) in a subscription list
        raise OPMLError("the file declares XML entities, which OPML does not use; refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        text = _windows_text(data)
        try:
            if text is None:
                raise exc from None
            root = ET.fromstring(text)
        except ET.ParseError as last:
            line, col = last.position
            raise OPMLError(f"not well-formed XML at line {line}, column {col + 1}") from None
    if root.tag.lower() != "opml":
        raise OPMLError(f"not an OPML file (its root element is <{root.tag}>)")
    body = root.find("body")
    if body is None:
        raise OPMLError("the OPML file has no <body>")
    found: dict[str, OPMLFeed] = {}
    walked = list(_outlines(body))
    # The folders with a comma in their names each feed is in, wherever in the file: a feed in "Energy, Climate"
    # and in "Tech" lists both in ``category`` in each copy, and the copy in "Tech" split the other's name.
    in_named: dict[str, set[str]] = {}
    for _, url, _, folders in walked:
        if url and any("," in f for f in folders):
            in_named.setdefault(url, set()).update(f for f in folders if "," in f)
    for outline, url, title, folders in walked:
        if url and (outline.get("type") or "rss").lower() not in ("link", "include"):
            exact = _exact_tags(outline.get(_TAGS))
            named = folders + tuple(sorted(in_named.get(url, ())))
            extra = exact if exact is not None else _categories(outline.get("category") or "", named)
            tags = unique_tags(folders + extra)[:MAX_TAGS]
            if exact is not None and len(unique_tags(exact + folders)) == len(unique_tags(exact)):
                # our export's exact list names the folders: in its order
                tags = unique_tags(exact)[:MAX_TAGS]
            if url not in found:
                found[url] = OPMLFeed(url, title, tags, _once((outline.get("htmlUrl") or "").strip()))
            else:  # one feed in two folders: it is in both (the second folder's tag was dropped in silence)
                found[url] = merged(found[url], tags)
    return list(found.values())


def _outlines(body: ET.Element) -> Iterator[tuple[ET.Element, str, str, tuple[str, ...]]]:
    """Every outline of ``body``: itself, its feed's address ("" for none), its title, and the titles of the
    outlines it is in (its folders). Depth first, in document order, with a stack of our own: folders nest as deep
    as a file likes, and recursion stopped at Python's limit of 1,000 levels (RecursionError)."""
    stack: list[tuple[Iterator[ET.Element], tuple[str, ...]]] = [(iter(body.findall("outline")), ())]
    while stack:
        outlines, folders = stack[-1]
        outline = next(outlines, None)
        if outline is None:
            stack.pop()
            continue
        url = _once((outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url") or "").strip())
        # Titles escaped twice ("News &amp;amp; Views") are common in exports: the XML parser undoes one escape,
        # and the feed list showed "News &amp; Views" for good, as a subscription's title is kept over the feed's.
        title = (outline.get("title") or outline.get("text") or "").strip()
        if "&" in title:
            title = html.unescape(title)
        yield outline, url, title, folders
        # A feed outline may hold outlines too (some readers nest a feed's related feeds in it): they were lost.
        # Its title is a folder for them, as a plain folder's is.
        children = outline.findall("outline")
        if children:
            deeper = title and len(folders) < MAX_TAGS  # past that, a folder's title adds no tag
            stack.append((iter(children), folders + (title,) if deeper else folders))


def merged(first: OPMLFeed, tags: tuple[str, ...], listed: int = 1) -> OPMLFeed:
    """``first`` listed again (``listed`` more times) with ``tags``: one feed, carrying the tags of both."""
    both = unique_tags(first.tags + tags)[:MAX_TAGS]
    return OPMLFeed(first.url, first.title, both, first.site_url, first.listed + listed)


def _once(url: str) -> str:
    """An address escaped twice, as its titles were (``?a=1&amp;amp;b=2``), read once: the server read a parameter
    named ``amp;b``. Only ``&amp;`` is undone: a full HTML unescape makes ``&copy=1`` "©=1"."""
    return url.replace("&amp;", "&") if "&amp;" in url else url


def _exact_tags(value: str | None) -> tuple[str, ...] | None:
    """The tags a ``newsdesk:tags`` attribute lists, or None when there is none or it is not a JSON list of
    strings (then ``category`` is read)."""
    if not value:
        return None
    try:
        tags = json.loads(value)
    except ValueError:
        return None
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return None
    return tuple(t.strip() for t in tags if t.strip())


def _categories(category: str, folders: tuple[str, ...]) -> tuple[str, ...]:
    """The tags of a ``category`` attribute (comma-separated). A folder's name that holds a comma ("News,
    Politics") is taken whole where the list names it: an export lists the folder's tag there too, and split, it
    came back as two more tags ("News", "Politics") from every backup. ``folders``: the folders the outline, or
    another copy of its feed, is in."""
    pieces = [p.strip() for p in category.split(",", MAX_TAGS * 4)[: MAX_TAGS * 4]]
    for name in sorted({f for f in folders if "," in f}, key=len, reverse=True):
        parts = [p.strip() for p in name.split(",")]
        for start in range(len(pieces) - len(parts) + 1):
            if pieces[start : start + len(parts)] == parts:
                pieces[start : start + len(parts)] = ["\0" + name]  # the folder's name, whole
                break
    return tuple(t[1:] if t.startswith("\0") else t.strip("/") for t in pieces if t.strip("/\0"))


_DECLARED = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def _windows_text(data: bytes) -> str | None:
    """The document read as Windows-1252, if it is not UTF-8 though it says it is (or says nothing, and XML then
    means UTF-8): older readers on Windows wrote their exports so, and one "Café" refused the whole file."""
    declared = _DECLARED.match(data)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return None  # another encoding was declared: expat read it as declared
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")
    return None  # UTF-8 that is not well-formed: the error stands


def read_opml(path: Path) -> list[OPMLFeed]:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_OPML + 1)
    except OSError as exc:
        raise UnreadableFile(f"cannot read {path}: {exc.strerror}") from None
    return parse_opml(data)


def export_opml(feeds: list[Feed]) -> bytes:
    """OPML 2.0: a feed once in the folder of each of its tags (as Feedly and Inoreader write it; a feed without
    tags at the top level), every copy alike, all its tags in ``category``. Only the first tag's folder was
    written, so a feed tagged "Tech" and "News" came back, in Feedly or in newsdesk, in Tech alone."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "newsdesk subscriptions"
    ET.SubElement(head, "dateCreated").text = formatdate(time.time(), usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}  # by the tag's case-folded name, as the store tells tags apart
    for feed in feeds:
        for tag in feed.tags:
            if tag.casefold() not in folders:
                folders[tag.casefold()] = ET.SubElement(
                    body, "outline", text=_xml_text(tag), title=_xml_text(tag)
                )
    order = {key: n for n, key in enumerate(folders)}
    for feed in feeds:
        name = _xml_text(feed.name)
        attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": _xml_address(feed.url)}
        if feed.site_url:
            attrs["htmlUrl"] = _xml_address(feed.site_url)
        if not feed.tags:
            ET.SubElement(body, "outline", attrs)
            continue
        tags = [_xml_text(t) for t in feed.tags]
        attrs["category"] = ",".join(tags)
        # Each copy is read with its folder's tag first and that folder's name whole in ``category`` (the others'
        # split at their commas); the first copy in the file, which need not be the first tag's, gives the order.
        # When the copies would not give the tags back as they are, in their order, the exact list is written too.
        first = min(feed.tags, key=lambda t: order[t.casefold()])
        if not all(_category_keeps(_xml_text(t), tags, ordered=t == first) for t in feed.tags):
            attrs[_TAGS] = json.dumps(tags, ensure_ascii=False)
        for key in dict.fromkeys(t.casefold() for t in feed.tags):
            ET.SubElement(folders[key], "outline", attrs)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _category_keeps(folder: str, tags: list[str], *, ordered: bool) -> bool:
    """Whether an import reads ``tags`` back from ``folder`` and ``category``, in their order if ``ordered``
    (the copy read first), else as the same tags (a later copy only adds the ones missing)."""
    read_back = unique_tags((folder, *_categories(",".join(tags), (folder,))))
    if ordered:
        return list(read_back) == list(unique_tags(tags))
    return {t.casefold() for t in read_back} == {t.casefold() for t in tags if t}


# What XML 1.0 cannot hold (ElementTree writes it anyway, and the file is then not XML): most C0 controls, lone
# surrogates, U+FFFE and U+FFFF. A local feed file's name may hold an escape; a JSON Feed's title a U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _xml_address(url: str) -> str:
    """``url`` as XML can hold it, naming the same feed: a local path as a ``file:`` URL, else percent-encoded."""
    if not _NOT_XML.search(url):
        return url
    from urllib.parse import quote
    from urllib.request import pathname2url

    if url.startswith(("/", "~")):
        return "file://" + pathname2url(str(expand_user(url)))
    return _NOT_XML.sub(lambda m: quote(m.group().encode("utf-8", "surrogatepass"), safe=""), url)
