"""newsdesk terminal UI (Textual).

Run as the `newsdesk` command, the package holds Ctrl-C back from its first line until tui.cli lets it through
(a blocked signal stays pending and lands then). A KeyboardInterrupt raised in the callback that drops an
import's lock is printed as "Exception ignored" and lost; the callbacks for this package and for tui.cli's
``import signal`` ran before tui.cli could see a lost one (tui/interrupt.py), and the command then ran on.
One lost before this line (the interpreter's start-up: ``site``, an editable install's import hook, the console
script's ``import re``) is out of any package's reach: nothing in the process records it - unless it was raised
just as that callback had taken Python's global import lock, before its ``try``: the lock then stayed taken,
every import from another thread waited for it for ever, and the reader opened with its keys dead (Textual reads
them in a thread; q did nothing, nor Ctrl-C). So the package gives such a lock back, and the command ends as
interrupted.
"""

import _signal  # built in and loaded at start-up, like _imp, os and sys: importing them takes no import lock

# Ctrl-C is held back first, before the test of how we run (a signal that lands before this line is raised in this
# module's first instructions, where nothing can catch it: as in the interpreter's start-up, out of reach; the
# fewer instructions before it, the narrower that window). Put back at once below when this is not the command.
_MASK = (
    _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGINT})
    if hasattr(_signal, "pthread_sigmask")
    else None
)

import _imp  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

#: The signal mask before the package held Ctrl-C back, for tui.cli to put back; None when it did not.
HELD_BACK: set[int] | None = None
#: Whether Python lost a Ctrl-C before the package's first line, leaving its import lock taken (tui/interrupt.py).
LOST_AT_START = False
if os.path.basename(getattr(sys.modules.get("__main__"), "__file__", None) or "") == "newsdesk":
    HELD_BACK = _MASK
    # One thread so far, and no import holds the global lock while a module runs: only that loss leaves it taken.
    while _imp.lock_held():
        try:
            _imp.release_lock()
        except RuntimeError:  # another thread's after all: not ours to give back
            break
        LOST_AT_START = True
    # The collector is held back until the command is known (tui.cli) and, for the reader, until its first paint
    # (tui.app's settle_heap). Its passes during the start-up walked the objects of Textual's imports and the
    # stories' headers again and again, to free a few thousand: about a tenth of the CPU time to the first paint
    # over 10k stories, a fifth over 20,000 feeds (README, Performance).
    import gc

    gc.disable()
    GC_HELD = True  # whether the collector is held back for the start-up (see resume_gc)
else:
    if _MASK is not None:  # imported, not run as the command: Ctrl-C as it was (a pending one lands now)
        _signal.pthread_sigmask(_signal.SIG_SETMASK, _MASK)
    GC_HELD = False


def gc_held() -> bool:
    """Whether the cyclic garbage collector is still held back for the start-up."""
    return GC_HELD


def resume_gc() -> bool:
    """Let the cyclic garbage collector run again if the start-up held it back; whether it had."""
    global GC_HELD
    if not GC_HELD:
        return False
    import gc

    GC_HELD = False
    gc.enable()
    return True
