"""A read-only copy keeping up with the copy that writes: which stories the writer purged since.

A ``--read-only`` reader runs beside the one that writes and keeps the catalog it read at start. The writer's
refreshes purge stories (retention) and drop a removed feed's: the copy went on listing them until it restarted,
and opening one said it was gone. :class:`StoriesWatch` tells which feeds' stories files were replaced or removed
since the last look, cheaply enough to ask every few seconds; :class:`WriterWatch` (a part of
:class:`feeds.store.Store`) forgets, from the catalog, the stories those files no longer hold. The search index
keeps its own watch (:mod:`feeds.search.service`). New stories are not added: they need the writer's indexes too.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .store_saving import Stored, stored_ids

if TYPE_CHECKING:
    from .store import Store

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


class WriterWatch:
    """Forgetting the stories the writing copy purged; :class:`~feeds.store.Store` provides the members declared
    here."""

    root: Path
    readonly: bool
    _lock: threading.RLock
    _headers: dict[str, dict[str, Stored]]
    _feed_of: dict[str, str]
    _read: dict[str, set[str]]
    _stories_watch: StoriesWatch

    if TYPE_CHECKING:

        def _changed(self, feed_id: str | None = None) -> None: ...

    def drop_purged_elsewhere(self) -> list[str]:
        """A read-only copy: forget the stories the copy that writes purged, or dropped with their feed, since this
        copy read them (the catalog then lists, counts and opens them no more); returns their ids. One ``stat``
        while nothing changed; the changed feeds' stories files are read outside the store's lock, so the
        reader's drawing does not wait for them. A copy that writes keeps its catalog itself: []."""
        if not self.readonly:
            return []
        moved = self._stories_watch.moved()
        kept = {f: stored_ids(self.root / "stories" / f"{f}.json") for f in moved if self._headers.get(f)}
        gone: list[str] = []
        with self._lock:
            for feed_id, ids in kept.items():
                headers = self._headers.get(feed_id)
                if ids is None or not headers:  # unreadable now: the catalog is trusted
                    continue
                lost = [sid for sid in headers if sid not in ids]
                for sid in lost:
                    del headers[sid]
                    self._feed_of.pop(sid, None)
                if lost:
                    self._read.get(feed_id, set()).difference_update(lost)
                    self._changed(feed_id)
                    gone += lost
        return gone
