"""`newsdesk search --save/--delete` and `newsdesk searches`, run as real processes over a known store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps.stores import build_store
from tests.test_cli import newsdesk, one_line_error


@pytest.fixture
def home(tmp_path: Path) -> Path:
    store, _ids = build_store(tmp_path)
    store.set_read(["atlas-2"])
    store.close()
    return tmp_path


def test_save_list_and_delete(home: Path) -> None:
    proc = newsdesk(home, "search", "--save", "Transport", "rail", "OR", "ferry")
    assert proc.returncode == 0, proc.stderr
    assert "saved search 'Transport': rail OR ferry" in proc.stdout and "(1 unread)" in proc.stdout
    assert newsdesk(home, "search", "--save", "Tech", "feed:kestrel").returncode == 0
    listed = json.loads(newsdesk(home, "searches", "--json").stdout)
    assert listed == [
        {"name": "Tech", "query": "feed:kestrel", "unread": 3},
        {"name": "Transport", "query": "rail OR ferry", "unread": 1},
    ]
    text = newsdesk(home, "searches").stdout.splitlines()
    assert [line.split()[0] for line in text] == ["Tech", "Transport"]
    assert text[1].split()[1] == "1" and text[1].endswith("rail OR ferry")
    proc = newsdesk(home, "search", "--delete", "Tech")
    assert proc.returncode == 0 and "deleted saved search 'Tech'" in proc.stdout
    with Store(home) as store:
        # stored complete, as `search` reads it: a space ends its last word (see saved_searches.save)
        assert store.saved_searches() == {"Transport": "rail OR ferry "}


def test_saving_a_name_again_replaces_its_query(home: Path) -> None:
    newsdesk(home, "search", "--save", "Transport", "rail")
    newsdesk(home, "search", "--save", "Transport", "ferry")
    assert json.loads(newsdesk(home, "searches", "--json").stdout) == [
        {"name": "Transport", "query": "ferry", "unread": 1}
    ]


def test_no_saved_searches_is_an_empty_list_not_an_error(home: Path) -> None:
    assert json.loads(newsdesk(home, "searches", "--json").stdout) == []
    proc = newsdesk(home, "searches")
    assert proc.returncode == 0 and proc.stdout == "" and "no saved searches" in proc.stderr


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("search", "--delete", "Nope"), 1, "no saved search named 'Nope'"),
        (("search", "--save", "   ", "rail"), 1, "needs a name"),
        (("search", "--save", "Transport"), 2, "search needs a QUERY"),  # usage errors: 2, as the README says
        (("search",), 2, "search needs a QUERY"),
        (("search", "--delete", "Nope", "rail"), 2, "--delete takes only"),
        (("--read-only", "search", "--save", "Transport", "rail"), 2, "--read-only forbids it"),
    ],
)
def test_user_mistakes_are_one_line_and_non_zero(
    home: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    one_line_error(newsdesk(home, *args), code, needle)
    with Store(home) as store:
        assert store.saved_searches() == {}
