"""The installed command on a data folder that is read-only from the start (a read-only mount, a backup
snapshot): a real store on a small tmpfs in a private mount namespace (see :mod:`tests.small_disk`), made
read-only by a read-only bind mount of the data folder over itself."""

from __future__ import annotations

from pathlib import Path

from tests import test_read_only_folder
from tests.feedgen import make_feed
from tests.small_disk import SmallDisk, snapshot
from tests.test_cli import newsdesk
from tests.test_read_only_folder import make_read_only

disk = test_read_only_folder.disk  # the tmpfs in a mount namespace of our own


def test_a_read_only_data_folder_names_the_way_to_read_it(disk: SmallDisk, tmp_path: Path) -> None:
    """`newsdesk feeds` said only "cannot lock the data folder ...: the file system is read-only": every command,
    even those that only read, failed so, and nothing said that --read-only reads the folder as it is."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(make_feed(9, 3))
    home = disk.path / "data"
    assert newsdesk(home, "add", str(feed)).returncode == 0
    make_read_only(disk, home)
    before = snapshot(home)

    refused = newsdesk(home, "feeds")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    (line,) = refused.stderr.strip().splitlines()
    assert "read-only" in line and line.endswith("--read-only opens it without writing"), line

    shown = newsdesk(home, "--read-only", "stories")  # the way it names works
    assert shown.returncode == 0, shown.stderr
    assert len(shown.stdout.strip().splitlines()) == 3
    assert snapshot(home) == before
