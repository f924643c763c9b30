"""The stories' bodies: each feed's bodies file parsed whole and kept (a few feeds), or one story's body read alone.

A part of :class:`feeds.store.Store` (:class:`Bodies`), kept in its own module with :func:`read_record`, which
reads one record of a table from a file :class:`~feeds.storage.AtomicJSONStorage` wrote without parsing the rest.

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

import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb import TinyDB

from .paths import open_regular
from .storage import AtomicJSONStorage, record_id

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


class Bodies:
    """The bodies files of :class:`~feeds.store.Store`, which provides the members declared here."""

    root: Path
    readonly: bool
    _lock: threading.RLock
    _bodies: OrderedDict[str, TinyDB]
    _body_maps: dict[str, tuple[dict[str, Any], dict[str, dict[str, Any]]]]  # see _body_map

    if TYPE_CHECKING:

        @staticmethod
        def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]: ...

    def _body_db(self, feed_id: str) -> TinyDB:
        db = self._bodies.get(feed_id)
        if db is None:
            db = TinyDB(
                self.root / "bodies" / f"{feed_id}.json", storage=AtomicJSONStorage, readonly=self.readonly
            )
            self._bodies[feed_id] = db
            while len(self._bodies) > _BODY_CACHE:
                evicted, old = self._bodies.popitem(last=False)
                self._body_maps.pop(evicted, None)
                old.close()
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
        raw = self._raw(self._body_db(feed_id), "bodies")
        cached = self._body_maps.get(feed_id)
        if cached is not None and cached[0] is raw:
            return cached[1]
        mapping = {record_id(doc): doc for doc in raw.values()}
        self._body_maps[feed_id] = (raw, mapping)
        return mapping
