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
A file never noted (a store from before this note, or the note lost) is read once too, as it is found: noted
unchecked, one damaged before the upgrade kept its loss for good. A feed whose file was lost and that, fetched
whole, serves none of its stories any more (an empty feed) keeps no file: it is noted :data:`SAID_LOST`, so the
loss is said once, not at every refresh. What a read of a bodies file did about damage (its last good copy used,
or none) is said with the store's other notes (:attr:`~feeds.store.Store.recovered`), once.
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
#: The note of a feed whose bodies file was found holding nothing (missing, empty) and said so: not a mark, so a
#: file there again is checked; while there is none, the loss is not said again (a feed that serves no story).
SAID_LOST: Mark = "lost"
#: The note of a feed whose bodies file a read found damaged with no good backup, and said so (see
#: :func:`_said_alone`): the next refresh fetches the feed whole without saying it again.
SAID: Mark = "said"
_FOLDER = "bodies/"


def mark_of(ino: int, size: int, mtime_ns: int) -> Mark:
    return f"{ino}-{size}-{mtime_ns}"


def _used_a_copy(damage: str) -> bool:
    """Whether a storage's note (:attr:`BodiesStorage.damage`) says a backup copy was read in the file's place."""
    return " copy was used" in damage


def _what(damage: str, name: str) -> str:
    """A storage's note on the bodies file ``name`` (:attr:`BodiesStorage.damage`) without the file's name: what
    was found and done ("was damaged and had no good backup; the damaged file was kept as ...")."""
    return damage.removeprefix(f"{name} ").replace("; it starts empty", "")


def _said_alone(damage: str, name: str) -> str:
    """A storage's note on the bodies file ``name`` as the user is told it, named with its folder ("x.json" named a
    stories file as well) and, when no copy held the texts, what is lost and what the next refresh does."""
    if _used_a_copy(damage):
        return _FOLDER + damage
    return (
        f"{_FOLDER}{name} {_what(damage, name)}: its stories' texts were lost; its feed is fetched whole at the"
        " next refresh to bring back the ones it still serves"
    )


def _mark(path: Path) -> Mark | None:
    found = file_mark(path)
    return None if found is None else mark_of(*found)


