"""Bookmarks leave the reader: a Markdown reading list, a lossless JSON file, and the HTML that browsers import.

Plain functions of :class:`~feeds.model.Bookmark` lists (newest first, as :meth:`Store.bookmarks` gives them), so
the reader, the command line and the tests share one implementation. Only JSON comes back in
(:func:`from_json`): it carries every field of the bookmark and its story, so an export imported into a fresh
store gives the same bookmarks. It also names each bookmark's feed by address (its login left out), so an import
into another data folder subscribed to that feed links the bookmark to it (:func:`relink`): feed ids are a
folder's own. An export without addresses (older versions) imports as before. Markdown and HTML are for people
and browsers, not for round trips: they name the feed by its title only.

Feed text is untrusted. Markdown output escapes the characters that would turn a title into markup or a link, and
only http/https links become Markdown links; HTML output escapes every value.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from feeds.dates import utc_day

from .addresses import address_key
from .model import Bookmark, Feed, Story
from .text import clean_line, clean_text, narrow_emoji, quoted, without_login

FORMAT = "newsdesk-bookmarks"
FORMAT_VERSION = 1
EXPORT_FORMATS = ("md", "json", "html")

MAX_URL = 8192  #: links are kept whole up to this length (titles are cut at 500 characters)
#: The largest bookmark export read (each bookmark keeps its whole story, at most 200,000 characters). Only this
#: much (and a byte) is ever read: `--import /dev/zero` filled the memory before anything was looked at.
MAX_IMPORT = 256 * 2**20
_TAG_SPLIT = re.compile(r"[,\s]+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


class BookmarkFileError(ValueError):
    """An import file that is not a newsdesk bookmark export, said in words a user can act on."""


def parse_tags(text: str | Iterable[str]) -> tuple[str, ...]:
    """Tags from what a user typed: comma or space separated, cleaned, without duplicates (first spelling wins,
    case-insensitively), in the order given. A leading ``#`` is dropped, so ``#climate`` and ``climate`` agree."""
    pieces = (
        _TAG_SPLIT.split(text) if isinstance(text, str) else [p for t in text for p in _TAG_SPLIT.split(t)]
    )
    seen: dict[str, str] = {}
    for piece in pieces:
        tag = clean_line(piece).lstrip("#")
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


def with_tag(marks: Sequence[Bookmark], tag: str | None) -> list[Bookmark]:
    """The bookmarks carrying ``tag`` (case-insensitive); all of them when ``tag`` is None or empty."""
    if not tag:
        return list(marks)
    want = tag.casefold().lstrip("#")
    return [m for m in marks if any(t.casefold() == want for t in m.tags)]


def all_tags(marks: Iterable[Bookmark]) -> list[tuple[str, int]]:
    """Every tag in use with how many bookmarks carry it, alphabetical (case-insensitive)."""
    counts: dict[str, tuple[str, int]] = {}
    for mark in marks:
        for tag in mark.tags:
            spelling, n = counts.get(tag.casefold(), (tag, 0))
            counts[tag.casefold()] = (spelling, n + 1)
    return [counts[k] for k in sorted(counts)]


def _date(ts: float) -> str:
    """A story's day; 0.0 is 1970-01-01 (every story has a date: its own, or when it was first seen)."""
    return utc_day(ts)


def _md(text: str) -> str:
    """Plain text made inert in Markdown: one line, markup characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", clean_line(text))


def _http(url: str) -> str:
    """The link, cleaned, if it is http(s) (the only schemes newsdesk opens); else ""."""
    url = clean_line(url, MAX_URL)
    return url if url.lower().startswith(("http://", "https://")) else ""


def _md_link(url: str) -> str:
    """The link if it can sit in a Markdown ``<...>`` destination: http(s), no angle brackets or spaces."""
    url = _http(url)
    return "" if any(c in url for c in "<> ") else url


# -- Markdown ----------------------------------------------------------------------------------------------------
def to_markdown(marks: Sequence[Bookmark]) -> str:
    """A reading list: per bookmark its title (linked), feed, author, date, tags and note."""
    lines = ["# Reading list", ""]
    for mark in marks:
        story = mark.story
        name = _md(story.title or "(untitled)")
        link = _md_link(story.link)
        lines.append(f"- [{name}](<{link}>)" if link else f"- {name}")
        if story.link and not link:
            lines.append(f"  Link: `{clean_line(story.link, MAX_URL).replace('`', '')}`")
        # The byline as the story view gives it: a reading list for an article cites the outlet and the author.
        meta = [_md(m) for m in (mark.feed_title, story.author, _date(story.published)) if m.strip()]
        if meta:
            lines.append("  " + " · ".join(meta))
        if mark.tags:
            lines.append("  Tags: " + ", ".join(_md(t) for t in mark.tags))
        for para in clean_text(mark.note).splitlines():
            if para.strip():
                lines.append("  > " + _md(para))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# -- JSON --------------------------------------------------------------------------------------------------------
def to_json(marks: Sequence[Bookmark], *, now: float | None = None) -> str:
    """Every field of each bookmark and its story, with the format name and version; :func:`from_json` reads it."""
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported": time.time() if now is None else now,
        "bookmarks": [_exported(m) for m in marks],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _exported(mark: Bookmark) -> dict[str, Any]:
    """A bookmark as the export holds it: the feed's address without a login (an export is shared as a reading
    list, and a feed's password or token must not travel with it; :func:`relink` matches without one)."""
    doc = mark.to_dict()
    doc["feed_url"] = without_login(mark.feed_url)
    return doc


