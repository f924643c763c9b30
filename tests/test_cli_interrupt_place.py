"""``kill -INT`` of the installed reader, in a real pseudo-terminal, keeps the reader's place as q does.

A reader ended by a SIGINT sent from outside exits with status 130; it kept only the place saved when a story was
last opened, so the next start came back to the list before the one the reader was in.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from feeds.model import Story
from feeds.store import Store
from tests.terminal import Terminal, plain, read_until_exit

EXE = Path(sys.executable).with_name("newsdesk")
pytestmark = pytest.mark.skipif(not EXE.exists(), reason="needs the installed `newsdesk` command")


def _stories(feed_id: str, name: str, hours: float) -> list[Story]:
    now = time.time()
    return [
        Story(
            id=f"{feed_id}-{i}",
            feed_id=feed_id,
            title=f"{name} story {i}",
            link=f"https://{name.lower()}.example/{i}",
            author="",
            published=now - 3600 * (hours + i),
            text=f"{name} story {i} says this. " * 10,
            links=(),
        )
        for i in range(5)
    ]


def test_kill_int_keeps_the_list_the_reader_was_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Store(home) as store:
        alpha = store.add_feed("https://alpha.example/rss", title="Alpha")
        zulu = store.add_feed("https://zulu.example/rss", title="Zulu")
        store.save_stories(alpha.id, _stories(alpha.id, "Alpha", 1))
        store.save_stories(zulu.id, _stories(zulu.id, "Zulu", 100))
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(tmp_path / "none.toml")}
    # Wide enough for the feed list and the story list side by side (the default 80 columns show one pane).
    with Terminal([str(EXE)], env, rows=40, columns=160) as term:
        proc, seen = term.proc, bytearray()
        assert term.wait_for(seen, "Alpha story 0", 60), plain(seen)[-1500:]  # All, newest first
        # Backspace to the feed list, G to its last row, Zulu: the story list shows Zulu (no enter: nothing is
        # kept yet). A key that comes while the reader still starts can land before the story list takes the
        # focus, and G then moves the story list's cursor instead: the two keys again put it right (backspace on
        # the feed list does nothing), so they are sent until Zulu's list shows.
        for _ in range(20):
            os.write(term.master, b"\x7fG")
            if term.wait_for(seen, "Zulu · ", 3):
                break
        assert "Zulu · " in plain(seen), plain(seen)[-1500:]
        os.kill(proc.pid, signal.SIGINT)  # kill -INT, from outside
        # Read on while it ends: a terminal nobody reads fills up, and the reader's last writes (the screen it
        # leaves, the modes it puts back) would wait for room for ever.
        seen += read_until_exit(proc, term.master, 60)
        assert proc.poll() == 130, (proc.poll(), plain(seen)[-1500:])
    with Store(home) as store:
        assert store.reader_place() == (f"feed:{zulu.id}", f"{zulu.id}-0")
