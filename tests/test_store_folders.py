"""A file where the store keeps a folder (``stories``, ``bodies``, ``marks``, ``index``, the data folder itself) is
named in the error, with what is wrong with it: the error named the data folder, whatever was in the way. Run with
the installed `newsdesk` command on real data folders in tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.storage import StoreError
from feeds.store import Store
from tests.test_store_not_files import FEED, newsdesk, refused


@pytest.fixture
def home(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    with Store(root) as store:
        refresh(store, [store.add_feed(str(FEED))])
        store.set_read([store.headers()[0].id])
    return root


def _file_instead(home: Path, name: str) -> Path:
    path = home / name
    for child in path.glob("*"):
        child.unlink()
    path.rmdir()
    path.write_text("not a folder\n")
    return path


@pytest.mark.parametrize("name", ["stories", "bodies", "marks"])
def test_a_file_where_a_store_folder_belongs_is_named(home: Path, name: str) -> None:
    path = _file_instead(home, name)
    refused(newsdesk(home, "feeds"), f"{path} is a file, not a folder")
    assert path.read_text() == "not a folder\n"  # left as it was


@pytest.mark.parametrize("name", ["stories", "marks"])
def test_a_reader_names_it_too(home: Path, name: str) -> None:
    path = _file_instead(home, name)
    refused(newsdesk(home, "--read-only", "stories"), f"{path} is a file, not a folder")


def test_a_file_where_the_index_folder_belongs_is_named(home: Path) -> None:
    path = home / "index"
    if path.exists():
        for child in path.glob("*"):
            child.unlink()
        path.rmdir()
    path.write_text("")
    refused(newsdesk(home, "search", "storm"), f"{path} is a file, not a folder")


def test_a_file_given_as_the_data_folder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("mine\n")
    refused(
        newsdesk(tmp_path, "--data-dir", str(path / "newsdesk"), "feeds"), f"{path} is a file, not a folder"
    )
    refused(newsdesk(tmp_path, "--data-dir", str(path), "feeds"), f"{path} is a file, not a folder")
    assert path.read_text() == "mine\n"


def test_the_store_says_so_to_its_callers(home: Path) -> None:
    """The reader opens the store itself: the same words come from ``Store``."""
    path = _file_instead(home, "bodies")
    with pytest.raises(StoreError) as caught:
        Store(home)
    assert str(caught.value) == f"{path} is a file, not a folder"
