"""newsboat's cache (``~/.newsboat/cache.db`` or ``~/.local/share/newsboat/cache.db``) read for `newsdesk import`.

A newsboat user who switched lost what they had read: `import` took the subscriptions (OPML, the ``urls`` file)
but not the stories newsboat kept nor which were read. The cache is an SQLite file; it is opened read-only
(``mode=ro``, never written, so newsboat's file is never changed) and read in one transaction, whole, before
anything is stored: a damaged, locked or foreign file imports nothing, said in one line.

The schema read is newsboat's ``src/cache.cpp`` (its schema patches 2.10 to 2.33: newsboat 2.10 and later, up to
2.42 as read; newsbeuter's caches have the same tables without a ``metadata`` table, untested here)::

    rss_feed(rssurl, url, title, lastmodified, is_rtl, etag)
    rss_item(id, guid, title, author, url, feedurl, pubDate, content, unread, enclosure_url, enclosure_type,
             enqueued, flags, deleted, base, content_mime_type (2.22), enclosure_description(_mime_type) (2.33))

Columns that older versions lack are read as empty (newsboat 2.21, the one the tests run when it is installed,
writes schema 2.11: no ``content_mime_type``, and NULL flags). What becomes of the cache:

* its feeds are subscribed as `import` subscribes an OPML file's (those already subscribed are kept as they are),
  named by the cache's titles, or by the urls file's ``~title`` where it gives one (newsboat's own override);
* its items become stories of their feed, with the ids a refresh gives the same items (see :func:`_own_guid`),
  so the first refresh knows them again instead of storing them twice; their HTML is made plain text and tidied
  as a refresh makes and tidies it (:func:`feeds.story_tidy.story_html`: an aggregator's byline, footnote marks,
  hashtags' links), an item known by its text keyed by the text as read, as a refresh keys it (the import read
  the HTML untidied until session 18: its ids stay); an item read in newsboat (``unread = 0``) is read here;
* an item with flags becomes a bookmark, its flags its tags. Flags are newsboat's only mark a user puts on an
  article to find it again (letters with the meaning the user gives them), and newsboat keeps flagged
  articles past its ``max-items`` cap as the store keeps bookmarks past retention;
* a deleted item (newsboat's ``D``, kept in the cache so a reload does not bring it back) is no story; its id
  is remembered as one the retention removed, so the first refresh does not bring it back here either.

Feeds the user removed. newsboat shows the feeds of its ``urls`` file, not those of its cache: a feed taken out
of the file stays in the cache, hidden, until the cache is cleaned up, and since newsboat 2.40 that no longer
happens on quit by default (``cleanup-on-quit`` is "nudge": a message, and ``newsboat --cleanup`` left to the
user). Importing such a cache subscribed again to every feed the user had dropped. So when newsboat's urls
file is where newsboat keeps it for this cache (:func:`urls_file_for`), only the cache's feeds it lists are
taken, as newsboat itself shows them, and the import says how many were left out. A urls file that lists no feed
(or cannot be read) is no guide: every feed is taken then.
"""

from __future__ import annotations

import email.utils
import os
import sqlite3
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .html import http_url
from .item_keys import id_keys, shared_links
from .model import Bookmark, Story, story_id
from .opml import OPMLError, OPMLFeed, read_opml
from .parse import _media, _story  # the refresh's own tail: titles, dates, media and content hash alike
from .story_tidy import story_html
from .text import MAX_TAGS, clean_line, clean_text
from .tracking import untracked

if TYPE_CHECKING:
    from .store import Store

__all__ = [
    "CacheImport",
    "NewsboatCache",
    "only_listed",
    "read_cache",
    "store_cache",
    "urls_file_for",
]

#: How long to wait for a newsboat that is writing its cache (a reload) to finish, in seconds.
LOCK_WAIT = 2.0

_FEED_COLUMNS = ("rssurl", "url", "title")
_ITEM_COLUMNS = ("guid", "title", "author", "url", "feedurl", "pubDate", "content", "unread")
_OPTIONAL_ITEM_COLUMNS = ("deleted", "flags", "enclosure_url", "enclosure_type", "base", "content_mime_type")


class CacheError(OPMLError):
    """The file is not a newsboat cache we can read; nothing was imported."""