def with_feed_urls(marks: Sequence[Bookmark], urls: Mapping[str, str]) -> list[Bookmark]:
    """``marks`` with the address of their story's feed (``urls``: feed id -> address, the subscriptions) where
    it is still subscribed: bookmarks saved before bookmarks kept it have none, and an export needs it."""
    return [
        replace(m, feed_url=url) if (url := urls.get(m.story.feed_id, m.feed_url)) != m.feed_url else m
        for m in marks
    ]


def _login_free_key(url: str) -> str:
    return without_login(address_key(url))


def relink(marks: Iterable[Bookmark], feeds: Iterable[Feed]) -> list[Bookmark]:
    """Imported ``marks`` whose feed address is a subscription's (:func:`~feeds.addresses.address_key`, the
    login aside) given that subscription's feed id, so they show as subscribed. Feed ids are a data folder's own:
    a bookmark moved between folders kept the id of the folder it came from and read "(no longer subscribed)"
    beside its own feed. A bookmark without an address (an older export) stays as it is."""
    by_key: dict[str, Feed] = {}
    for feed in feeds:
        by_key.setdefault(_login_free_key(feed.url), feed)
    out: list[Bookmark] = []
    for mark in marks:
        found = by_key.get(_login_free_key(mark.feed_url)) if mark.feed_url else None
        if found is not None and mark.story.feed_id != found.id:
            mark = replace(mark, story=replace(mark.story, feed_id=found.id), feed_url=found.url)
        out.append(mark)
    return out


def _clean_story(story: Story) -> Story:
    """An imported story is untrusted input like any feed: clean its text fields again."""
    return replace(
        story,
        title=clean_line(story.title),
        link=clean_line(story.link, MAX_URL),
        author=clean_line(story.author),
        text=narrow_emoji(clean_text(story.text)),
        links=tuple(clean_line(u, MAX_URL) for u in story.links),
    )


