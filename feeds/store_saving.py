"""Saving a refresh: one feed's parsed stories merged into its files, retention, purge tombstones, entities.

A part of :class:`feeds.store.Store`, kept in its own module: this is the write path of a refresh (the reader's
writes are read marks and bookmarks). Each call rewrites at most the feed's two files - ``bodies/<feed>.json``
first, then ``stories/<feed>.json`` - so a header never points at a missing body whatever moment a crash hits.
Inside :meth:`feeds.store.Store.saving` the writes of many feeds become durable together.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import threading
import time
from collections.abc import Container, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tinydb import TinyDB

from .model import FUTURE_SLACK, Bookmark, Entity, Feed, Story, StoryHeader
from .storage import StoreError, record_id
from .store_records import replace_records
from .store_retention import Kept, plan


class UnknownFeed(StoreError):
    """No subscription matches what the user typed."""


@dataclass(frozen=True, slots=True)
class Retention:
    """How much history to keep. Bookmarked stories are never purged."""

    max_per_feed: int = 500  #: newest stories kept per feed; 0 keeps all
    max_age_days: float = 0.0  #: stories older than this many days are purged; 0 (the default) keeps all


@dataclass(slots=True)
class SaveResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    purged: list[str] = field(default_factory=list)


class Stored(NamedTuple):
    """A story's header as the store keeps it in memory for every story: the list's :class:`StoryHeader` (the very
    object the lists hand out) and the three fields only a refresh and :meth:`Store.story` read.

    In place of the header record as read from ``stories/<feed>.json``: a dict of eight keys per story, which the
    file's cached copy held as well (at 50k stories: 46 MB for the catalog, 30 MB now); see :func:`stored`.
    """

    header: StoryHeader
    updated: float
    first_seen: float
    content_hash: str
    #: The feed's own date as stored; the header's is the date the story is listed by (:func:`list_date`).
    published: float


_NUMBER = (float, int)


def stored(docs: Iterable[Any], feed_id: str) -> dict[str, Stored]:
    """Story id -> compact header (:class:`Stored`) of the header records ``docs`` of one feed, leaving out any
    record the catalog cannot use (a well-formed file may still hold a hand-edited record that is not one).

    The author is interned (a feed has a few) and a date equal to the published one is that same object, so a
    story costs little more than its distinct strings. One loop, tuples made directly: this runs for every
    story before the first paint (50k stories: ~36 ms, against 28 ms for the dicts and lists it replaced).
    """
    new, intern = tuple.__new__, sys.intern
    out: dict[str, Stored] = {}
    for doc in docs:
        try:
            sid, title, link, author, published = (
                doc["id"], doc["title"], doc["link"], doc["author"], doc["published"]
            )  # fmt: skip
        except (KeyError, TypeError, IndexError):
            continue
        if not (
            type(sid) is str
            and type(title) is str
            and type(link) is str
            and type(author) is str
            and type(published) in _NUMBER
        ):
            continue
        updated, first_seen = doc.get("updated", 0.0), doc.get("first_seen", 0.0)
        if updated == published and type(updated) is type(published):
            updated = published
        if first_seen == published and type(first_seen) is type(published):
            first_seen = published
        listed = first_seen if 0.0 < first_seen < published else published  # list_date, inlined: every story
        header = new(StoryHeader, (sid, feed_id, title, link, intern(author), listed))
        out[sid] = new(Stored, (header, updated, first_seen, doc.get("content_hash", ""), published))
    return out


#: The stories files written inside :meth:`Store.saving` (in this thread): their cached copies are dropped once
#: the block's writes are durable. None outside such a block, where a write is on disk when it returns.
_WRITTEN: contextvars.ContextVar[set[TinyDB] | None] = contextvars.ContextVar(
    "newsdesk_written", default=None
)


def release(db: TinyDB) -> None:
    """Let a stories file's cached copy go once what was written to it is on disk: the catalog holds its headers
    compactly (:class:`Stored`), and a refresh of that feed reads the file again (a few hundred stories, ~1 ms)."""
    written = _WRITTEN.get()
    if written is not None:
        written.add(db)
    else:
        forget_if_clean(db)


def forget_if_clean(db: TinyDB) -> None:
    """Drop ``db``'s cached copy unless it holds a change not yet handed to be written."""
    if not db.storage._dirty:  # type: ignore[attr-defined]
        db.storage.forget()  # type: ignore[attr-defined]


@contextlib.contextmanager
def collecting_written() -> Iterator[set[TinyDB]]:
    """Within this block (in this thread), :func:`release` collects the files instead of letting them go: the
    caller lets them go once the block's writes are durable."""
    written: set[TinyDB] = set()
    token = _WRITTEN.set(written)
    try:
        yield written
    finally:
        _WRITTEN.reset(token)


