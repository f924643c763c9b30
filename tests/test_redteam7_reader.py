"""The reader started by the installed command, in a pseudo-terminal of its own, on a store whose stories file
cannot be read: a symbolic link that loops (as a sync tool or a half-restored backup leaves one)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from feeds.store import Store
from tests.terminal import plain, read_until_exit
from tests.test_cli import newsdesk
from tests.test_cli_hostile import newsdesk_command, newsdesk_env

FEED = Path(__file__).parent / "fixtures" / "feeds" / "atom10.xml"


def _reader(home: Path) -> tuple[int | None, str]:
    master, slave = os.openpty()
    env = {**newsdesk_env(home), "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [*newsdesk_command(), "--data-dir", str(home)], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    try:
        text = plain(bytes(read_until_exit(proc, master, 60)))
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
        os.close(slave)
    return proc.returncode, text


def test_a_stories_file_that_cannot_be_read_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Every command said it in one line ("could not read ...: Too many levels of symbolic links"), but the reader
    read the stories files as it drew its first screen, and Textual printed a page of traceback instead."""
    home = tmp_path / "home"
    assert newsdesk(home, "add", str(FEED)).returncode == 0
    with Store(home, readonly=True) as store:
        [feed] = store.feeds()
    stories = home / "stories" / f"{feed.id}.json"
    stories.unlink()
    stories.symlink_to(stories.name + ".other")
    (home / "stories" / f"{feed.id}.json.other").symlink_to(stories.name)

    code, text = _reader(home)
    assert code == 1, text
    assert "Traceback" not in text and "StoreError" not in text and "❱" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines == [f"newsdesk: could not read {stories}: Too many levels of symbolic links"], text
