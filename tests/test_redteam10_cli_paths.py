"""Paths that begin with ``~`` and a name that is no user's, given to the installed command: the slash forgotten
in ``~Downloads/subs.opml``, or a name typed for ``~/``. The shell leaves such a word as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.paths import expand_user
from tests.test_cli import newsdesk, one_line_error

NO_USER = "~no-such-user-here"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("import", f"{NO_USER}/subs.opml"), "No such file or directory"),
        (("add", f"{NO_USER}/feed.xml"), "no such file"),
        (("bookmarks", "--import", f"{NO_USER}/bookmarks.json"), "No such file or directory"),
    ],
)
def test_a_tilde_that_names_no_user_is_a_path_as_written(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    """``Path.expanduser`` raised RuntimeError for it: every command ended in "newsdesk: internal error:
    RuntimeError: Could not determine home directory.", naming neither the path nor what was wrong with it."""
    proc = newsdesk(tmp_path, *args)
    one_line_error(proc, 1, said)
    assert "internal error" not in proc.stderr and NO_USER in proc.stderr


def test_a_config_path_with_such_a_tilde_is_a_missing_file(tmp_path: Path) -> None:
    """A config named on the command line must be there: said as for any other missing file."""
    one_line_error(
        newsdesk(tmp_path, "--config", f"{NO_USER}/config.toml", "feeds"), 1, f"no config file at {NO_USER}"
    )


def test_expand_user_still_expands_the_home_folder() -> None:
    assert expand_user("~/x") == Path.home() / "x"
    assert expand_user(f"{NO_USER}/x") == Path(f"{NO_USER}/x")


@pytest.mark.parametrize("folder", [".", "/", "..", "here"])
@pytest.mark.parametrize(
    "command", [("export",), ("bookmarks", "--export", "md"), ("bookmarks", "--export", "json")]
)
def test_an_export_to_a_folder_says_so(tmp_path: Path, folder: str, command: tuple[str, ...]) -> None:
    """`newsdesk export .` (a folder meant as where to put the file) ended in "internal error: ValueError:
    PosixPath('.') has an empty name"; a folder by its name in "could not save here: Is a directory; the previous
    version is kept", as if a previous export were there. Nothing is written."""
    (tmp_path / "here").mkdir()
    home = tmp_path / "data"
    proc = newsdesk(home, *command, str(tmp_path / folder) if folder == "here" else folder)
    one_line_error(proc, 1, "is a folder: name a file to export to")
    assert list((tmp_path / "here").iterdir()) == []


def test_an_empty_file_name_is_no_file(tmp_path: Path) -> None:
    one_line_error(newsdesk(tmp_path, "bookmarks", "--export", "json", ""), 2, "an empty FILE names no file")
