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

import _imp  # built in and loaded at start-up, like _signal, os and sys: importing them takes no import lock
import _signal
import os
import sys

#: The signal mask before the package held Ctrl-C back, for tui.cli to put back; None when it did not.
HELD_BACK: set[int] | None = None
#: Whether Python lost a Ctrl-C before the package's first line, leaving its import lock taken (tui/interrupt.py).
LOST_AT_START = False
if os.path.basename(getattr(sys.modules.get("__main__"), "__file__", None) or "") == "newsdesk":
    if hasattr(_signal, "pthread_sigmask"):
        HELD_BACK = _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGINT})
    # One thread so far, and no import holds the global lock while a module runs: only that loss leaves it taken.
    while _imp.lock_held():
        try:
            _imp.release_lock()
        except RuntimeError:  # another thread's after all: not ours to give back
            break
        LOST_AT_START = True
