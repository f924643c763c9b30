"""`newsdesk export` writes a feed once in the folder of each of its tags, as Feedly and Inoreader do, run as the
installed command on fresh data folders. Only the first tag's folder was written: a feed tagged "Tech" and "News"
came back, in Feedly or in newsdesk's own import, in Tech alone."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.test_cli import newsdesk


def subscribe(home: Path, url: str, *options: str) -> None:
    proc = newsdesk(home, "add", "--no-check", *options, url)
    assert proc.returncode == 0, proc.stderr


def tags_of(home: Path) -> dict[str, tuple[str, list[str]]]:
    proc = newsdesk(home, "feeds", "--json")
    assert proc.returncode == 0, proc.stderr
    return {f["url"]: (f["title"], f["tags"]) for f in json.loads(proc.stdout)}


def test_a_feed_is_written_in_each_of_its_folders_and_comes_back_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    subscribe(home, "https://daily.example/rss", "--title", "Daily & Co", "--tag", "Tech", "--tag", "News")
    subscribe(home, "https://wire.example/rss", "--title", "Wire", "--tag", "News", "--tag", "Tech")
    subscribe(home, "https://loose.example/rss", "--title", "Loose")
    backup = tmp_path / "backup.opml"
    assert newsdesk(home, "export", str(backup)).returncode == 0

    body = ET.parse(backup).getroot().find("body")
    assert body is not None
    folders = {o.get("title"): o for o in body.findall("outline") if o.get("xmlUrl") is None}
    assert sorted(folders) == ["News", "Tech"]
    in_folder = {name: [o.get("xmlUrl") for o in folder] for name, folder in folders.items()}
    assert in_folder == {
        "Tech": ["https://daily.example/rss", "https://wire.example/rss"],
        "News": ["https://daily.example/rss", "https://wire.example/rss"],
    }
    top = [o.get("xmlUrl") for o in body.findall("outline") if o.get("xmlUrl")]
    assert top == ["https://loose.example/rss"]  # no tag: at the top level, once
    for url in ("https://daily.example/rss", "https://wire.example/rss"):
        copies = [o.attrib for o in body.iter("outline") if o.get("xmlUrl") == url]
        assert len(copies) == 2 and copies[0] == copies[1]  # the custom title and every attribute alike
    daily = next(o for o in body.iter("outline") if o.get("xmlUrl") == "https://daily.example/rss")
    assert daily.get("title") == daily.get("text") == "Daily & Co"

    again = tmp_path / "again"
    proc = newsdesk(again, "import", str(backup))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (
        "imported 3 feeds (2 of them listed twice or more: one subscription each, in all its folders),"
        " skipped 0 already subscribed"
    )
    # one subscription each, with all its tags in their order ("Wire" is read first in Tech, its second tag)
    assert (
        tags_of(again)
        == tags_of(home)
        == {
            "https://daily.example/rss": ("Daily & Co", ["Tech", "News"]),
            "https://wire.example/rss": ("Wire", ["News", "Tech"]),
            "https://loose.example/rss": ("Loose", []),
        }
    )
