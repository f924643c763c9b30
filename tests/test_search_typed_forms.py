"""Query forms a user types or pastes that searched something else than meant: a dash a phone typed for "-", over
a real store (its TinyDB files in a tmp dir) and the installed command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.model import Story
from feeds.search.service import SearchService
from feeds.store import Store
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk

TITLES = {
    "summit": "Kim and Putin meet at a summit in Vladivostok",
    "beijing": "Kim visits Beijing for trade talks",
    "source": "Open-source tools for small newsrooms",
}


def desk(root: Path) -> Store:
    """A store of one feed holding :data:`TITLES` (each story's text is its title)."""
    store = Store(root)
    feed = store.add_feed("https://desk.example/feed.xml", title="Desk")
    stories = [
        Story(id=key, feed_id=feed.id, title=title, text=title, published=NOW - n * 3600.0, first_seen=NOW)
        for n, (key, title) in enumerate(TITLES.items())
    ]
    store.save_stories(feed.id, stories, now=NOW)
    return store


@pytest.fixture
def service(tmp_path: Path) -> SearchService:
    search = SearchService(desk(tmp_path / "store"))
    search.open()
    return search


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212"])  # en dash, em dash, minus sign
def test_a_dash_a_phone_typed_for_a_minus_excludes(service: SearchService, dash: str) -> None:
    """`kim –putin` (a phone's keyboard or a word processor turns "-" into a dash) searched the word "putin": it
    listed the one story it was typed to leave out."""
    result = service.search(f"kim {dash}putin")
    assert result.ids == ["beijing"] and result.hints == []
    assert service.search(f"{dash}putin").ids == ["beijing", "source"]  # first, as "-putin" is


def test_a_dash_inside_a_word_or_between_spaces_is_punctuation(service: SearchService) -> None:
    between = service.search("kim \u2013 putin")  # "Kim – Putin": prose, not an exclusion, and no hint
    assert between.ids == ["summit"] and between.hints == []
    assert service.search("open\u2013source").ids == ["source"]
    assert service.search("kim \u2013\u2013putin").ids == ["summit"]  # a double dash is not a minus


def test_the_command_leaves_out_a_word_after_a_dash(tmp_path: Path) -> None:
    desk(tmp_path).close()
    proc = newsdesk(tmp_path, "search", "kim", "\u2014putin", "--json")
    assert proc.returncode == 0, proc.stderr
    assert [row["id"] for row in json.loads(proc.stdout)] == ["beijing"]
