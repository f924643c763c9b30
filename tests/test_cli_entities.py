"""`newsdesk entities`, `entity` and `related` as a user runs them (subprocess), on the demo feeds read locally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.demo import demo_feed_files
from tests.test_cli import newsdesk, one_line_error
from tests.test_entities_language import GERMAN, rss

XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    for path in demo_feed_files():
        assert newsdesk(home, "add", "--no-check", str(path)).returncode == 0
    assert newsdesk(home, "refresh").returncode == 0
    return home


def xi_kim_id(home: Path) -> str:
    stories = json.loads(newsdesk(home, "stories", "--limit", "0", "--json").stdout)
    return next(s["id"] for s in stories if s["title"] == XI_KIM)


def test_entities_gives_spans_and_types(home: Path) -> None:
    proc = newsdesk(home, "entities", xi_kim_id(home), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["english"] is True
    kims = [e for e in out["entities"] if e["text"] == "Kim Jong Un"]
    assert kims and all(e["type"] == "PER" and e["end"] - e["start"] == 11 for e in kims)


def test_entity_lists_the_stories_naming_it(home: Path) -> None:
    proc = newsdesk(home, "entity", "kim jong un", "--json")
    assert proc.returncode == 0, proc.stderr
    titles = {s["title"] for s in json.loads(proc.stdout)["stories"]}
    assert XI_KIM in titles and "Kim Jong Un arrives in Beijing by armoured train" in titles
    assert len(titles) >= 4


def test_entity_says_how_many_stories_and_when_none(home: Path) -> None:
    """A name that matched nothing printed nothing and exited 0: no way to tell it from a store with no names."""
    found = newsdesk(home, "entity", "kim jong un")
    assert found.returncode == 0 and XI_KIM in found.stdout
    # the demo's parade report in two feeds is one line: the lines, then the copies
    assert found.stderr.strip() == "7 stories name Kim Jong Un (8 with copies)", found.stderr
    none = newsdesk(home, "entity", "Nobody Atall")
    assert none.returncode == 0 and none.stdout == ""
    assert none.stderr.startswith("no story names 'Nobody Atall'"), none.stderr


def test_a_short_form_entities_lists_finds_the_stories_of_its_full_name(home: Path) -> None:
    """`entities` lists "Xi" and "Putin", which the story keys by the full names it writes first: `entity Xi`,
    as the help says to ask, found no story at all."""
    listed = json.loads(newsdesk(home, "entities", xi_kim_id(home), "--json").stdout)["entities"]
    for name, full in (("Xi", "Xi Jinping"), ("Putin", "Vladimir Putin")):
        assert {"text": name, "key": full.lower(), "type": "PER"}.items() <= next(
            e for e in listed if e["text"] == name
        ).items()
        proc = newsdesk(home, "entity", name, "--json")
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        assert out["name"] == full and XI_KIM in {s["title"] for s in out["stories"]}, out


def test_a_word_several_people_share_is_answered_with_their_names(home: Path) -> None:
    """`entity Kim` found nothing: Kim Jong Un has 8 of the 11 stories naming a Kim, too few to stand for the
    word alone. It says whom it may mean, most stories first, as an ambiguous feed name is said."""
    for args in (("entity", "Kim"), ("entity", "Kim", "--json")):
        proc = newsdesk(home, *args)
        one_line_error(proc, 1, "'Kim' matches 4 names: Kim Jong Un (8 stories); ")
        assert proc.stdout == "" and proc.stderr.rstrip().endswith("; and 1 more; give the whole name")
        assert proc.stderr.count("(1 story)") == 2, proc.stderr  # three named at most
    # Words of one person's name alone answer with that person, as one word of it does ("Xi"): it said
    # "'jong il' matches 1 name: Kim Jong Il (1 story); give the whole name" and exited 1.
    proc = newsdesk(home, "entity", "jong il")
    assert proc.returncode == 0 and proc.stderr == "1 story names Kim Jong Il\n", proc.stderr


def test_related_names_shared_entities(home: Path) -> None:
    proc = newsdesk(home, "related", xi_kim_id(home), "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["related"]
    assert rows and "Kim Jong Un" in {n for r in rows for n in r["shared_entities"]}
    text = newsdesk(home, "related", xi_kim_id(home))
    assert "shares" in text.stdout


def test_unknown_story_is_one_line(home: Path) -> None:
    one_line_error(newsdesk(home, "related", "zzzzzzzz"), 1, "no story")


def test_entities_of_a_story_in_another_language_are_none_and_say_why(tmp_path: Path) -> None:
    feed = tmp_path / "heise.xml"
    feed.write_bytes(
        rss("", "OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen", GERMAN)
    )  # German, declaring nothing
    home = tmp_path / "home"
    assert newsdesk(home, "add", "--no-check", str(feed)).returncode == 0
    assert newsdesk(home, "refresh").returncode == 0
    story_id = json.loads(newsdesk(home, "stories", "--json").stdout)[0]["id"]
    proc = newsdesk(home, "entities", story_id, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["entities"] == [] and out["english"] is False
    proc = newsdesk(home, "entities", story_id)
    assert proc.returncode == 0 and proc.stdout == ""
    assert "English stories only" in proc.stderr


def test_entity_brings_the_related_index_in_only_to_fold_copies(tmp_path: Path) -> None:
    """`entity` shows duplicate groups (×N), which the related index finds, only for two stories or more: with
    one story or none it stores the names and leaves the index alone (it was loaded and brought up to date on
    every call, for nothing)."""
    home = tmp_path / "home"
    for path in demo_feed_files():
        assert newsdesk(home, "add", "--no-check", str(path)).returncode == 0
    assert newsdesk(home, "refresh").returncode == 0
    names, related = home / "index" / "entities.json", home / "index" / "related.npz"
    for name in ("Nobody Atall", "Kim Jong Il"):
        proc = newsdesk(home, "entity", name)
        assert proc.returncode == 0, proc.stderr
        assert names.is_file() and not related.exists(), name
    one = newsdesk(home, "entity", "Kim Jong Il", "--json")
    assert len(json.loads(one.stdout)["stories"]) == 1
    many = newsdesk(home, "entity", "kim jong un")
    assert many.stderr.strip() == "7 stories name Kim Jong Un (8 with copies)", many.stderr
    assert related.is_file()
