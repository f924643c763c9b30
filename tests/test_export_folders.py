"""Exports (`newsdesk export FILE`, `newsdesk bookmarks --export FORMAT FILE`) into a folder that is not there, run
as the installed command: the folders were made without a word, so a typo in the path (~/Documnets/subs.opml) put
the export where no one would look; a folder that is a file said "could not save subs.opml: File exists". Like
cp, curl -o and a shell's `>`, newsdesk makes no folder: it says which one is missing, writes nothing, exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import newsdesk, one_line_error

COMMANDS = [("export",), ("bookmarks", "--export", "json"), ("bookmarks", "--export", "md")]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_export_into_a_missing_folder_is_refused(tmp_path: Path, command: tuple[str, ...]) -> None:
    missing = tmp_path / "Documnets" / "backups"
    proc = newsdesk(tmp_path / "data", *command, str(missing / "export.out"))
    one_line_error(proc, 1, f"{str(missing)!r} does not exist")
    assert not (tmp_path / "Documnets").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_an_export_into_a_file_taken_for_a_folder_is_refused(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "notes.txt").write_text("kept\n")
    proc = newsdesk(tmp_path / "data", *command, str(tmp_path / "notes.txt" / "export.out"))
    one_line_error(proc, 1, f"{str(tmp_path / 'notes.txt')!r} is not a folder")
    assert (tmp_path / "notes.txt").read_text() == "kept\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_an_export_into_a_folder_that_is_there_is_written(tmp_path: Path, command: tuple[str, ...]) -> None:
    (tmp_path / "out").mkdir()
    proc = newsdesk(tmp_path / "data", *command, str(tmp_path / "out" / "export.out"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "export.out").stat().st_size > 0
