"""The parse side of a refresh: a process pool on every core when there is enough to parse, else parsing inline.

feedparser is pure Python and is most of a refresh's time. Workers are forked from a forkserver that has imported
the parser and this module (whose job function they run); forking a process that runs threads (the fetcher, the
UI) is unsafe. Split from :mod:`feeds.refresh`, which stays free of the parser's imports when the pool parses.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import threading
import time
from collections.abc import Iterator
from typing import NamedTuple

from .model import Story

POOL_MIN = 4  # below this many bodies, parsing in-thread beats starting worker processes
#: The free top a parse worker's C heap keeps (see :func:`feeds.heap.keep_top`): a feed's parse frees and takes
#: again a few hundred KB at a time; 2 MB took away all but a few hundred of the page faults, for 0.5 MB of RSS.
WORKER_HEAP_TOP = 2 << 20


class Parsed(NamedTuple):
    """A parse worker's answer (feeds.parse.Parsed's fields). Defined here so that the refreshing process
    need not import the parser - feedparser and the HTML parser - when the pool parses, or nothing changed."""

    title: str
    site_url: str
    kind: str
    stories: list[Story]
    error: str
    language: str = ""
    former_ids: dict[str, str] = {}  # noqa: RUF012 - never changed; see ParsedFeed.former_ids
    warning: str = ""


def _parse_job(
    body: bytes, feed_id: str, url: str, content_type: str, now: float, part: tuple[int, int, int] = (0, 0, 0)
) -> Parsed:
    from .parse import parse_feed

    cut_at, skipped, stopped_at = part  # see parse_feed
    p = parse_feed(
        body,
        feed_id,
        url=url,
        content_type=content_type,
        now=now,
        cut_at=cut_at,
        skipped=skipped,
        stopped_at=stopped_at,
    )
    return Parsed(p.title, p.site_url, p.kind, p.stories, p.error, p.language, p.former_ids, p.warning)


def _start_forkserver_deaf_to_ctrl_c() -> None:
    """Start the forkserver with SIGINT ignored, when we can (the main thread of a command run in a terminal).

    Ctrl-C signals the terminal's whole process group. The server and the workers it forks printed
    KeyboardInterrupt tracebacks (the server while importing the parser, the workers in their job loop); the
    command itself says "interrupted" and shuts the pool down. An ignored signal stays ignored across exec, and
    the server's children inherit it. Here it is also blocked meanwhile: a blocked signal is kept pending even
    while ignored, so a Ctrl-C during those few milliseconds still interrupts once the handler is back."""
    import signal

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        return  # the reader: it runs refreshes on threads, and Ctrl-C there is a key, not a signal
    import multiprocessing.forkserver

    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """In the main thread, hold Ctrl-C back for this block: it lands just after it instead of half-way through.

    A Python handler that only notes the signal, not a blocked signal mask: the mask is per thread, and the
    kernel hands a Ctrl-C to any thread that does not block it (the fetcher's), whose handler still raised
    KeyboardInterrupt in the main thread. A noted signal is raised again at the end, for the handler that was
    there."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: noted.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if noted:
            signal.raise_signal(signal.SIGINT)


def _worker_start(pid: int) -> None:
    """A parse worker's start: it ends with the process that started the pool (``pid``), its heap keeps some
    free top between feeds (:data:`WORKER_HEAP_TOP`), and it ignores Ctrl-C, which is the command's to handle.

    A pool started from the reader's refresh thread has a forkserver that heeds Ctrl-C (see
    :func:`_start_forkserver_deaf_to_ctrl_c`); its workers held the signal back only because they imported the
    reader again (see :func:`feeds.refresh_workers.worker_context`)."""
    import signal

    from .heap import keep_top

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(pid)
    keep_top(WORKER_HEAP_TOP)


def _die_with(pid: int) -> None:
    """A worker's first act: end when the process that started the pool (``pid``) ends, however it ends.

    A worker waits for jobs on a pipe it holds both ends of, so it never saw the command go when a signal it does
    not catch ended it (SIGTERM from `timeout`, SIGHUP from a closed terminal, SIGKILL): the workers, the
    forkserver (which lives while a worker does) and the resource tracker lived on for good, holding the
    command's output pipes open. The forkserver and the tracker end by themselves once the workers have."""
    threading.Thread(target=_exit_after, args=(pid,), name="newsdesk-parent-watch", daemon=True).start()


def _exit_after(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)  # readable once the process has ended (Linux 5.3+)
    except (AttributeError, OSError):
        while True:  # elsewhere, or where the call is not allowed: look once a second
            time.sleep(1.0)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except OSError:
                pass  # there, but not ours to signal: still there
    else:
        import select

        select.select([handle], [], [])
    os._exit(0)


def _warm(pool: cf.ProcessPoolExecutor) -> None:
    """Start a worker ahead of the first body. A failure here (the refresh interrupted meanwhile) is not
    reported: the pool answers for itself when it is used, and the parser falls back to parsing in-process."""
    with contextlib.suppress(Exception):
        pool.submit(os.getpid)


#: The descriptors a pool of parse workers holds in this process, beside 3 a worker (its sentinel, and the socket
#: and two pipes that starting it holds a moment): its queues' and wake-up pipes, the forkserver's, and room.
POOL_FDS = 16
#: A limit of open files above this is not counted against (see :func:`free_fds`).
_COUNTED = 1024


def free_fds() -> int | None:
    """How many more files this process may open now (its limit, ``ulimit -n``, less those open), or None when
    the limit is over :data:`_COUNTED` or cannot be read."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return None
    if soft == resource.RLIM_INFINITY or soft > _COUNTED:
        return None
    try:
        used = len(os.listdir("/proc/self/fd")) - 1  # less the listing's own
    except OSError:  # no /proc: each descriptor below the limit looked at
        used = 0
        for fd in range(soft):
            with contextlib.suppress(OSError):
                os.fstat(fd)
                used += 1
    return soft - used


#: The descriptors a refresh's saves hold at once beside its connections (a file written, its folder synced, a
#: stories or bodies file read, the journal) and room: at ``ulimit -n`` 11 its 16 connections left none, and
#: every feed failed to save ("too many files open at once").
STORE_FDS = 6
#: Fewer connections at once than this would be left beside the pool: the room goes to them, and bodies are
#: parsed inline.
_FEW_CONNECTIONS = 4


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _pool_fds(cores: int) -> int:
    """The descriptors a pool of ``cores`` workers holds in this process (see :data:`POOL_FDS`)."""
    return POOL_FDS + 3 * cores


def connections_within(wanted: int, expected: int) -> int:
    """How many of ``wanted`` connections a refresh of ``expected`` feeds may hold at once under the open-files
    limit (``ulimit -n``): what it leaves beside the store's files (:data:`STORE_FDS`) and, when it leaves enough,
    the pool's (see :class:`Parser`). At least one: a feed that then finds no descriptor fails in words."""
    room = free_fds()
    if room is None:
        return wanted
    room -= STORE_FDS
    cores = _cores()
    beside_pool = room - _pool_fds(cores)
    if expected >= POOL_MIN and cores > 1 and beside_pool >= _FEW_CONNECTIONS:
        room = beside_pool
    return max(1, min(wanted, room))


class Parser:
    """Parses in a process pool when it pays, else inline. The pool uses forkserver: forking a process that runs
    threads (the fetcher, the UI) is unsafe.

    ``beside``: the descriptors the caller opens meanwhile (a refresh's connections). Where the open-files limit
    leaves no room for the pool beside them (``ulimit -n`` 24 and 16 connections), bodies are parsed inline: a
    worker's start that found no descriptor left closed its socket to the forkserver half-way, which died
    printing a traceback (EOFError in recvfds) under the refresh's report. The parser is then imported at once,
    before the connections take the last descriptors: imported at the first body, it could not open its file."""

    def __init__(self, expected: int, *, warm: bool = False, beside: int = 0) -> None:
        self.pool: cf.ProcessPoolExecutor | None = None
        cores = _cores()
        room = free_fds() if expected else None
        if room is not None and room < beside + _pool_fds(cores):
            with contextlib.suppress(ImportError, OSError):
                from . import parse  # noqa: F401
        elif expected >= POOL_MIN and cores > 1:
            self._cores = cores
            if warm:  # bodies are sure to come: start the server and a worker while the feeds download
                self._make_pool(warm=True)
            else:  # made at the first body: a refresh where every feed answers 304 never needs it
                self._wanted = True

    _cores = 0
    _wanted = False

    @property
    def pooled(self) -> bool:
        """Whether bodies are parsed on the process pool (made already, or at the first body)."""
        return self.pool is not None or self._wanted

    def _make_pool(self, *, warm: bool = False) -> None:
        """The pool, made once bodies are sure to come. Making it (its queues' locks) starts multiprocessing's
        resource tracker, a Python process of its own: a refresh where every feed answered 304 started one and
        never used it."""
        self._wanted = False
        try:
            from .refresh_workers import worker_context  # multiprocessing: only once bodies come

            ctx = worker_context()
            # Workers are forked from a server that has imported the parser and this module (whose job
            # function they run) and the workers' own class, so no worker imports anything itself.
            ctx.set_forkserver_preload(["feeds.parse", "feeds.refresh_pool", "feeds.refresh_workers"])
            self.pool = cf.ProcessPoolExecutor(
                max_workers=self._cores, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(),)
            )
            if warm:
                self._start_server()
                # Imported here, not first in the thread: a Ctrl-C landing inside an import of the main
                # thread can leave the interpreter's import lock held, and the thread then waited for it
                # forever, with the pool's lock held, so the command hung in its shutdown.
                from multiprocessing import popen_forkserver  # noqa: F401

                # From a thread: starting the first worker waits for the server to import the parser.
                threading.Thread(target=_warm, args=(self.pool,), daemon=True).start()
        except (OSError, ValueError, NameError):  # NameError: no forkserver here (_ParseContext)
            self.pool = None

    _server_started = False

    def _start_server(self) -> None:
        """Start the forkserver deaf to Ctrl-C, once, when it is sure to be used: a refresh where every feed
        answers 304 never needs it, and starting a Python process costs it about 40 ms."""
        if not self._server_started:
            self._server_started = True
            _start_forkserver_deaf_to_ctrl_c()

    def submit(
        self,
        body: bytes,
        feed_id: str,
        url: str,
        content_type: str,
        now: float,
        part: tuple[int, int, int] = (0, 0, 0),
    ) -> cf.Future[Parsed]:
        """Parse a fetched body (on the pool when there is one); ``part``: the cap it was cut at, the bytes skipped
        and where reading stopped (see :func:`feeds.parse.parse_feed`), all 0 for a body read whole."""
        if self._wanted:
            with ctrl_c_held():
                self._make_pool()
        if self.pool is not None:
            try:
                # Submitting may start a worker: a Ctrl-C half-way left one the pool did not know of, which then
                # failed to start once we had exited and printed a traceback under our "interrupted".
                with ctrl_c_held():
                    self._start_server()
                    return self.pool.submit(_parse_job, body, feed_id, url, content_type, now, part)
            except (OSError, ValueError, RuntimeError, cf.process.BrokenProcessPool):
                self.pool = None
        fut: cf.Future[Parsed] = cf.Future()
        fut.set_result(_parse_job(body, feed_id, url, content_type, now, part))
        return fut

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
