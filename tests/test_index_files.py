"""The index files under ``index/`` as a crash, a second thread and a damaged disk leave them: two threads of one
reader saving the same file at once (the entity pivot and the enrichment pass both save ``entities.json``; the
search index's first save and a refresh's end both save ``search.idx``) must leave one whole version, not a mix
of both. Real files in a temporary folder, real threads."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import BinaryIO

from feeds.storage import atomic_write


def test_two_threads_saving_one_file_at_once_leave_one_whole_version(tmp_path: Path) -> None:
    path = tmp_path / "index" / "entities.json"
    first_half_written, second_saved = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow(out: BinaryIO) -> None:  # a large index: the other thread saves while this one is half way
        out.write(b"A" * 1000)
        first_half_written.set()
        assert second_saved.wait(timeout=60)
        out.write(b"A" * 1000)

    def run_slow() -> None:
        try:
            atomic_write(path, slow)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=run_slow)
    thread.start()
    assert first_half_written.wait(timeout=60)
    try:
        atomic_write(path, lambda out: out.write(b"B" * 3000))
    finally:
        second_saved.set()
        thread.join()
    assert errors == []
    assert path.read_bytes() == b"A" * 2000  # the last save, whole
    assert [p.name for p in path.parent.iterdir()] == ["entities.json"]  # no temporary file left


def _dead_pid() -> int:
    """A process id no process has now: a child that has ended and been waited for."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_files_of_a_killed_save_are_removed_by_the_next_writer(
    demo_root: Path, tmp_path: Path
) -> None:
    """kill -9 in the middle of a save leaves its temporary file (a search index's is tens of megabytes); nothing
    ever read or removed them, so every crash left one more. The next copy to open the folder for writing removes
    those of processes that are gone, and the indexes beside them load as usual."""
    import os
    import shutil

    from feeds.enrich import RelatedService
    from feeds.search.service import SearchService
    from feeds.store import Store

    root = tmp_path / "store"
    shutil.copytree(demo_root, root)
    with Store(root) as store:
        SearchService(store).open()
    dead, alive = _dead_pid(), os.getpid()
    partial = (root / "index" / "search.idx").read_bytes()[:5000]
    left = [
        root / "index" / f".search.idx.{dead}.tmp",
        root / "index" / f".related.npz.{dead}-140245.tmp",
        root / "stories" / f".{next((root / 'stories').iterdir()).name}.{dead}.tmp",
        root / f".feeds.json.{dead}.baktmp",
    ]
    for path in left:
        path.write_bytes(partial)
    someone_elses = root / "index" / f".search.idx.{alive}-1.tmp"  # a live process's: not ours to remove
    someone_elses.write_bytes(partial)

    with Store(root, readonly=True) as store:  # a read-only copy removes nothing
        assert all(path.exists() for path in left)
    with Store(root) as store:
        assert [path for path in left if path.exists()] == []
        assert someone_elses.exists()
        assert SearchService(store).open() == (0, 0)  # the saved index is whole and current
        assert len(RelatedService(store).load_or_build()) > 0
