"""The entity pivot's index: entity key -> the stories naming it (with the type each story gives it), on disk.

Without it the pivot reads every stored story's entities to answer one name. With it, the answer is a dictionary
lookup: each indexed story keeps its entity groups (key, type, display name, mentions) plus its feed and date,
which is all the pivot shows (the stories, a count per day, the names seen with it).

The index is only ever a cache of the store, so it must never be trusted blindly. For each feed it records a
*stamp* of the feed's two files (``stories/<feed>.json`` and ``bodies/<feed>.json``: inode, size, mtime in
nanoseconds), taken *before* reading the stories it indexed. Every change to a feed's stories goes through an
atomic rename of one of those files, so any write since (new stories, an edit, retention purging some,
entities stored, the feed removed) makes the stamp differ and :meth:`EntityIndex.sync` re-reads that feed alone.
An index left behind by a crash, or damaged, or of another format is therefore repaired or rebuilt, never wrong;
checking a current one costs two ``stat`` calls per feed.

For :func:`feeds.enrich.extract_missing` it also keeps, per feed, a *complete* mark: the stamp at which every
story of the feed had entities of one model version under one declared language. While the feed's stamp, the
model and the language are all unchanged, the pass skips the feed without reading its bodies.

Memory: a store names the same few thousand entities over and over, so every string (keys, names, types, feed
ids) is interned and equal groups are one shared tuple; on disk each distinct (key, type, name) is written once
and a story's groups are pairs of numbers into that table. The key -> stories map is built from the stories'
groups by the first lookup (a pivot), so a reader that never opens one does not hold it.

Saved as one JSON file with :func:`feeds.storage.atomic_write` beside the search and related indexes.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from feeds.model import Entity, Story, list_date
from feeds.name_forms import person_forms
from feeds.paths import read_regular
from feeds.storage import StoreError, atomic_write_bytes
from feeds.store import Stamp, Store, feed_stamp

FORMAT = "newsdesk-entities/2"
INDEX_FILE = "entities.json"

Group = tuple[str, str, str, int]  # key, type, display name, mentions
Complete = tuple[Stamp, str, str]  # the feed's stamp, the model version, the feed's declared language


class _Shared:
    """One copy of every repeated value while indexing: interned strings, and one tuple per distinct group.

    Lives for one load or one batch of changes, so it never outgrows what it is sharing.
    """

    def __init__(self) -> None:
        self._groups: dict[Group, Group] = {}

    def group(self, key: str, kind: str, name: str, mentions: int) -> Group:
        group = (sys.intern(str(key)), sys.intern(str(kind)), sys.intern(str(name)), int(mentions))
        return self._groups.setdefault(group, group)

    def entry(self, feed_id: str, published: float, groups: Iterable[tuple[str, str, str, int]]) -> Entry:
        return Entry(sys.intern(str(feed_id)), float(published), tuple(self.group(*g) for g in groups))


class IndexDamaged(ValueError):
    """The file is missing, unreadable or not an entity index of this format: build it again."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What the pivot needs of one story: where it is from, when, and its entity groups."""

    feed_id: str
    published: float
    groups: tuple[Group, ...]


def index_path(store: Store) -> Path:
    """Where a store's entity index lives: beside its search and related indexes."""
    return store.root / "index" / INDEX_FILE


def entry_of(story: Story, shared: _Shared | None = None) -> Entry | None:
    """The index's view of a story; None when it has no entities (yet), so it names nobody."""
    if not story.entities:
        return None
    from feeds.entities import group_entities

    groups = group_entities(story.entities)
    if not groups:
        return None
    # Dated as the lists date it: a story dated after it was first seen sorted above every other naming the name.
    return (shared or _Shared()).entry(story.feed_id, list_date(story.published, story.first_seen), groups)


class _PostingNames:
    """The pivot's postings as :class:`feeds.name_forms.Names` (the caller holds the index's lock)."""

    def __init__(self, postings: dict[str, dict[str, str]]) -> None:
        self.postings = postings

    def stories(self, key: str) -> int:
        return len(self.postings.get(key, ()))

    def is_person(self, key: str) -> bool:
        kinds = list(self.postings.get(key, {}).values())
        return bool(kinds) and 2 * kinds.count("PER") > len(kinds)

    def with_word(self, word: str) -> list[str]:
        return [k for k in self.postings if word in k and f" {word} " in f" {k} "]


