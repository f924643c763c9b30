"""`newsdesk refresh` ended by a signal it does not catch (SIGTERM from `timeout` or a service manager, SIGHUP
from a closed terminal window, SIGKILL from the OOM killer), sent to the command alone, not to its process group.

The refresh parses in a pool of processes forked from a forkserver. Those workers wait for their next job on a
pipe they hold both ends of, so they never saw the command go: the forkserver, its workers and the resource
tracker (each with the parser imported) lived on for good, holding the command's output pipes open, so a
`newsdesk refresh | logger` never ended either."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.terminal import Terminal, plain, read_until_exit
from tests.test_cli_interrupt_place import _stories

feed_server = httpserver.feed_server
ROOT = Path(__file__).resolve().parents[1]


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="the refresh parses in a pool only on 2+ cores")
@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=["TERM", "HUP", "KILL"]
)
def test_the_parse_workers_end_with_the_refresh_that_started_them(
    tmp_path: Path, feed_server: FeedServer, signum: int
) -> None:
    home = tmp_path / "home"
    with Store(home) as store:
        for n in range(8):
            feed_server[f"/f{n}.xml"] = make_feed(n, 30)
            store.add_feed(feed_server.url(f"/f{n}.xml"))
        store.add_feed(feed_server.url("/stall"))  # keeps the refresh running, its pool up, until its timeout
    exe = Path(sys.executable).with_name("newsdesk")
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(tmp_path / "none.toml")}
    proc = subprocess.Popen(
        [str(exe), "refresh"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # so that the clean-up below can end whatever is left, by its group
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        deadline = time.monotonic() + 60
        below: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            below = descendants(proc.pid)
            # the eight feeds parsed, and a worker of the forkserver (a grandchild) up
            if sum(line.startswith("new") for line in list(lines)) >= 8 and any(
                descendants(p) for p in below
            ):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the refresh ended before the signal: the stalled feed did not hold it"
        assert any(descendants(p) for p in below), (lines, below)
        os.kill(proc.pid, signum)  # the command alone, as `timeout` or a closed terminal sends it
        proc.wait(timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(p) for p in below):
            time.sleep(0.1)
        left = {p: Path(f"/proc/{p}/cmdline").read_bytes()[:80] for p in below if alive(p)}
        assert not left, f"processes of the refresh outlived it: {left}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)


def test_kill_term_of_the_reader_gives_the_terminal_back(tmp_path: Path) -> None:
    """`kill PID` (SIGTERM, what a logout, `pkill` or a service manager sends) of the installed reader in a real
    pseudo-terminal. Python's default for it ended the process where it stood: the terminal was left on the
    reader's alternate screen with its cursor hidden, its modes raw, and the mouse reported as escape sequences
    typed into the shell, until the user typed `reset` blind. It now ends as q does: place kept, terminal put
    back, status 143 (128 + SIGTERM), as `timeout` and shells read it."""
    home = tmp_path / "home"
    with Store(home) as store:
        alpha = store.add_feed("https://alpha.example/rss", title="Alpha")
        store.save_stories(alpha.id, _stories(alpha.id, "Alpha", 1))
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(tmp_path / "none.toml")}
    with Terminal([str(Path(sys.executable).with_name("newsdesk"))], env, rows=30, columns=100) as term:
        proc, seen = term.proc, bytearray()
        assert term.wait_for(seen, "Alpha story 0", 60), plain(seen)[-1500:]
        assert not term.restored()  # the reader has the terminal
        mark = len(seen)
        os.kill(proc.pid, signal.SIGTERM)
        seen += read_until_exit(proc, term.master, 60)
        code = proc.poll()
        after = bytes(seen[mark:])
        restored = term.restored()
    assert code == 128 + signal.SIGTERM, (code, plain(after)[-800:])
    assert b"\x1b[?1049l" in after  # off the alternate screen
    assert b"\x1b[?25h" in after  # the cursor shown
    assert b"\x1b[?1000l" in after  # no more mouse reports
    assert restored
    assert "Traceback" not in plain(after)


def test_a_closed_terminal_keeps_the_readers_place(tmp_path: Path) -> None:
    """The terminal window closed, or the SSH connection dropped, under the reader: SIGHUP. Python's default for it
    ended the process where it stood, so the list the reader was in was lost (only the place saved when a story
    was last opened was kept), though q, Ctrl-C and `kill -INT` keep it. It now ends as they do, status 129."""
    home = tmp_path / "home"
    with Store(home) as store:
        alpha = store.add_feed("https://alpha.example/rss", title="Alpha")
        zulu = store.add_feed("https://zulu.example/rss", title="Zulu")
        store.save_stories(alpha.id, _stories(alpha.id, "Alpha", 1))
        store.save_stories(zulu.id, _stories(zulu.id, "Zulu", 100))
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(tmp_path / "none.toml")}
    with Terminal([str(Path(sys.executable).with_name("newsdesk"))], env, rows=40, columns=160) as term:
        proc, seen = term.proc, bytearray()
        assert term.wait_for(seen, "Alpha story 0", 60)
        for _ in range(20):  # to the feed list's last row, Zulu (see test_cli_interrupt_place)
            os.write(term.master, b"\x7fG")
            if term.wait_for(seen, "Zulu · ", 3):
                break
        term.close()  # the window goes, and the hangup comes
        os.kill(proc.pid, signal.SIGHUP)
        assert proc.wait(timeout=60) == 128 + signal.SIGHUP
    with Store(home) as store:
        assert store.reader_place() == (f"feed:{zulu.id}", f"{zulu.id}-0")