def from_json(data: str | bytes) -> list[Bookmark]:
    """Bookmarks from a :func:`to_json` export. Raises :class:`BookmarkFileError` for anything else."""
    if len(data) > MAX_IMPORT:
        raise BookmarkFileError(
            f"the file is larger than {MAX_IMPORT // 2**20} MB; it is not a bookmark export"
        )
    try:
        doc: Any = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BookmarkFileError(f"not a JSON file ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BookmarkFileError('not a newsdesk bookmark export (no "format": "newsdesk-bookmarks")')
    version = _version(doc)
    if version > FORMAT_VERSION:
        raise BookmarkFileError(f"bookmark export version {version!r} is newer than this newsdesk reads")
    items = doc.get("bookmarks")
    if not isinstance(items, list):
        raise BookmarkFileError("the export has no list of bookmarks")
    marks: list[Bookmark] = []
    for n, item in enumerate(items, 1):
        try:  # cleaning inside: a field of the wrong type (a number for a title or a tag) is damage too
            mark = _usable_id(Bookmark.from_dict(item), n)
            _check_times(mark)
            mark = replace(
                mark,
                story=_clean_story(mark.story),
                feed_title=clean_line(mark.feed_title),
                feed_url=clean_line(mark.feed_url, MAX_URL),
                note=narrow_emoji(clean_text(mark.note)),
                tags=parse_tags(mark.tags),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            if isinstance(exc, BookmarkFileError):
                raise
            raise BookmarkFileError(f"bookmark {n} is damaged ({exc.__class__.__name__}: {exc})") from exc
        marks.append(mark)
    return marks


def _version(doc: dict[str, Any]) -> int:
    """The export's format version. One left out or written as text (a file put together by hand or by a script)
    was called "version None is newer than this newsdesk reads", sending the user to upgrade; 1.0, as a JSON
    writer that keeps every number a float spells it, is 1."""
    if "version" not in doc:
        raise BookmarkFileError(f'the export says no version ("version": {FORMAT_VERSION})')
    version = doc["version"]
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if type(version) is not int:
        shown = repr(version) if len(repr(version)) <= 30 else repr(version)[:29] + "…"
        raise BookmarkFileError(f"the export's version {shown} is not a whole number")
    return version


#: Longest story id an import takes. newsdesk's own are 16 hex digits; a script's may be longer, not a page.
MAX_ID = 64


def _usable_id(mark: Bookmark, n: int) -> Bookmark:
    """``mark`` with its story id without blanks around it, or :class:`BookmarkFileError` for one no command could
    name or print: ids are printed at the start of `newsdesk bookmarks` lines and typed back as arguments, and an
    id held an escape sequence that went raw to the terminal, or 100 KB printed whole; one with a blank after it
    made a second bookmark of a story already bookmarked."""
    sid = mark.story.id.strip()
    if not sid:
        raise BookmarkFileError(f"bookmark {n} has no story id")
    if len(sid) > MAX_ID or not sid.isprintable() or any(c.isspace() for c in sid):
        raise BookmarkFileError(
            f"bookmark {n} has a story id newsdesk cannot use ({quoted(clean_line(sid), 30)}: "
            f"at most {MAX_ID} characters, no blanks or control characters)"
        )
    return mark if sid == mark.story.id else replace(mark, story=replace(mark.story, id=sid))


_FIRST_DAY, _LAST_DAY = -62135596800.0, 253402300799.0  # 0001-01-01 and 9999-12-31: what dates can show


def _check_times(mark: Bookmark) -> None:
    """A NaN, an infinity or a date beyond year 9999 would be stored and then break every date shown."""
    story = mark.story
    for name, value in (
        ("created", mark.created),
        ("published", story.published),
        ("updated", story.updated),
        ("first_seen", story.first_seen),
    ):
        if not _FIRST_DAY <= value <= _LAST_DAY:  # False for NaN too
            raise ValueError(f"{name} is not a date: {value!r}")


def merge(old: Bookmark | None, new: Bookmark) -> Bookmark:
    """What an imported bookmark becomes beside the one already stored (``old``).

    The choice: the stored bookmark keeps its note and save time unless the imported one was saved later
    (``created`` is newer), in which case the imported note wins, except that an empty note never replaces a
    written one. Tags are the union of both (stored ones first), so nothing anyone typed is lost. The story copy
    is the one with the later ``updated`` time (the stored one on a tie).
    """
    if old is None:
        return new
    newer = new.created > old.created
    note = (new.note or old.note) if newer else (old.note or new.note)
    story = new.story if new.story.updated > old.story.updated else old.story
    return Bookmark(
        story=story,
        feed_title=old.feed_title or new.feed_title,
        feed_url=old.feed_url or new.feed_url,
        note=note,
        tags=parse_tags([*old.tags, *new.tags]),
        created=new.created if newer else old.created,
    )


# -- Netscape bookmark HTML --------------------------------------------------------------------------------------
def to_netscape_html(marks: Sequence[Bookmark]) -> str:
    """The bookmark file browsers import: one ``<DT><A>`` per bookmark, its note in a ``<DD>``.

    Every value is HTML-escaped (attributes with quotes too). Links that are not http(s) are left out of HREF
    (kept as text in the note) so a ``javascript:`` link from a feed never lands in a browser's bookmarks.
    """
    esc = html.escape
    out = [
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>",
        "<!-- This is an automatically generated file. It will be read and overwritten. -->",
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
        "<TITLE>newsdesk bookmarks</TITLE>",
        "<H1>newsdesk bookmarks</H1>",
        "<DL><p>",
    ]
    for mark in marks:
        story = mark.story
        href = _http(story.link)
        attrs = [f'HREF="{esc(href)}"', f'ADD_DATE="{int(mark.created)}"']
        if mark.tags:
            attrs.append(f'TAGS="{esc(",".join(mark.tags))}"')
        out.append(f"    <DT><A {' '.join(attrs)}>{esc(clean_line(story.title) or '(untitled)')}</A>")
        note = clean_text(mark.note).replace("\n", " ").strip()
        if story.link and not href:
            note = f"{note} (link: {clean_line(story.link, MAX_URL)})".strip()
        if note:
            out.append(f"    <DD>{esc(note)}")
    out.append("</DL><p>")
    return "\n".join(out) + "\n"


def export(marks: Sequence[Bookmark], fmt: str) -> str:
    """One of :data:`EXPORT_FORMATS` as text."""
    if fmt == "md":
        return to_markdown(marks)
    if fmt == "json":
        return to_json(marks)
    if fmt == "html":
        return to_netscape_html(marks)
    raise ValueError(f"unknown export format {fmt!r} (choose {', '.join(EXPORT_FORMATS)})")