class EntityIndex:
    """Entity key -> {story id: type}, kept in step with a store feed by feed. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._stories: dict[str, Entry] = {}
        self._by_feed: dict[str, set[str]] = {}
        self._stamps: dict[str, Stamp] = {}
        self._postings: dict[str, dict[str, str]] | None = None  # built by the first lookup: see _by_key
        self._complete: dict[str, Complete] = {}
        self.dirty = False

    # -- queries ------------------------------------------------------------------------------------------------
    def stories_naming(self, key: str) -> dict[str, str]:
        """The stories naming ``key``: story id -> the type that story gives it."""
        with self._lock:
            return dict(self._by_key().get(key, {}))

    def person_forms(self, key: str) -> list[str]:
        """``key`` and the other keys that name the same person across stories, by the rule ``person:`` searches
        use too (:func:`feeds.name_forms.person_forms`): "putin" and "vladimir putin", "xi" and "xi jinping",
        "tayyip erdogan" and "recep tayyip erdogan". Reuters writes "Putin", CNN "Vladimir Putin": the pivot of one
        missed the other's stories (2 of 9)."""
        with self._lock:
            return person_forms(key, _PostingNames(self._by_key()))

    def people_with(self, key: str) -> list[tuple[str, int]]:
        """The people whose names hold ``key`` as whole words ("kim" in "kim jong un"), each as its stories
        most often write it, with how many stories name it, most first: what ``key`` may mean when none of them
        holds :data:`~feeds.name_forms.ONE_PERSON` of the stories (see :meth:`person_forms`), so that `newsdesk
        entity Kim` can say whom it could mean instead of finding nothing."""
        with self._lock:
            postings = self._by_key()
            found: list[tuple[int, str, str]] = []
            for k, hits in postings.items():
                kinds = list(hits.values())
                if k == key or f" {key} " not in f" {k} " or 2 * kinds.count("PER") <= len(kinds):
                    continue
                written = Counter(
                    name
                    for story_id in hits
                    if (entry := self._stories.get(story_id)) is not None
                    for k2, _kind, name, _mentions in entry.groups
                    if k2 == k
                )
                found.append((-len(hits), written.most_common(1)[0][0] if written else k, k))
            return [(name, -n) for n, name, _k in sorted(found)]

    def entry(self, story_id: str) -> Entry | None:
        with self._lock:
            return self._stories.get(story_id)

    def story_ids(self) -> set[str]:
        with self._lock:
            return set(self._stories)

    def snapshot(self) -> dict[str, dict[str, str]]:
        """Every key with its stories and types (a copy): what a full scan of the store must agree with."""
        with self._lock:
            return {key: dict(hits) for key, hits in self._by_key().items() if hits}

    def _by_key(self) -> dict[str, dict[str, str]]:
        """Entity key -> {story id: type}, built from the stories' groups when first asked (the caller holds the
        lock) and kept current from then on. Only the pivot asks: a reader that never opens one does not hold
        it (at 50k stories about 21 MB, built in about 0.3 s)."""
        if self._postings is None:
            postings: dict[str, dict[str, str]] = {}
            for story_id, entry in self._stories.items():
                for key, kind, _name, _mentions in entry.groups:
                    postings.setdefault(key, {})[story_id] = kind
            self._postings = postings
        return self._postings

    # -- changes ------------------------------------------------------------------------------------------------
    def _drop(self, story_id: str) -> None:
        old = self._stories.pop(story_id, None)
        if old is None:
            return
        self._by_feed.get(old.feed_id, set()).discard(story_id)
        if self._postings is None:
            return
        for key, *_ in old.groups:
            hits = self._postings.get(key)
            if hits is not None:
                hits.pop(story_id, None)
                if not hits:
                    del self._postings[key]

    def _put(self, story_id: str, entry: Entry | None) -> None:
        self._drop(story_id)
        if entry is None:
            return
        self._stories[story_id] = entry
        self._by_feed.setdefault(entry.feed_id, set()).add(story_id)
        if self._postings is None:
            return
        for key, kind, _name, _mentions in entry.groups:
            self._postings.setdefault(key, {})[story_id] = kind

    def replace_feed(
        self, feed_id: str, stories: Iterable[Story], stamp: Stamp, shared: _Shared | None = None
    ) -> None:
        """Index exactly ``stories`` for ``feed_id``, read after ``stamp`` was taken (so a later write shows)."""
        shared = shared or _Shared()
        with self._lock:
            for story_id in list(self._by_feed.get(feed_id, ())):
                self._drop(story_id)
            for story in stories:
                self._put(story.id, entry_of(story, shared))
            self._stamps[feed_id] = stamp
            self.dirty = True

    def set_entities(
        self,
        stories: Mapping[str, Story],
        found: Mapping[str, tuple[tuple[Entity, ...], str]],
        *,
        before: Stamp,
        after: Stamp,
    ) -> None:
        """Record entities just stored for some stories of one feed, incrementally.

        ``before`` is the feed's stamp when its stories were read, ``after`` its stamp right after the write,
        with no other write between the two (see :func:`feeds.enrich.extract_missing`). When the index held
        the feed at ``before``, it now holds it at ``after``; otherwise the entries are updated but the old
        stamp stays, so the next :meth:`sync` re-reads the feed.
        """
        shared = _Shared()
        with self._lock:
            feed_ids = {stories[story_id].feed_id for story_id in found}
            for story_id, (entities, model) in found.items():
                self._put(story_id, entry_of(_with_entities(stories[story_id], entities, model), shared))
            for feed_id in feed_ids:
                if self._stamps.get(feed_id) == before:
                    self._stamps[feed_id] = after
            self.dirty = True

    def stamp_of(self, feed_id: str) -> Stamp | None:
        with self._lock:
            return self._stamps.get(feed_id)

    def mark_complete(self, feed_id: str, stamp: Stamp, model: str, language: str) -> None:
        """Record that at ``stamp`` every story of the feed had entities of ``model`` under ``language``.

        Only a pass that went through every story of the feed, with no write to it but its own, may say so.
        """
        with self._lock:
            self._complete[feed_id] = (stamp, model, language)
            self.dirty = True

    def is_complete(self, feed_id: str, stamp: Stamp, model: str, language: str) -> bool:
        """Whether the feed, whose current stamp is ``stamp``, needs no extraction and is indexed as it is:
        marked complete at this very stamp, model and language, and indexed at this stamp too."""
        with self._lock:
            mark = self._complete.get(feed_id)
            return self._stamps.get(feed_id) == stamp and mark == (stamp, model, language)

    def sync(self, store: Store) -> int:
        """Re-read every feed whose files changed since it was indexed, drop removed feeds; returns feeds re-read.

        The stories are read outside the index's lock (the store has its own), each feed's stamp before them.
        """
        feeds = {feed.id for feed in store.feeds()}
        changed = 0
        with self._lock:
            for feed_id in [f for f in self._stamps if f not in feeds]:
                for story_id in list(self._by_feed.pop(feed_id, ())):
                    self._drop(story_id)
                del self._stamps[feed_id]
                self._complete.pop(feed_id, None)
                changed += 1
                self.dirty = True
            stale = [f for f in sorted(feeds) if self._stamps.get(f) != feed_stamp(store, f)]
        shared = _Shared()
        for feed_id in stale:
            stamp = feed_stamp(store, feed_id)
            self.replace_feed(feed_id, list(store.stories(feed_id)), stamp, shared)
            changed += 1
        return changed

    # -- disk ---------------------------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        with self._lock:
            table: dict[tuple[str, str, str], int] = {}
            stories: dict[str, list[Any]] = {}
            for sid, e in self._stories.items():
                pairs: list[int] = []
                for key, kind, name, mentions in e.groups:
                    pairs += (table.setdefault((key, kind, name), len(table)), mentions)
                stories[sid] = [e.feed_id, e.published, pairs]
            doc: dict[str, Any] = {
                "format": FORMAT,
                "stamps": {fid: _stamp_doc(stamp) for fid, stamp in self._stamps.items()},
                "complete": {
                    fid: [_stamp_doc(stamp), model, language]
                    for fid, (stamp, model, language) in self._complete.items()
                },
                "groups": [list(group) for group in table],
                "stories": stories,
            }
        return orjson.dumps(doc)

    def save(self, path: Path) -> None:
        """Write atomically (a crash leaves the old file or the new one); raises StoreError if it cannot."""
        atomic_write_bytes(path, self.to_bytes(), keep_backup=False)
        self.dirty = False

    @classmethod
    def load(cls, path: Path) -> EntityIndex:
        """Read a file written by :meth:`save`; anything unexpected raises :class:`IndexDamaged`."""
        try:
            doc = orjson.loads(read_regular(Path(path)))  # never waits on a named pipe
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise IndexDamaged(f"{Path(path).name}: not an entity index of this version")
            index = cls()
            for feed_id, stamp in doc["stamps"].items():
                index._stamps[sys.intern(str(feed_id))] = _stamp(stamp)
            for feed_id, (stamp, model, language) in doc["complete"].items():
                index._complete[sys.intern(str(feed_id))] = (_stamp(stamp), str(model), str(language))
            table = [(str(k), str(t), str(n)) for k, t, n in doc.pop("groups")]
            shared = _Shared()
            known: dict[tuple[int, int], Group] = {}

            def group(number: int, mentions: int) -> Group:
                found = known.get((number, mentions))
                if found is None:
                    if not 0 <= number < len(table) or type(number) is not int:
                        raise IndexDamaged(f"{Path(path).name}: a story names a group the file lacks")
                    found = known[(number, mentions)] = shared.group(*table[number], mentions)
                return found

            stories: dict[str, Any] = doc.pop("stories")
            del doc
            # Each raw story is freed as soon as it is indexed: the peak stays near the index's own size.
            while stories:
                story_id, (feed_id, published, pairs) = stories.popitem()
                if len(pairs) % 2:
                    raise IndexDamaged(f"{Path(path).name}: a story's groups are cut short")
                groups = tuple(group(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))
                entry = Entry(sys.intern(str(feed_id)), float(published), groups)
                if entry.feed_id not in index._stamps:
                    raise IndexDamaged(f"{Path(path).name}: a story of a feed the index never read")
                index._put(str(story_id), entry)
            return index
        except IndexDamaged:
            raise
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            raise IndexDamaged(
                f"{Path(path).name}: cannot read the entity index ({type(exc).__name__})"
            ) from exc


