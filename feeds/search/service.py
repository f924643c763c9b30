"""The search index of one store: built from it, persisted beside it, checked against it, kept current.

The reader and the ``newsdesk search`` command share this, so both find the same stories. The index lives in
``<store root>/index/search.idx``; it is only ever a cache of the store: :meth:`SearchService.open` compares its
fingerprint with the store's stories and re-indexes whatever differs, so an index left behind by a crash (saved
before the last stories arrived, or after some were purged) is repaired, never trusted. Only the feeds written
since the index last read them are read (see :func:`repair`): a start with nothing new costs a few ``stat``
calls per feed, not every story body. No Textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from feeds.model import Feed, Story, StoryHeader, list_date
from feeds.storage import StoreError
from feeds.store import Store, feed_stamp

from .index import CHUNK_DOCS, SearchDoc, SearchIndex, SearchResult, doc_hash, fingerprint_of_hashes
from .persist import IndexLoadError
from .query import Query

INDEX_DIR = "index"
INDEX_FILE = "search.idx"
Sort = Literal["relevance", "date"]


class StoreSearchState:
    """The store's read marks and bookmarks, as the index asks for them (``is:unread``, ``tag:``, ``note:``).

    ``read_ids`` and ``bookmarked_ids`` are frozen snapshots taken when asked, so the index may keep what it
    computed from them for the following keystrokes; a new state object is made per search, so a mark set a
    moment ago counts.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def is_read(self, id: str) -> bool:
        return self.store.is_read(id)

    def is_bookmarked(self, id: str) -> bool:
        return self.store.is_bookmarked(id)

    def bookmark_tags(self, id: str) -> tuple[str, ...]:
        for mark in self.store.bookmarks():
            if mark.story.id == id:
                return mark.tags
        return ()

    def read_ids(self) -> Collection[str]:
        every = {h.id for h in self.store.headers()}
        return frozenset(every - self.store.unread_ids())

    def bookmarked_ids(self) -> Collection[str]:
        return frozenset(b.story.id for b in self.store.bookmarks())

    def bookmark_notes(self) -> Mapping[str, str]:
        return {b.story.id: b.note for b in self.store.bookmarks() if b.note}


def search_doc(story: Story, feed_title: str, feed_tags: tuple[str, ...]) -> SearchDoc:
    """What search reads of a story: its text, its feed's name and tags, the entities found in it."""
    entities = tuple((e.type, e.key or e.text) for e in story.entities or ())
    return SearchDoc(
        id=story.id,
        feed_id=story.feed_id,
        feed_title=feed_title,
        feed_tags=feed_tags,
        title=story.title,
        text=story.text,
        author=story.author,
        published=list_date(story.published, story.first_seen),  # as the lists date it: never in the future
        entities=entities,
    )


def iter_docs(store: Store, ids: Iterable[str] | None = None) -> Iterator[SearchDoc]:
    """Search documents for the stories ``ids`` (None: every story in the store), one at a time, as they are
    read; gone ids are skipped."""
    feeds = {f.id: f for f in store.feeds()}
    if ids is None:
        stories: Iterable[Story] = (s for fid in feeds for s in store.stories(fid))
    else:
        stories = (s for s in map(store.story, ids) if s is not None)
    for story in stories:
        feed = feeds.get(story.feed_id)
        yield search_doc(story, feed.name if feed else "", feed.tags if feed else ())


def feed_mark(store: Store, feed: Feed) -> list[Any]:
    """What the index records of a feed when it reads the feed whole: its files' stamps (taken before reading),
    its name and tags (search reads those too), as JSON values."""
    stamp = [list(part) if part is not None else None for part in feed_stamp(store, feed.id)]
    return [stamp, feed.name, list(feed.tags)]


