"""What a fifteenth walk, as a long-time newsboat user, found in the command line: the installed `newsdesk` run
on a fresh data folder, its help and its one-line errors read as a user reads them."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.terminal import Terminal, plain, read_until_exit
from tests.test_cli import newsdesk, one_line_error


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("add",), "the following arguments are required: URL (see `newsdesk add --help`)"),
        (
            ("tag",),
            "the following arguments are required: FEED (see `newsdesk tag --help`)",
        ),  # TAGs may be none
        (
            ("stories", "--limit", "x"),
            "argument --limit: invalid int value: 'x' (see `newsdesk stories --help`)",
        ),
        (("stories", "--unred"), "unrecognized arguments: --unred (see `newsdesk stories --help`)"),
        (("add", "--bogus", "x"), "unrecognized arguments: --bogus (see `newsdesk add --help`)"),
        (("--bogus",), "unrecognized arguments: --bogus (see `newsdesk --help`)"),
    ],
)
def test_a_usage_error_names_the_help_that_describes_it(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    """Every usage error said "(see `newsdesk --help`)", whose list of commands describes none of their arguments
    or options: `newsdesk add` with no URL, or `stories --unred`, sent the user to a page that did not help. A bare
    `newsdesk tag` said FEED and TAG were required, though `tag FEED` alone clears the tags."""
    proc = newsdesk(tmp_path, *args)
    one_line_error(proc, 2, said)


def test_each_commands_help_names_its_arguments_as_the_readme_does(tmp_path: Path) -> None:
    """The README writes `add URL`, `remove FEED`, `rename FEED TITLE`, `tag FEED [TAG...]`, `export [FILE]`,
    `show ID`, `bookmark ID`, `entity NAME`, `related ID`; the help said `url`, `feed`, `title`, `tags`, `file`,
    `id`, `STORY_ID`, `name` and `--limit LIMIT` beside "at most N stories", one command to the next."""
    usage = {
        "add": "URL",
        "remove": "FEED",
        "rename": "FEED TITLE",
        "tag": r"FEED \[TAG \.\.\.\]",
        "export": r"\[FILE\]",
        "show": "ID",
        "bookmark": "ID",
        "unbookmark": "ID",
        "entities": "ID",
        "entity": "NAME",
        "related": "ID",
        "stories": r"\[--limit N\]",
        "search": r"\[--limit N\]",
        "bookmarks": r"\[--export FORMAT \[FILE\]\]",  # one file at most: it said "[FILE ...]"
    }
    for command, words in usage.items():
        proc = newsdesk(tmp_path, command, "--help")
        assert proc.returncode == 0, proc.stderr
        text = " ".join(proc.stdout.split("\n\n")[0].split())  # the usage lines, joined
        assert re.search(rf"(^| ){words}( |$)", text), (command, text)


def test_an_unreadable_opml_file_is_named_once(tmp_path: Path) -> None:
    """`newsdesk import nofile.opml` said "nofile.opml: cannot read nofile.opml: No such file or directory"."""
    proc = newsdesk(tmp_path, "import", str(tmp_path / "nofile.opml"))
    one_line_error(
        proc, 1, f"cannot read {tmp_path / 'nofile.opml'}: No such file or directory; nothing imported"
    )
    assert proc.stderr.count("nofile.opml") == 1, proc.stderr
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body>")
    one_line_error(newsdesk(tmp_path, "import", str(bad)), 1, f"{bad}: not well-formed XML")


def test_a_newsboat_users_first_start_names_the_command_that_brings_their_feeds(tmp_path: Path) -> None:
    """With nothing subscribed the reader opens on the demo and said "`newsdesk add URL` or `newsdesk import
    --defaults`", though newsboat's subscriptions were right there in ~/.newsboat/urls: the notice names the import
    of the file newsboat keeps them in."""
    home = tmp_path / "home"
    (home / ".newsboat").mkdir(parents=True)
    (home / ".newsboat" / "urls").write_text("https://example.org/feed.xml\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "XDG_"))}
    env |= {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    with Terminal(cmd, env, rows=30, columns=120, cwd=tmp_path) as terminal:
        seen = bytearray()
        assert terminal.wait_for(seen, "import ~/.newsboat/urls", 60), plain(seen)[-800:]
        os.write(terminal.master, b"q")
        read_until_exit(terminal.proc, terminal.master, 30)
        assert terminal.proc.wait(10) == 0


@pytest.mark.parametrize("args", [("--help",), ("stories", "--help")])
def test_the_help_says_where_the_data_lives(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`--data-dir DIR  where the data lives` named no folder, where `--config` names its default one."""
    proc = newsdesk(tmp_path, *args)
    text = " ".join(proc.stdout.split())
    assert "--data-dir DIR where the data lives (else $NEWSDESK_HOME, else the XDG data folder," in text, text
    assert "~/.local/share/newsdesk" in text
