"""Red-team round 11 on the command line and the data: the installed command on real stores, what a demanding
user types and the files they bring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from feeds.model import Story
from feeds.search.tokens import highlight_spans, tokenize
from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk, one_line_error
from tests.test_search_fold import write_titles
from tests.test_search_prefix_rank import ids

feed_server = httpserver.feed_server

#: Place and people's names written with letters Unicode gives no accent to take off: a stroke (ł, ø, đ, ħ), the
#: eth and thorn, and the ligatures æ and œ.
TITLES = {
    "lodz": "Floods reach Łódź and Wrocław",
    "tromso": "Ørsted opens a wind farm off Tromsø",
    "zagreb": "Đoković and Đakovo cheer in Zagreb",
    "iceland": "Þingvellir road closed, Guðrún says",
    "faroe": "Ærø ferry and the cœur of Malta: Ħamrun",
}


def write_store(home: Path) -> None:
    write_titles(home, list(TITLES.items()), "Reporters were there.")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("lodz", "lodz"),
        ("wroclaw", "lodz"),
        ("LODZ", "lodz"),
        ("orsted", "tromso"),
        ("tromso", "tromso"),
        ("dakovo", "zagreb"),
        ("thingvellir", "iceland"),
        ("gudrun", "iceland"),
        ("aero", "faroe"),
        ("coeur", "faroe"),
        ("hamrun", "faroe"),
        ("Łódź", "lodz"),  # as written, still
        ("tromsø", "tromso"),
    ],
)
def test_letters_with_a_stroke_and_ligatures_are_found_as_a_keyboard_types_them(
    tmp_path: Path, query: str, found: str
) -> None:
    """ "cafe" found "café" and "kadikoy" "Kadıköy", but "lodz" found no story about Łódź, nor "tromso" Tromsø,
    "orsted" Ørsted or "aero" Ærø: NFKD takes accents off, and ł, ø, đ, ð, ħ, æ, œ and þ carry none to it. A user
    on an English keyboard types them as l, o, d, d, h, ae, oe and th, as search engines read them."""
    write_store(tmp_path)
    assert ids(tmp_path, query) == [found], query


def test_the_matches_are_marked_on_the_words_as_written() -> None:
    title = TITLES["faroe"]
    assert tokenize(title)[:2] == ["aero", "ferry"]
    start = title.index("cœur")
    assert (start, start + len("cœur")) in highlight_spans(title, ["coeur"])


def exported_bookmark(home: Path) -> dict[str, Any]:
    """A store at ``home`` with one story bookmarked, and that bookmark as `bookmarks --export json` writes it."""
    store = Store(home)
    feed = store.add_feed("https://wire.example/feed.xml", title="Wire")
    story = Story(
        id="2bdabb9dd9e96930",
        feed_id=feed.id,
        title="Flood relief reaches the coast",
        link="https://wire.example/1",
        published=NOW,
        first_seen=NOW,
        text="Boats came.",
        content_hash="x",
    )
    store.save_stories(feed.id, [story], now=NOW)
    store.bookmark(story.id)
    store.close()
    proc = newsdesk(home, "bookmarks", "--export", "json")
    assert proc.returncode == 0, proc.stderr
    doc: dict[str, Any] = json.loads(proc.stdout)
    return doc


@pytest.mark.parametrize(
    "story_id",
    [
        "\x1b]0;pwned\x07\x1b[31mred",  # a window title and a colour, for every `newsdesk bookmarks` after
        "x" * 100_000,  # printed whole at the start of its line
        "two words",
        "\u202eevil",
    ],
    ids=["escapes", "100 KB", "a blank inside", "bidi override"],
)
def test_an_imported_story_id_newsdesk_cannot_use_is_refused_in_one_line(
    tmp_path: Path, story_id: str
) -> None:
    """A bookmark export edited by hand (or made by a script) was imported with any story id: an escape sequence
    in it went raw to the terminal at each `newsdesk bookmarks` (it set the window's title and turned the rest red),
    and a 100 KB id was printed whole. Refused as a damaged bookmark is, the file left unimported."""
    doc = exported_bookmark(tmp_path / "from")
    doc["bookmarks"][0]["story"]["id"] = doc["bookmarks"][0]["id"] = story_id
    (tmp_path / "marks.json").write_text(json.dumps(doc), encoding="utf-8")
    proc = newsdesk(tmp_path / "to", "bookmarks", "--import", str(tmp_path / "marks.json"))
    one_line_error(proc, 1, "bookmark 1 has a story id newsdesk cannot use")
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr and len(proc.stderr) < 300
    listed = newsdesk(tmp_path / "to", "bookmarks")
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout


def test_an_imported_story_id_with_blanks_around_it_is_the_story(tmp_path: Path) -> None:
    """An id with a blank after it (a hand edit) made a second bookmark of a story already bookmarked, which no
    command could name."""
    doc = exported_bookmark(tmp_path / "home")
    doc["bookmarks"][0]["story"]["id"] += " "
    doc["bookmarks"][0]["note"] = "edited by hand"
    doc["bookmarks"][0]["created"] += 10
    (tmp_path / "marks.json").write_text(json.dumps(doc), encoding="utf-8")
    proc = newsdesk(tmp_path / "home", "bookmarks", "--import", str(tmp_path / "marks.json"))
    assert proc.returncode == 0 and "0 new, 1 merged" in proc.stdout, (proc.stdout, proc.stderr)
    listed = json.loads(newsdesk(tmp_path / "home", "bookmarks", "--json").stdout)
    assert [(m["id"], m["note"]) for m in listed] == [("2bdabb9dd9e96930", "edited by hand")]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("stories", "--feed", ""), 1, "an empty feed name names no feed"),
        (("stories", "--unread", "--feed", ""), 1, "an empty feed name names no feed"),
        (("bookmarks", "--tag", ""), 2, "an empty tag names no tag"),
        (("bookmarks", "--tag", "#"), 2, "an empty tag names no tag"),
        (("bookmarks", "--import", ""), 2, "an empty FILE names no file"),
    ],
)
def test_an_empty_argument_to_a_filter_or_a_file_option_is_refused(
    tmp_path: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    """`newsdesk stories --feed "$FEED"` with the variable unset listed every feed's stories, where `--feed " "`,
    `remove ""` and `refresh ""` say an empty name names no feed; `bookmarks --tag ""` listed every bookmark; and
    `bookmarks --import ""` said "cannot read : Is a directory" (the empty path is the current folder)."""
    exported_bookmark(tmp_path)
    one_line_error(newsdesk(tmp_path, *args), code, needle)


@pytest.mark.parametrize(
    ("version", "needle"),
    [
        (None, 'says no version ("version": 1)'),
        ("1", "version '1' is not a whole number"),
        ([1], "version [1] is not a whole number"),
    ],
)
def test_an_export_without_a_usable_version_is_not_called_newer(
    tmp_path: Path, version: object, needle: str
) -> None:
    """A bookmark file put together by hand or by a script, with its version left out or written as text, was
    refused as "bookmark export version None is newer than this newsdesk reads": the user was sent to upgrade."""
    doc = exported_bookmark(tmp_path / "from")
    if version is None:
        del doc["version"]
    else:
        doc["version"] = version
    (tmp_path / "marks.json").write_text(json.dumps(doc), encoding="utf-8")
    proc = newsdesk(tmp_path / "to", "bookmarks", "--import", str(tmp_path / "marks.json"))
    one_line_error(proc, 1, needle)
    assert "newer" not in proc.stderr


def test_an_export_whose_version_a_json_writer_spelt_as_a_decimal_imports(tmp_path: Path) -> None:
    """`"version": 1.0`, as a JSON writer that keeps every number a float writes it, is version 1."""
    doc = exported_bookmark(tmp_path / "from")
    doc["version"] = 1.0
    (tmp_path / "marks.json").write_text(json.dumps(doc), encoding="utf-8")
    proc = newsdesk(tmp_path / "to", "bookmarks", "--import", str(tmp_path / "marks.json"))
    assert proc.returncode == 0 and "1 new" in proc.stdout, proc.stderr


def test_a_story_named_twice_in_one_read_is_marked_once(tmp_path: Path) -> None:
    """`newsdesk read ID ID` (the same story twice: a prefix and the whole id, or a list with a story in it twice,
    as `xargs` hands it on) wrote two read marks of it and said "2 marked read"; every command after warned
    "marks/<feed>.json has 1 damaged record(s); they are left out", for good."""
    exported_bookmark(tmp_path)
    proc = newsdesk(tmp_path, "read", "2bdabb9dd9e96930", "2bdab", "2BDABB9D")
    assert proc.returncode == 0 and proc.stdout.strip() == "1 marked read", (proc.stdout, proc.stderr)
    listed = newsdesk(tmp_path, "stories", "--json")
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert [s["read"] for s in json.loads(listed.stdout)] == [True]


def test_a_marks_file_holding_one_story_twice_is_read_without_a_warning(tmp_path: Path) -> None:
    """A marks file the old code wrote so (above) is no damage: the story is read, and no command warns."""
    exported_bookmark(tmp_path)
    feed_id = json.loads(newsdesk(tmp_path, "feeds", "--json").stdout)[0]["id"]
    marks = tmp_path / "marks" / f"{feed_id}.json"
    twice = {"1": {"id": "2bdabb9dd9e96930", "at": NOW}, "2": {"id": "2bdabb9dd9e96930", "at": NOW}}
    marks.write_text(json.dumps({"read": twice}), encoding="utf-8")
    listed = newsdesk(tmp_path, "stories", "--json")
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert [s["read"] for s in json.loads(listed.stdout)] == [True]


def test_a_feed_named_twice_in_one_refresh_is_fetched_once(tmp_path: Path, feed_server: FeedServer) -> None:
    """`newsdesk refresh 4f76bf11 "Generated News 5"` (one feed by its id and its title, or a list with a feed in it
    twice) fetched it once for each name, one after the other, and summed up "2 feeds: 6 new stories"."""
    feed_server.set("/five.xml", make_feed(5, 3))
    added = newsdesk(tmp_path, "add", feed_server.url("/five.xml"))
    assert added.returncode == 0, added.stderr
    feed_server.set("/five.xml", make_feed(5, 6))
    before = feed_server.count("/five.xml")
    [feed] = json.loads(newsdesk(tmp_path, "feeds", "--json").stdout)
    proc = newsdesk(tmp_path, "refresh", feed["id"], "Generated News 5", feed_server.url("/five.xml"))
    assert proc.returncode == 0, proc.stderr
    assert feed_server.count("/five.xml") == before + 1
    assert proc.stdout.splitlines() == ["new       Generated News 5: 3 new, 0 updated"], proc.stdout
    assert proc.stderr.strip() == "1 feed: 3 new stories, 0 failed", proc.stderr


@pytest.mark.parametrize("how", ["add", "import"])
def test_a_feed_removed_and_subscribed_again_finds_its_bookmarks(
    tmp_path: Path, feed_server: FeedServer, how: str
) -> None:
    """A feed removed by mistake and added again came back under a new id, so each story under a new id: its
    bookmarks read "(no longer subscribed)" beside it, its bookmarked stories showed no ★ in its list, and a ★
    given again made a second bookmark of each. The address a bookmark remembers gives the feed its old id back,
    and its stories their old ids."""
    url = feed_server.url("/five.xml")
    feed_server.set("/five.xml", make_feed(5, 3))
    assert newsdesk(tmp_path, "add", url).returncode == 0
    [first, *_] = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    assert newsdesk(tmp_path, "bookmark", first["id"], "--note", "keep").returncode == 0
    (tmp_path / "subs.opml").write_text(newsdesk(tmp_path, "export").stdout, encoding="utf-8")
    assert newsdesk(tmp_path, "remove", url).returncode == 0
    if how == "add":
        again = newsdesk(tmp_path, "add", url)
    else:
        again = newsdesk(tmp_path, "import", str(tmp_path / "subs.opml"))
        assert again.returncode == 0, again.stderr
        again = newsdesk(tmp_path, "refresh")
    assert again.returncode == 0, again.stderr
    stories = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    assert [s["bookmarked"] for s in stories] == [True, False, False]
    assert stories[0]["id"] == first["id"]
    shown = newsdesk(tmp_path, "show", first["id"])
    assert "no longer subscribed" not in shown.stdout, shown.stdout
    assert newsdesk(tmp_path, "bookmark", first["id"]).returncode == 0
    assert len(json.loads(newsdesk(tmp_path, "bookmarks", "--json").stdout)) == 1
