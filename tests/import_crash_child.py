"""A child process for the import crash test: ``newsdesk import CACHE`` run in this process, killed by SIGKILL
at one chosen step of its saving.

    python -m tests.import_crash_child HOME CACHE STEP

Every call that changes what a data folder holds or makes it durable (``os.replace``, ``os.unlink``, ``os.link``,
``os.fsync``) is a step: it is counted and printed ("step <n> <call> <file>"), then made. At step number STEP the
process sends itself SIGKILL before the call, so the parent can kill the import between any two of them; STEP 0
never kills. The calls are wrapped, not replaced: the import runs as the installed command runs it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any


def main(home: str, cache: str, kill_at: int) -> int:
    count = 0
    lock = threading.Lock()  # the fsyncs of a commit run in threads at once: each step has its own number

    def counted(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            with lock:
                count += 1
                print("step", count, name, os.path.basename(str(args[-1])) if args else "", flush=True)
                if count == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
            return call(*args, **kwargs)

        return step

    for name in ("replace", "unlink", "link", "fsync"):
        setattr(os, name, counted(name, getattr(os, name)))
    os.environ["NEWSDESK_HOME"] = home
    os.environ["NEWSDESK_CONFIG"] = os.path.join(home, "no-config.toml")
    from tui.cli import main as newsdesk

    code = newsdesk(["import", cache])
    print("done", count, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
