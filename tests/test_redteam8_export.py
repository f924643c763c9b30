"""An export written into the data folder: `newsdesk export feeds.json` typed there (or given its whole path,
or a link to it), `bookmarks --export json bookmarks.json` the same.

The export was written over the store's own file: the OPML took feeds.json's place, and the next command found it
damaged and went back to its last good copy, so the subscriptions added since then were gone for good; a bookmark
export took bookmarks.json's. A path that is one of the store's files, or in its folders (the demo's too), is
refused, nothing written; a file of the user's own beside them is written as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_cli import newsdesk


def subscribed(home: Path) -> None:
    for name in ("a", "b", "c"):
        assert newsdesk(home, "add", "--no-check", f"https://{name}.example/rss").returncode == 0


def files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("how", ["path", "cwd", "link", "new-file", "demo", "journal"])
def test_an_export_into_the_data_folder_is_refused(tmp_path: Path, how: str) -> None:
    home = tmp_path / "home"
    subscribed(home)
    before = files(home)
    target = {
        "path": str(home / "feeds.json"),
        "cwd": "feeds.json",
        "link": str(tmp_path / "link.opml"),
        "new-file": str(home / "stories" / "backup.opml"),
        "demo": str(home / "feeds.json"),
        "journal": str(home / "commit.journal"),  # the next open would take it for a crashed import's journal
    }[how]
    if how == "link":
        os.symlink(home / "feeds.json", tmp_path / "link.opml")
    args = ("--demo", "export", target) if how == "demo" else ("export", target)
    if how == "cwd":
        import subprocess
        import sys

        env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(tmp_path / "none.toml")}
        exe = Path(sys.executable).with_name("newsdesk")
        proc = subprocess.run(
            [str(exe), *args], capture_output=True, text=True, env=env, cwd=home, timeout=120
        )
    else:
        proc = newsdesk(home, *args)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "is in the data folder" in proc.stderr, proc.stderr
    after = {k: v for k, v in files(home).items() if not k.startswith("demo/")}
    assert after == {k: v for k, v in before.items() if not k.startswith("demo/")}
    listed = newsdesk(home, "feeds")
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert all(f"https://{n}.example/rss" in listed.stdout for n in "abc")


def test_a_bookmark_export_into_the_data_folder_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert newsdesk(home, "--demo", "stories").returncode == 0
    story = newsdesk(home, "--demo", "stories").stdout.split()[0]
    assert newsdesk(home, "--demo", "bookmark", story).returncode == 0
    demo = home / "demo"
    before = (demo / "bookmarks.json").read_bytes()
    proc = newsdesk(home, "--demo", "bookmarks", "--export", "json", str(demo / "bookmarks.json"))
    assert proc.returncode == 1 and "is in the data folder" in proc.stderr, proc.stderr
    assert (demo / "bookmarks.json").read_bytes() == before
    outside = tmp_path / "bookmarks.json"
    assert newsdesk(home, "--demo", "bookmarks", "--export", "json", str(outside)).returncode == 0
    assert outside.read_bytes().startswith(b"{")


def test_an_export_beside_the_data_folder_is_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    subscribed(home)
    out = tmp_path / "home-backup" / "feeds.opml"  # a name that starts like the folder's is not in it
    out.parent.mkdir()  # no export makes a folder
    assert newsdesk(home, "export", str(out)).returncode == 0
    assert b"https://b.example/rss" in out.read_bytes()
    own = home / "subscriptions.opml"  # in the data folder, but no file of the store's
    assert newsdesk(home, "export", str(own)).returncode == 0
    assert b"https://b.example/rss" in own.read_bytes()
