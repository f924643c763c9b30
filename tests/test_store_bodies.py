"""One story's body read alone from its feed's bodies file (:func:`feeds.store_bodies.read_record`) agrees with the
whole file parsed, and gives way to the whole parse whenever the file is not as we write it: real files in
temporary folders, written by the store itself or by hand."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds.model import Entity, Story, content_hash
from feeds.store import Retention, Store
from feeds.store_bodies import _PIECE, _WINDOW, read_record

KEEP_ALL = Retention(max_per_feed=0)


def _story(feed_id: str, sid: str, text: str, n: int = 0) -> Story:
    return Story(
        id=sid,
        feed_id=feed_id,
        title=f"Story {n}",
        link=f"https://example.org/{n}",
        published=1_700_000_000.0 + n,
        first_seen=1_700_000_000.0 + n,
        text=text,
        links=(f"https://example.org/{n}", 'https://example.org/"q"'),
        content_hash=content_hash(f"Story {n}", text),
    )


def _whole(path: Path) -> dict[Any, dict[str, Any]]:
    """The bodies by story id as the store's whole parse makes them (the last record of an id wins)."""
    table = orjson.loads(path.read_bytes())["bodies"]
    return {doc.get("id") if type(doc) is dict else None: doc for doc in table.values()}


def _write(path: Path, records: list[Any]) -> None:
    """A bodies file as orjson writes it, records numbered 1.. in this order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps({"bodies": {str(n): doc for n, doc in enumerate(records, 1)}}))


def _body(sid: str, text: str = "text") -> dict[str, Any]:
    return {"id": sid, "text": text, "links": [], "entities": None, "entities_model": ""}


def _saved(root: Path, stories: list[tuple[str, str]]) -> tuple[str, Path]:
    """A store at ``root`` with one feed holding these (id, text) stories; its id and its bodies file."""
    with Store(root, retention=KEEP_ALL) as store:
        feed = store.add_feed("https://a.example/feed")
        store.save_stories(feed.id, [_story(feed.id, sid, text, n) for n, (sid, text) in enumerate(stories)])
    return feed.id, root / "bodies" / f"{feed.id}.json"


# -- agreement with the whole parse ---------------------------------------------------------------------------------
def test_every_demo_story_read_alone_is_the_story_the_whole_parse_gives(demo_root: Path) -> None:
    with Store(demo_root, readonly=True) as store:
        whole = {s.id: s for feed in store.feeds() for s in store.stories(feed.id)}
    assert len(whole) >= 40
    for path in (demo_root / "bodies").glob("*.json"):
        for sid, doc in _whole(path).items():
            assert read_record(path, "bodies", sid) == doc
    with Store(demo_root, readonly=True) as store:
        alone = {sid: store.story(sid) for sid in whole}
        assert not store._bodies  # every body was read alone: no feed's file was parsed whole
    assert alone == whole


_ID_PARTS = st.sampled_from(["a", "b", "ab", '"', "\\", "é", "\n", "id", ":", "},", "{", "1"])
_IDS = st.lists(_ID_PARTS, min_size=1, max_size=4).map("".join)
_TEXTS = st.one_of(
    st.text(max_size=40),
    st.lists(
        st.sampled_from(['"id":"a"', '},"2":{"id":"b",', "\\", '\\"', "}}}", "ü😀", "\x00\x1f"]), max_size=6
    ).map("".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_IDS, _TEXTS, min_size=1, max_size=8), st.lists(_IDS, max_size=3))
def test_random_bodies_read_alone_agree_with_the_whole_parse(
    stories: dict[str, str], absent: list[str]
) -> None:
    """Ids that are parts of each other, texts that spell records and keys: each id gives its own record."""
    with tempfile.TemporaryDirectory() as tmp:
        feed_id, path = _saved(Path(tmp), list(stories.items()))
        whole = _whole(path)
        assert set(whole) == set(stories)
        for sid in stories:
            doc = read_record(path, "bodies", sid)
            assert doc is not None and doc == whole[sid] and doc["text"] == stories[sid]
        for sid in set(absent) - set(stories):
            assert read_record(path, "bodies", sid) is None
        with Store(tmp, readonly=True) as store:
            for sid, text in stories.items():
                story = store.story(sid)
                assert story is not None and story.text == text and story.feed_id == feed_id
            assert not store._bodies


def test_entities_and_unicode_come_back_as_stored(tmp_path: Path) -> None:
    text = 'Xi said "no" \\ to Kim: {"id":"x"} – 北京 😀\n\tend'
    feed_id, path = _saved(tmp_path, [("s1", text), ("s2", "other")])
    with Store(tmp_path) as store:
        store.set_entities(
            feed_id, {"s1": ((Entity(0, 2, "PER", "Xi"), Entity(36, 38, "LOC", "北京")), "m2")}
        )
    with Store(tmp_path) as store:
        story = store.story("s1")
        assert not store._bodies
    assert story is not None and story.text == text and story.entities_model == "m2"
    assert story.entities == (Entity(0, 2, "PER", "Xi"), Entity(36, 38, "LOC", "北京"))
    assert story.links == ("https://example.org/0", 'https://example.org/"q"')


def test_ids_that_are_parts_of_other_ids_find_their_own(tmp_path: Path) -> None:
    ids = ["ab", "abc", "xab", "a", 'a"b', "a\\", "a\\b", "b", ""]
    _feed, path = _saved(tmp_path, [(sid, f"text of {sid!r}") for sid in ids])
    for sid in ids:
        doc = read_record(path, "bodies", sid)
        assert doc is not None and doc["text"] == f"text of {sid!r}"
    for missing in ["abcd", "c", "x", 'a"', "\\"]:
        assert read_record(path, "bodies", missing) is None


# -- where the file is large --------------------------------------------------------------------------------------
def test_a_record_larger_than_the_first_window_is_read_whole(tmp_path: Path) -> None:
    big = "long " * (3 * _WINDOW)
    path = tmp_path / "b.json"
    _write(path, [_body("first"), _body("big", big), _body("last")])
    assert read_record(path, "bodies", "big") == _body("big", big)
    _write(path, [_body("first"), _body("big", big)])  # the last record, up to the end of the file
    assert read_record(path, "bodies", "big") == _body("big", big)


@pytest.mark.parametrize("cut", [1, 5, 12])
def test_an_id_cut_in_two_by_a_piece_of_the_search_is_found(tmp_path: Path, cut: int) -> None:
    """The file is searched from its end in pieces: the first piece begins ``cut`` bytes into the wanted key."""
    path = tmp_path / "b.json"
    _write(path, [_body("before"), _body("wanted"), _body("after", "")])
    raw = path.read_bytes()
    key = raw.index(b'"id":"wanted"')
    padding = key + cut + _PIECE - len(raw)  # the last record's text moves only the end of the file
    _write(path, [_body("before"), _body("wanted"), _body("after", "p" * padding)])
    raw = path.read_bytes()
    assert len(raw) - _PIECE == key + cut
    assert read_record(path, "bodies", "wanted") == _body("wanted")
    assert read_record(path, "bodies", "before") == _body("before")


# -- doubt: the whole parse decides --------------------------------------------------------------------------------
def test_files_not_as_we_write_them_give_way_to_the_whole_parse(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    records = [_body("a"), _body("b")]
    # Written by the stock TinyDB storage (spaces), ids spelled with escapes, the id not the first key:
    # the record is not found here, and the whole parse still reads such a file.
    path.write_text(json.dumps({"bodies": {"1": records[0], "2": records[1]}}))
    assert read_record(path, "bodies", "a") is None
    _write(path, [{"text": "t", "id": "a"}])
    assert read_record(path, "bodies", "a") is None
    path.write_bytes(b'{"bodies":{"1":{"id":"\\u0061","text":"t"}}}')
    assert read_record(path, "bodies", "a") is None
    # A record not under a document number, a file cut short, an empty one:
    path.write_bytes(b'{"bodies":{"1":{"x":{"id":"a","text":"t"}}}}')
    assert read_record(path, "bodies", "a") is None
    path.write_bytes(b'{"bodies":{"1":{"x":{"id":"a"},"2":{"id":"b"}}}}')
    assert read_record(path, "bodies", "a") is None
    path.write_bytes(b'{"bodies":{"1":{"id":"a","text":"t","id":"b"}}}')  # the last "id" counts
    assert read_record(path, "bodies", "a") is None and _whole(path).keys() == {"b"}
    _write(path, records)
    whole = path.read_bytes()
    for cut in (len(whole) // 2, len(whole) - 1, 5, 0):
        path.write_bytes(whole[:cut])
        assert read_record(path, "bodies", "a") is None
    assert read_record(tmp_path / "missing.json", "bodies", "a") is None


def test_damage_inside_the_record_gives_way_and_damage_elsewhere_does_not_hide_it(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    _write(path, [_body("a", "alpha"), _body("b", "beta"), _body("c", "gamma")])
    whole = path.read_bytes()
    path.write_bytes(whole.replace(b'"beta"', b'"be'))
    assert read_record(path, "bodies", "b") is None
    # A broken neighbour: this record is still whole (the file is repaired when it is next parsed whole).
    assert read_record(path, "bodies", "c") == _body("c", "gamma")


def test_two_records_with_one_id_give_the_last_as_the_whole_parse_does(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    _write(path, [_body("a", "old"), _body("b"), _body("a", "new")])
    assert read_record(path, "bodies", "a") == _whole(path)["a"] == _body("a", "new")


def test_a_damaged_bodies_file_is_still_recovered_from_its_backup_when_a_story_is_opened(
    tmp_path: Path,
) -> None:
    feed_id, path = _saved(tmp_path, [("s1", "first version")])
    with Store(tmp_path, retention=KEEP_ALL) as store:  # a second save keeps the first file as the backup
        store.save_stories(feed_id, [_story(feed_id, "s2", "two", 2)])
    path.write_bytes(path.read_bytes()[:-40])
    with Store(tmp_path) as store:
        story = store.story("s1")
        assert story is not None and story.text == "first version"
        (note,) = (
            store.recovered
        )  # said as the store's other notes are: it was not, and the reader never knew
        assert note.startswith(f"bodies/{path.name} was damaged; the last good copy was used"), note
    assert list(path.parent.glob(f"{path.name}.damaged-*"))


def test_a_story_whose_body_is_missing_reads_as_before(tmp_path: Path) -> None:
    """A header whose body was removed by hand: an empty story for the writer, none for a read-only copy."""
    _feed, path = _saved(tmp_path, [("s1", "one"), ("s2", "two")])
    _write(path, [r for r in orjson.loads(path.read_bytes())["bodies"].values() if r["id"] != "s1"])
    assert read_record(path, "bodies", "s1") is None
    with Store(tmp_path, readonly=True) as store:
        assert store.story("s1") is None
        two = store.story("s2")
        assert two is not None and two.text == "two"
    with Store(tmp_path) as store:
        one = store.story("s1")
        assert one is not None and one.text == "" and one.title == "Story 0"


def test_a_body_saved_but_not_yet_on_disk_is_read_from_memory(tmp_path: Path) -> None:
    """Inside a refresh's saving block the new body is only in memory: the open story shows it, not the disk's."""
    feed_id, path = _saved(tmp_path, [("s1", "old text")])
    with Store(tmp_path, retention=KEEP_ALL) as store, store.saving():
        store.save_stories(feed_id, [_story(feed_id, "s1", "new text", 0)])
        assert read_record(path, "bodies", "s1") == _whole(path)["s1"]  # the disk still has the old one
        assert _whole(path)["s1"]["text"] == "old text"
        story = store.story("s1")
        assert story is not None and story.text == "new text"