def _header_doc(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "link": story.link,
        "author": story.author,
        "published": story.published,
        "updated": story.updated,
        "first_seen": story.first_seen,
        "content_hash": story.content_hash,
    }


def _body_doc(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "text": story.text,
        "links": list(story.links),
        "entities": None if story.entities is None else [e.to_list() for e in story.entities],
        "entities_model": story.entities_model,
    }


def _dated_now(old: Stored, story: Story) -> bool:
    """Whether ``story``, unchanged but for its date, puts right the date ``old`` (its stored header) was given.

    A story whose date could not be read (a month name in Portuguese, a zone name, before the parse knew them)
    or that had none was dated when first seen: its published time *is* its ``first_seen``, as the parse makes it
    and the store keeps it (an edit keeps both; see :func:`feeds.identity._same_date`, which reads it so too).
    That stand-in gives way to the date the feed gives now. A date the feed gave is never replaced: the feed's
    own edits to a date alone are not taken, as before. A clock reading that happens to equal a feed's date to
    the microsecond is the only way a real date could look like a stand-in.
    """
    return (
        old.published == old.first_seen
        and story.published != story.first_seen
        and story.published != old.published
    )


def _seen(first_seen: float, now: float) -> float:
    """``first_seen`` as kept, or ``now`` when it is later than a clock put right allows (see :func:`_put_right`)."""
    return now if first_seen > now + FUTURE_SLACK else first_seen


def _put_right(headers: Mapping[str, Stored], now: float, skip: Container[str]) -> dict[str, dict[str, Any]]:
    """The header records of stories first seen while the clock was ahead (by more than :data:`FUTURE_SLACK`),
    with their dates put right: first seen ``now``, and so is a date that is still in the future. An undated
    story is dated when first seen, so one stored while the clock read 2030 stayed at the top of every list,
    and was never too old to purge, for years after the clock was put right. One pass over the feed's headers
    at each save of its stories; the bodies are left as they are. ``skip``: the ids written anyway."""
    later = now + FUTURE_SLACK
    out: dict[str, dict[str, Any]] = {}
    for sid, old in headers.items():
        if old.first_seen > later and sid not in skip:
            header = old.header
            out[sid] = {
                "id": sid,
                "title": header.title,
                "link": header.link,
                "author": header.author,
                "published": now if old.published > later else old.published,
                "updated": now if old.updated > later else old.updated,
                "first_seen": now,
                "content_hash": old.content_hash,
            }
    return out


def _redated_doc(old: Stored, story: Story, now: float) -> dict[str, Any]:
    """``old``'s header record with the date ``story`` gives (see :func:`_dated_now`); all else as stored."""
    header = old.header
    return {
        "id": header.id,
        "title": header.title,
        "link": header.link,
        "author": header.author,
        "published": story.published,
        "updated": story.updated if old.updated == old.first_seen else old.updated,
        "first_seen": _seen(old.first_seen, now),
        "content_hash": old.content_hash,
    }