def repair(index: SearchIndex, store: Store) -> tuple[int, int]:
    """Make ``index`` hold exactly the store's stories (as :meth:`SearchIndex.sync` would), reading few of them.

    A feed whose mark (:func:`feed_mark`) is the one the index recorded when it last read that feed whole is
    not read: its files have not been written since (every change of a feed's stories or entities renames one
    of them), so the index's documents of that feed are still its stories. Other feeds are read one story at a
    time, and only the documents that differ from the index are kept, a chunk at most (then indexed): a start
    with nothing to do reads no story body, and one after a refresh reads the refreshed feeds. Returns
    (indexed, removed); (0, 0) when the index was current. Records the new marks in ``index.stamps``.
    """
    saved = index.stamps
    by_feed = index.hashes_by_feed()
    indexed = {id: digest for group in by_feed.values() for id, digest in group.items()}
    present: dict[str, int] = {}
    stale: dict[str, SearchDoc] = {}
    added: set[str] = set()  # given to the index already: a first build holds a chunk of stories, not all
    stamps: dict[str, Any] = {}
    for feed in store.feeds():
        mark = stamps[feed.id] = feed_mark(store, feed)
        if saved.get(feed.id) == mark:
            present.update(by_feed.get(feed.id, {}))
            continue
        for story in store.stories(feed.id):
            doc = search_doc(story, feed.name, feed.tags)
            digest = doc_hash(doc)
            present[doc.id] = digest
            if indexed.get(doc.id) != digest or doc.id in added:
                stale[doc.id] = doc
            else:
                stale.pop(doc.id, None)  # the last of a repeated id counts, as in ``sync``
            if len(stale) >= CHUNK_DOCS:
                index.add(stale.values())
                added.update(stale)
                stale = {}
    gone: list[str] = []
    if index.fingerprint != fingerprint_of_hashes(present):
        gone = [id for id in indexed if id not in present]
        index.remove(gone)
        index.add(stale.values())
    index.stamps = stamps
    fresh = sum(1 for id in added | stale.keys() if indexed.get(id) != present.get(id))
    return fresh, len(gone)


