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
