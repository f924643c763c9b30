"""The data folder itself: its writer lock, its folders, and the check of their files when the store opens.

Split from :mod:`feeds.storage` (the file layer): these act on the folder as a whole, once, at open.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
from pathlib import Path

import orjson

from .paths import file_kind, in_the_way, not_a_file, read_regular
from .storage import JOURNAL, StoreError, StoreLocked, describe_os_error, fsync_dir, through_link
from .storage import _keep_backup as keep_backup_of
from .text import counted


def make_folder(path: Path) -> None:
    """Make the folder ``path`` and its parents; a path in the way is named in the error, with what it is."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = in_the_way(path) if isinstance(exc, FileExistsError | NotADirectoryError) else None
        raise StoreError(problem or f"cannot create the folder {path}: {describe_os_error(exc)}") from exc


_LEFTOVER = re.compile(r"\..+\.(\d+)(?:-\d+)?\.(?:tmp|baktmp)")
#: The suffix of what stood in the way of an index file, moved aside by :func:`check_folders`: never read again.
ASIDE = ".not-a-file"


def check_folders(root: Path, *, tidy: bool = False) -> list[str]:
    """Each of the data folder's folders that is there must be a folder of regular files (and folders), checked
        once when the store opens: a named pipe put in one would hold whatever reads it, in the middle of the reader's
        work. In ``stories``, ``bodies`` and ``marks`` (the user's data) anything else is refused: raises
        :class:`StoreError` naming the path at fault. ``index`` holds derived data alone, rebuilt from the rest, so
        what is not a regular file there (a folder too) does not stop the store: the writer moves it aside (to
        ``<name>.not-a-file``, never read) and the index is built again; a reader passes over it (its loaders refuse
        anything but a regular file, without waiting) and builds in memory. The same goes for ``index`` itself when
    something else than a folder stands there. Returns what was done, one line each.

        With ``tidy`` (the writer, holding the lock) a save a kill cut off is finished (:func:`finish_commit`), and
        the same listing removes the temporary files of saves that
        a killed process left half written (see :func:`feeds.storage._tmp_name`): nothing reads them, and each crash left one more
        (a search index's is tens of megabytes); a file of a process still running is left alone. One listing per
        folder, no ``stat`` but for links and misfits: 8 ms for 20,000 files. A store file that is a link: its
        temporary files are beside the file it points to, and go from there (:func:`_tidy_beside`)."""
    notes = [finished] if tidy and (finished := finish_commit(root)) else []  # before its files would go
    listed: dict[str, list[str]] = {}  # the folders of files kept elsewhere through links, listed once
    for name in ("", "stories", "bodies", "marks", "index"):
        if not name and not tidy:
            continue  # the data folder's own files are checked as they are opened
        folder = root / name
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            if name == "index" and os.path.islink(folder):  # a link to nothing: every index save failed
                notes.append(_index_folder_misfit(folder, move=tidy))
            continue
        except NotADirectoryError:
            if name != "index":
                raise StoreError(in_the_way(folder) or f"{folder} is not a folder") from None
            notes.append(_index_folder_misfit(folder, move=tidy))
            continue
        except OSError as exc:
            raise StoreError(f"cannot read the folder {folder}: {describe_os_error(exc)}") from exc
        for entry in entries:
            if tidy and name != "index" and entry.is_symlink():  # a store file kept elsewhere: tidied there
                _tidy_beside(entry.path, listed)
            if tidy and (found := _LEFTOVER.fullmatch(entry.name)) and entry.is_file(follow_symlinks=False):
                _remove_orphan(entry.path, int(found.group(1)))
            elif entry.is_file(follow_symlinks=False) or (name == "index" and entry.name.endswith(ASIDE)):
                continue
            elif name == "index":
                if note := _index_misfit(Path(entry.path), move=tidy):
                    notes.append(note)
            elif not name or entry.is_dir(follow_symlinks=False):
                continue
            else:
                try:
                    mode = entry.stat().st_mode
                except OSError:
                    continue  # a link to nothing: read as a missing file
                if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    raise StoreError(str(not_a_file(Path(entry.path), mode)))
    return notes


