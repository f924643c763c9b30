"""`newsdesk search --save NAME QUERY` saves the query `newsdesk search QUERY` runs: its last word complete, as
on the command line, so the count it reports and what the saved search later lists are what `search` lists. It
saved the text alone, which saved searches read as the reader's box does (its last word still being typed): `search
--save Kim "kim sum"` counted the summit stories `search "kim sum"` does not list. A query saved from the box keeps
the box's meaning (the installed command on the bundled demo feeds, a real store in a temporary folder)."""

from __future__ import annotations

import json
from pathlib import Path

from feeds import saved_searches as ss
from feeds.search.service import SearchService
from feeds.store import Store
from tests.test_cli import newsdesk


def _ids(home: Path, *query: str) -> set[str]:
    proc = newsdesk(home, "--demo", "search", *query, "--limit", "0", "--json")
    assert proc.returncode == 0, proc.stderr
    return {row["id"] for row in json.loads(proc.stdout)}


def test_a_query_saved_on_the_command_line_lists_what_search_lists(tmp_path: Path) -> None:
    complete, typing = _ids(tmp_path, "kim", "sum"), _ids(tmp_path, "kim", "sum*")
    assert len(typing) > len(complete)  # the summit stories: "sum" read as the start of "summit"
    proc = newsdesk(tmp_path, "--demo", "search", "--save", "Kim", "kim", "sum")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"saved search 'Kim': kim sum  ({len(complete)} unread)"
    listed = json.loads(newsdesk(tmp_path, "--demo", "searches", "--json").stdout)
    assert listed == [{"name": "Kim", "query": "kim sum", "unread": len(complete)}]
    with Store(tmp_path / "demo") as store:
        service = SearchService(store)
        service.open()
        assert {
            h.id for h in ss.stories(service, store.saved_searches()["Kim"])
        } == complete  # what the reader lists
        # The reader's ctrl+n saves the box's text as it did: its last word still a prefix, as the box read it.
        ss.save(store, "Box", "kim sum")
        assert store.saved_searches()["Box"] == "kim sum"
        assert {h.id for h in ss.stories(service, "kim sum")} == typing
        assert ss.unread_count(service, "kim sum") == len(typing)


def test_a_name_saved_first_on_the_command_line_is_counted_as_search_counts_it(tmp_path: Path) -> None:
    """`search` finds the stories' names before it looks for a person (a store only used from the command line has
    none); `search --save` did not, and its first count of `person:"Kim Jong Un"` was 0 where `search` lists 8."""
    proc = newsdesk(tmp_path, "--demo", "search", "--save", "Kim", 'person:"Kim Jong Un"')
    assert proc.returncode == 0, proc.stderr
    found = _ids(tmp_path, 'person:"Kim Jong Un"')
    assert found and proc.stdout.strip().endswith(f"({len(found)} unread)")