def _stamp_doc(stamp: Stamp) -> list[list[int] | None]:
    return [list(part) if part else None for part in stamp]


def _stamp(raw: Any) -> Stamp:
    headers, bodies = raw

    def one(part: Any) -> tuple[int, int, int] | None:
        if part is None:
            return None
        ino, size, mtime = part
        return (int(ino), int(size), int(mtime))

    return (one(headers), one(bodies))


def _with_entities(story: Story, entities: tuple[Entity, ...], model: str) -> Story:
    from dataclasses import replace

    return replace(story, entities=entities, entities_model=model)


_open: weakref.WeakKeyDictionary[Store, EntityIndex] = weakref.WeakKeyDictionary()
_open_lock = threading.Lock()


def open_index(store: Store) -> EntityIndex:
    """The store's entity index, current: loaded (once per store object) or built, synced, saved if it changed."""
    with _open_lock:
        index = _open.get(store)
        if index is None:
            try:
                index = EntityIndex.load(index_path(store))
            except IndexDamaged:
                index = EntityIndex()
            _open[store] = index
    index.sync(store)
    save_if_changed(store, index)
    return index


def save_if_changed(store: Store, index: EntityIndex) -> None:
    """Persist the index after changes; a read-only store or a full disk just keeps it in memory."""
    if not index.dirty or store.readonly:
        return
    with contextlib.suppress(OSError, StoreError):  # derived data: the next start rebuilds what it lacks
        index.save(index_path(store))
