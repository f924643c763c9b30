"""Retention for every feed, not only the ones a refresh saved: what each feed's stories file holds, in brief.

Retention (a cap per feed, an age limit) ran only when a feed's stories were saved, so a feed that answered 304
(or the same bytes) for months was never trimmed by ``retention_days``, and a lowered ``retention_per_feed``
waited until the feed changed. Trimming every feed after a refresh by reading its stories file would cost an
all-304 refresh every feed's file (it reads none). So each retention pass leaves a :class:`Kept` of the feed:
where its oldest story that retention may purge lies (its rank, newest first, and its date) and the bookmarked
stories after it. That says whether the feed is over its limits now, for any cap or age, without its file
(:func:`due`); only a feed that is over them is read and trimmed, by the very same pass a save runs.

The notes of this session's catalog hold while it holds the feed's headers; the others are kept in
``index/retention.json`` (derived data: lost or damaged, each feed is read once and noted again), each with the
stamp of the stories file it describes (inode, size, mtime), and count only while the file is that one.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Container, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from .model import Feed, StoryHeader
from .paths import read_regular
from .storage import StoreError, atomic_write_bytes

if TYPE_CHECKING:
    from tinydb import TinyDB

    from .store_saving import Retention, Stored

FileMark = tuple[
    int, int, int
]  #: a file's inode, size and mtime (ns), as :mod:`feeds.store_watch` reads them
FORMAT = 1
DAY = 86400.0


class Kept(NamedTuple):
    """What retention needs to know of a feed's stored stories, after a pass over them."""

    rank: int  #: place, newest first (0 the newest), of the oldest story not bookmarked; -1 if there is none
    oldest: float  #: that story's date (0.0 when there is none)
    held: tuple[str, ...]  #: the bookmarked stories after it: one no longer bookmarked may be purged now
    stamp: FileMark | None = None  #: the stories file described; None: as this session's catalog holds it


def _published(header: StoryHeader) -> float:
    return header.published


def plan(
    headers: Iterable[StoryHeader], retention: Retention, bookmarks: Container[str], now: float
) -> tuple[list[str], Kept]:
    """The stories retention purges (newest first, past the cap or older than the age limit, never a bookmarked
    one) and the :class:`Kept` of the ones left. A stable sort: equal dates keep the catalog's order."""
    ordered = sorted(headers, key=_published, reverse=True)
    keep_n, max_age = retention.max_per_feed, retention.max_age_days
    cutoff = now - max_age * DAY
    victims: list[str] = []
    rank, oldest, held = -1, 0.0, []
    left = 0  # the place among the stories left
    for place, header in enumerate(ordered):
        if header.id in bookmarks:
            held.append(header.id)
        elif (keep_n > 0 and place >= keep_n) or (max_age > 0 and header.published < cutoff):
            victims.append(header.id)
            continue
        else:
            rank, oldest, held = left, header.published, []
        left += 1
    return victims, Kept(rank, oldest, tuple(held))


def due(kept: Kept, retention: Retention, bookmarks: Container[str], now: float) -> bool:
    """Whether a pass of ``retention`` over the feed ``kept`` describes would purge a story now. Every story not
    bookmarked lies at or before ``kept.rank``, none older than ``kept.oldest``; one after it whose bookmark went
    may be purged, so such a feed is read again."""
    if any(sid not in bookmarks for sid in kept.held):
        return True
    if kept.rank < 0:
        return False
    over_cap = 0 < retention.max_per_feed <= kept.rank
    return over_cap or (retention.max_age_days > 0 and kept.oldest < now - retention.max_age_days * DAY)


def file_mark(path: Path) -> FileMark | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _from_doc(doc: Any) -> Kept | None:
    """An entry of the file, or None if it is not one (a hand edit, another version): that feed is read again."""
    try:
        stamp, rank, oldest, held = doc
        ino, size, mtime = stamp
        fields = (ino, size, mtime, rank)
        if not all(type(n) is int for n in fields) or type(oldest) not in (int, float):
            return None
        if not all(type(sid) is str for sid in held):
            return None
        return Kept(rank, oldest, tuple(held), (ino, size, mtime))
    except (TypeError, ValueError):
        return None