@dataclass(frozen=True, slots=True)
class CachedItem:
    """One item of the cache as a story of no feed yet: ``story`` has an empty id and feed id until its feed is
    subscribed (ids are scoped to a feed); ``key`` is what its id is made of (guid, link key, title key), and
    ``shared_key`` the link key when its feed has other items of its link and no guid (:func:`parse.id_keys`);
    ``link`` and ``guid`` are the item's own, to find those."""

    story: Story
    key: tuple[str, str, str]
    shared_key: str
    link: str
    guid: str
    read: bool
    flags: str
    deleted: bool

    def of_feed(self, feed_id: str, shared: Collection[str] = ()) -> Story:
        guid, link, title = self.key
        if untracked(self.link) in shared:
            link = self.shared_key
        return replace(self.story, id=story_id(feed_id, guid, link, title), feed_id=feed_id)


@dataclass(slots=True)
class NewsboatCache:
    feeds: list[OPMLFeed] = field(default_factory=list)
    items: dict[str, list[CachedItem]] = field(default_factory=dict)  # by the feed's address (rssurl)
    own_titles: dict[str, str] = field(default_factory=dict)  # the cache's titles, by address, when the urls
    # file's ``~title`` names a feed (:func:`only_listed`): the feed's own, which a refresh then leaves be


@dataclass(slots=True)
class CacheImport:
    added: int = 0  # feeds subscribed
    skipped: int = 0  # feeds already subscribed (their stories are added to)
    invalid: list[str] = field(default_factory=list)  # addresses no feed can have (query:, exec:, filter:)
    stories: int = 0  # stories stored
    read: int = 0  # of them (or of stories already stored) marked read
    bookmarks: int = 0  # flagged items bookmarked
    purged: int = 0  # stored, then removed at once by the retention (more than a feed keeps, or too old)


def read_cache(path: Path, *, now: float, lock_wait: float = LOCK_WAIT) -> NewsboatCache:
    """The feeds and items of a newsboat cache, their text made plain; :class:`CacheError` in words if it
    cannot be read. The file is opened read-only and read in one transaction (a consistent copy even while
    newsboat runs)."""
    try:
        con = sqlite3.connect(
            path.resolve().as_uri() + "?mode=ro", uri=True, timeout=lock_wait, isolation_level=None
        )
    except (sqlite3.Error, OSError, ValueError) as exc:
        raise CacheError(_words(exc, path)) from None
    cache = NewsboatCache()
    titles: dict[str, tuple[str, str]] = {}
    try:
        con.text_factory = lambda raw: raw.decode("utf-8", "replace")  # one bad byte must not stop the import
        con.execute("BEGIN")
        feed_rows, item_rows = _rows(con)
        for rssurl, site, title in feed_rows:
            if _text(rssurl).strip():
                titles.setdefault(_text(rssurl).strip(), (_text(title), _text(site)))
        for row in item_rows:  # made plain as they come: a large cache's HTML is never all in memory at once
            feed_url = _text(row[4]).strip()
            if feed_url:
                cache.items.setdefault(feed_url, []).append(_item(row, now))
                titles.setdefault(feed_url, ("", ""))
    except sqlite3.Error as exc:
        raise CacheError(_words(exc, path)) from None
    finally:
        con.close()
    cache.feeds = [OPMLFeed(url, title, (), http_url(site)) for url, (title, site) in titles.items()]
    return cache