class SearchService:
    """One store's index. Thread-safe: the reader opens and updates it in worker threads, searches in another."""

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path or store.root / INDEX_DIR / INDEX_FILE
        self.index = SearchIndex()
        self.ready = False
        self._lock = threading.Lock()
        self._dirty = False
        self._pending: set[str] = set()  # stories a refresh saved while the index was still loading
        self._rows: tuple[list[StoryHeader], dict[str, StoryHeader]] | None = None
        self._forgotten: set[str] = set()  # stories a read-only copy forgot while the index was still loading
        self._retold: set[str] = set()  # feeds a read-only copy saw changed while the index was still loading

    def open(self) -> tuple[int, int]:
        """Load the saved index, check it against the store and repair it; save it when it changed.

        Returns (stories re-indexed, stories dropped): (0, 0) when the saved index was exactly current.
        """
        try:
            index = SearchIndex.load(self.path)
        except (IndexLoadError, OSError):
            index = SearchIndex()
        saved = index.stamps
        changed = repair(index, self.store)
        if changed != (0, 0) or index.stamps != saved:
            self._dirty = True
        with self._lock:
            self.index = index
            self.ready = True
            pending, self._pending = self._pending, set()
            forgotten, self._forgotten = self._forgotten, set()
            retold, self._retold = self._retold, set()
        if pending:
            self.update(pending)
        if forgotten:
            self.index.remove(forgotten)
        if retold:
            self.recheck(retold)
        self.save()
        return changed

    def update(self, story_ids: Iterable[str]) -> int:
        """Index (or re-index) the stories ``story_ids`` just saved by a refresh; returns how many.

        Before :meth:`open` finished, the ids are kept and indexed when it does (it may have read the store
        before they were saved).
        """
        story_ids = list(story_ids)
        with self._lock:
            if not self.ready:
                self._pending.update(story_ids)
                return 0
        whole = self._whole_feeds(story_ids)
        count = 0

        def counted() -> Iterator[SearchDoc]:
            nonlocal count
            for doc in iter_docs(self.store, story_ids):
                count += 1
                yield doc

        # The index takes them a chunk at a time: re-indexing a whole store (its first tagging) holds a chunk
        # of documents, not all of them (50k stories: +534 MB -> see the commit).
        self.index.add(counted())
        if count:
            self._dirty = True
        if whole:
            # Feeds read whole just now (a first start's names: every story of every feed) are vouched for as
            # :func:`repair` would, so the next start does not read all of them again to find nothing changed.
            held = self.index.ids_of_feeds(whole.keys())
            with self._lock:
                for feed_id, (mark, ids) in whole.items():
                    if held[feed_id] == ids:  # and the index holds no other story of it
                        self.index.stamps[feed_id] = mark
                        self._dirty = True
        return count

    def _whole_feeds(self, story_ids: list[str]) -> dict[str, tuple[list[Any], set[str]]]:
        """The feeds every stored story of which is in ``story_ids``: each one's mark (:func:`feed_mark`, taken
        before its stories are read, so a write meanwhile shows as another mark) and its stories' ids."""
        wanted: dict[str, set[str]] = {}
        for story_id in story_ids:
            feed_id = self.store.feed_of(story_id)
            if feed_id is not None:
                wanted.setdefault(feed_id, set()).add(story_id)
        out: dict[str, tuple[list[Any], set[str]]] = {}
        for feed_id, ids in wanted.items():
            feed = self.store.get_feed(feed_id)
            if feed is None:
                continue
            mark = feed_mark(self.store, feed)
            stored = {h.id for h in self.store.headers(feed_id)}
            if stored <= ids:
                out[feed_id] = (mark, stored)
        return out

    def settle(self) -> None:
        """After a run of updates (a refresh's end, an enrichment pass): forget the stories no longer stored and
        save, once the index is ready."""
        if self.ready:
            self.drop_missing()
            self.save()

    def drop_missing(self) -> int:
        """Forget stories no longer in the store (purged by retention, or their feed removed)."""
        present = {h.id for h in self.store.headers()}
        gone = [sid for sid in self.index.hashes() if sid not in present]
        if gone:
            self.index.remove(gone)
            self._dirty = True
        return len(gone)

    def save(self) -> None:
        """Write the index if it changed since it was loaded or last saved (atomically; read-only stores skip).

        A disk too full (or a folder not writable) keeps it in memory only: it is derived data, and a search
        must not fail because it cannot be kept; the next start repairs what the file lacks."""
        if not self._dirty or self.store.readonly:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.index.save(self.path)
        except (OSError, StoreError):
            return
        self._dirty = False

    def search(
        self, query: str | Query, *, limit: int = 200, sort: Sort = "relevance", now: float | None = None
    ) -> SearchResult:
        """Stories matching ``query`` with the store's current marks (see :mod:`feeds.search.query`). Text is read
        as the reader's box holds it, its last word still being typed; the caller parses a complete query itself
        (``parse_query(text, prefix_last=False)``, as `newsdesk search` does).

        A read-only copy's stories purged by the writer leave through :meth:`forget`, at the reader's look every
        few seconds: a look here, on every keystroke, listed the stories folder while the writer refreshed (160 ms
        a keystroke with 20,000 feeds)."""
        return self.index.search(query, state=StoreSearchState(self.store), limit=limit, sort=sort, now=now)

    def forget(self, story_ids: Iterable[str]) -> None:
        """A read-only copy keeps the catalog it read at start, and this index with it: the stories the copy
        that writes purged since (retention, a removed feed) stayed in its searches until it restarted. The reader
        hands over what its catalog forgot at each look (:meth:`~feeds.store.Store.follow_writer`); before the
        index is ready they wait for :meth:`open`. The stories the writer brought or changed come through
        :meth:`recheck`."""
        ids = list(story_ids)
        with self._lock:
            if not self.ready:
                self._forgotten.update(ids)
                return
        if ids:
            self.index.remove(ids)

    def recheck(self, feed_ids: Iterable[str]) -> None:
        """A read-only copy: index again the stories of feeds the writer changed (its refresh brought or edited
        stories, its enrichment stored their names, it renamed or re-tagged the feed): the index held them as they
        were when the copy started, so ``person:`` missed the names stored since. An unchanged story costs its
        hash (see :meth:`SearchIndex.add`). Before the index is ready the feeds wait for :meth:`open`."""
        feed_ids = set(feed_ids)
        with self._lock:
            if not self.ready:
                self._retold |= feed_ids
                return
        feeds = [f for f in map(self.store.get_feed, sorted(feed_ids)) if f is not None]
        docs = (
            search_doc(story, feed.name, feed.tags) for feed in feeds for story in self.store.stories(feed.id)
        )
        self.index.add(docs)

    def headers(self, ids: Iterable[str]) -> list[StoryHeader]:
        """The story-list rows for result ids, in their order (a story that vanished meanwhile is left out)."""
        every = self.store.headers()  # cached by the store: the same list until a story changes
        if self._rows is None or self._rows[0] is not every:
            self._rows = (every, {h.id: h for h in every})
        by_id = self._rows[1]
        out: list[StoryHeader] = []
        for sid in ids:
            header = by_id.get(sid)
            if header is None:  # a bookmarked story its feed no longer carries
                story = self.store.story(sid)
                header = story.header() if story is not None else None
            if header is not None:
                out.append(header)
        return out