class BodiesStorage(AtomicJSONStorage):
    """A bodies file's storage, which keeps the mark of the file it read (None: there was none) and whether it
    was changed since (a write of ours: see the module's docstring)."""

    mark_before: Mark | None = None
    written = False
    #: What the last read did about damage, as the storage says it ("<id>.json was damaged and had no good backup;
    #: ..."): the refresh's check says it in a line of its own; :attr:`recovered` says it alone, to the user.
    damage = ""

    def write(self, data: dict[str, Any]) -> None:
        super().write(data)
        self.written = True

    def _load(self) -> dict[str, Any] | None:
        self.mark_before = _mark(self.path)
        before = self.recovered
        data = super()._load()
        if self.recovered != before:
            self.damage = self.recovered
            self.recovered = _said_alone(self.recovered, self.path.name)
        return data


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
            self._take_note(feed_id, db)
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
            now, noted = _mark(path), notes.get(feed_id)
            if now is None:  # fetched whole, and still no file: the feed serves none of the texts; said once
                if feed_id in saved and noted != SAID_LOST:
                    notes[feed_id] = SAID_LOST
                    self._marks_changed = True
            elif feed_id in saved or before == noted or (before is None and noted == SAID_LOST):
                notes[feed_id] = now
                self._marks_changed = True
            cached = self._bodies.get(feed_id)
            if cached is not None and isinstance(cached.storage, BodiesStorage):
                cached.storage.written, cached.storage.mark_before = False, now

    def lacking_texts(self, marks: dict[str, Mark]) -> dict[str, str]:
        """Of the feeds whose bodies file has the mark ``marks`` gives (a file that is there, not empty, found
        unlike its note): those whose file lacks texts of stories the headers list, each with the words that say
        it. One never noted (a store from before the notes, or the notes lost) is read too, once: a file damaged
        before was noted whole unread, and its texts stayed lost."""
        notes = self._notes()
        lacking: dict[str, str] = {}
        for feed_id, mark in marks.items():
            noted = notes.get(feed_id)
            if noted == mark:
                continue
            if noted is None and self._whole_on_disk(feed_id):  # read raw first: see _whole_on_disk
                notes[feed_id] = mark
                self._marks_changed = True
                continue
            found = self._check_texts(feed_id)
            if found is None:
                continue  # held in memory with a change not yet written, or unreadable: looked at next time
            if found:
                lacking[feed_id] = "" if notes.get(feed_id) == SAID else found  # "": said when it was read
            elif (now := _mark(self.root / "bodies" / f"{feed_id}.json")) is not None:
                notes[feed_id] = now
                self._marks_changed = True
        return lacking

    def _whole_on_disk(self, feed_id: str) -> bool:
        """Whether the feed's bodies file holds a text for every story its stories file lists, both files read
        raw; False on any doubt (a record not as ours are, a file that does not parse, a change held in memory),
        and the file is then read as one unlike its note is. Checking every file of a store from before the notes
        that way (20,000 feeds at its first refresh) cost 5 s of CPU, two thirds of it in reading the headers into
        the catalog (databases, paths, records); read raw, 0.8-1.0 s (10 stories a feed, 400 MB of files)."""
        db = self._bodies.get(feed_id)
        if db is not None and db.storage._dirty:  # type: ignore[attr-defined]
            return False
        root = str(self.root)  # no Path made per file: 20,000 of each cost 0.3 s
        try:
            listed = orjson.loads(read_regular(f"{root}/stories/{feed_id}.json"))["stories"].values()
            bodies = orjson.loads(read_regular(f"{root}/bodies/{feed_id}.json"))["bodies"].values()
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
        texts = {record_id(d) for d in bodies}
        return all(type(d) is dict and d.get("id") in texts for d in listed)

    def _check_texts(self, feed_id: str) -> str | None:
        """Words saying how many of the feed's stories have no text in its bodies file ("" for none), read from
        the disk; None when that cannot be told now."""
        db = self._bodies.get(feed_id)
        if db is not None and db.storage._dirty:  # type: ignore[attr-defined]
            return None
        self._forget_bodies(feed_id)  # what memory holds: the file is read as the disk has it
        found = self._read_texts(feed_id)
        if found is None:
            return None
        missing, count, note = found
        if not missing:
            if note:  # its last good copy held every text
                self._skipped.append(_said_alone(note, f"{feed_id}.json"))
            return ""
        # Damaged, and put aside by the read: one line says both (two said one loss twice over).
        why = f"it {_what(note, f'{feed_id}.json')}" if note else "cut short, or edited by another program"
        return (
            f"bodies/{feed_id}.json lacked {missing} of its {count} stories' texts ({why}): those texts were"
            " lost; the feed is fetched whole to bring back the ones it still serves"
        )

    def lost_file_words(self, feed_id: str, why: str) -> tuple[str, bool] | None:
        """The line saying that a feed's bodies file held nothing (``why``: "missing" or "empty"), and whether
        texts were lost (then the feed is fetched whole); None for a feed with no stories (nothing to hold).
        The file is read now: an empty one is put aside, its last good copy taken in its place if there is one;
        what that read did is said in this line, not in a second one."""
        with contextlib.suppress(StoreError):  # a stories file we cannot read: named later
            self._load_feed(feed_id)
        if not self._headers.get(feed_id):
            return None
        self._forget_bodies(feed_id)
        found = self._read_texts(feed_id)
        if found is not None and _used_a_copy(found[2]):  # a backup held some of them
            missing, count, note = found
            if not missing:
                return _said_alone(note, f"{feed_id}.json"), False
            return (
                f"bodies/{feed_id}.json was {why}, and its last good copy lacked {missing} of its {count} stories'"
                " texts: those texts were lost; the feed is fetched whole to bring back the ones it still serves"
            ), True
        return (
            f"bodies/{feed_id}.json was {why}: its stories' texts were lost; the feed is fetched whole to bring"
            " them back"
        ), True

    def _read_texts(self, feed_id: str) -> tuple[int, int, str] | None:
        """How many of the feed's stories have no text in its bodies file, how many stories it has, and what
        reading the file did about damage (the storage's note, taken from it); None when it cannot be read."""
        try:
            self._load_feed(feed_id)
            db = self._body_db(feed_id)
            texts = {record_id(d) for d in self._raw(db, "bodies").values()}
        except StoreError:
            return None
        storage = db.storage
        note = storage.damage if isinstance(storage, BodiesStorage) and storage.recovered else ""
        storage.recovered = ""  # type: ignore[attr-defined]
        headers = self._headers.get(feed_id) or {}
        return sum(1 for sid in headers if sid not in texts), len(headers), note

    def _take_note(self, feed_id: str, db: TinyDB) -> None:
        """What the read of a feed's bodies file did about its damage, kept in :attr:`recovered` once its storage
        goes; texts it said lost are noted :data:`SAID`, so the refresh that brings them back says nothing more."""
        storage = db.storage
        if isinstance(storage, BodiesStorage) and storage.recovered:
            self._skipped.append(storage.recovered)
            storage.recovered = ""
            if not _used_a_copy(storage.damage) and not self.readonly:
                self._notes()[feed_id] = SAID
                self._marks_changed = True

    @property
    def notes_count(self) -> int:
        """Grows as a note joins :attr:`~feeds.store.Store.recovered` after the headers were read: a bodies file
        found damaged as a story is opened. A reader asks after opening one, at no cost, whether to look."""
        return len(self._skipped)

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
