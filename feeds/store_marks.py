"""Bodies files that lost some of their records: found by the stat a refresh makes anyway, and verified.

A feed's bodies file (its stories' texts) cut mid-file (a sync client, a crash on a file system that kept part
of it) or with a record removed (a hand edit, a merge) still exists and is not empty, so the look for lost files
(:meth:`feeds.store_bodies.Bodies.refetch_lost`) passed it: those stories showed without text, and the refresh
said "unchanged" (304, or the same bytes) for good. Parsing every bodies file at each refresh to count its
records would cost seconds at 20,000 feeds; the refresh already ``stat``\\ s each one.

So the store keeps a note of each bodies file as last known whole - its inode, size and mtime, as the file was
after a write of ours, or after a check that found a text for every header - in ``index/bodies.json`` (derived
data: lost or damaged, each file is noted again as it is found). A refresh compares the stat it makes with the
note; only a file that differs is read (its stories and bodies, both whole) and its record ids compared with the
headers'. One that lacks texts is fetched whole, as a lost file is, and the loss is said once.

A write of ours moves the note on only when the file it started from was the noted one (:class:`BodiesStorage`
keeps the mark it read): a damaged file the reader's enrichment rewrote is still checked at the next refresh.
A file never noted (a store from before this note, or the note lost) is noted as it is found, unchecked.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .paths import read_regular
from .storage import AtomicJSONStorage, StoreError, atomic_write_bytes, record_id
from .store_retention import file_mark

if TYPE_CHECKING:
    from tinydb import TinyDB

    from .model import Feed
    from .store_saving import Stored

FORMAT = 1
#: A file's inode, size and mtime (ns), as the string "<inode>-<size>-<mtime>": 20,000 of them read as lists
#: made the garbage collector walk the heap again and again (30 ms, against 8 ms for strings, which it skips).
Mark = str


def mark_of(ino: int, size: int, mtime_ns: int) -> Mark:
    return f"{ino}-{size}-{mtime_ns}"


def _mark(path: Path) -> Mark | None:
    found = file_mark(path)
    return None if found is None else mark_of(*found)


class BodiesStorage(AtomicJSONStorage):
    """A bodies file's storage, which keeps the mark of the file it read (None: there was none) and whether it
    was changed since (a write of ours: see the module's docstring)."""

    mark_before: Mark | None = None
    written = False

    def write(self, data: dict[str, Any]) -> None:
        super().write(data)
        self.written = True

    def _load(self) -> dict[str, Any] | None:
        self.mark_before = _mark(self.path)
        return super()._load()


class BodyMarks:
    """The notes of the bodies files; a part of :class:`~feeds.store.Store` (through
    :class:`~feeds.store_bodies.Bodies`), which provides the members declared here."""

    root: Path
    readonly: bool
    _lock: threading.RLock
    _bodies: OrderedDict[str, TinyDB]
    _body_maps: dict[str, tuple[dict[str, Any], dict[str, dict[str, Any]]]]
    _feeds: dict[str, Feed]
    _headers: dict[str, dict[str, Stored]]
    _skipped: list[str]
    _lost_bodies: frozenset[str]
    #: Feed id -> mark of its bodies file as last known whole; None until read from the file.
    _marks: dict[str, Mark] | None = None
    _marks_changed = False
    #: Feeds whose bodies file a write of ours changed, let go meanwhile: the mark of the file it started from.
    _marks_wrote: dict[str, Mark | None] | None = None
    #: Feeds fetched whole to bring their texts back: the save that does it is noted, whatever the file was.
    _restoring: frozenset[str] = frozenset()

    if TYPE_CHECKING:

        @staticmethod
        def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]: ...

        def _body_db(self, feed_id: str) -> TinyDB: ...

        def _load_feed(self, feed_id: str) -> None: ...

        def _forget_bodies(self, feed_id: str) -> None: ...

    @property
    def _marks_path(self) -> Path:
        return self.root / "index" / "bodies.json"

    def _notes(self) -> dict[str, Mark]:
        """The notes, read from ``index/bodies.json`` once. An entry is only ever compared with a mark: one that
        is not one (a hand edit) differs, and its file is read and noted again."""
        if self._marks is None:
            self._marks = {}
            with contextlib.suppress(OSError, orjson.JSONDecodeError):
                doc = orjson.loads(read_regular(self._marks_path))
                if (
                    isinstance(doc, dict)
                    and doc.get("format") == FORMAT
                    and isinstance(doc.get("feeds"), dict)
                ):
                    self._marks = doc["feeds"]
        return self._marks

    def _note_released(self, feed_id: str, db: TinyDB) -> None:
        """A bodies file's storage is let go (the cache is full, or the store closes): a write it made is noted
        at the next :meth:`_settle_marks`, when the file is on disk (a commit group renames it in later)."""
        storage = db.storage
        if isinstance(storage, BodiesStorage) and storage.written:
            if self._marks_wrote is None:
                self._marks_wrote = {}
            self._marks_wrote.setdefault(feed_id, storage.mark_before)

    def _settle_marks(self) -> None:
        """Move the notes on for the writes of ours since the last look (every one is on disk by now): to the
        file as it is, when the file the write started from was the noted one, or the write brought its texts
        back (see the module's docstring); else the note stays, and the file is checked at the next refresh."""
        wrote = self._marks_wrote or {}
        self._marks_wrote = None
        for feed_id, db in self._bodies.items():
            self._note_released(feed_id, db)
        wrote.update(self._marks_wrote or {})
        self._marks_wrote = None
        # Fetched whole and saved: what the feed still serves is written back; what it no longer serves cannot be,
        # and the file is noted as it is (else each refresh found the same texts lacking, and said so again).
        saved = self._restoring - self._lost_bodies
        self._restoring -= saved
        wrote = {**dict.fromkeys(saved), **wrote}
        if not wrote or self.readonly:
            return
        notes = self._notes()
        for feed_id, before in wrote.items():
            path = self.root / "bodies" / f"{feed_id}.json"
            now = _mark(path)
            if now is not None and (feed_id in saved or before == notes.get(feed_id)):
                notes[feed_id] = now
                self._marks_changed = True
            cached = self._bodies.get(feed_id)
            if cached is not None and isinstance(cached.storage, BodiesStorage):
                cached.storage.written, cached.storage.mark_before = False, now

    def lacking_texts(self, marks: dict[str, Mark]) -> dict[str, str]:
        """Of the feeds whose bodies file has the mark ``marks`` gives (a file that is there, not empty, found
        unlike its note): those whose file lacks texts of stories the headers list, each with the words that say
        it. One never noted is noted as it is, unread."""
        notes = self._notes()
        lacking: dict[str, str] = {}
        for feed_id, mark in marks.items():
            noted = notes.get(feed_id)
            if noted == mark:
                continue
            if noted is None:
                notes[feed_id] = mark
                self._marks_changed = True
                continue
            found = self._check_texts(feed_id)
            if found is None:
                continue  # held in memory with a change not yet written, or unreadable: looked at next time
            if found:
                lacking[feed_id] = found
            elif (now := _mark(self.root / "bodies" / f"{feed_id}.json")) is not None:
                notes[feed_id] = now
                self._marks_changed = True
        return lacking

    def _check_texts(self, feed_id: str) -> str | None:
        """Words saying how many of the feed's stories have no text in its bodies file ("" for none), read from
        the disk; None when that cannot be told now."""
        db = self._bodies.get(feed_id)
        if db is not None and db.storage._dirty:  # type: ignore[attr-defined]
            return None
        self._forget_bodies(feed_id)  # what memory holds: the file is read as the disk has it
        try:
            self._load_feed(feed_id)
            db = self._body_db(feed_id)
            texts = {record_id(d) for d in self._raw(db, "bodies").values()}
        except StoreError:
            return None
        if note := db.storage.recovered:  # type: ignore[attr-defined]
            self._skipped.append(note)
            db.storage.recovered = ""  # type: ignore[attr-defined]
        headers = self._headers.get(feed_id) or {}
        missing = sum(1 for sid in headers if sid not in texts)
        if not missing:
            return ""
        return (
            f"bodies/{feed_id}.json lacked {missing} of its {len(headers)} stories' texts (cut short, or edited by"
            " another program): those texts were lost; the feed is fetched whole to bring back the ones it still serves"
        )

    def save_marks(self) -> None:
        """Write the notes if they changed (derived data: a write that fails is let go; the files are noted
        again as they are found)."""
        with self._lock:
            self._settle_marks()
            if self.readonly or not self._marks_changed or self._marks is None:
                return
            data = orjson.dumps(
                {"format": FORMAT, "feeds": {k: v for k, v in self._marks.items() if k in self._feeds}}
            )
            with contextlib.suppress(StoreError, OSError):
                atomic_write_bytes(self._marks_path, data, keep_backup=False, fsync=False)
                self._marks_changed = False
