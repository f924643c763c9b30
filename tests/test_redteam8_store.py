"""A `feeds.json` mended by hand that is well-formed JSON but holds a value of the wrong kind: a number for a
title (`"title": 2024`), a string for the tags (`"tags": "news"`), a word for a time (`"added": "yesterday"`).

The file parsed, so it was not "damaged"; the value then failed wherever it was used: `feeds`, `export`,
`refresh` and the reader each ended in "newsdesk: internal error: AttributeError: 'int' object has no attribute
'casefold'", naming no file, and tags given as a string became one tag a letter ("n", "e", "w", "s"). A record
with a value of the wrong kind is now refused as a damaged record is, in one line that names the file, the
record and the field, the file left as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.store import Store
from tests.test_cli import newsdesk


def hand_edit(home: Path, **changes: object) -> str:
    with Store(home) as store:
        feed = store.add_feed("https://a.example/rss", title="Alpha")
        store.add_feed("https://b.example/rss", title="Beta")
    path = home / "feeds.json"
    doc = json.loads(path.read_text())
    record = next(r for r in doc["feeds"].values() if r["id"] == feed.id)
    for key, value in changes.items():
        if key.startswith("status_"):
            record["status"][key.removeprefix("status_")] = value
        else:
            record[key] = value
    path.write_text(json.dumps(doc))
    return feed.id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": 2024}, "title"),
        ({"tags": "news"}, "tags"),
        ({"tags": ["news", 7]}, "tags"),
        ({"added": "yesterday"}, "added"),
        ({"url": None}, "url"),
        ({"status_failures": "3"}, "failures"),
        ({"status_last_success": "2026-12-01"}, "last_success"),
    ],
    ids=["title", "tags-string", "tags-number", "added", "url", "failures", "last-success"],
)
def test_a_value_of_the_wrong_kind_is_a_damaged_record(
    tmp_path: Path, changes: dict[str, object], field: str
) -> None:
    feed_id = hand_edit(tmp_path, **changes)
    before = (tmp_path / "feeds.json").read_bytes()
    for args in (["feeds"], ["export"], ["stories"]):
        proc = newsdesk(tmp_path, *args)
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        line = proc.stderr.strip()
        assert len(line.splitlines()) == 1 and "internal error" not in line, line
        assert "feeds.json has a damaged record" in line and feed_id in line and field in line, line
    assert (tmp_path / "feeds.json").read_bytes() == before  # left for the user to mend


def test_values_older_versions_wrote_still_read(tmp_path: Path) -> None:
    """A whole number where a time is kept (`"added": 1796600000`), `null` times and no status at all."""
    hand_edit(tmp_path, added=1796600000, status_last_success=None, status_retry_after=None)
    proc = newsdesk(tmp_path, "feeds")
    assert proc.returncode == 0, proc.stderr
    assert "Alpha" in proc.stdout and "Beta" in proc.stdout


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"note": 5}, "note"),
        ({"tags": "abc"}, "tags"),
        ({"story_title": 42}, "title"),
        ({"story_links": [1, 2]}, "links"),
    ],
    ids=["note", "tags-string", "story-title", "story-links"],
)
def test_a_bookmark_with_a_value_of_the_wrong_kind_is_a_damaged_record(
    tmp_path: Path, changes: dict[str, object], field: str
) -> None:
    """The same in `bookmarks.json`: `bookmarks --export md` ended in "internal error: AttributeError: 'int'
    object has no attribute 'strip'", and tags given as a string listed as `#a #b #c`."""
    from feeds.model import Story

    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/rss", title="Alpha")
        store.save_stories(feed.id, [Story(id="s1", feed_id=feed.id, title="One", published=1.0)])
        store.bookmark("s1")
    path = tmp_path / "bookmarks.json"
    doc = json.loads(path.read_text())
    record = next(iter(doc["bookmarks"].values()))
    for key, value in changes.items():
        if key.startswith("story_"):
            record["story"][key.removeprefix("story_")] = value
        else:
            record[key] = value
    path.write_text(json.dumps(doc))
    for args in (["bookmarks"], ["bookmarks", "--export", "md"], ["feeds"]):
        proc = newsdesk(tmp_path, *args)
        line = proc.stderr.strip()
        assert proc.returncode == 1 and len(line.splitlines()) == 1, (args, proc.stdout, line)
        assert "bookmarks.json has a damaged record" in line and "s1" in line and field in line, line
        assert "internal error" not in line
