"""Red-team round 14: a second copy of newsdesk started while the one holding the data folder is stopped (a reader
suspended with Ctrl-Z, a writer stopped by SIGSTOP). A real holder process, real signals, the installed command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.test_cli import newsdesk, one_line_error

HOLDER = """
import sys, time
from feeds.store import Store

store = Store(sys.argv[1])  # the writer, as a reader suspended with Ctrl-Z holds the folder
print("ready", flush=True)
time.sleep(120)
"""


def test_a_stopped_writer_is_named_as_stopped(tmp_path: Path) -> None:
    """A reader suspended with Ctrl-Z (SIGTSTP; here SIGSTOP) still holds the data folder: a command in the same
    shell was refused with "another newsdesk (pid N) is using ...", and the user, who had closed nothing they
    could see, went looking for a second copy. Now the refusal says the holder is stopped and how to go back."""
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        one_line_error(
            newsdesk(data, "add", "https://a.example/rss"), 1, f"another newsdesk (pid {holder.pid})"
        )
        os.kill(holder.pid, signal.SIGSTOP)
        proc = newsdesk(data, "add", "https://a.example/rss")
        one_line_error(
            proc, 1, f"another newsdesk (pid {holder.pid}, stopped: `fg` in its terminal resumes it)"
        )
        os.kill(holder.pid, signal.SIGCONT)
    finally:
        holder.kill()
        holder.wait()
    assert newsdesk(data, "add", "https://a.example/rss").returncode in (0, 1)  # the folder is free again
