"""Where newsdesk keeps its data and its config: the XDG paths, the overrides tests and users use, and what to
say when something else than a file or a folder stands where one is expected."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import platformdirs

try:  # imported now: at the limit of open files, an import (a file to open) fails
    import resource
except ImportError:  # not on Windows
    resource = None  # type: ignore[assignment]

#: Environment variable that moves the data folder (tests and scripts point it at a temporary folder).
HOME_ENV = "NEWSDESK_HOME"
#: Environment variable that points at a config file.
CONFIG_ENV = "NEWSDESK_CONFIG"


def expand_user(path: str | os.PathLike[str]) -> Path:
    """``path`` with a leading ``~`` or ``~user`` made that home folder, as the shell does; a ``~name`` that names
    no user is left as written, as the shell leaves it. ``Path.expanduser`` raised RuntimeError for one, so
    `newsdesk import ~Downloads/subs.opml` (the slash forgotten) ended in "internal error: RuntimeError: Could not
    determine home directory." instead of saying that no such file is there."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        return Path(path)


class EmptySetting(ValueError):
    """A folder setting given explicitly but empty (``NEWSDESK_HOME=`` in a script whose variable was never
    filled): ``str`` is the sentence to show."""


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` if given, else ``$NEWSDESK_HOME``, else the XDG data folder (``~/.local/share/newsdesk``).

    Raises :class:`EmptySetting` when either is set but empty or blank. Taken as unset, it fell back to the
    user's real folder: a script meant to work on a scratch copy (``NEWSDESK_HOME=$TMP newsdesk import ...``,
    with ``$TMP`` unset) wrote into the user's own subscriptions instead."""
    if override is not None:
        if not os.fspath(override).strip():
            raise EmptySetting("--data-dir is empty: name a folder")
        return expand_user(override)
    env = os.environ.get(HOME_ENV)
    if env is not None:
        if not env.strip():
            raise EmptySetting(f"{HOME_ENV} is set but empty: name a folder, or unset it for the default")
        return expand_user(env)
    return _xdg_folder(platformdirs.user_data_dir, "XDG_DATA_HOME", HOME_ENV)


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    """``--config`` if given, else ``$NEWSDESK_CONFIG``, else ``config.toml`` in the XDG config folder.

    Raises :class:`EmptySetting` when either is set but empty or blank, as :func:`data_dir` does: the config
    decides what a refresh purges, and a script's scratch config left unfilled must not become the user's own."""
    if override is not None:
        if not os.fspath(override).strip():
            raise EmptySetting("--config is empty: name a file")
        return expand_user(override)
    env = os.environ.get(CONFIG_ENV)
    if env is not None:
        if not env.strip():
            raise EmptySetting(f"{CONFIG_ENV} is set but empty: name a file, or unset it for the default")
        return expand_user(env)
    return _xdg_folder(platformdirs.user_config_dir, "XDG_CONFIG_HOME", CONFIG_ENV) / "config.toml"


def _xdg_folder(where: Callable[..., str], xdg: str, ours: str) -> Path:
    """newsdesk's folder in the XDG folder ``where`` gives. With no HOME and a user the system gives no home
    (a container run as a numeric user), platformdirs raises RuntimeError: it was "internal error: RuntimeError:
    could not determine the home directory ...". Raises :class:`EmptySetting` naming what to set instead."""
    try:
        return Path(where("newsdesk", appauthor=False))
    except RuntimeError:
        raise EmptySetting(
            f"no home folder: HOME is not set, or not a full path, and user {os.getuid()} has no home;"
            f" set HOME, {xdg} or {ours}"
        ) from None


class NotRegularFile(OSError):
    """A path where a file was expected names something else (a named pipe, a folder, a device); ``str`` is the
    whole sentence, naming the path and what it is."""


def file_kind(mode: int) -> str:
    """What a ``st_mode`` is, in words ("a named pipe (FIFO)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a file" if stat.S_ISREG(mode) else "a special file"


def not_a_file(path: str | Path, mode: int) -> NotRegularFile:
    return NotRegularFile(f"{path} is {file_kind(mode)}, not a regular file")


def read_regular(path: str | Path) -> bytes:
    """The bytes of the file at ``path``, refused with :class:`NotRegularFile` unless it is a regular file, and
    without blocking to find out: reading a named pipe waits for ever for a writer, a device may never end.
    Otherwise raises ``OSError`` as ``open`` does (a missing file, no permission)."""
    with open_regular(path) as fh:
        return fh.read()


def open_regular(path: str | Path) -> BinaryIO:
    """The file at ``path`` open for reading, as :func:`read_regular` checks it: the indexes are read by code
    (zipfile, numpy) that would wait on a named pipe, so they are handed a file already known to be one."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:  # a socket cannot be opened at all (ENXIO): say what it is
        try:
            mode = os.stat(path).st_mode
        except OSError:
            raise exc from None
        if stat.S_ISREG(mode):
            raise
        raise not_a_file(path, mode) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_a_file(path, mode)
    except OSError:
        os.close(fd)
        raise
    return open(fd, "rb", closefd=True)


def in_the_way(path: Path) -> str | None:
    """Why the folder ``path`` cannot be there, naming the path at fault ("<root>/stories is a file, not a
    folder"); None when every part of it that exists is a folder."""
    for part in (*reversed(path.parents), path):
        try:
            mode = os.stat(part).st_mode
        except FileNotFoundError:
            if os.path.islink(part):
                return f"{part} is a link to nothing, not a folder"
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # mkdir said only "File exists"
                return f"{part} is a link that loops, not a folder"
            return None
        if not stat.S_ISDIR(mode):
            return f"{part} is {file_kind(mode)}, not a folder"
    return None


def describe_os_error(exc: OSError) -> str:
    """An OS error in words a user can act on (the fetcher's and the store's alike)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EFBIG:
        return "the file size limit was reached"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENFILE:
        return "the system has too many files open"
    if exc.errno == errno.EMFILE:  # the system's words named neither the limit nor whose it is
        if resource is None:
            return "too many files open at once"
        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return f"too many files open at once (the limit, `ulimit -n`, is {limit})"
    return exc.strerror or str(exc)
