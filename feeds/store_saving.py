"""Saving a refresh: one feed's parsed stories merged into its files, retention, purge tombstones, entities.

A part of :class:`feeds.store.Store`, kept in its own module: this is the write path of a refresh (the reader's
writes are read marks and bookmarks). Each call rewrites at most the feed's two files - ``bodies/<feed>.json``
first, then ``stories/<feed>.json`` - so a header never points at a missing body whatever moment a crash hits.
Inside :meth:`feeds.store.Store.saving` the writes of many feeds become durable together.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from .model import Bookmark, Entity, Feed, Story
from .storage import StoreError, record_id


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


class RefreshSaving:
    """The refresh's writes; :class:`~feeds.store.Store` provides the members declared here."""

    root: Path
    retention: Retention
    _lock: threading.RLock
    _feeds: dict[str, Feed]
    _bookmarks: dict[str, Bookmark]
    _headers: dict[str, dict[str, dict[str, Any]]]
    _feed_of: dict[str, str]
    _read: dict[str, set[str]]

    if TYPE_CHECKING:

        def _writable(self) -> None: ...

        def _load_catalog(self) -> None: ...

        def _load_feed(self, feed_id: str) -> None: ...

        def _changed(self, feed_id: str | None = None) -> None: ...

        def _db(self, path: Path) -> TinyDB: ...

        def _body_db(self, feed_id: str) -> TinyDB: ...

        @staticmethod
        def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]: ...

    def save_stories(self, feed_id: str, stories: Iterable[Story], *, now: float | None = None) -> SaveResult:
        """Merge one feed's freshly parsed stories: new ones added, edited ones replaced (keeping their marks),
        unchanged ones left alone; then retention. Costs at most two file writes, none if nothing changed."""
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
            incoming: dict[str, Story] = {}
            for story in stories:
                if story.id in purged_before or story.id in incoming:
                    continue
                old = headers.get(story.id)
                if old is not None and old.get("content_hash") == story.content_hash:
                    result.unchanged += 1
                    continue
                if old is not None:
                    # An edit keeps the story's place: first seen stays, and an undated story keeps its date.
                    undated = story.published == story.first_seen
                    story = replace(
                        story,
                        first_seen=old.get("first_seen", story.first_seen),
                        published=old["published"] if undated else story.published,
                    )
                    result.updated.append(story.id)
                else:
                    result.new.append(story.id)
                incoming[story.id] = story
            if incoming:
                self._write_stories(feed_id, incoming)
            result.purged = self._apply_retention(feed_id, now, seen=None)
            if result.purged:  # a story purged by this very save is not new: it is not there
                gone = set(result.purged)
                result.new = [sid for sid in result.new if sid not in gone]
                result.updated = [sid for sid in result.updated if sid not in gone]
            if result.purged or incoming:
                self._changed(feed_id)
            return result

    def _write_stories(self, feed_id: str, incoming: Mapping[str, Story]) -> None:
        bodies = {sid: _body_doc(s) for sid, s in incoming.items()}
        self._replace_records(self._body_db(feed_id), "bodies", bodies)
        docs = {sid: _header_doc(s) for sid, s in incoming.items()}
        self._replace_records(self._db(self.root / "stories" / f"{feed_id}.json"), "stories", docs)
        self._headers[feed_id].update(docs)
        self._feed_of.update(dict.fromkeys(docs, feed_id))

    def _replace_records(self, db: TinyDB, table: str, docs: Mapping[str, dict[str, Any]]) -> None:
        """Put ``docs`` (by id) in ``table`` in place of the records with those ids: one write of the file."""
        with db.storage.batch():  # type: ignore[attr-defined]
            self._remove_records(db, table, docs)
            db.table(table).insert_multiple(docs.values())

    def _remove_records(self, db: TinyDB, table: str, ids: Container[str]) -> None:
        """Remove the records of ``table`` whose id is in ``ids`` (a record without one is never matched)."""
        stale = [int(k) for k, doc in self._raw(db, table).items() if record_id(doc) in ids]
        if stale:
            db.table(table).remove(doc_ids=stale)

    def _apply_retention(self, feed_id: str, now: float, seen: set[str] | None) -> list[str]:
        headers = self._headers[feed_id]
        keep_n, max_age = self.retention.max_per_feed, self.retention.max_age_days
        ordered = sorted(headers.values(), key=lambda d: d["published"], reverse=True)
        victims = []
        for rank, doc in enumerate(ordered):
            too_many = keep_n > 0 and rank >= keep_n
            too_old = max_age > 0 and doc["published"] < now - max_age * 86400
            if (too_many or too_old) and doc["id"] not in self._bookmarks:
                victims.append(doc["id"])
        if victims:
            self._purge(feed_id, victims, now)
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

    def forget_purged(self, feed_id: str, still_served: set[str]) -> None:
        """Drop purge tombstones for stories the feed no longer serves (they cannot come back)."""
        with self._lock:
            self._writable()
            hdb = self._db(self.root / "stories" / f"{feed_id}.json")
            ids = [int(k) for k, d in self._raw(hdb, "purged").items() if record_id(d) not in still_served]
            if ids:
                hdb.table("purged").remove(doc_ids=ids)

    def set_entities(self, feed_id: str, found: Mapping[str, tuple[tuple[Entity, ...], str]]) -> None:
        """Store extracted entities (and the extractor's version) for stories of one feed: one write."""
        with self._lock:
            self._writable()
            bdb = self._body_db(feed_id)
            raw = self._raw(bdb, "bodies")
            table = bdb.table("bodies")
            with bdb.storage.batch():  # type: ignore[attr-defined]
                for key, doc in raw.items():
                    hit = found.get(record_id(doc))
                    if hit is not None:
                        entities, model = hit
                        table.update(
                            {"entities": [e.to_list() for e in entities], "entities_model": model},
                            doc_ids=[int(key)],
                        )
