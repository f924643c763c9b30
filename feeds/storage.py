"""The crash-safe file layer under TinyDB: atomic JSON files and a backup generation (the data folder's lock
and its check at open are in :mod:`feeds.store_folder`).

TinyDB's stock ``JSONStorage`` rewrites its file in place on every write: slow, and a crash mid-write leaves a
broken file. :class:`AtomicJSONStorage` instead

* keeps the data in memory after the first read (TinyDB reads the whole document on every operation),
* serialises with orjson, writes a temporary file beside the real one, fsyncs it, keeps the previous file as a
  ``.bak`` hard link and renames the new file over the old one, then fsyncs the folder. A reader therefore always
  finds either the old or the new file whole, whatever moment a crash or ``kill -9`` hits;
* defers writes inside :meth:`AtomicJSONStorage.batch`, so many TinyDB operations cost one file write;
* inside :func:`commit_group`, makes the writes of many files durable together (:class:`CommitGroup`): a refresh
  saving a dozen feeds pays one round of parallel fsyncs and one fsync per folder instead of four per feed;
  given a journal, the group's files also change all at once, as seen after a crash (:data:`JOURNAL`);
* on a failed write (disk full, quota, read-only file system) removes its temporary file, forgets the unsaved
  change (the next read comes from disk again) and raises :class:`StoreWriteError` with the reason in words;
* when the file is damaged at start, moves it aside (``<name>.damaged-<time>``), loads the ``.bak`` generation
  and records what it did in :attr:`AtomicJSONStorage.recovered`.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import contextvars
import errno
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from tinydb.storages import Storage

from .paths import NotRegularFile, describe_os_error, in_the_way, not_a_file, read_regular
from .text import MAX_TAGS


class StoreError(Exception):
    """A problem with the store, in words a user can act on."""


class StoreWriteError(StoreError):
    """A write failed; the data on disk is the previous, whole version."""


class StoreLocked(StoreError):
    """Another newsdesk is writing to this data folder."""


class StoreReadOnly(StoreError):
    """A write was attempted on a store opened read-only."""


class TooManyTags(StoreError):
    """More tags than :data:`feeds.text.MAX_TAGS` given to one feed or one bookmark."""


def capped_tags(tags: tuple[str, ...], whose: str) -> tuple[str, ...]:
    """``tags`` (cleaned, without duplicates), or TooManyTags when there are more than the store keeps for one
    ``whose`` ("a feed", "a bookmark"): `newsdesk tag FEED` had no cap, and every list, export and search read them."""
    if len(tags) > MAX_TAGS:
        raise TooManyTags(f"{whose} takes at most {MAX_TAGS} tags ({len(tags)} given)")
    return tags


def record_id(doc: Any) -> Any:
    """A stored record's ``id``; None for a record that has none (a hand edit: whole files are written atomically,
    so nothing else makes one). Code that walks a table's raw records by id uses this, so one bad record cannot
    stop a refresh, a purge or a read mark of the rest."""
    return doc.get("id") if type(doc) is dict else None


def fsync_dir(path: Path) -> None:
    """Make the names in the folder ``path`` durable (a new or renamed file's entry); a failure is left unsaid."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, keep_backup: bool = True, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, never half of one."""

    def write_all(out: BinaryIO) -> None:
        out.write(data)

    atomic_write(path, write_all, keep_backup=keep_backup, fsync=fsync)


def write_export(path: Path, data: bytes) -> None:
    """An export the user named: written whole or not at all (a full disk keeps the old file), through a symlink
    to its target; a FIFO or a device (``/dev/stdout``) is written into, as a rename would replace it."""
    if path.exists() and not path.is_file() and not path.is_dir():
        try:
            with path.open("wb") as out:
                out.write(data)
        except OSError as exc:
            raise StoreWriteError(f"could not write {path}: {describe_os_error(exc)}") from exc
    else:
        atomic_write_bytes(path.resolve() if path.is_symlink() else path, data, keep_backup=False)


def atomic_write(
    path: Path, write: Callable[[BinaryIO], None], *, keep_backup: bool = False, fsync: bool = True
) -> None:
    """Stream a file through ``write`` into a temporary file beside ``path``, fsync it, optionally keep the old
    file as ``.bak`` (a hard link), rename over ``path`` and fsync the folder. Raises :class:`StoreWriteError`
    with the reason in words; the previous file is then untouched and the temporary file removed."""
    tmp = _tmp_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as out:
            write(out)
            out.flush()
            if fsync:
                os.fsync(out.fileno())
        if keep_backup:
            _keep_backup(path)
        os.replace(tmp, path)
        if fsync:
            fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        kept = "the previous version is kept" if os.path.lexists(path) else "nothing was written"
        raise StoreWriteError(f"could not save {path.name}: {describe_os_error(exc)}; {kept}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


#: The commit journal of a data folder: the renames a group is making, written (and synced) after its temporary
#: files and before the first rename, removed after the last. A kill between two renames left some files new and
#: the rest old: `import` of newsboat's cache had subscribed a feed (feeds.json) whose stories it had not yet
#: renamed in. The store finishes the journal's renames when it next opens (:func:`feeds.store_folder.finish_commit`).
JOURNAL = "commit.journal"


class CommitGroup:
    """Files written together: every temporary file is written, then all are fsynced at once (in parallel threads,
    which the file system's journal folds into few commits), then renamed in the order they were first added,
    then each folder is fsynced once. A crash at any moment leaves each file whole, old or new; and since renames
    follow the order of addition (a feed's bodies before its headers), a header never points at a missing body.

    Nothing is renamed unless every temporary file was written and synced: if one fails (disk full), none of the
    group's files change, every storage in it forgets its unsaved data, and :class:`StoreWriteError` is raised.

    With ``journal`` (the data folder, where :data:`JOURNAL` is written) the renames are listed first, so a crash
    part way through them is finished by the next open: the group's files change all together or not at all.
    """

    def __init__(self, journal: Path | None = None) -> None:
        self._files: dict[Path, AtomicJSONStorage] = {}
        self.journal = None if journal is None else journal / JOURNAL

    def __len__(self) -> int:
        return len(self._files)

    def add(self, storage: AtomicJSONStorage) -> None:
        self._files.setdefault(storage.path, storage)

    def commit(self) -> None:
        files, self._files = self._files, {}
        todo = [
            (path, st, orjson.dumps(st._data))
            for path, st in files.items()
            if not st.discarded and st._data is not None  # None: forgotten after a failure, nothing to write
        ]
        if not todo:
            return
        written: list[Path] = []
        try:
            for path, _, data in todo:
                tmp = _tmp_name(path)
                path.parent.mkdir(parents=True, exist_ok=True)
                written.append(tmp)
                with open(tmp, "wb") as out:
                    out.write(data)
            _fsync_all(written)
            if self.journal is not None:
                _write_journal(
                    self.journal, [(tmp, path, st) for (path, st, _), tmp in zip(todo, written, strict=True)]
                )
        except (OSError, StoreWriteError) as exc:
            for tmp in written:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            for _, st, _ in todo:
                st.forget()
            cause = exc if isinstance(exc, OSError) else exc.__cause__  # the journal's own write: its OSError
            why = describe_os_error(cause) if isinstance(cause, OSError) else str(exc)
            raise StoreWriteError(
                f"could not save {len(todo)} files ({todo[0][0].name}, ...): {why}; the previous versions are kept"
            ) from exc
        folders: dict[Path, None] = {}
        for (path, st, _), tmp in zip(todo, written, strict=True):
            try:
                if st.keep_backup:
                    _keep_backup(path)
                os.replace(tmp, path)
            except OSError as exc:  # renames do not need space; if one fails anyway, the rest stay old
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                st.forget()  # a journal stays: the next open renames in the rest
                raise StoreWriteError(f"could not save {path.name}: {describe_os_error(exc)}") from exc
            folders[path.parent] = None
        for folder in folders:
            fsync_dir(folder)
        if self.journal is not None:  # every rename is durable: nothing is left to finish
            with contextlib.suppress(OSError):
                os.unlink(self.journal)
            fsync_dir(self.journal.parent)


def _write_journal(journal: Path, renames: list[tuple[Path, Path, AtomicJSONStorage]]) -> None:
    """List the group's renames (temporary file, file, its size, whether a backup is kept) in ``journal``, paths
    relative to its folder, written whole and synced (:func:`atomic_write_bytes`) before the first rename. A file
    kept elsewhere through a link (:func:`through_link`) is listed by the link's name, its temporary file as if
    beside the link: the next open looks for it beside the file the link points to then (a path out of the data
    folder is never followed, so such a rename was left undone)."""
    root = journal.parent
    entries = [
        [
            os.path.relpath(st.named.parent / tmp.name, root),
            os.path.relpath(st.named, root),
            os.path.getsize(tmp),
            st.keep_backup,
        ]
        for tmp, _path, st in renames
    ]
    atomic_write_bytes(journal, orjson.dumps({"renames": entries}), keep_backup=False)


_GROUP: contextvars.ContextVar[CommitGroup | None] = contextvars.ContextVar(
    "newsdesk_commit_group", default=None
)
_FSYNC_POOL: cf.ThreadPoolExecutor | None = None
_FSYNC_POOL_LOCK = threading.Lock()


@contextlib.contextmanager
def commit_group(
    lock: contextlib.AbstractContextManager[Any] | None = None, *, journal: Path | None = None
) -> Iterator[CommitGroup]:
    """Within this block (in this thread), storage writes join one :class:`CommitGroup`, committed at the end,
    also when the block raised (what was changed in memory is what the user has been shown). ``lock`` is held
    while committing; with ``journal`` (the data folder), the files change all at once (see :class:`CommitGroup`)."""
    group = CommitGroup(journal)
    token = _GROUP.set(group)
    try:
        yield group
    finally:
        _GROUP.reset(token)
        with lock if lock is not None else contextlib.nullcontext():
            group.commit()


def _fsync_all(paths: list[Path]) -> None:
    """fsync several files; concurrent fsyncs share journal commits, so many cost little more than one."""
    global _FSYNC_POOL
    if len(paths) <= 1:
        for path in paths:
            _fsync_path(path)
        return
    with _FSYNC_POOL_LOCK:
        if _FSYNC_POOL is None:
            _FSYNC_POOL = cf.ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsdesk-fsync")
    for fut in [_FSYNC_POOL.submit(_fsync_path, p) for p in paths]:
        fut.result()  # re-raises the first OSError


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _tmp_name(path: Path, kind: str = "tmp") -> Path:
    """A temporary file of this process and thread: two threads saving one index at once (the entity pivot and
    an enrichment pass) each write their own, or the second truncated the first's and the file renamed in was
    a mix of both. ``kind`` is "tmp" or "baktmp"; :data:`_LEFTOVER` knows them by this name."""
    return path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.{kind}")


def _keep_backup(path: Path) -> None:
    """Keep the current ``path`` as ``path.bak`` (a hard link, so no copy), replacing the older backup."""
    if not path.exists():
        return
    bak = path.with_name(path.name + ".bak")
    bak_tmp = _tmp_name(path, "baktmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(bak_tmp)
    try:
        os.link(path, bak_tmp)
    except OSError as exc:  # a file system without hard links: no backup generation, still atomic
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
    else:
        try:
            os.replace(bak_tmp, bak)
        except IsADirectoryError:  # "Is a directory" named no file, and feeds.json is one
            with contextlib.suppress(OSError):
                os.unlink(bak_tmp)
            raise not_a_file(bak, os.lstat(bak).st_mode) from None
        # A backup that is this very file already (a save a kill cut off after its backup, finished at the next
        # open): the rename of two links to one file does nothing, and the temporary link stayed.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(bak_tmp)


def through_link(path: Path) -> Path:
    """The file ``path`` links to, when it is a link to one, else ``path``: a store file kept elsewhere by a link
    (in a synced folder) is written there, its backup and temporary files beside it. A rename over the link put
    a file in its place, and the file it pointed to kept its old data for good. A link to nothing, a loop or a
    link to something else than a file is left as it is, for the read to say what it is. (A commit journal lists
    such a file by the link's name: see :func:`_write_journal`; its leftover temporary files go as the data
    folder's do, see :func:`feeds.store_folder.check_folders`.)"""
    if not os.path.islink(path):
        return path
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError:
        return path
    return real if real.is_file() else path  # a link to a device or a pipe: refused under its own name


#: The folders whose files a refresh fetches again when lost (see ``Store.refetch_lost``): one of them that is
#: a link to nothing is a missing file. Any other store file that is one is refused: it read as a new, empty
#: file (no subscriptions, no bookmarks, no read marks), and the next write put a file in place of the link.
REFETCHED = ("stories", "bodies")


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file JSON, cached in memory, written atomically, batched on demand."""

    def __init__(self, path: str | Path, *, readonly: bool = False, fsync: bool = True) -> None:
        self.named = Path(path)  # as the data folder names it: a link, when the file is kept elsewhere
        self.path = through_link(self.named)
        self.readonly = readonly
        self.fsync = fsync
        self.recovered = ""  # what was done about a damaged file, in words
        self._data: dict[str, Any] | None = None
        self._loaded = False
        self._batch_depth = 0
        self._dirty = False
        self.discarded = False
        self.keep_backup = True

    # -- TinyDB's Storage interface -------------------------------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.readonly:
            raise StoreReadOnly(f"{self.path.name} is open read-only")
        self._data = data
        self._loaded = True
        self._dirty = True
        if self._batch_depth == 0:
            self.flush()

    def close(self) -> None:
        if self._dirty and not self.readonly:
            self.flush()

    # -- ours ----------------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Defer writes until the outermost batch ends, then write once (also when the body raised)."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._dirty:
                self.flush()

    def flush(self) -> None:
        if not self._dirty or self._data is None:
            return
        group = _GROUP.get()
        if group is not None and self.fsync:
            group.add(self)  # written, with the rest of the group, when the group commits
            self._dirty = False
            return
        try:
            atomic_write_bytes(self.path, orjson.dumps(self._data), fsync=self.fsync)
        except StoreWriteError:
            # Forget the change we could not save: the next read sees what is really on disk.
            self._data = None
            self._loaded = False
            self._dirty = False
            raise
        self._dirty = False

    def discard(self) -> None:
        """The file is being deleted (its feed was removed): a commit group that holds it must not recreate it."""
        self.discarded = True
        self.forget()

    def forget(self) -> None:
        """Drop the in-memory copy (the file is read again on next use)."""
        self._data = None
        self._loaded = False
        self._dirty = False

    def _load(self) -> dict[str, Any] | None:
        bak = self.path.with_name(self.path.name + ".bak")
        try:
            raw = read_regular(self.path)
        except FileNotFoundError:
            if os.path.islink(self.path) and self.path.parent.name not in REFETCHED:
                raise StoreError(
                    f"{self.path} is a link to nothing ({os.readlink(self.path)}); mount or restore what it"
                    " points to, or remove the link"
                ) from None
            if bak.exists():  # only possible if the file was removed by hand: use the backup
                self.recovered = f"{self.path.name} was missing; its backup copy was used"
                return self._load_backup(bak)
            return None
        except NotRegularFile as exc:
            raise StoreError(str(exc)) from None
        except NotADirectoryError as exc:  # stories/ is a file: name it, not stories/<id>.json
            problem = in_the_way(self.path.parent) or f"could not read {self.path}: {describe_os_error(exc)}"
            raise StoreError(problem) from exc
        except OSError as exc:
            raise StoreError(f"could not read {self.path}: {describe_os_error(exc)}") from exc
        if not raw.strip():  # the store never writes one: cut to nothing (a power cut, another program)
            return self._recover(bak, "was empty")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            data = None
        if not isinstance(data, dict):
            return self._recover(bak)
        return data

    def _recover(self, bak: Path, what: str = "was damaged") -> dict[str, Any] | None:
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        if not self.readonly:
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
        where = f"; the damaged file was kept as {aside.name}" if not self.readonly else ""
        if bak.exists():
            data = self._load_backup(bak)
            if data is not None:
                self.recovered = f"{self.path.name} {what}; the last good copy was used{where}"
                if not self.readonly:
                    self._data, self._loaded, self._dirty = data, True, True
                    try:
                        self.flush()
                    except StoreWriteError as exc:  # a full disk: read from the copy; the next write saves it
                        self._data, self._loaded, self._dirty = data, True, True
                        why = describe_os_error(exc.__cause__) if isinstance(exc.__cause__, OSError) else exc
                        self.recovered += f"; not saved back yet ({why})"
                return data
        self.recovered = f"{self.path.name} {what} and had no good backup; it starts empty{where}"
        return None

    @staticmethod
    def _load_backup(bak: Path) -> dict[str, Any] | None:
        try:
            data = orjson.loads(read_regular(bak))
        except NotRegularFile as exc:
            raise StoreError(str(exc)) from None
        except (OSError, orjson.JSONDecodeError):
            return None
        return data if isinstance(data, dict) else None