def urls_file_for(cache: Path, env: dict[str, str] | None = None) -> Path | None:
    """newsboat's urls file for the cache at ``cache``, where newsboat keeps it, or None when there is none:
    beside it (``~/.newsboat/``, or a folder given with ``-u`` and ``-c`` alike), else, for a cache in the XDG
    data folder (``~/.local/share/newsboat/cache.db``), in the XDG config folder (``~/.config/newsboat/urls``)."""
    env = dict(os.environ) if env is None else env
    candidates = [cache.with_name("urls")]
    home = Path(env.get("HOME") or Path.home())
    data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    if cache.parent.name == "newsboat" and _same(cache.parent.parent, data):
        candidates.append(Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "newsboat" / "urls")
    return next((c for c in candidates if c.is_file()), None)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def only_listed(cache: NewsboatCache, urls: Path) -> list[str]:
    """Keep only the cache's feeds (and their items) that the urls file ``urls`` lists, as newsboat shows them;
    returns the addresses left out, names the feeds its ``~title`` names and tags them with its tags. A file that cannot be read or lists
    no feed leaves the cache whole.

    An address is the same feed when it is written the same, as newsboat matches them: a feed whose address
    the user rewrote in the file is another feed to newsboat too, its old cache entries hidden."""
    try:
        entries = read_opml(urls)
    except OPMLError:
        return []
    listed = {f.url.strip() for f in entries}
    if not listed:
        return []
    # A ``~title`` is the user's name for the feed, shown by newsboat over the feed's own: it is the name here too.
    named = {f.url.strip(): f.title for f in entries if f.title}
    # Its tags are the user's too: newsboat shows the cache's feeds under them (the cache has none of its own).
    tagged = {f.url.strip(): f.tags for f in entries if f.tags}
    cache.own_titles = {f.url: f.title for f in cache.feeds if f.url.strip() in named}
    cache.feeds = [
        replace(f, title=named.get(f.url.strip(), f.title), tags=tagged.get(f.url.strip(), f.tags))
        for f in cache.feeds
    ]
    left_out = [f.url for f in cache.feeds if f.url.strip() not in listed]
    if left_out:
        cache.feeds = [f for f in cache.feeds if f.url.strip() in listed]
        cache.items = {url: items for url, items in cache.items.items() if url.strip() in listed}
    return left_out


def _rows(con: sqlite3.Connection) -> tuple[list[Any], Iterator[Any]]:
    """The rows of rss_feed, and a cursor over those of rss_item (every column :func:`_item` reads, in its
    order); CacheError if the tables are not newsboat's."""
    columns = {}
    for table, needed in (("rss_feed", _FEED_COLUMNS), ("rss_item", _ITEM_COLUMNS)):
        have = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
        if not have:
            raise CacheError(f"not a newsboat cache: the SQLite file has no {table} table")
        missing = [c for c in needed if c not in have]
        if missing:
            raise CacheError(f"not a newsboat cache: its {table} table has no {', '.join(missing)} column")
        columns[table] = have
    extra = [c if c in columns["rss_item"] else "''" for c in _OPTIONAL_ITEM_COLUMNS]
    feeds = con.execute("SELECT rssurl, url, title FROM rss_feed ORDER BY rowid").fetchall()
    items = con.execute(
        f"SELECT {', '.join(_ITEM_COLUMNS + tuple(extra))} FROM rss_item"
        " ORDER BY feedurl, pubDate DESC, rowid DESC"  # newsboat's own order, newest first
    )
    return feeds, items


