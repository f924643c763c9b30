"""Query forms a user types or pastes that searched something else than meant: a dash a phone typed for "-", a
pasted page cut at the length cap, over a real store (its TinyDB files in a tmp dir) and the installed command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.model import Story
from feeds.search.query import MAX_QUERY_CHARS
from feeds.search.service import SearchService
from feeds.store import Store
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk

TITLES = {
    "summit": "Kim and Putin meet at a summit in Vladivostok",
    "beijing": "Kim visits Beijing for trade talks",
    "source": "Open-source tools for small newsrooms",
    "berlin": "Bundesregierung plant neue Steuer",
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
    assert service.search(f"{dash}putin").ids == ["beijing", "source", "berlin"]  # first, as "-putin" is


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


def test_a_paste_cut_at_the_cap_says_the_cut_only(service: SearchService) -> None:
    """A quoted page of 10,000 characters, cut at the cap inside its quote, also said "unclosed quote: the phrase
    runs to the end of the query", of a quote the page closes: the cut left it open, and the cut is said."""
    cut = f"query cut to its first {MAX_QUERY_CHARS} characters"
    pasted = '"' + "Kim visits Beijing for trade talks. " * 280 + '"'
    assert len(pasted) > 10_000
    assert service.search(pasted).hints == [cut]
    many = [cut, "only the first 40 terms are used"]
    # An OR, a NOT, a "-" or a qualifier the cut parted from what follows it: the cut's doing, not the user's.
    for before_cut, after in [("OR", " putin"), ("NOT", " putin"), ("-", "putin"), ("person:", "putin"),
                              ('person:"kim', ' jong"')]:  # fmt: skip
        query = "kim " * 497 + before_cut.rjust(MAX_QUERY_CHARS - 4 * 497) + after
        assert query[:MAX_QUERY_CHARS].endswith(" " + before_cut)
        assert service.search(query).hints == many, before_cut


def test_the_cut_is_said_when_something_is_left_out_and_only_then(service: SearchService) -> None:
    spaced = service.search("beijing" + " " * 5000)  # only spaces left out: nothing was cut from the query
    assert spaced.ids == ["beijing"] and spaced.hints == []
    # One "ﷺ" is 18 letters once its form is normalised: 120 of them were cut to the cap, and nothing said so.
    assert "query cut to its first" in service.search("beijing " + "\ufdfa" * 120).hints[0]


@pytest.mark.parametrize(
    "pasted",
    [
        "Bundes\xadregierung",  # a soft hyphen, as a page that breaks long words holds one
        "Bundes\u200bregierung",  # a zero-width space
        "\u200eBundesregierung\u200f",  # direction marks around it
        "\x1b[1mBundesregierung\x1b[0m",  # a terminal's colours, pasted with the word
    ],
)
def test_what_a_paste_hides_in_a_word_is_taken_out_as_stories_have_it(
    service: SearchService, pasted: str
) -> None:
    """Stored text has soft hyphens, zero-width characters and escapes taken out; a query kept them, and they split
    the word (the phrase "bundes regierung") or glued an escape's code to it ("1mbundesregierung"): nothing found."""
    result = service.search(pasted)
    assert result.ids == ["berlin"] and result.hints == []


def test_a_word_ending_in_a_star_is_the_start_of_words(service: SearchService) -> None:
    """`summ*` searched the whole word "summ" (the star ended the word): nothing, and the box's list for "summ"
    emptied as the star was typed. A star asks for the words it starts, wherever the word is."""
    assert service.search("summ*").ids == ["summit"]
    assert service.search("summ* kim").ids == ["summit"]  # not only the last word
    assert service.search("kim -summ*").ids == ["beijing"]
    assert service.search('"kim vis*"').ids == ["beijing"]  # a phrase's last word
    assert service.search("title:bundes*").ids == ["berlin"]
    assert service.search("kim b*").ids == ["beijing"]  # one letter, asked for: not waiting for a second
    assert service.search("summ").ids == ["summit"]  # being typed, as before


def test_the_command_reads_a_star_as_the_start_of_words(tmp_path: Path) -> None:
    desk(tmp_path).close()
    proc = newsdesk(tmp_path, "search", "summ*", "--json")
    assert proc.returncode == 0, proc.stderr
    assert [row["id"] for row in json.loads(proc.stdout)] == ["summit"]
