"""newsdesk terminal UI (Textual).

Run as the `newsdesk` command, the package holds Ctrl-C back from its first line until tui.cli lets it through
(a blocked signal stays pending and lands then). A KeyboardInterrupt raised in the callback that drops an
import's lock is printed as "Exception ignored" and lost; the callbacks for this package and for tui.cli's
``import signal`` ran before tui.cli could see a lost one (tui/interrupt.py), and the command then ran on.
One lost before this line (the interpreter's start-up: ``site``, an editable install's import hook, the console
script's ``import re``) is out of any package's reach: nothing in the process records it.
"""

import _signal  # built in and loaded at start-up, like os and sys: importing it takes no import lock
import os
import sys

#: The signal mask before the package held Ctrl-C back, for tui.cli to put back; None when it did not.
HELD_BACK: set[int] | None = None
if hasattr(_signal, "pthread_sigmask") and (
    os.path.basename(getattr(sys.modules.get("__main__"), "__file__", None) or "") == "newsdesk"
):
    HELD_BACK = _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGINT})