def _words(exc: BaseException, path: Path) -> str:
    """What went wrong with the file, in words a user can act on."""
    text = str(exc)
    low = text.lower()
    if "readonly" in low and path.with_name(path.name + "-journal").exists():
        # A "hot" journal: a write was cut off (newsboat killed while saving), and only a writer may undo it.
        return (
            f"newsboat stopped while saving it ({path.name}-journal lies beside it): start newsboat and quit it"
            " once, so it puts the file right, then import again"
        )
    if "locked" in low or "busy" in low:
        return (
            "the cache is locked by the program writing it (is newsboat reloading? try again when it is done)"
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return f"the SQLite file is damaged ({text})"
    if "unable to open" in low:
        return "cannot open it as an SQLite database (is it readable?)"
    return f"cannot read the SQLite file ({text})"


def _text(value: object) -> str:
    """A column's value as text: SQLite keeps whatever type was written (numbers, blobs, NULL)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _own_guid(guid: str, link: str) -> str:
    """The item's own guid, or "" where newsboat made one up (``get_guid`` in ``src/rssparser.cpp``).

    newsboat gives an item without a guid its link followed by its date as written ("https://x/a" +
    "Tue, 02 Jan 2024 10:00:00 GMT"), else its link, else its title. A refresh here keys such an item by its
    link (see :func:`feeds.model.story_id`), so the made-up guid is dropped when it is the link and a date. A
    guid that is just the link stays a guid (most feeds write their permalink as guid); when it was made up,
    the refresh still knows the story again by its link and title (:mod:`feeds.identity`)."""
    if link and guid.startswith(link) and len(guid) > len(link):
        written = guid[len(link) :].strip()
        if email.utils.parsedate_tz(written) is not None:
            return ""
        try:
            datetime.fromisoformat(written.replace("Z", "+00:00"))
        except ValueError:
            return guid
        return ""
    return guid


def _item(row: Any, now: float) -> CachedItem:
    guid, title, author, url, _feed, pub, content, unread, deleted, flags, enc_url, enc_type, base, mime = (
        map(_text, row)
    )
    link = http_url(url)  # stored absolute by newsboat; anything but http(s) is no link here
    guid = _own_guid(guid, url)
    if mime.strip().lower() == "text/plain":
        text = key_text = clean_text(content)
        links: list[str] = []
    else:  # tidied as a refresh tidies an item (bylines, footnote marks, hashtags); keyed by the text as read
        text, links, key_text = story_html(content, http_url(base) or link, keyed=not guid.strip())
    media = [m for m in (http_url(_media(enc_url, enc_type)),) if m]
    try:
        published: float | None = float(pub)
    except ValueError:
        published = None
    story = _story(
        "", guid, link, title, title, author, text, links, published, None, "", now, media, key_text=key_text
    )
    # What the id is made of, by _story's own rule (its feed, and whether its link is shared, are not known yet).
    key_link, key_title = id_keys(guid, link, title, key_text, media, False)
    shared_key = id_keys(guid, link, title, key_text, media, True)[0]
    letters = "".join(dict.fromkeys(ch for ch in flags if ch.isascii() and ch.isalpha()))
    return CachedItem(
        story,
        (guid, key_link, key_title),
        shared_key,
        link,
        guid,
        unread.strip() != "1",
        letters,
        deleted.strip() == "1",
    )


def store_cache(store: Store, cache: NewsboatCache, *, now: float) -> CacheImport:
    """Subscribe to the cache's feeds and store its stories, read marks and bookmarks through the store's own
    writes. Call inside :meth:`feeds.store.Store.saving`, so all of it is saved together or not at all.

    A feed already subscribed keeps its stories as they are: the cache adds the ones it lacks, and read marks."""
    from .identity import known_again
    from .store_feeds import address_key
    from .subscribe import import_feeds, web_address

    done = CacheImport()
    result = import_feeds(store, cache.feeds)
    done.added, done.skipped, done.invalid = len(result.added), len(result.skipped), list(result.invalid)
    # The cache's title is the feed's own as newsboat last read it: it follows the feed's document from the first
    # refresh, as a title read by `add` does. A urls file's ``~title`` (the user's) stays as a title given does.
    own = {address_key(web_address(url)): clean_line(title) for url, title in cache.own_titles.items()}
    store.update_feeds(
        [replace(f, own_title=own.get(address_key(f.url), f.title)) for f in result.added if f.title]
    )
    feeds = {address_key(f.url): f for f in store.feeds()}
    plans = []
    for url, items in cache.items.items():
        feed = feeds.get(address_key(web_address(url)))
        if feed is None:  # an address no feed can have (query:, exec:), left out by the subscribing
            continue
        stored = {h.id: h for h in store.headers(feed.id)}
        kept = [i for i in items if not i.deleted]
        shared = shared_links((i.link, i.guid) for i in items)  # as a refresh finds them in the document
        stories = known_again(stored.values(), [i.of_feed(feed.id, shared) for i in kept])
        gone = [i.of_feed(feed.id, shared).id for i in items if i.deleted]
        plans.append((feed, kept, stories, stored, gone))
    marks = [
        Bookmark(s, feed.name, tags=tuple(item.flags)[:MAX_TAGS], created=now, feed_url=feed.url)
        for feed, kept, stories, _, _ in plans
        for item, s in zip(kept, stories, strict=True)
        if item.flags and not store.is_bookmarked(s.id)
    ]
    if marks:  # first: the retention never removes a bookmarked story
        done.bookmarks = store.import_bookmarks(marks)[0]
    read: list[str] = []
    for feed, kept, stories, stored, deleted in plans:
        if deleted:
            store.remember_removed(feed.id, [sid for sid in deleted if sid not in stored], now=now)
        saved = store.save_stories(feed.id, [s for s in stories if s.id not in stored], now=now)
        done.stories += len(saved.new)
        done.purged += len(saved.purged)
        read.extend(s.id for item, s in zip(kept, stories, strict=True) if item.read)
    done.read = store.set_read(read)
    return done