class RefreshSaving:
    """The refresh's writes; :class:`~feeds.store.Store` provides the members declared here."""

    root: Path
    retention: Retention
    _lock: threading.RLock
    _feeds: dict[str, Feed]
    _bookmarks: dict[str, Bookmark]
    _headers: dict[str, dict[str, Stored]]
    _feed_of: dict[str, str]
    _read: dict[str, set[str]]
    _dbs: dict[Path, TinyDB]
    _catalog_loaded: bool
    _skipped: list[str]
    readonly: bool
    _lost_bodies: frozenset[str]  # see Bodies.refetch_lost

    if TYPE_CHECKING:

        def _writable(self) -> None: ...

        def update_feeds(self, feeds: Iterable[Feed]) -> None: ...

        def _load_catalog(self) -> None: ...

        def _load_feed(self, feed_id: str) -> None: ...

        def _changed(self, feed_id: str | None = None) -> None: ...

        def _drop_headers(self, feed_id: str) -> list[str]: ...

        def _db(self, path: Path) -> TinyDB: ...

        def _body_db(self, feed_id: str) -> TinyDB: ...

        @staticmethod
        def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]: ...

        def _note_kept(self, feed_id: str, kept: Kept) -> None: ...

    def save_stories(self, feed_id: str, stories: Iterable[Story], *, now: float | None = None) -> SaveResult:
        """Merge one feed's freshly parsed stories: new ones added, edited ones replaced (keeping their marks),
        unchanged ones left alone, but for a stand-in date the feed now gives (see :func:`_dated_now`: only the
        header is rewritten, and the story counts as updated); then retention. Costs at most two file writes, none
        if nothing changed."""
        now = time.time() if now is None else now
        result = SaveResult()
        with self._lock:
            self._writable()
            if feed_id not in self._feeds:
                raise UnknownFeed(f"no feed with id {feed_id}")
            self._load_catalog()
            self._load_feed(feed_id)
            headers = self._headers[feed_id]
            hdb = self._db(self.root / "stories" / f"{feed_id}.json")
            purged_before = {record_id(d) for d in self._raw(hdb, "purged").values()}
            texts: set[str] | None = None  # None: every stored story has its text
            if feed_id in self._lost_bodies:  # its bodies file was lost: what it lacks is written, as edited
                self._lost_bodies -= {feed_id}
                texts = {record_id(d) for d in self._raw(self._body_db(feed_id), "bodies").values()}
            incoming: dict[str, Story] = {}
            redated: dict[str, dict[str, Any]] = {}
            for story in stories:
                if story.id in purged_before or story.id in incoming or story.id in redated:
                    continue
                old = headers.get(story.id)
                if (
                    old is not None
                    and old.content_hash == story.content_hash
                    and (texts is None or story.id in texts)
                ):
                    if _dated_now(old, story):
                        redated[story.id] = _redated_doc(old, story, now)
                    else:
                        result.unchanged += 1
                    continue
                if old is not None:
                    # An edit keeps the story's place: first seen stays, and an undated story keeps its date.
                    undated = story.published == story.first_seen
                    story = replace(
                        story,
                        first_seen=_seen(old.first_seen, now),
                        published=_seen(old.published, now) if undated else story.published,
                    )
                    result.updated.append(story.id)
                else:
                    result.new.append(story.id)
                incoming[story.id] = story
            redated.update(_put_right(headers, now, skip=incoming.keys() | redated.keys()))
            with hdb.storage.batch():  # type: ignore[attr-defined]
                if incoming:
                    self._write_stories(feed_id, incoming)
                if redated:  # the header alone: the body, and the names found in it, are the ones stored
                    self._replace_records(hdb, "stories", redated)
                    headers.update(stored(redated.values(), feed_id))
                    result.updated.extend(redated)
            result.purged = self._apply_retention(feed_id, now, seen=None)
            if result.purged:  # a story purged by this very save is not new: it is not there
                gone = set(result.purged)
                result.new = [sid for sid in result.new if sid not in gone]
                result.updated = [sid for sid in result.updated if sid not in gone]
            if result.purged or incoming or redated:
                self._changed(feed_id)
            if not hdb.storage.path.is_file():  # type: ignore[attr-defined]
                # A feed with no stories (or its stories read from the backup) has its file too: a missing one
                # means stories lost, which refetch_lost sees.
                hdb.storage.write(hdb.storage.read() or {"stories": {}})
            release(hdb)
            return result

    def _write_stories(self, feed_id: str, incoming: Mapping[str, Story]) -> None:
        bodies = {sid: _body_doc(s) for sid, s in incoming.items()}
        self._replace_records(self._body_db(feed_id), "bodies", bodies)
        docs = {sid: _header_doc(s) for sid, s in incoming.items()}
        self._replace_records(self._db(self.root / "stories" / f"{feed_id}.json"), "stories", docs)
        self._headers[feed_id].update(stored(docs.values(), feed_id))
        self._feed_of.update(dict.fromkeys(docs, feed_id))

    def _replace_records(self, db: TinyDB, table: str, docs: Mapping[str, dict[str, Any]]) -> None:
        """Put ``docs`` (by id) in ``table`` in place of the records with those ids: one write of the file."""
        replace_records(db, table, docs)

    def _remove_records(self, db: TinyDB, table: str, ids: Container[str]) -> None:
        """Remove the records of ``table`` whose id is in ``ids`` (a record without one is never matched)."""
        stale = [int(k) for k, doc in self._raw(db, table).items() if record_id(doc) in ids]
        if stale:
            db.table(table).remove(doc_ids=stale)

    def _apply_retention(self, feed_id: str, now: float, seen: set[str] | None) -> list[str]:
        """Purge what the retention does not keep of ``feed_id``, and note what is left (:mod:`feeds.store_retention`):
        a refresh holds the feeds it does not save to the retention by that note, without their files."""
        victims, kept = plan(
            (s.header for s in self._headers[feed_id].values()), self.retention, self._bookmarks, now
        )
        if victims:
            self._purge(feed_id, victims, now)
        self._note_kept(feed_id, kept)
        return victims

    def _purge(self, feed_id: str, victims: list[str], now: float) -> None:
        """Remove stories; remember their ids so the feed cannot bring them back as new on the next refresh."""
        gone = set(victims)
        self._remove_records(self._body_db(feed_id), "bodies", gone)
        hdb = self._db(self.root / "stories" / f"{feed_id}.json")
        with hdb.storage.batch():  # type: ignore[attr-defined]
            self._remove_records(hdb, "stories", gone)
            hdb.table("purged").insert_multiple({"id": sid, "at": now} for sid in victims)
        for sid in victims:
            self._headers[feed_id].pop(sid, None)
            self._feed_of.pop(sid, None)
        read = self._read.get(feed_id, set())
        if read & gone:
            self._remove_records(self._db(self.root / "marks" / f"{feed_id}.json"), "read", gone)
            read -= gone

    def stored_count(self, feed_id: str) -> int:
        """How many stories of ``feed_id`` are stored. Reads that feed's file alone while the catalog is not loaded:
        a refresh of nothing but 304s loads no other (a read-only copy loads it whole, which watches the files)."""
        with self._lock:
            if self.readonly:
                self._load_catalog()
            elif feed_id in self._feeds:
                self._load_feed(feed_id)
            return len(self._headers.get(feed_id, {}))

    def first_seen(self, feed_id: str, story_ids: Iterable[str]) -> dict[str, float]:
        """When each of ``story_ids`` (stories of ``feed_id``; an id not stored is left out) was first stored:
        what tells apart the copies of one story that older versions stored (see :mod:`feeds.identity`)."""
        return self._header_values(feed_id, story_ids, "first_seen")

    def feed_dates(self, feed_id: str, story_ids: Iterable[str]) -> dict[str, float]:
        """Each of ``story_ids``' date as its feed gave it (an id not stored is left out): its header holds the
        date it is listed by, earlier when the feed's date was ahead of the clock (see :func:`feeds.model.list_date`)."""
        return self._header_values(feed_id, story_ids, "published")

    def _header_values(self, feed_id: str, story_ids: Iterable[str], field: str) -> dict[str, float]:
        """``field`` of each stored story header among ``story_ids`` of ``feed_id``."""
        with self._lock:
            self._load_catalog()
            headers = self._headers.get(feed_id, {})
            return {sid: getattr(headers[sid], field) for sid in story_ids if sid in headers}

    def remember_removed(self, feed_id: str, story_ids: Iterable[str], *, now: float | None = None) -> None:
        """Remember stories removed before they were ever stored here (another reader's deleted articles, see
        :mod:`feeds.newsboat_cache`) as the retention remembers the ones it purges: a refresh that finds them
        in the feed does not bring them back. One write of the feed's stories file."""
        now = time.time() if now is None else now
        with self._lock:
            self._writable()
            if feed_id not in self._feeds:
                raise UnknownFeed(f"no feed with id {feed_id}")
            hdb = self._db(self.root / "stories" / f"{feed_id}.json")
            known = {record_id(d) for d in self._raw(hdb, "purged").values()}
            new = [sid for sid in dict.fromkeys(story_ids) if sid not in known]
            if new:
                hdb.table("purged").insert_multiple({"id": sid, "at": now} for sid in new)
            release(hdb)

    def forget_purged(self, feed_id: str, still_served: set[str]) -> None:
        """Drop purge tombstones for stories the feed no longer serves (they cannot come back)."""
        with self._lock:
            self._writable()
            hdb = self._db(self.root / "stories" / f"{feed_id}.json")
            ids = [int(k) for k, d in self._raw(hdb, "purged").items() if record_id(d) not in still_served]
            if ids:
                hdb.table("purged").remove(doc_ids=ids)
            release(hdb)

    def set_entities(self, feed_id: str, found: Mapping[str, tuple[tuple[Entity, ...], str]]) -> None:
        """Store extracted entities (and the extractor's version) for stories of one feed: one write."""
        with self._lock:
            self._writable()
            bdb = self._body_db(feed_id)
            raw = self._raw(bdb, "bodies")
            table = bdb.table("bodies")
            keys = [int(key) for key, doc in raw.items() if record_id(doc) in found]

            def tag(doc: MutableMapping[str, Any]) -> None:
                entities, model = found[record_id(doc)]
                doc["entities"], doc["entities_model"] = [e.to_list() for e in entities], model

            # One update for all: each update call copies the whole table, so one per story cost the square of
            # the feed's size under the store's lock (50 s at 8,000 stories, the reader frozen meanwhile).
            with bdb.storage.batch():  # type: ignore[attr-defined]
                table.update(tag, doc_ids=keys)
