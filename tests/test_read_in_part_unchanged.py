"""A feed read in part whose document is unchanged (a 304, or the same bytes) keeps its note, but not a count of
stories kept that is no longer true. The note of the last reading was kept as it was: "all 102 stories in them kept"
was said on every refresh after some of them had gone from the store (a stories file damaged or edited by hand, its
damaged records left out). Feeds served from 127.0.0.1, real stores in temporary folders, the real command and the
real reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from feeds.model import Feed
from feeds.refresh import refresh
from feeds.store import Store
from feeds.store_saving import Retention
from tests import httpserver
from tests.httpserver import FeedServer
from tests.snapshot_apps import messages, reader, refreshed
from tests.test_cli import newsdesk
from tests.test_oversize_feeds import dated_items, rss
from tui.screens.errors import ErrorsScreen

feed_server = httpserver.feed_server
KEEP_ALL = Retention(max_per_feed=0)
CAP = 16 * 1024
READ = "only the first 16 KB read (the feed is larger): "


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def only_feed(store: Store) -> Feed:
    [feed] = store.feeds()
    return feed


def keep_only(root: Path, feed_id: str, keep: int) -> None:
    """Leave the first ``keep`` stories in the feed's stories file, as a hand edit does (the store is closed)."""
    path = root / "stories" / f"{feed_id}.json"
    doc = json.loads(path.read_text())
    doc["stories"] = dict(list(doc["stories"].items())[:keep])
    path.write_text(json.dumps(doc))


def read_in_part(data: Path, server: FeedServer, *, validators: bool = True) -> tuple[str, str]:
    """A feed of 400 stories, read in part at a 16 KB cap: its id and its note."""
    server.set("/big.xml", rss(dated_items(400)), validators=validators)
    with Store(data, retention=KEEP_ALL) as store:
        store.add_feed(server.url("/big.xml"))
        [result] = refresh(store, max_bytes=CAP)
        said = re.fullmatch(re.escape(READ) + r"all (\d+) stories in them kept", result.warning)
        assert said is not None and result.outcome == "new", result
        assert len(store.headers(only_feed(store).id)) == int(said[1])
        return only_feed(store).id, result.warning


@pytest.mark.parametrize("validators", [True, False], ids=["304", "same-bytes"])
def test_an_unchanged_answer_says_how_many_stories_are_stored_now(
    data: Path, feed_server: FeedServer, validators: bool
) -> None:
    feed_id, note = read_in_part(data, feed_server, validators=validators)
    found = int(re.findall(r"\d+", note.removeprefix(READ))[0])
    with Store(data, retention=KEEP_ALL) as store:  # nothing gone: the note stands as it was
        [same] = refresh(store, max_bytes=CAP)
        assert (same.outcome, same.warning) == ("unchanged", note)
    keep_only(data, feed_id, 40)
    with Store(data, retention=KEEP_ALL) as store:
        [result] = refresh(store, max_bytes=CAP)
        assert result.outcome == "unchanged" and result.read_in_part
        assert result.warning == f"{READ}{found} stories in them; 40 of the feed's stories are stored now"
        assert only_feed(store).status.warning == result.warning
        assert len(store.headers(feed_id)) == 40  # nothing was read again: the same document
    if validators:
        assert feed_server.headers("/big.xml").get("if-none-match")  # asked as a conditional request
    keep_only(data, feed_id, 1)
    with Store(data, retention=KEEP_ALL) as store:  # said again of what is stored now, once more
        [result] = refresh(store, max_bytes=CAP)
        assert result.warning == f"{READ}{found} stories in them; 1 of the feed's stories is stored now"


def test_a_document_read_anew_says_its_own_count_again(data: Path, feed_server: FeedServer) -> None:
    """The words for an unchanged answer last until the document changes: then the stories are counted anew."""
    feed_id, note = read_in_part(data, feed_server)
    keep_only(data, feed_id, 10)
    with Store(data, retention=KEEP_ALL) as store:
        [result] = refresh(store, max_bytes=CAP)
        assert "10 of the feed's stories are stored now" in result.warning
    feed_server.set("/big.xml", rss(dated_items(400), title="Archive, renamed"))  # its first bytes changed
    with Store(data, retention=KEEP_ALL) as store:
        [result] = refresh(store, max_bytes=CAP)
        assert result.outcome == "new" and "stored now" not in result.warning
        assert re.fullmatch(re.escape(READ) + r"all \d+ stories in them kept", result.warning), result.warning


def test_the_refresh_command_and_feeds_say_the_count_of_now(tmp_path: Path, feed_server: FeedServer) -> None:
    """The installed command at the real 10 MB cap: `refresh` and `feeds` print the note of an unchanged feed."""
    home = tmp_path / "home"
    text = "A long episode of the archive, told at length and in full. " * 160
    feed_server.set("/archive.xml", rss(dated_items(1300, text=text)))
    added = newsdesk(home, "add", feed_server.url("/archive.xml"))
    assert added.returncode == 0, added.stderr
    [path] = list(home.rglob("stories/*.json"))
    said = re.search(r"the newest 500 of the ([\d,]+) stories in them kept", added.stdout + added.stderr)
    assert said is not None, (added.stdout, added.stderr)
    doc = json.loads(path.read_text())
    doc["stories"] = dict(list(doc["stories"].items())[:200])
    path.write_text(json.dumps(doc))

    proc = newsdesk(home, "refresh")
    assert proc.returncode == 0, proc.stderr
    note = (
        f"note: only the first 10 MB read (the feed is larger): {said[1]} stories in them; 200 of the feed's"
        " stories are stored now"
    )
    assert f"unchanged Archive: 0 new, 0 updated; {note}" in proc.stdout, proc.stdout
    assert "1 read in part" in proc.stderr
    listed = newsdesk(home, "feeds")
    assert note in listed.stdout, listed.stdout


@pytest.mark.anyio
async def test_the_readers_refresh_notice_and_errors_dialog_say_the_count_of_now(
    data: Path, feed_server: FeedServer
) -> None:
    feed_id, note = read_in_part(data, feed_server)
    found = int(re.findall(r"\d+", note.removeprefix(READ))[0])
    keep_only(data, feed_id, 25)
    with Store(data, retention=KEEP_ALL) as store:
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await refreshed(pilot, app, "R")
            assert any("1 feed read in part (e says why)" in m for m in messages(app)), messages(app)
            await pilot.press("e")
            errors = app.screen
            assert isinstance(errors, ErrorsScreen)
            shown = " ".join(errors.error_list.text_of(0).split())
            assert f"{found} stories in them; 25 of the feed's stories are stored now" in shown, shown
            assert "kept" not in shown
