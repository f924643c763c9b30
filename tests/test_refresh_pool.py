"""The refresh's parse workers (feeds.refresh_pool), as a refresh starts them: real processes from the forkserver."""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from feeds.refresh_pool import POOL_MIN, WORKER_HEAP_TOP, Parser
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import fresh_run, newsdesk

ROOT = Path(__file__).resolve().parent.parent
GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
feed_server = httpserver.feed_server
_BODY = b"<rss version='2.0'><channel><title>T</title><item><title>One</title><guid>g1</guid></item></channel></rss>"


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                     "fordblks", "keepcost")
    ]  # fmt: skip


def heap_top_after_churn() -> int:
    """In a worker: take 2.5 MB from the C heap in blocks under its mapping threshold, free them, and say how many
    bytes of free top the heap kept (``mallinfo2().keepcost``)."""
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _Mallinfo2
    blocks = [bytearray(64 * 1024) for _ in range(40)]
    del blocks
    return int(libc.mallinfo2().keepcost)


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt and mallinfo2")
def test_a_parse_worker_keeps_free_heap_top_between_feeds() -> None:
    # By default the heap gives its free top back at each free over 128 KB and grows page by page again: a
    # worker faulted in and zeroed about 280 pages per feed.
    if not hasattr(ctypes.CDLL(None), "mallinfo2"):
        pytest.skip("glibc older than 2.33: no mallinfo2")
    parser = Parser(POOL_MIN)
    if not parser.pooled:
        pytest.skip("one core: the refresh parses in its own process")
    try:
        parser.submit(_BODY, "f0", "http://127.0.0.1/f.xml", "", 0.0).result(timeout=60)  # makes the pool
        assert parser.pool is not None
        kept = parser.pool.submit(heap_top_after_churn).result(timeout=60)
    finally:
        parser.close()
    assert kept >= WORKER_HEAP_TOP, kept


_COMMAND = """
import os, pathlib, sys
if __name__ == "__mp_main__":  # this script run again in a child, as multiprocessing does for its main module
    pathlib.Path(os.environ["MARKS"], str(os.getpid())).touch()
if __name__ == "__main__":
    from feeds.refresh_pool import POOL_MIN, Parser
    body = b'<rss version="2.0"><channel><title>T</title><item><title>One</title><guid>g1</guid></item></channel></rss>'
    parser = Parser(POOL_MIN)
    if not parser.pooled:
        print("no pool")
        sys.exit(0)
    try:
        futs = [parser.submit(body, f"f{n}", "http://127.0.0.1/f.xml", "", 0.0) for n in range(POOL_MIN)]
        print(";".join(f.result(timeout=60).stories[0].title for f in futs))
    finally:
        parser.close()
"""


def test_parse_workers_start_without_the_commands_main_module(tmp_path: Path) -> None:
    # multiprocessing runs the parent's main module again in each child: each worker imported the `newsdesk`
    # script, so the command line and the store (0.12 s of CPU) before its first feed. The workers need none of it.
    script, marks = tmp_path / "newsdesk", tmp_path / "marks"
    script.write_text(_COMMAND, encoding="utf-8")
    marks.mkdir()
    env = {**os.environ, "MARKS": str(marks), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    if run.stdout.strip() == "no pool":
        pytest.skip("one core: the refresh parses in its own process")
    assert run.stdout.strip() == ";".join(["One"] * POOL_MIN)
    assert not list(marks.iterdir()), "a parse worker ran the command's main module"


def _sigint_heeded() -> bool:
    """In a worker: whether a Ctrl-C (SIGINT) would reach its Python code."""
    blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    return not blocked and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


def test_parse_workers_of_a_pool_started_on_a_thread_ignore_ctrl_c() -> None:
    # The reader refreshes on a thread, where the forkserver cannot be started deaf to Ctrl-C: its workers had the
    # signal held back only by importing the reader again as the command's main module, which they no longer do.
    made: list[Parser] = []
    thread = threading.Thread(target=lambda: made.append(Parser(POOL_MIN)))
    thread.start()
    thread.join()
    parser = made[0]
    if not parser.pooled:
        pytest.skip("one core: the refresh parses in its own process")
    try:
        parser.submit(_BODY, "f0", "http://127.0.0.1/f.xml", "", 0.0).result(timeout=60)  # makes the pool
        assert parser.pool is not None
        heeded = [parser.pool.submit(_sigint_heeded) for _ in range(2 * POOL_MIN)]
        assert not any(f.result(timeout=60) for f in heeded)
    finally:
        parser.close()


#: A refresh in a fresh interpreter, then which helper processes multiprocessing started for it (their pids).
_REFRESH_AND_HELPERS = """
import multiprocessing.forkserver as forkserver, multiprocessing.resource_tracker as tracker, sys
from tui.cli import main
code = main(["refresh"])
print("helpers", tracker._resource_tracker._pid, forkserver._forkserver._forkserver_pid, file=sys.stderr)
sys.exit(code)
"""


def _refresh_helpers(home: Path) -> tuple[str, list[str]]:
    return fresh_run(home, _REFRESH_AND_HELPERS, "helpers")


def test_a_refresh_where_every_feed_answers_304_starts_no_process(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # Making the process pool (its queues' locks) started multiprocessing's resource tracker, a Python process,
    # though no body came to parse: about 40 ms of a second core on every refresh that found nothing new.
    home = tmp_path / "home"
    paths = [f"/f{n}.xml" for n in range(POOL_MIN + 2)]
    for n, path in enumerate(paths):
        feed_server[path] = make_feed(n, 5)
        assert newsdesk(home, "add", feed_server.url(path), "--no-check").returncode == 0
    assert newsdesk(home, "refresh").returncode == 0  # every feed's validators kept
    out, helpers = _refresh_helpers(home)
    assert out.count(": 0 new, 0 updated") == len(paths), out
    assert helpers == ["None", "None"]
    feed_server[paths[0]] = make_feed(0, 6)  # one feed changed: its body is parsed, by the pool
    out, helpers = _refresh_helpers(home)
    assert ": 1 new" in out, out
    if len(os.sched_getaffinity(0)) > 1:  # one core parses in the refresh's own process
        assert "None" not in helpers, helpers
