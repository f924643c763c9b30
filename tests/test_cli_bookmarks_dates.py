"""`newsdesk bookmarks` and its Markdown export date a bookmark alike: by its story. The list dated a row by when
it was bookmarked and the export by the story, so one bookmark had two dates; the list's order (newest bookmark
first) and --json's fields stay as they were. Run as subprocesses over a real store."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from feeds.dates import utc_day
from tests.test_cli import newsdesk
from tests.test_cli_bookmarks import seed

#: --json's fields before this change: a script reading them must find every one, under the same name.
JSON_FIELDS = {"id", "title", "link", "feed", "published", "bookmarked", "note", "tags"}


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati"])  # UTC+14: a local day is a day on
def test_the_list_dates_a_bookmark_by_its_story_as_the_export_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    monkeypatch.setenv("TZ", zone)
    stories = seed(tmp_path)  # published in November 2023, bookmarked today
    for story in (stories[0], stories[2]):
        assert newsdesk(tmp_path, "bookmark", story.id).returncode == 0
        time.sleep(0.01)  # two bookmark times apart, so the order is known
    listing = newsdesk(tmp_path, "bookmarks").stdout.splitlines()
    markdown = newsdesk(tmp_path, "bookmarks", "--export", "md").stdout
    listed = json.loads(newsdesk(tmp_path, "bookmarks", "--json").stdout)

    assert [line.split()[0] for line in listing] == [stories[2].id, stories[0].id]  # newest bookmark first
    for line, story, row in zip(listing, (stories[2], stories[0]), listed, strict=True):
        day = utc_day(story.published)
        assert line.split()[1] == day, line
        assert f"Example News · {day}" in markdown  # the export's byline: the same day
        assert row["published"].startswith(day)  # and --json's published
        assert not row["bookmarked"].startswith(day)  # the bookmark's own time is today's, still there
        assert set(row) >= JSON_FIELDS
