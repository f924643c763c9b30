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
