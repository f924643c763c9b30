"""The store: subscriptions, stories, read marks and bookmarks in TinyDB, split so each write touches little.

Layout of a data folder (each ``.json`` is a TinyDB database on :class:`~feeds.storage.AtomicJSONStorage`)::

    newsdesk.lock           the writer lock (flock; released by the kernel if we die)
    feeds.json              tables: meta (schema version), feeds (subscriptions, HTTP validators, status), searches,
                            reader (where it was), theme (the one chosen in its palette)
    stories/<feed>.json     tables: stories (the headers the story list needs), purged (ids retention removed)
    bodies/<feed>.json      table: bodies (text, links, entities): read only when a story is opened or indexed
    marks/<feed>.json       table: read (one document per read story)
    bookmarks.json          table: bookmarks (a whole copy of each saved story)
    index/retention.json    what retention left of each feed (derived: see :mod:`feeds.store_retention`)

Why split: a refresh of one feed rewrites that feed's two files, a read mark rewrites one small marks file, so no
write costs time in proportion to the whole database; and start-up reads only the headers, not the bodies.
Bodies are written before headers, so a header never points at a missing body whatever moment a crash hits.

Five parts of :class:`Store` live in modules of their own: listing, adding and updating subscriptions in
:mod:`feeds.store_feeds`, the refresh's writes (saving stories, retention) in :mod:`feeds.store_saving`,
bookmarks and saved searches in :mod:`feeds.store_user`, reading the bodies (a few feeds' files kept parsed,
else one story's body read alone from its file) in :mod:`feeds.store_bodies`, and a read-only copy forgetting
the stories the copy that writes purged since it started in :mod:`feeds.store_watch`.
"""

from __future__ import annotations

import contextlib
import operator
import os
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB

from .identity import also_held
from .model import Bookmark, Entity, Feed, Story, StoryHeader
from .storage import (
    AtomicJSONStorage,
    StoreError,
    StoreReadOnly,
    StoreWriteError,
    commit_group,
)
from .store_bodies import Bodies
from .store_feeds import DuplicateFeed, Removed, Subscriptions
from .store_folder import WriterLock, check_folders, make_folder
from .store_retention import Kept, RetentionUpkeep
from .store_saving import (
    RefreshSaving,
    Retention,
    SaveResult,
    Stored,
    UnknownFeed,
    collecting_written,
    forget_if_clean,
    stored,
)
from .store_user import UserData, read_marks
from .store_watch import Stamp, WriterFiles, WriterWatch, feed_stamp

__all__ = [
    "DuplicateFeed",
    "Removed",
    "Retention",
    "SaveResult",
    "Stamp",
    "Store",
    "UnknownFeed",
    "feed_stamp",
]

_R = TypeVar("_R")

SCHEMA_VERSION = 1
_NEWEST_FIRST = operator.itemgetter(5)  # published; a stable sort keeps ties in feed order


