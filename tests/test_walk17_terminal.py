"""What a seventeenth walk, as a journalist following one person across outlets, found that a real terminal
shows: the installed reader in tmux (a server of its own), keys sent as tmux sends them, in one go, and what was
kept read back with the command line."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk
from tests.test_e2e_tmux import Tmux, at_prompt, terminal_env
from tests.test_walk17_cli import OUTLETS, rss

feed_server = httpserver.feed_server


def test_a_bookmark_typed_in_one_go_keeps_its_note_and_tags_and_the_keys_after(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """On the walk, B, a note, tab, tags, ctrl+s and "j b" sent by tmux in one go saved the first story with the
    tags run into its note ("Seoul sidelinedtrump korea") and no tags, and the keys after ctrl+s did nothing.
    The note, the tags and the next story's bookmark are all kept, and there after a restart."""
    home = tmp_path / "home"
    for n, (title, stories) in enumerate(OUTLETS.items()):
        feed_server.set(f"/{n}.xml", rss(title, stories))
        assert newsdesk(home, "add", feed_server.url(f"/{n}.xml")).returncode == 0
    listed = [s["id"] for s in json.loads(newsdesk(home, "stories", "--json").stdout)]
    exe = Path(sys.executable).with_name("newsdesk")
    tmux = Tmux(f"newsdesk-walk17-{os.getpid()}", terminal_env(tmp_path, exe))
    try:
        tmux.send("newsdesk", "Enter")
        tmux.wait_for(lambda s: OUTLETS["Wire Desk"][0][0] in s and "Quit" in s)
        # The story list has the focus at start; its first row is the newest story.
        tmux.send("B", *"summit angle", "Tab", *"trump gulf", "C-s", "j", "b")
        tmux.wait_for(lambda s: re.search(r"Bookmarks +2 ", s) is not None)
        tmux.send("q")
        tmux.wait_for(at_prompt)
        kept = {b["id"]: b for b in json.loads(newsdesk(home, "bookmarks", "--json").stdout)}
        assert set(kept) == set(listed[:2]), (kept, listed)
        assert kept[listed[0]]["note"] == "summit angle" and kept[listed[0]]["tags"] == ["trump", "gulf"]
        tmux.send("newsdesk", "Enter")  # and the reader shows them after a restart
        screen = tmux.wait_for(lambda s: "#gulf" in s and "#trump" in s)
        assert "★" in screen
    finally:
        tmux.send("q")
        tmux.kill()
