"""The stories' bodies: each feed's bodies file parsed whole and kept (a few feeds), or one story's body read alone.

A part of :class:`feeds.store.Store` (:class:`Bodies`), kept in its own module with :func:`read_record`, which
reads one record of a table from a file :class:`~feeds.storage.AtomicJSONStorage` wrote without parsing the rest.
The refresh's look for lost stories and bodies files (:meth:`Bodies.refetch_lost`) lives here too; bodies files
that lost some of their records are found by :mod:`feeds.store_marks`.

Opening one story of a feed used to parse that feed's whole bodies file (``{"bodies":{"1":{"id":...},...}}``, a
TinyDB table keyed by document number, the story id a field of each record): 0.6 ms for 250 stories, 30-80 ms
for 5,000. :func:`read_record` finds the record by its id in the bytes and parses that record alone.

Why a byte search is enough: orjson writes no whitespace and escapes every ``"`` inside a string as ``\\"``, so
a bare ``"`` in the file always opens or closes a string, and a closing one is always followed by ``,``, ``:``,
``]`` or ``}``. Hence ``{"id":`` can only be an object whose first key is ``id`` (the ``"`` after ``{`` cannot
close a string: an ``i`` follows it), and ``},"<digits>":{`` can only be the end of one record and the start of
the next (the ``"`` after ``,`` is followed by a digit, so it opens a string, so the ``,`` and the ``}`` before
it are outside any string). The id is looked for spelled as orjson spells it, so ``"id":"abc"`` cannot match an
id that merely contains ``abc``.

Whatever looks unusual - a file that does not begin and end as ours do, an id spelled otherwise (a hand edit),
a record that does not start with its id, a slice that does not parse or parses to another record, a file that
cannot be read - gives None, and the caller parses the file whole as before (which also names unreadable files
and recovers damaged ones from their backup). The last match is taken, as the whole parse keeps the last of two
records with one id. Damage that the ends of the file and the record's own bytes do not show is found when the
file is next parsed whole (a refresh or an index pass over that feed), not by this read. The file is taken to
hold the one table, as every bodies file does (nothing writes another table to it).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb import TinyDB

from .model import Feed
from .paths import open_regular
from .storage import StoreError, record_id
from .store_marks import SAID, SAID_LOST, BodiesStorage, BodyMarks, Mark, mark_of
from .store_saving import Stored, forget_if_clean

#: Bodies files kept parsed (LRU); each is one feed's texts (~2.5 MB parsed for 250 news-sized stories). Passes over
#: the store go feed by feed and need one; the reader opens stories from any of hundreds of feeds and reads each
#: body alone (:meth:`Bodies._body`) unless its feed is kept. 16 held ~40 MB and rarely hit.
_BODY_CACHE = 4

#: What precedes a record of a table: ``{`` or ``,``, its document number as a key, and its opening brace.
_RECORD_KEY = re.compile(rb'[{,]"[0-9]+":\{\Z')
#: The end of one record and the start of the next, as orjson writes a table.
_NEXT_RECORD = re.compile(rb'\},"[0-9]+":\{')
#: The file is searched from its end in pieces of this size, and a record read in a window of this size at first.
_PIECE = 1 << 18
_WINDOW = 1 << 16


def read_record(path: Path, table: str, wanted: str) -> dict[str, Any] | None:
    """The record of ``table`` whose ``id`` is ``wanted`` in the file at ``path``, parsed alone; None when it
    is not found or anything is in doubt (see the module's docstring): then parse the file whole.

    The file is searched from its end, a piece at a time: new stories are added at the end of the table, and they
    are the ones opened most. Neither the file nor a copy of it is held: a 10 MB bodies file read at once cost
    1-4 ms in page faults alone."""
    try:
        needle = b'"id":' + orjson.dumps(wanted)
        head = b"{" + orjson.dumps(table) + b":{"
        with open_regular(path) as fh:
            fd = fh.fileno()
            size = os.fstat(fd).st_size
            if (
                size < len(head) + 3
                or os.pread(fd, len(head), 0) != head
                or os.pread(fd, 3, size - 3) != b"}}}"
            ):
                return None  # not a file of one table as we write it (or cut short): the whole parse decides
            at = _rfind(fd, size, needle, len(head))
            return None if at < 0 else _record_at(fd, size, at, wanted)
    except (OSError, orjson.JSONEncodeError):
        return None


def _rfind(fd: int, size: int, needle: bytes, first: int) -> int:
    """Where the last ``needle`` at or after offset ``first`` starts in the file, or -1. Pieces overlap by the
    needle's length, so one cut in two by a piece's end is found whole in the piece before."""
    pos = size
    while pos > first:
        lo = max(first, pos - _PIECE)
        at = os.pread(fd, pos - lo + len(needle), lo).rfind(needle)
        if at >= 0:
            return lo + at
        pos = lo
    return -1


def _record_at(fd: int, size: int, at: int, wanted: str) -> dict[str, Any] | None:
    """The record whose ``"id":`` key is at offset ``at``, if it is one: read from just before it up to the start
    of the next record (or the end of the file), in a window that grows until it holds the whole record."""
    begin = max(0, at - 32)
    span = _WINDOW
    while True:
        window = os.pread(fd, span, begin)
        if _RECORD_KEY.search(window, 0, at - begin) is None:
            return None
        after = _NEXT_RECORD.search(window, at - begin)
        if after is not None:
            end = after.start() + 1
            break
        if begin + len(window) >= size:
            end = size - 2 - begin  # the last record: then "}}" end the file
            break
        span *= 4
    try:
        doc = orjson.loads(memoryview(window)[at - begin - 1 : end])
    except orjson.JSONDecodeError:
        return None
    return doc if type(doc) is dict and doc.get("id") == wanted else None


_MISSING, _EMPTY = "missing", "empty"


def _lost(name: str, folder: int) -> Mark:
    """Why the file ``name`` in the folder open as ``folder`` holds no data (:data:`_MISSING`, :data:`_EMPTY`:
    these very strings), or its mark when it is a file with something in it (a link is followed: a link to
    nothing is missing)."""
    try:
        found = os.stat(name, dir_fd=folder)
    except OSError:
        return _MISSING
    if stat.S_ISREG(found.st_mode) and found.st_size > 0:
        return mark_of(found.st_ino, found.st_size, found.st_mtime_ns)
    return _EMPTY


def _lost_files(
    root: Path, ids: Iterable[str], noted: dict[str, Mark]
) -> tuple[set[str], dict[str, str], dict[str, Mark]] | None:
    """Of the feeds ``ids``: those whose stories file holds nothing; those whose stories file is there but
    whose bodies file holds nothing (id -> "missing" or "empty"); and those whose bodies file's mark is not the
    one ``noted`` (id -> its mark: see :mod:`feeds.store_marks`). One stat per file, relative to the folders
    opened once; None if a folder cannot be opened (no guessing)."""
    try:
        stories = os.open(root / "stories", os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        bodies = os.open(root / "bodies", os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        os.close(stories)
        return None
    no_stories: set[str] = set()
    no_bodies: dict[str, str] = {}
    marks: dict[str, Mark] = {}
    try:
        for feed_id in ids:
            name = f"{feed_id}.json"
            if (found := _lost(name, stories)) is _MISSING or found is _EMPTY:
                no_stories.add(feed_id)
            elif (found := _lost(name, bodies)) is _MISSING or found is _EMPTY:
                no_bodies[feed_id] = found  # a feed with no stories has none: the caller asks
            elif found != noted.get(feed_id):
                marks[feed_id] = found
    finally:
        os.close(stories)
        os.close(bodies)
    return no_stories, no_bodies, marks


class Bodies(BodyMarks):
    """The bodies files of :class:`~feeds.store.Store`, which provides the members declared here; and what a
    refresh does when a feed's stories or bodies file was lost, or some of a bodies file's records were
    (:meth:`refetch_lost`, :mod:`feeds.store_marks`)."""

    root: Path
    readonly: bool
    _lock: threading.RLock
    _bodies: OrderedDict[str, TinyDB]
    _body_maps: dict[str, tuple[dict[str, Any], dict[str, dict[str, Any]]]]  # see _body_map
    _feeds: dict[str, Feed]
    _headers: dict[str, dict[str, Stored]]
    _dbs: dict[Path, TinyDB]
    _catalog_loaded: bool
    _skipped: list[str]
    #: Feeds whose bodies file was lost (see :meth:`refetch_lost`): their next save writes every story it lacks.
    _lost_bodies: frozenset[str] = frozenset()

    if TYPE_CHECKING:

        @staticmethod
        def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]: ...

        def update_feeds(self, feeds: Iterable[Feed]) -> None: ...

        def _load_feed(self, feed_id: str) -> None: ...

        def _drop_headers(self, feed_id: str) -> list[str]: ...

    def refetch_lost(self, feeds: Iterable[Feed]) -> list[Feed]:
        """``feeds`` as a refresh should fetch them. A feed whose stories file is gone (deleted, or a link to
        nothing) though an earlier fetch left validators or a fingerprint of the body loses those, here and in
        ``feeds.json``, so its document is fetched and parsed whole and its stories come back: a 304 or the same
        bytes said "unchanged" until the feed itself changed. Read marks stay in ``marks/``, by story id, so they
        apply again. Every saved feed has a stories file, an empty one too (see :meth:`save_stories`).

        A feed whose bodies file is gone or empty while it has stories is fetched whole too: its stories showed
        without text, and stayed so until the feed changed. Its save then writes every story the bodies file
        lacks, as if edited (:attr:`_lost_bodies`), and the loss is said once (:attr:`recovered`); a feed with no
        stories has no bodies file. One stat per file, the feeds' two in one loop."""
        feeds = list(feeds)
        with self._lock:
            vouched = [f for f in feeds if f.etag or f.last_modified or f.content_hash]
            if self.readonly or not vouched:
                return feeds
            # An empty file is lost too (cut by a power cut or another program: moved aside once read, too late
            # for this refresh's requests).
            self._settle_marks()  # the writes of ours since the last look
            found = _lost_files(self.root, [f.id for f in vouched if f.id in self._feeds], self._notes())
            if found is None:
                return feeds
            lost, thin, marks = found
            restore: set[str] = set()
            notes = self._notes()
            for feed_id, why in thin.items():
                if notes.get(feed_id) == SAID_LOST:  # said once: fetched whole, the feed served none of them
                    continue
                if notes.get(feed_id) == SAID:  # said as a read put the file aside: brought back, unsaid
                    restore.add(feed_id)
                    continue
                said = self.lost_file_words(feed_id, why)
                if said is not None:  # stories without their texts: said once, here
                    self._skipped.append(said[0])
                    if said[1]:
                        restore.add(feed_id)
            for feed_id, words in self.lacking_texts(marks).items():  # some records lost: read, and said
                if words:
                    self._skipped.append(words)
                restore.add(feed_id)
            # Said: a refresh that cannot bring them back (the feed fails) keeps the note, and the one that can,
            # here or in a later process, says nothing more.
            for feed_id in restore:
                notes[feed_id] = SAID
            self._marks_changed |= bool(restore)
            self._lost_bodies |= restore
            self._restoring |= restore
            lost |= restore
            if not lost:
                return feeds
            cleared = {i: replace(self._feeds[i], etag="", last_modified="", content_hash="") for i in lost}
            with contextlib.suppress(StoreError):  # a full disk: the refresh says so of each feed it saves
                self.update_feeds(cleared.values())
            # What memory holds of a lost stories file goes too; the marks are read again.
            for feed_id in lost - restore:
                self._drop_headers(feed_id)
                db = self._dbs.get(self.root / "stories" / f"{feed_id}.json")
                if db is not None:
                    forget_if_clean(db)
                if self._catalog_loaded:
                    self._load_feed(feed_id)
            return [cleared.get(f.id, f) for f in feeds]

    def _body_db(self, feed_id: str) -> TinyDB:
        db = self._bodies.get(feed_id)
        if db is None:
            db = TinyDB(
                self.root / "bodies" / f"{feed_id}.json", storage=BodiesStorage, readonly=self.readonly
            )
            self._bodies[feed_id] = db
            while len(self._bodies) > _BODY_CACHE:
                evicted, old = self._bodies.popitem(last=False)
                self._body_maps.pop(evicted, None)
                old.close()
                self._note_released(evicted, old)
                self._take_note(evicted, old)
        else:
            self._bodies.move_to_end(feed_id)
        return db

    def _body(self, feed_id: str, story_id: str) -> dict[str, Any] | None:
        """One story's body document: from the feed's parsed bodies file if it is kept (it may hold writes not yet
        on disk), else read alone from the file (:func:`read_record`: the cost no longer follows the feed's size),
        else, on any doubt, from the whole file parsed and kept, as before."""
        db = self._bodies.get(feed_id)
        if db is None or not db.storage._loaded:  # type: ignore[attr-defined]
            doc = read_record(self.root / "bodies" / f"{feed_id}.json", "bodies", story_id)
            if doc is not None:
                return doc
        return self._body_map(feed_id).get(story_id)

    def _body_map(self, feed_id: str) -> dict[str, dict[str, Any]]:
        """Story id -> body document of one feed. Kept while the bodies table is the same object: TinyDB
        replaces the table's dict on every write, so reading every story of a feed costs one map, not one each."""
        db = self._body_db(feed_id)
        raw = self._raw(db, "bodies")
        self._take_note(feed_id, db)  # a damaged file put aside as it was read: said, as other files are
        cached = self._body_maps.get(feed_id)
        if cached is not None and cached[0] is raw:
            return cached[1]
        mapping = {record_id(doc): doc for doc in raw.values()}
        self._body_maps[feed_id] = (raw, mapping)
        return mapping

    def _forget_bodies(self, feed_id: str) -> None:
        """Let go of what memory holds of a feed's bodies file (it was lost on disk): the next use reads the disk."""
        db = self._bodies.get(feed_id)
        if db is not None and not db.storage._dirty:  # type: ignore[attr-defined]
            del self._bodies[feed_id]
            self._body_maps.pop(feed_id, None)
            self._take_note(feed_id, db)
            db.storage.forget()  # type: ignore[attr-defined]
