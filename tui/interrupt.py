"""Whether the process was sent a Ctrl-C, however its KeyboardInterrupt ended.

Python raises a SIGINT's KeyboardInterrupt in whatever Python code runs at that moment; when that is a
finaliser (an object's ``__del__``, a weakref or garbage-collector callback), the interpreter prints "Exception
ignored in ..." and goes on as if there had been no Ctrl-C: the reader then opened and ran on. Python's own
signal handler (kept: it adds no frame of ours to any traceback) also writes each signal's number to a "wakeup"
descriptor when one is set, before any Python code runs; :func:`watch` sets a pipe there, and :func:`came` reads
it, so the reader can see before it takes the terminal that a Ctrl-C was swallowed on the way.
"""

from __future__ import annotations

import os
import signal

from . import LOST_AT_START

_pipe: int | None = None  # the pipe's reading end, once watched
_came = LOST_AT_START  # Python lost one in its start-up, and the import lock it left taken says so (tui/__init__.py)


def watch() -> None:
    """Note every signal from now on (the console script only: the process is ours; from the main thread)."""
    global _pipe
    if _pipe is not None:
        return
    read, write = os.pipe()  # not inherited by children (PEP 446)
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    try:
        signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    except ValueError:  # not the main thread: nothing to watch with
        os.close(read)
        os.close(write)
        return
    _pipe = read


def came() -> bool:
    """Whether a SIGINT came since :func:`watch` (whether or not something handled it), or was seen lost before."""
    global _came
    while _pipe is not None and not _came:
        try:
            got = os.read(_pipe, 512)
        except (BlockingIOError, InterruptedError):
            break
        if not got:
            break
        _came = signal.SIGINT in got
    return _came
