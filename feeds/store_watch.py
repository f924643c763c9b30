"""A read-only copy keeping up with the copy that writes: new and purged stories, removed, added and renamed feeds,
bookmarks and read marks.

A ``--read-only`` reader runs beside the one that writes and keeps the catalog it read at start. The writer's
refreshes bring stories and purge others (retention); `newsdesk add`, `remove` and `rename` change the feeds, and
its reader marks stories read and bookmarks them. The copy went on showing all of it as it was at its start (no
new story ever, a removed feed listed with no stories) until it restarted. :class:`StoriesWatch` tells which
feeds' files in a folder were replaced or removed since the last look, and :class:`FileWatch` whether one file
was, cheaply enough to ask every few seconds; :class:`WriterWatch` (a part of :class:`feeds.store.Store`) reads
again what moved (:meth:`WriterWatch.follow_writer`). The reader hands the stories that came and went to its
search index (:meth:`feeds.search.service.SearchService.update` and ``forget``).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from tinydb import TinyDB

from .model import Bookmark, Feed
from .paths import read_regular
from .storage import AtomicJSONStorage, StoreError, record_id
from .store_saving import Stored, stored

if TYPE_CHECKING:
    from .store import Store

_R = TypeVar("_R")

#: A folder changed this recently (ns) may change again within the same tick of its clock, which would leave its
#: mtime as it was: such a look is not trusted to stand for the folder at the next one.
_SAME_TICK_NS = 50_000_000
FileMark = tuple[int, int, int]  #: a stories file's inode, size and mtime (ns)
#: The state of a feed's two files (None for a file not there): see :func:`feed_stamp`.
Stamp = tuple[FileMark | None, FileMark | None]


def _file_stamp(path: Path) -> FileMark | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def feed_stamp(store: Store, feed_id: str) -> Stamp:
    """The state of one feed's files: changes whenever any of its stories (or their entities) change, as every
    such write replaces ``stories/<feed>.json`` or ``bodies/<feed>.json`` by a rename. The derived indexes (entity,
    search) record it when they read a feed whole, and read again only the feeds whose stamp moved since."""
    return (
        _file_stamp(store.root / "stories" / f"{feed_id}.json"),
        _file_stamp(store.root / "bodies" / f"{feed_id}.json"),
    )


class StoriesWatch:
    """Which feeds' files in a stories folder changed since the last look.

    A look costs one ``stat`` of the folder while nothing in it changed (each write of a stories file renames a
    new file into the folder, which moves the folder's mtime); else one listing, with each file's inode, size and
    mtime: an inode alone can come back, as a file written twice between two looks may get the inode its first
    replacement freed. Thread-safe."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None  # the folder's (inode, mtime) at the last trusted look
        self._files: dict[str, FileMark] | None = None  # None until the first look

    def moved(self) -> list[str]:
        """The feeds whose stories file was replaced, added or removed since the previous look. The first look
        only notes what is there (and returns []); so does a folder that cannot be read."""
        with self._lock:
            try:
                st = os.stat(self.folder)
                stamp = (st.st_ino, st.st_mtime_ns)
                if self._files is not None and stamp == self._stamp:
                    return []
                files = self._list()
            except OSError:
                return []
            before, self._files = self._files, files
            recent = time.time_ns() - st.st_mtime_ns < _SAME_TICK_NS
            self._stamp = None if recent else stamp
            if before is None:
                return []
            return [f for f in before.keys() | files.keys() if before.get(f) != files.get(f)]

    def _list(self) -> dict[str, FileMark]:
        files: dict[str, FileMark] = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if not entry.name.endswith(".json"):
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except (
                    FileNotFoundError
                ):  # replaced or removed as the folder was listed: the next look sees it
                    continue
                files[entry.name[:-5]] = (st.st_ino, st.st_size, st.st_mtime_ns)
        return files


def _table_on_disk(path: Path, table: str) -> list[Any] | None:
    """The records of ``table`` in the file at ``path`` as it is now (not as a catalog read it): [] when there is
    no file (its feed removed), None when it cannot be read (damaged, or not a file: what was read is trusted)."""
    try:
        data = orjson.loads(read_regular(path))
    except FileNotFoundError:
        return []
    except (OSError, orjson.JSONDecodeError):
        return None
    records = data.get(table) if type(data) is dict else None
    return list(records.values()) if type(records) is dict else None


def _renamed(before: object, after: object) -> dict[str, str]:
    """The saved searches renamed between two ``searches`` tables, old name -> new: one gone and one come with
    its query (the writer renames in one write, :meth:`~feeds.store.Store.rename_search`). A query two of them
    share, gone or come, pairs none: which became which cannot be told."""

    def queries(table: object) -> dict[str, object]:  # a hand-edited file may hold anything
        docs = table.values() if isinstance(table, dict) else ()
        return {
            d["name"]: d.get("query") for d in docs if isinstance(d, dict) and isinstance(d.get("name"), str)
        }

    old, new = queries(before), queries(after)
    gone = {name: q for name, q in old.items() if name not in new}
    came = {name: q for name, q in new.items() if name not in old}
    renamed: dict[str, str] = {}
    for name, query in gone.items():
        was = [n for n, q in gone.items() if q == query]
        now = [n for n, q in came.items() if q == query]
        if len(was) == 1 and len(now) == 1:
            renamed[name] = now[0]
    return renamed


def _recent(mtime_ns: int) -> bool:
    return time.time_ns() - mtime_ns < _SAME_TICK_NS


class FileWatch:
    """Whether one file (``feeds.json``, ``bookmarks.json``) was replaced since the last look: one ``stat``. Made
    before the file is first read, so a write between that read and the first look counts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mark = _file_stamp(path)
        self._trusted = self._mark is None or not _recent(self._mark[2])

    def changed(self) -> bool:
        mark = _file_stamp(self.path)
        if mark == self._mark and self._trusted:
            return False
        self._mark = mark
        self._trusted = mark is None or not _recent(mark[2])  # else it may change again with the same stamp
        return True


class WriterFiles:
    """A read-only copy's watches on the files the writer changes."""

    def __init__(self, root: Path) -> None:
        self.stories = StoriesWatch(root / "stories")
        # The names the writer's enrichment stores change the bodies files alone.
        self.bodies = StoriesWatch(root / "bodies")
        self.marks = StoriesWatch(root / "marks")
        self.feeds = FileWatch(root / "feeds.json")
        self.bookmarks = FileWatch(root / "bookmarks.json")

    def first_look(self) -> None:
        """Taken as the catalog is read: a write of a stories, bodies or marks file from now on shows."""
        self.stories.moved()
        self.bodies.moved()
        self.marks.moved()


@dataclass
class WriterNews:
    """What :meth:`WriterWatch.follow_writer` found the writer changed since the last look."""

    purged: list[str] = field(default_factory=list)  #: stories forgotten (purged, or their feed removed)
    new: list[str] = field(default_factory=list)  #: stories the writer's refreshes brought
    #: Feeds whose stories a search index reads again: new or edited stories, names stored, a new name or tags.
    retold: set[str] = field(default_factory=set)
    #: Feeds whose bodies file the writer replaced: names stored (or new stories, whose bodies come first).
    named: set[str] = field(default_factory=set)
    removed: list[Feed] = field(default_factory=list)  #: feeds the writer removed
    added: list[Feed] = field(default_factory=list)  #: feeds the writer added
    #: Feeds added, removed, renamed or re-tagged, or saved searches changed. Not a feed's status alone: the
    #: writer rewrites feeds.json for each refresh's statuses, and the lists show none of it but a mark on a
    #: failing feed, which :attr:`failing` says.
    feeds: bool = False
    failing: set[str] = field(
        default_factory=set
    )  #: feeds that started or stopped failing, or being read in part
    #: Feeds whose status changed (a refresh's attempt, error, failures): the feed errors dialog shows them.
    statuses: set[str] = field(default_factory=set)
    bookmarks: bool = False
    marks: bool = False  #: read marks
    #: Saved searches renamed, old name -> new: gone and come in one look, with the same query.
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def relist(self) -> bool:
        """Whether the reader's lists show any of it (stories, names, groups, counts, marks, saved searches):
        else at most a failing mark changed, and the statuses the feed errors dialog shows."""
        return bool(self.purged or self.new or self.retold or self.feeds or self.bookmarks or self.marks)

    def __bool__(self) -> bool:
        return self.relist or bool(self.statuses)


class WriterWatch:
    """Following the writing copy's changes; :class:`~feeds.store.Store` provides the members declared here."""

    root: Path
    readonly: bool
    _lock: threading.RLock
    _headers: dict[str, dict[str, Stored]]
    _feed_of: dict[str, str]
    _read: dict[str, set[str]]
    _feeds: dict[str, Feed]
    _bookmarks: dict[str, Bookmark]
    _dbs: dict[Path, TinyDB]
    _bodies: Any
    _body_maps: dict[str, Any]
    _main: TinyDB
    _bookmarks_db: TinyDB
    _catalog_loaded: bool
    _watch: WriterFiles

    if TYPE_CHECKING:

        def _changed(self, feed_id: str | None = None) -> None: ...
        def _load_feed(self, feed_id: str) -> None: ...
        def _feeds_with_files(self) -> set[str] | None: ...
        @staticmethod
        def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]: ...
        @staticmethod
        def _records(
            name: str, db: TinyDB, table: str, load: Callable[[dict[str, Any]], _R]
        ) -> dict[str, _R]: ...

    def follow_writer(self) -> WriterNews:
        """A read-only copy: take in what the copy that writes changed since the last look (feeds added, removed
        or renamed, bookmarks, read marks, stories brought or purged, names stored). A few ``stat`` calls while
        nothing changed; files are read outside the store's lock, so the reader's drawing does not wait for them.
        A copy that writes keeps its own state: nothing."""
        news = WriterNews()
        if not self.readonly:
            return news
        if self._watch.feeds.changed():
            self._reload_feeds(news)
        if self._watch.bookmarks.changed():
            news.bookmarks = self._reload_bookmarks()
        self._follow_stories(news)
        self._follow_bodies(news)
        news.marks = self._reload_marks()
        return news

    def _follow_stories(self, news: WriterNews) -> None:
        """Take in the stories files the writer replaced since the last look: the stories it purged, or dropped
        with their feed, leave the catalog (it lists, counts and opens them no more), the ones its refreshes
        brought come in, edited ones change. One ``stat`` while nothing changed; the changed files are read
        outside the store's lock, so the reader's drawing does not wait for them. A feed's cached bodies go with
        its old stories: bodies are written before headers, so the new ones are in the file."""
        moved = self._watch.stories.moved()
        fresh = {f: _table_on_disk(self.root / "stories" / f"{f}.json", "stories") for f in moved}
        with self._lock:
            for feed_id, docs in fresh.items():
                headers = self._headers.get(feed_id)
                if docs is None or headers is None or feed_id not in self._feeds:
                    continue  # unreadable now (the catalog is trusted), or a feed not listed (yet)
                now = stored(docs, feed_id)
                if now == headers:
                    continue
                lost = [sid for sid in headers if sid not in now]
                added = [sid for sid in now if sid not in headers]
                for sid in lost:
                    self._feed_of.pop(sid, None)
                for sid in added:
                    self._feed_of[sid] = feed_id
                self._headers[feed_id] = now
                self._read.get(feed_id, set()).difference_update(lost)
                self._changed(feed_id)
                self._body_maps.pop(feed_id, None)
                self._bodies.pop(feed_id, None)
                news.purged += lost
                news.new += added
                news.retold.add(feed_id)

    def _follow_bodies(self, news: WriterNews) -> None:
        """The feeds whose bodies file the writer replaced (it stored the names it found in their stories): the
        copy's parsed copy of the file goes, so an opened story shows them, and a search index reads them."""
        if not self._catalog_loaded:
            return
        moved = self._watch.bodies.moved()
        with self._lock:
            for feed_id in moved:
                if feed_id in self._headers and feed_id in self._feeds:
                    self._body_maps.pop(feed_id, None)
                    self._bodies.pop(feed_id, None)
                    news.retold.add(feed_id)
                    news.named.add(feed_id)

    def _reread(
        self, name: str, table: str, load: Callable[[dict[str, Any]], _R]
    ) -> tuple[TinyDB, dict[str, _R]] | None:
        """A file read anew, as a database of its own (the one in use is swapped for it under the lock); None when
        it cannot be read or has a damaged record (a hand edit): what was read before is kept."""
        db = TinyDB(self.root / name, storage=AtomicJSONStorage, readonly=True)
        try:
            return db, self._records(name, db, table, load)
        except StoreError:
            return None

    def _reload_feeds(self, news: WriterNews) -> None:
        """Read feeds.json again. A record as it was keeps its :class:`Feed`: the writer rewrites the file for each
        refresh's statuses, and making all 20,000 feeds anew took 100 ms of a 250 ms look."""
        db = TinyDB(self.root / "feeds.json", storage=AtomicJSONStorage, readonly=True)
        old = self._feeds
        try:
            held = self._main.storage._loaded  # type: ignore[attr-defined]  # else a read now is the new file
            before = {doc.get("id"): doc for doc in self._raw(self._main, "feeds").values()} if held else {}
            feeds: dict[str, Feed] = {}
            for doc in self._raw(db, "feeds").values():
                kept = old.get(feed_id := doc["id"])
                feeds[feed_id] = (
                    kept if kept is not None and before.get(feed_id) == doc else Feed.from_dict(doc)
                )
        except (StoreError, KeyError, TypeError, ValueError, AttributeError):
            return  # unreadable, or a damaged record (a hand edit): the feeds read before are kept
        with self._lock:
            if self._feeds is not old:
                return  # another look took them in meanwhile
            news.removed = [f for fid, f in old.items() if fid not in feeds]
            news.added = [f for fid, f in feeds.items() if fid not in old]
            changed = [(f, old[fid]) for fid, f in feeds.items() if fid in old and f is not old[fid]]
            relabelled = {f.id for f, was in changed if (f.name, f.tags) != (was.name, was.tags)}
            news.retold |= relabelled
            news.statuses = {f.id for f, was in changed if f.status != was.status}
            news.failing = {
                fid
                for fid in news.statuses
                if (feeds[fid].status.failing, bool(feeds[fid].status.warning))
                != (old[fid].status.failing, bool(old[fid].status.warning))
            }
            searches = self._raw(db, "searches") != self._raw(self._main, "searches")
            if searches:
                news.renamed = _renamed(self._raw(self._main, "searches"), self._raw(db, "searches"))
            news.feeds = bool(news.removed or news.added or relabelled or searches)
            self._main = self._dbs[self.root / "feeds.json"] = db  # its saved searches are read from it too
            self._feeds = feeds
            for feed in news.removed:
                news.purged += self._forget_feed(feed.id)
            if news.added and self._catalog_loaded:
                on_disk = self._feeds_with_files()
                for feed in news.added:
                    news.retold.add(feed.id)
                    if on_disk is None or feed.id in on_disk:
                        self._load_feed(feed.id)
                    else:
                        self._headers[feed.id], self._read[feed.id] = {}, set()
                self._changed()

    def _reload_bookmarks(self) -> bool:
        read = self._reread("bookmarks.json", "bookmarks", Bookmark.from_dict)
        if read is None:
            return False
        db, marks = read
        with self._lock:
            changed = marks != self._bookmarks
            self._bookmarks_db = self._dbs[self.root / "bookmarks.json"] = db
            self._bookmarks = marks
            return changed

    def _reload_marks(self) -> bool:
        """Read again the read marks of the feeds whose marks file the writer replaced."""
        if not self._catalog_loaded:
            return False
        moved = self._watch.marks.moved()
        fresh = {
            f: _table_on_disk(self.root / "marks" / f"{f}.json", "read") for f in moved if f in self._headers
        }
        changed = False
        with self._lock:
            for feed_id, docs in fresh.items():
                if docs is None or feed_id not in self._headers:
                    continue
                ids = {sid for doc in docs if type(sid := record_id(doc)) is str}
                if ids != self._read.get(feed_id):
                    self._read[feed_id] = ids
                    changed = True
        return changed

    def _drop_headers(self, feed_id: str) -> list[str]:
        """Drop a feed's stories and read marks from memory, and say the feed changed; returns its story ids."""
        gone = list(self._headers.pop(feed_id, {}))
        for sid in gone:
            self._feed_of.pop(sid, None)
        self._read.pop(feed_id, None)
        self._changed(feed_id)
        return gone

    def _forget_feed(self, feed_id: str) -> list[str]:
        """Drop a feed's stories, marks and cached files from memory (it was removed); returns its story ids."""
        gone = self._drop_headers(feed_id)
        self._body_maps.pop(feed_id, None)
        body = self._bodies.pop(feed_id, None)
        if body is not None:
            body.storage.discard()
        for sub in ("stories", "bodies", "marks"):
            db = self._dbs.pop(self.root / sub / f"{feed_id}.json", None)
            if db is not None:  # a refresh's commit group may hold it: it must not write it back
                db.storage.discard()  # type: ignore[attr-defined]
        return gone
