"""Feed and tag names are listed in natural order: digits compared as numbers, case and accents folded (as
feeds.text.fold folds them). By character, "Generated News 10" came before "Generated News 2", in the reader's
feed list and in `newsdesk feeds`, as Feedly never showed them. Real stores in temporary folders, the installed
command, the real reader under Pilot."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps import reader, until
from tests.test_cli import newsdesk

#: The order they are listed in; subscribed in another.
NAMES = [
    "Émile 3",  # accents folded: beside "emile", not after "Zeta"
    "emile 20",
    "Generated News 1",
    "generated news 02",
    "Generated News 10",
    "Generated News 100",
    "News",
    "News 7",
    "Zeta",
]
SUBSCRIBED = [NAMES[n] for n in (5, 4, 1, 8, 2, 3, 0, 7, 6)]


def test_the_feeds_command_lists_names_in_natural_order(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for n, name in enumerate(SUBSCRIBED):
        proc = newsdesk(home, "add", "--no-check", "--title", name, f"https://f{n}.example/rss")
        assert proc.returncode == 0, proc.stderr
    listed = newsdesk(home, "feeds", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [f["title"] for f in json.loads(listed.stdout)] == NAMES
    plain = newsdesk(home, "feeds")
    assert [
        next(n for n in NAMES if f"unread  {n}  (" in line) for line in plain.stdout.splitlines()
    ] == NAMES
    exported = newsdesk(home, "export")  # as the README says of an export too
    assert exported.returncode == 0, exported.stderr
    body = ET.fromstring(exported.stdout).find("body")
    assert body is not None and [o.get("title") for o in body.iter("outline")] == NAMES


@pytest.mark.anyio
async def test_the_reader_lists_feeds_and_tags_in_natural_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    try:
        store.add_feeds(
            (f"https://f{n}.example/rss", name, (f"Part {9 - n}",) if n < 3 else (), "")
            for n, name in enumerate(SUBSCRIBED)
        )  # tags "Part 9", "Part 8", "Part 7"; "Part 10" and "Part 11" below
        store.add_feeds(
            [
                ("https://ten.example/rss", "Ten", ("Part 10",), ""),
                ("https://e.example/rss", "E", ("Part 11",), ""),
            ]
        )
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            feed_list = app.main_screen.feed_list
            await until(pilot, lambda: any(e.kind == "group" for e in feed_list.entries))
            groups = [e.label for e in feed_list.entries if e.kind == "group"]
            assert groups == ["Part 7", "Part 8", "Part 9", "Part 10", "Part 11", "Other"]
            other = [
                e.label for e in feed_list.entries[[e.label for e in feed_list.entries].index("Other") + 1 :]
            ]
            assert other == [n for n in NAMES if n in SUBSCRIBED[3:]]
    finally:
        store.close()
