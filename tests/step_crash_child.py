"""A child process for the crash tests: one ``newsdesk`` command run in this process, killed by SIGKILL at one
chosen step of its saving. Start it in a session of its own (``start_new_session``): the kill takes its group.

    python -m tests.step_crash_child HOME STEP COMMAND [ARG...]

Every call that changes what a data folder holds or makes it durable (``os.replace``, ``os.unlink``, ``os.link``,
``os.fsync``) is a step: it is counted and printed ("step <n> <call> <file>"), then made. At step number STEP (or,
STEP given as "replace:N", before the N-th rename) the process kills its process group (itself and a refresh's
parse workers) before the call; STEP 0 never kills. Calls made in a parse worker are not counted.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any


def main(home: str, kill_at: str, argv: list[str]) -> int:
    count = 0
    kind, _, nth = kill_at.rpartition(":")
    seen: dict[str, int] = {}
    lock = threading.Lock()  # the fsyncs of a commit run in threads at once: each step has its own number
    me = os.getpid()

    def counted(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            if os.getpid() != me:  # a parse worker (forked): not the saving process
                return call(*args, **kwargs)
            with lock:
                count += 1
                seen[name] = seen.get(name, 0) + 1
                print("step", count, name, os.path.basename(str(args[-1])) if args else "", flush=True)
                if (seen[name] if kind else count) == int(nth) and kind in ("", name):
                    os.killpg(0, signal.SIGKILL)
            return call(*args, **kwargs)

        return step

    for name in ("replace", "unlink", "link", "fsync"):
        setattr(os, name, counted(name, getattr(os, name)))
    os.environ["NEWSDESK_HOME"] = home
    os.environ["NEWSDESK_CONFIG"] = os.path.join(home, "no-config.toml")
    from tui.cli import main as newsdesk

    code = newsdesk(argv)
    print("done", count, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
