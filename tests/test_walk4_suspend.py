"""What a fourth walk found stopping the reader with ctrl+z, as a newsboat user does to get at the shell: the
installed command in a tmux pane with a job-control shell, driven with keys and read back with capture-pane."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.test_e2e_tmux import Tmux, at_prompt, terminal_env

pytestmark = pytest.mark.e2e


def drawn(screen: str) -> bool:
    """The reader's whole screen: the feed list's and the story list's frames, and the key bar at the foot."""
    return "╭─ Feeds" in screen and re.search(r"╭─ All · [1-9]", screen) is not None and "? Help" in screen


def test_ctrl_z_stops_the_reader_and_fg_brings_it_back_whole(tmp_path: Path) -> None:
    """ctrl+z did nothing (the reader's terminal is raw: the key is not the shell's stop signal), and the "fg" a
    newsboat user typed next went to the reader as keys. It stops the reader, the shell says so, and `fg` brings
    the reader back drawn whole: at first it came back as an empty screen, Textual drawing only what changed."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is required (apt-get install tmux; .ci/run installs it)")
    exe = Path(sys.executable).with_name("newsdesk")
    env = terminal_env(tmp_path, exe)
    tmux = Tmux(f"newsdesk-walk4-suspend-{os.getpid()}", env)
    try:
        tmux.send("newsdesk --demo", "Enter")
        tmux.wait_for(drawn)
        for opened in ("", "?"):  # from the story list, then from the help over it
            if opened:
                tmux.send(opened)
                tmux.wait_for(lambda s: "newsdesk keys" in s)
            tmux.send("C-z")
            stopped = tmux.wait_for(at_prompt, timeout=20)
            assert "Stopped" in stopped and "Traceback" not in stopped
            tmux.send("clear; fg", "Enter")
            back = tmux.wait_for(lambda s: drawn(s) or "newsdesk keys" in s, timeout=20)
            assert ("newsdesk keys" in back) == bool(opened), back
            if opened:
                tmux.send("Escape")
                tmux.wait_for(drawn)
        tmux.send("q")
        tmux.wait_for(at_prompt)
        tmux.send("echo status=$?", "Enter")
        tmux.wait_for(lambda s: "status=0" in s)
    finally:
        tmux.kill()