def _index_folder_misfit(folder: Path, *, move: bool) -> str:
    """What to say of the index folder when something else stands there (a file, a named pipe, a device); with
    ``move`` (the writer) it is first moved aside and the folder made, so the indexes are built and saved again.
    A reader leaves it: its loaders find no index file under it, without opening it, and build in memory."""
    what = in_the_way(folder) or f"{folder} is not a folder"
    said = _set_aside(folder, what, "the indexes are", move=move)
    if not os.path.lexists(folder):  # moved aside: the indexes are saved in a new folder
        make_folder(folder)
    return said


def _aside(path: Path) -> Path:
    """Where to move ``path`` aside: ``<name>.not-a-file``, numbered when that is taken."""
    aside = path.with_name(path.name + ASIDE)
    for n in range(2, 100):
        if not os.path.lexists(aside):
            break
        aside = path.with_name(f"{path.name}.{n}{ASIDE}")
    return aside


def _index_misfit(path: Path, *, move: bool) -> str | None:
    """What to say of ``path`` in the index folder when it is not a regular file (None when it is one, or a link
    to nothing: read as a missing file); with ``move``, it is first moved aside."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return _set_aside(path, f"{path} is {file_kind(mode)}, not a regular file", "its index is", move=move)


def _set_aside(path: Path, what: str, which: str, *, move: bool) -> str:
    """Move ``path`` aside (with ``move``: the writer) and say so after ``what``; ``which`` names what is built
    again ("its index is", "the indexes are"). A reader, or a move that fails, leaves it and builds in memory."""
    if not move:
        return f"{what}: passed over, {which} built in memory"
    aside = _aside(path)
    try:
        os.rename(path, aside)
    except OSError as exc:
        return f"{what}: cannot move it aside ({describe_os_error(exc)}), {which} kept in memory"
    return f"{what}: moved aside to {aside.name}, {which} built again"


def finish_commit(root: Path) -> str:
    """Finish the renames of a save that a crash cut off, as its journal lists them (:data:`feeds.storage.JOURNAL`),
    then remove the journal: the writer does it at open, holding the lock, before the leftover temporary files go.
    Each rename whose temporary file is there whole (its size as listed) is made; one already made is not there.
    Returns what was done in words ("" when there was no journal)."""
    journal = root / JOURNAL
    try:
        raw = read_regular(journal)
    except FileNotFoundError:
        return ""
    except OSError as exc:  # not a regular file, or unreadable: never guessed at
        raise StoreError(f"cannot read {journal}: {describe_os_error(exc)}") from exc
    try:
        entries = orjson.loads(raw)["renames"]
        renames = [(str(t), str(p), int(n), bool(k)) for t, p, n, k in entries]
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        renames = []  # written whole by a rename, so only a hand edit: nothing to finish
    done = 0
    folders: dict[Path, None] = {}
    for tmp_name, name, size, keep_backup in renames:
        if not _inside(tmp_name) or not _inside(name):
            continue
        tmp, path = root / tmp_name, root / name
        if (real := through_link(path)) != path:  # kept elsewhere: its temporary file is beside the file
            if not _ours(Path(tmp_name).name, real.name):
                continue
            tmp, path = real.parent / Path(tmp_name).name, real
        try:
            info = os.lstat(tmp)
        except OSError:
            continue  # renamed before the crash
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            continue
        try:
            if keep_backup:
                keep_backup_of(path)
            os.replace(tmp, path)
        except OSError as exc:
            raise StoreError(
                f"cannot finish the save a crash cut off ({name}): {describe_os_error(exc)}"
            ) from exc
        done += 1
        folders[path.parent] = None
    for folder in folders:
        fsync_dir(folder)
    with contextlib.suppress(OSError):
        os.unlink(journal)
    fsync_dir(root)
    return (
        f"a save cut off by a crash was finished ({counted(done, 'file', 'files')} renamed in)"
        if done
        else ""
    )


def _inside(name: str) -> bool:
    """Whether a journal's relative path stays in the data folder."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _ours(name: str, of: str) -> bool:
    """Whether ``name`` is the name of a temporary file of the file named ``of`` (see feeds.storage._tmp_name)."""
    return name.startswith(f".{of}.") and _LEFTOVER.fullmatch(name) is not None


