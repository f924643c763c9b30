"""Every command's JSON gives a story's `published` in one form, the ISO 8601 UTC string `stories --json` gives
(the installed command on the bundled demo feeds, a real store in a temporary folder). `entity --json` and
`related --json` gave epoch seconds (1756987200.0) where `stories`, `search` and `bookmarks` gave
"2025-09-04T12:00:00Z", so a script joining them by id compared a number with a string."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import newsdesk


def _json(home: Path, *args: str) -> object:
    proc = newsdesk(home, "--demo", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_entity_related_search_and_bookmarks_date_stories_as_stories_does(tmp_path: Path) -> None:
    listed = _json(tmp_path, "stories", "--limit", "0")
    assert isinstance(listed, list)
    dated = {story["id"]: story["published"] for story in listed}
    assert all(isinstance(when, str) and when.endswith("Z") for when in dated.values())

    named = _json(tmp_path, "entity", "Kim Jong Un")
    assert isinstance(named, dict)
    rows = named["stories"]
    assert len(rows) > 1
    assert {row["id"]: row["published"] for row in rows} == {row["id"]: dated[row["id"]] for row in rows}

    related = _json(tmp_path, "related", rows[0]["id"])
    assert isinstance(related, dict)
    others = related["related"]
    assert others
    assert {row["id"]: row["published"] for row in others} == {row["id"]: dated[row["id"]] for row in others}

    found = _json(tmp_path, "search", "Kim Jong Un")
    assert isinstance(found, list) and found
    assert all(row["published"] == dated[row["id"]] for row in found)

    assert newsdesk(tmp_path, "--demo", "bookmark", rows[0]["id"]).returncode == 0
    marks = _json(tmp_path, "bookmarks")
    assert isinstance(marks, list)
    assert [mark["published"] for mark in marks] == [dated[rows[0]["id"]]]
