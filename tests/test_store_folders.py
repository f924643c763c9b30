"""A file where the store keeps a folder (``stories``, ``bodies``, ``marks``, the data folder itself) is named in
the error, with what is wrong with it: the error named the data folder, whatever was in the way. ``index`` holds
derived data alone: what stands in its way is moved aside by the writer. Run with the installed `newsdesk` command
on real data folders in tmp dirs."""

from __future__ import annotations

import os
import subprocess
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


def _index_instead(home: Path, kind: str) -> Path:
    """Put ``kind`` (as ``file_kind`` calls it) where the index folder belongs, the indexes it held gone."""
    path = home / "index"
    if path.exists():
        for child in path.glob("*"):
            child.unlink()
        path.rmdir()
    {
        "a file": lambda p: p.write_text("not a folder\n"),
        "a named pipe (FIFO)": os.mkfifo,
        "a device": lambda p: os.symlink("/dev/zero", p),
        "a link to nothing": lambda p: os.symlink(p.with_name("gone"), p),
    }[kind](path)
    return path


def said(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The notices on standard error (a search counts its hits there too)."""
    return [line for line in proc.stderr.splitlines() if line.startswith("newsdesk:")]


@pytest.mark.parametrize("kind", ["a file", "a named pipe (FIFO)", "a device", "a link to nothing"])
def test_a_misfit_where_the_index_folder_belongs_is_moved_aside(home: Path, kind: str) -> None:
    """``index/`` holds derived data alone: the writer moves what stands in its way aside, says so in one line,
    makes the folder and answers from indexes built again; it refused to start (a link to nothing: every index
    save failed, unsaid, and each command built them all again)."""
    before = newsdesk(home, "search", "storm")
    path = _index_instead(home, kind)
    proc = newsdesk(home, "search", "storm")
    assert (proc.returncode, proc.stdout) == (0, before.stdout), proc.stderr
    assert said(proc) == [
        f"newsdesk: {path} is {kind}, not a folder: moved aside to index.not-a-file, the indexes are built again"
    ]
    aside = home / "index.not-a-file"
    assert os.path.lexists(aside) and path.is_dir() and any(path.iterdir())  # the indexes saved there again
    if kind == "a file":
        assert aside.read_text() == "not a folder\n"  # moved, not emptied
    again = newsdesk(home, "search", "storm")  # once: what is aside is never looked at again
    assert (again.returncode, said(again), again.stdout) == (0, [], proc.stdout)


def test_a_reader_leaves_a_misfit_index_folder_and_builds_in_memory(home: Path) -> None:
    before = newsdesk(home, "search", "storm")
    path = _index_instead(home, "a named pipe (FIFO)")
    proc = newsdesk(home, "--read-only", "search", "storm")
    assert (proc.returncode, proc.stdout) == (0, before.stdout), proc.stderr
    assert said(proc) == [
        f"newsdesk: {path} is a named pipe (FIFO), not a folder: passed over, the indexes are built in memory"
    ]
    assert path.is_fifo() and not os.path.lexists(home / "index.not-a-file")  # left as it was


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