def _tidy_beside(link: str, listed: dict[str, list[str]]) -> None:
    """Remove the leftover temporary files of the file a store file that is a link (``link``) points to: they
    are beside that file, out of the data folder's own listings. ``listed``: the folders listed so far."""
    try:
        real = Path(os.path.realpath(link, strict=True))
    except OSError:
        return
    folder = str(real.parent)
    if folder not in listed:
        try:
            listed[folder] = os.listdir(folder)
        except OSError:
            listed[folder] = []
    for name in listed[folder]:
        path = os.path.join(folder, name)
        if _ours(name, real.name) and os.path.isfile(path) and not os.path.islink(path):
            _remove_orphan(path, int(_LEFTOVER.fullmatch(name).group(1)))  # type: ignore[union-attr]


def _remove_orphan(path: str, pid: int) -> None:
    """Remove a temporary file whose process (``pid``, from its name) is gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        with contextlib.suppress(OSError):
            os.unlink(path)
    except (OSError, OverflowError):
        pass  # a live process of another user, or no pid at all


_NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def _stopped(pid: str) -> str:
    """ ", stopped: ..." when the process ``pid`` is stopped (a reader suspended with Ctrl-Z still holds the folder,
    and the user, who saw no other copy, went looking for one), else "" (also where /proc cannot say)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rpartition(b")")[2].split()[0]  # after the name, which may hold ") "
    except (OSError, IndexError):
        return ""
    return ", stopped: `fg` in its terminal resumes it" if state in (b"T", b"t") else ""


class WriterLock:
    """An exclusive ``flock`` on ``<root>/newsdesk.lock``: one writer per data folder.

    The kernel releases it when the process dies (even by SIGKILL), so a crash never leaves a stale lock.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / "newsdesk.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        try:  # not blocking: opening or reading a named pipe put there would wait for ever
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            with contextlib.suppress(OSError):
                if not stat.S_ISREG(mode := os.stat(self.path).st_mode):
                    raise StoreError(str(not_a_file(self.path, mode))) from None
            # A folder that cannot be written (a read-only mount, a backup snapshot, another user's) is still
            # readable: say how, as the message alone left the user nowhere to go.
            hint = "; --read-only opens it without writing" if exc.errno in _NOT_WRITABLE else ""
            raise StoreError(
                f"cannot lock the data folder {self.path.parent}: {describe_os_error(exc)}{hint}"
            ) from exc
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise StoreError(str(not_a_file(self.path, mode)))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            error = self._held(fd)
            os.close(fd)
            raise error from None
        # The pid is only there to name us to a second copy: on a full disk the lock holds without it, and
        # the store can still be read (its writes then fail in words).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def check_free(self) -> None:
        """Raise :class:`StoreLocked` as :meth:`acquire` would when another process holds the folder, making and
        changing nothing: no folder, no lock file. For a command that may yet fail before it writes (`import
        cache.db` reads for seconds first): it says at once that the folder is held, and a failed read leaves
        the disk as it was. A shared lock, let go at once: a writer starting in that instant is refused, as two
        writers starting together are."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return  # no lock file, so no writer; anything else is for acquire to say
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                raise self._held(fd) from None
            except OSError:
                return
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _held(self, fd: int) -> StoreLocked:
        """The refusal, naming the holder by the pid it wrote in the lock file."""
        try:
            holder = os.read(fd, 64).decode(errors="replace").strip()
        except OSError:
            holder = ""
        who = f" (pid {holder}{_stopped(holder)})" if holder.isdigit() else ""
        return StoreLocked(
            f"another newsdesk{who} is using the data folder {self.path.parent}; "
            "close it first, or open this one read-only with --read-only"
        )

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
