"""Saved searches in the store: named queries in feeds.json, kept across reopening, replaced and deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.storage import StoreError
from feeds.store import Store


def test_saved_searches_survive_reopening_sorted_by_name(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.saved_searches() == {}
        store.save_search("rail", "rail OR train")
        store.save_search("Elections", 'is:unread "election"')
    with Store(tmp_path) as store:
        assert store.saved_searches() == {"Elections": 'is:unread "election"', "rail": "rail OR train"}
        assert list(store.saved_searches()) == ["Elections", "rail"]


def test_saving_a_name_again_replaces_and_delete_forgets(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.save_search("rail", "rail")
        store.save_search("rail", "rail -strike")
        assert store.saved_searches() == {"rail": "rail -strike"}
        assert store.delete_search("rail") is True
        assert store.delete_search("rail") is False
        assert store.saved_searches() == {}


def test_a_blank_name_is_refused_and_read_only_stores_do_not_write(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        with pytest.raises(StoreError):
            store.save_search("  ", "x")
        store.save_search("kept", "x")
    with Store(tmp_path, readonly=True) as store:
        assert store.saved_searches() == {"kept": "x"}
        with pytest.raises(StoreError):
            store.save_search("new", "y")


def test_a_rename_keeps_the_query_and_refuses_a_name_taken(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.save_search("rail", "rail OR train")
        store.save_search("storms", "storm")
        assert store.rename_search("rail", "Trains") is True
        assert store.rename_search("rail", "Other") is False
        with pytest.raises(StoreError):
            store.rename_search("Trains", "storms")
        assert store.saved_searches() == {"storms": "storm", "Trains": "rail OR train"}
    with Store(tmp_path, readonly=True) as store:
        with pytest.raises(StoreError):
            store.rename_search("Trains", "Rail")
        assert store.saved_searches() == {"storms": "storm", "Trains": "rail OR train"}