class RetentionUpkeep:
    """Retention of feeds not saved; a part of :class:`~feeds.store.Store`, which provides the members declared
    here (``_kept`` starts empty, ``_kept_state`` as ``[False, False]``: loaded from the file, changed since)."""

    root: Path
    readonly: bool
    retention: Retention
    _lock: threading.RLock
    _feeds: dict[str, Feed]
    _bookmarks: dict[str, Any]
    _headers: dict[str, dict[str, Stored]]
    _kept: dict[str, Kept]
    _kept_state: list[bool]

    if TYPE_CHECKING:

        def _load_feed(self, feed_id: str) -> None: ...

        def _apply_retention(self, feed_id: str, now: float, seen: set[str] | None) -> list[str]: ...

        def saving(self) -> contextlib.AbstractContextManager[None]: ...

        def _changed(self, feed_id: str | None = None) -> None: ...

        def _db(self, path: Path) -> TinyDB: ...

    @property
    def _kept_path(self) -> Path:
        return self.root / "index" / "retention.json"

    def _stories_mark(self, feed_id: str) -> FileMark | None:
        return file_mark(self.root / "stories" / f"{feed_id}.json")

    def _note_kept(self, feed_id: str, kept: Kept) -> None:
        """A pass over the catalog's headers of ``feed_id`` left ``kept`` (see :meth:`_apply_retention`)."""
        self._kept[feed_id] = kept
        self._kept_state[1] = True

    def keep_within_retention(
        self, feed_ids: Iterable[str], *, now: float | None = None
    ) -> dict[str, list[str]]:
        """Hold every feed of ``feed_ids`` to the retention, as a save does: the stories it purges, by feed (a
        refresh calls this for the feeds it did not save: unchanged, failed, skipped). A feed is read only when
        its :class:`Kept` says it is over a limit, or when there is none that holds (its file changed, or was
        never noted); every other costs a ``stat`` of its file. The purges are durable together."""
        now = time.time() if now is None else now
        purged: dict[str, list[str]] = {}
        with self._lock:
            if self.readonly:
                return purged
            self._load_kept()
            with self.saving():
                for feed_id in dict.fromkeys(feed_ids):
                    self._trim_one(feed_id, now, purged)
            self.save_kept()
        return purged

    def _trim_one(self, feed_id: str, now: float, purged: dict[str, list[str]]) -> None:
        if feed_id not in self._feeds:
            return
        mark = self._stories_mark(feed_id)
        kept = self._kept.get(feed_id)
        if kept is not None and (feed_id in self._headers if kept.stamp is None else kept.stamp == mark):
            if not due(kept, self.retention, self._bookmarks, now):
                return  # as this session's catalog holds it, or as its file is, unchanged since
        elif mark is None and feed_id not in self._headers:
            return  # never saved: nothing to purge
        self._load_feed(feed_id)
        victims = self._apply_retention(feed_id, now, None)
        if victims:
            from .store_saving import release  # that module imports this one

            purged[feed_id] = victims
            self._changed(feed_id)
            release(self._db(self.root / "stories" / f"{feed_id}.json"))  # its copy goes once on disk

    def _load_kept(self) -> None:
        """Read ``index/retention.json`` once; this session's notes stand before the file's."""
        if self._kept_state[0]:
            return
        self._kept_state[0] = True
        try:
            doc = orjson.loads(read_regular(self._kept_path))
        except (OSError, orjson.JSONDecodeError):
            return
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("feeds"), dict):
            return
        for feed_id, entry in doc["feeds"].items():
            kept = _from_doc(entry)
            if kept is not None:
                self._kept.setdefault(feed_id, kept)

    def save_kept(self) -> None:
        """Write the notes that changed since they were read, each with its stories file's stamp as it is now
        (every write of this session is on disk by then). Derived data: a write that fails is let go, and the
        feeds it would have noted are read once at the next refresh."""
        with self._lock:
            if self.readonly or not self._kept_state[1]:
                return
            self._load_kept()
            entries: dict[str, list[Any]] = {}
            for feed_id, kept in list(self._kept.items()):
                if feed_id not in self._feeds:
                    del self._kept[feed_id]
                    continue
                if kept.stamp is None:
                    mark = self._stories_mark(feed_id) if feed_id in self._headers else None
                    if mark is None:
                        continue
                    kept = self._kept[feed_id] = kept._replace(stamp=mark)
                entries[feed_id] = [list(kept.stamp or ()), kept.rank, kept.oldest, list(kept.held)]
            data = orjson.dumps({"format": FORMAT, "feeds": entries})
            with contextlib.suppress(StoreError, OSError):
                atomic_write_bytes(self._kept_path, data, keep_backup=False, fsync=False)
                self._kept_state[1] = False