class Store(Subscriptions, RefreshSaving, RetentionUpkeep, UserData, Bodies, WriterWatch):
    """One data folder. Thread-safe (the UI thread and a refresh worker share one instance)."""

    def __init__(
        self, root: str | Path, *, retention: Retention | None = None, readonly: bool = False
    ) -> None:
        self.root = Path(root)
        self.readonly = readonly
        self.retention = retention or Retention()
        self._lock = threading.RLock()
        self._writer = WriterLock(self.root)
        self._dbs: dict[Path, TinyDB] = {}
        self._bodies: OrderedDict[str, TinyDB] = OrderedDict()
        self._body_maps: dict[str, tuple[dict[str, Any], dict[str, dict[str, Any]]]] = {}  # see _body_map
        self._headers: dict[str, dict[str, Stored]] = {}  # feed -> story id -> header
        self._feed_of: dict[str, str] = {}
        self._read: dict[str, set[str]] = {}
        self._sorted: dict[str | None, list[StoryHeader]] = {}
        self._catalog_loaded = False
        self._kept: dict[str, Kept] = {}  # what retention left of each feed: see feeds.store_retention
        self._kept_state = [False, False]
        self._watch = WriterFiles(self.root)  # a read-only copy's, before it reads a file: see follow_writer
        self._skipped: list[str] = []  # damaged records left out of the catalog, in words (see recovered)
        if not readonly:
            for sub in ("", "stories", "bodies", "marks"):  # a file in the way is named, not the data folder
                make_folder(self.root / sub)
            self._writer.acquire()
        elif not (self.root / "feeds.json").exists():
            raise StoreError(f"no newsdesk data in {self.root}")
        try:
            # The writer, alone now: a killed save is finished or its files go, and what stood in an index's way.
            self._skipped.extend(check_folders(self.root, tidy=not readonly))
            self._main = self._db(self.root / "feeds.json")
            self._bookmarks_db = self._db(self.root / "bookmarks.json")
            self._check_schema()
            self._feeds: dict[str, Feed] = self._records("feeds.json", self._main, "feeds", Feed.from_dict)
            self._bookmarks: dict[str, Bookmark] = self._records(
                "bookmarks.json", self._bookmarks_db, "bookmarks", Bookmark.from_dict
            )
        except BaseException:
            self._writer.release()
            raise

    # -- plumbing ------------------------------------------------------------------------------------------------
    @staticmethod
    def _records(name: str, db: TinyDB, table: str, load: Callable[[dict[str, Any]], _R]) -> dict[str, _R]:
        """Every record of a table by id. A record we cannot read (a hand edit) is refused in words, the file
        left as it is: it raised TypeError or KeyError, an "internal error" that named no file."""
        try:  # the raw records: TinyDB's table.all() wraps each in a Document, 20,000 feeds cost 0.1 s more
            return {d["id"]: load(d) for d in Store._raw(db, table).values()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(
                f"{name} has a damaged record ({exc.__class__.__name__}: {exc}); mend or remove it, or put"
                f" {name}.bak in its place"
            ) from exc

    def _db(self, path: Path) -> TinyDB:
        db = self._dbs.get(path)
        if db is None:
            db = TinyDB(path, storage=AtomicJSONStorage, readonly=self.readonly)
            self._dbs[path] = db
        return db

    def _read_once(self, path: Path, table: str) -> list[dict[str, Any]]:
        """A table's records for the catalog, which keeps them compactly: a file parsed for this alone is let go."""
        db = self._db(path)
        fresh = not db.storage._loaded  # type: ignore[attr-defined]
        records = list(self._raw(db, table).values())
        if fresh:
            forget_if_clean(db)
        return records

    @staticmethod
    def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]:
        data = db.storage.read() or {}
        return data.get(table) or {}

    def _writable(self) -> None:
        if self.readonly:
            raise StoreReadOnly("the store is open read-only (another newsdesk is writing to it)")

    @property
    def recovered(self) -> list[str]:
        """What was repaired (damaged files replaced by their last good copy, damaged records left out), in words.
        Records are checked when the headers are first read, so ask after that to hear about them."""
        notes = [db.storage.recovered for db in (*self._dbs.values(), *self._bodies.values())]  # type: ignore[attr-defined]
        return [n for n in notes if n] + self._skipped

    def _check_schema(self) -> None:
        meta = self._main.table("meta")
        docs = meta.all()
        if not docs:
            if not self.readonly:
                meta.insert({"schema": SCHEMA_VERSION, "created": time.time()})
            return
        version = int(docs[0].get("schema", 0))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"this data folder was written by a newer newsdesk (schema {version}, we know {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION and not self.readonly:
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self)
            meta.update({"schema": SCHEMA_VERSION}, doc_ids=[docs[0].doc_id])

    def close(self) -> None:
        with self._lock:
            self.save_kept()
            for db in list(self._dbs.values()) + list(self._bodies.values()):
                with contextlib.suppress(StoreError):
                    db.close()
            self.save_marks()  # every write is on disk now: see feeds.store_marks
            self._dbs.clear()
            self._bodies.clear()
            self._body_maps.clear()
            self._writer.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group feed-record changes (status, validators) into one write of feeds.json."""
        with self._lock, self._main.storage.batch():  # type: ignore[attr-defined]
            yield

    @contextlib.contextmanager
    def saving(self, *, whole: bool = False) -> Iterator[None]:
        """Make every write of this block (in this thread) durable together at its end: a refresh saves its feeds in
        one group, paying one round of fsyncs instead of four per feed (:class:`~feeds.storage.CommitGroup`); with
        ``whole``, all at once too (a kill between renames is finished at the next open). A group not saved raises
        :class:`StoreWriteError`: none of its files changed, and the catalog in memory is read again from disk."""
        with collecting_written() as written:
            try:
                with commit_group(self._lock, journal=self.root if whole else None):
                    yield
            except StoreWriteError:
                with self._lock:
                    self._headers.clear()
                    self._feed_of.clear()
                    self._read.clear()
                    self._sorted.clear()
                    self._catalog_loaded = False
                raise
        with self._lock:  # every write of the block is on disk: the stories files' cached copies can go
            for db in written:
                forget_if_clean(db)

    # -- feeds (reading, adding and updating subscriptions: feeds/store_feeds.py) ----------------------------------
    def remove_feed(self, feed_id: str) -> Removed:
        """Unsubscribe: its stories and marks go; bookmarks keep their own copies. Its read stories that another
        feed holds too (:func:`~feeds.identity.also_held`) are marked read there first, for any removal: the user
        read them, whichever feed brought them (removing a moved feed's copy made them all unread again)."""
        with self._lock:
            self._writable()
            feed = self._feeds.get(feed_id)
            if feed is None:
                raise UnknownFeed(f"no feed with id {feed_id}")
            from tinydb import Query

            self._load_catalog()
            carried = self._carry_read_marks(feed_id)  # written first: a failed removal leaves them, harmless
            self._main.table("feeds").remove(Query().id == feed_id)
            del self._feeds[feed_id]
            self._forget_feed(feed_id)
            for sub in ("stories", "bodies", "marks"):
                path = self.root / sub / f"{feed_id}.json"
                for victim in (path, path.with_name(path.name + ".bak")):
                    with contextlib.suppress(FileNotFoundError):
                        victim.unlink()
            return Removed(feed, carried)

    def _carry_read_marks(self, feed_id: str) -> dict[str, int]:
        """Mark read the stories of other feeds that are one of ``feed_id``'s read stories; how many per feed."""
        headers = self._headers.get(feed_id, {})
        read = [headers[sid].header for sid in self._read.get(feed_id, ()) if sid in headers]
        if not read:
            return {}
        # A copy has its title; one generator over 50k headers took 4x as long.
        titles = {h.title for h in read}
        others: list[StoryHeader] = []
        for fid, docs in self._headers.items():
            if docs and fid != feed_id:
                others.extend(h for s in docs.values() if (h := s.header).title in titles)
        unread = [h for h in also_held(read, others) if h.id not in self._read[h.feed_id]]
        self.set_read(h.id for h in unread)
        return dict(Counter(h.feed_id for h in unread))

    # -- the catalog: headers and read marks of every story, in memory -------------------------------------------
    def _load_catalog(self) -> None:
        if self._catalog_loaded:
            return
        if self.readonly:
            self._watch.first_look()  # before the files are read: a write from now on shows
        on_disk = self._feeds_with_files()
        for feed_id in self._feeds:
            if on_disk is None or feed_id in on_disk:
                self._load_feed(feed_id)
            elif feed_id not in self._headers:  # never refreshed, nothing read: no file to open
                self._headers[feed_id] = {}
                self._read[feed_id] = set()
        self._catalog_loaded = True

    def _feeds_with_files(self) -> set[str] | None:
        """The feeds that have a stories or marks file (or its backup), from one listing of each folder; None if
        a folder cannot be listed. With 20,000 feeds subscribed and few refreshed yet, opening a database for
        each feed's missing files was most of a 2.9 s start-up."""
        found: set[str] = set()
        for sub in ("stories", "marks"):
            try:
                names = os.listdir(self.root / sub)
            except FileNotFoundError:
                continue
            except OSError:
                return None
            for name in names:
                if name.endswith(".json"):
                    found.add(name[:-5])
                elif name.endswith(".json.bak"):
                    found.add(name[:-9])
        return found

    def _load_feed(self, feed_id: str) -> None:
        if feed_id in self._headers:
            return
        docs = self._read_once(self.root / "stories" / f"{feed_id}.json", "stories")
        headers = stored(docs, feed_id)
        read, bad = read_marks(self._read_once(self.root / "marks" / f"{feed_id}.json", "read"))
        for name, skipped in (("stories", len(docs) - len(headers)), ("marks", bad)):
            if skipped:  # a hand edit: whole files are written atomically, so no crash leaves half a record
                self._skipped.append(
                    f"{name}/{feed_id}.json has {skipped} damaged record(s); they are left out"
                )
        self._headers[feed_id] = headers
        for sid in headers:
            self._feed_of[sid] = feed_id
        self._read[feed_id] = read

    def headers(self, feed_id: str | None = None) -> list[StoryHeader]:
        """Story headers, newest first: of one feed, or of all feeds when ``feed_id`` is None.

        Each feed's sorted list is kept until that feed changes, and the list of all feeds is made from them:
        after a refresh saves one feed, only its headers are built again and the rest are merged (the sort finds
        the sorted runs), so the reader's story list stays cheap to redraw during a refresh of a large store.
        Equal dates keep feed order, then the feed's own order.
        """
        with self._lock:
            self._load_catalog()
            cached = self._sorted.get(feed_id)
            if cached is not None:
                return cached
            if feed_id is not None:
                out = [s.header for s in self._headers.get(feed_id, {}).values()]
            else:
                out = [h for fid, docs in self._headers.items() if docs for h in self.headers(fid)]
            out.sort(key=_NEWEST_FIRST, reverse=True)
            self._sorted[feed_id] = out
            return out

    def _changed(self, feed_id: str | None = None) -> None:
        """Forget the sorted headers of ``feed_id`` (all feeds when None) and the list of all feeds."""
        if feed_id is None:
            self._sorted.clear()
        else:
            self._sorted.pop(feed_id, None)
            self._sorted.pop(None, None)

    def story_count(self) -> int:
        with self._lock:
            self._load_catalog()
            return len(self._feed_of)

    def feed_of(self, story_id: str) -> str | None:
        with self._lock:
            self._load_catalog()
            return self._feed_of.get(story_id)

    def find_story_id(self, ref: str) -> str | None:
        """A story id from a full id or a unique prefix of 4 characters or more (as the CLI shows them), any case."""
        if ref != ref.lower() and (found := self.find_story_id(ref.lower())):
            return found
        with self._lock:
            self._load_catalog()
            if ref in self._feed_of or ref in self._bookmarks:
                return ref
            if len(ref) < 4:
                return None
            hits = {s for s in self._feed_of if s.startswith(ref)} | {
                s for s in self._bookmarks if s.startswith(ref)
            }
            return hits.pop() if len(hits) == 1 else None

    def ids_starting(self, prefix: str) -> list[str]:
        """Up to three story ids (stored or bookmarked) that start with ``prefix``, sorted: what an id prefix
        that :meth:`find_story_id` cannot settle stands for."""
        starts = (prefix, prefix.lower())  # either case, as find_story_id reads it
        with self._lock:
            self._load_catalog()
            hits = {s for s in self._feed_of if s.startswith(starts)} | {
                s for s in self._bookmarks if s.startswith(starts)
            }
        return sorted(hits)[:3]

    def header(self, story_id: str) -> StoryHeader | None:
        """A story's list row (title, feed, date) without reading its body; as :meth:`story` for a bookmark's copy."""
        with self._lock:
            self._load_catalog()
            feed_id = self._feed_of.get(story_id)
            if feed_id is not None:
                return self._headers[feed_id][story_id].header
            bookmark = self._bookmarks.get(story_id)
            return bookmark.story.header() if bookmark else None

    def content_hash(self, story_id: str) -> str | None:
        """A stored story's content hash (an edit changes it), without reading its body; None when not stored."""
        with self._lock:
            self._load_catalog()
            feed_id = self._feed_of.get(story_id)
            return None if feed_id is None else self._headers[feed_id][story_id].content_hash

    def story(self, story_id: str) -> Story | None:
        """The whole story; a bookmarked story whose feed dropped it comes from the bookmark's copy."""
        return self._story(story_id, whole=False)

    def _story(self, story_id: str, *, whole: bool) -> Story | None:
        """:meth:`story`; ``whole`` parses the feed's bodies file whole and keeps it (a pass over the feed), else
        the body is read alone unless the file is kept already (see :meth:`~feeds.store_bodies.Bodies._body`)."""
        with self._lock:
            self._load_catalog()
            feed_id = self._feed_of.get(story_id)
            if feed_id is None:
                bookmark = self._bookmarks.get(story_id)
                return bookmark.story if bookmark else None
            record = self._headers[feed_id][story_id]
            header = record.header
            body = self._body_map(feed_id).get(story_id) if whole else self._body(feed_id, story_id)
            if body is None and self.readonly:
                # Purged by the copy that writes since this one read its catalog: gone, not an empty story.
                return None
            body = body or {}
            ents = body.get("entities")
            return Story(
                id=story_id,
                feed_id=feed_id,
                title=header.title,
                link=header.link,
                author=header.author,
                published=record.published,  # the feed's date; the header's is the date it is listed by
                updated=record.updated,
                first_seen=record.first_seen,
                text=body.get("text", ""),
                links=tuple(body.get("links") or ()),
                content_hash=record.content_hash,
                entities=None if ents is None else tuple(Entity.from_list(e) for e in ents),
                entities_model=body.get("entities_model", ""),
            )

    def stories(self, feed_id: str) -> Iterator[Story]:
        """Every stored story of one feed, whole (for indexing and export)."""
        for header in self.headers(feed_id):
            story = self._story(header.id, whole=True)  # one parse for the feed, not one search per story
            if story is not None:
                yield story

    # -- read marks ----------------------------------------------------------------------------------------------
    def is_read(self, story_id: str) -> bool:
        with self._lock:
            self._load_catalog()
            feed_id = self._feed_of.get(story_id)
            return feed_id is not None and story_id in self._read.get(feed_id, ())

    def set_read(self, story_ids: Iterable[str], read: bool = True) -> int:
        """Mark stories read or unread, one small file write per feed touched. Returns how many changed."""
        with self._lock:
            self._writable()
            self._load_catalog()
            by_feed: dict[str, list[str]] = {}
            for sid in dict.fromkeys(story_ids):  # once each: `read X X` wrote two marks and counted two
                feed_id = self._feed_of.get(sid)
                if feed_id is not None and (sid in self._read[feed_id]) != read:
                    by_feed.setdefault(feed_id, []).append(sid)
            now = time.time()
            for feed_id, sids in by_feed.items():
                mdb = self._db(self.root / "marks" / f"{feed_id}.json")
                table = mdb.table("read")
                if read:
                    table.insert_multiple({"id": sid, "at": now} for sid in sids)
                    self._read[feed_id].update(sids)
                else:
                    drop = set(sids)
                    self._remove_records(mdb, "read", drop)
                    self._read[feed_id] -= drop
            return sum(len(v) for v in by_feed.values())

    def unread_counts(self) -> dict[str, int]:
        with self._lock:
            self._load_catalog()
            read = self._read  # most feeds of a large import have no read mark: no empty set made for each
            return {
                fid: len(h) - (len(r & h.keys()) if (r := read.get(fid)) else 0)
                for fid, h in self._headers.items()
            }

    def unread_ids(self, feed_id: str | None = None) -> set[str]:
        with self._lock:
            self._load_catalog()
            feeds = [feed_id] if feed_id else list(self._headers)
            return {s for f in feeds for s in self._headers.get(f, {}) if s not in self._read.get(f, ())}


MIGRATIONS: dict[int, Any] = {
    # from-version -> function(store) bringing it to from-version + 1. Version 0 is a store with no meta table.
    0: lambda store: None,
}
