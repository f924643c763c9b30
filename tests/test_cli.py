"""The `newsdesk` command run as a subprocess: exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.terminal import ctrl_c_as_a_terminal_sends_it

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "cli"
feed_server = httpserver.feed_server


def newsdesk(home: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=env, cwd=ROOT, input=input, timeout=120
    )


def fresh_run(home: Path, script: str, tag: str, config: Path | None = None) -> tuple[str, list[str]]:
    """``script`` (a command of ours run in-process, then a line starting ``tag`` written to stderr) in a fresh
    interpreter on the store ``home``: what it printed, and the words of its last ``tag`` line after the tag."""
    env = {
        **os.environ,
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_CONFIG": str(config or home / "no-config.toml"),
    }
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [line for line in run.stderr.splitlines() if line.startswith(f"{tag} ") or line == tag]
    return run.stdout, lines[-1].split()[1:]


def one_line_error(proc: subprocess.CompletedProcess[str], code: int, needle: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("newsdesk: ") and needle in lines[0], lines[0]


def test_version_and_help(tmp_path: Path) -> None:
    proc = newsdesk(tmp_path, "--version")
    assert proc.returncode == 0 and proc.stdout.startswith("newsdesk ")
    helptext = newsdesk(tmp_path, "--help").stdout
    for sub in ("add", "remove", "rename", "tag", "feeds", "import", "export", "refresh", "stories", "read"):
        assert f"    {sub}" in helptext
    assert "--data-dir" in helptext and "--demo" in helptext
    assert "$NEWSDESK_HOME" in helptext and "$NEWSDESK_CONFIG" in helptext  # the README's two variables


def test_every_option_and_argument_of_every_command_says_what_it_is() -> None:
    """`rename --help` listed "feed" and "title" with no word on them, `feeds --json` nothing, and a feed was
    "feed id, URL or title" in one command and unexplained in the next."""
    import argparse

    from tui.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, (name, action.dest)
    feed_help = {
        a.help
        for name in ("remove", "rename", "tag")
        for a in commands.choices[name]._actions
        if a.dest == "feed"
    }
    assert len(feed_help) == 1


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("remove", "nope"), 1, "no feed matches 'nope'"),
        (("refresh", "nope"), 1, "no feed matches 'nope'"),
        (("import", "/nonexistent/subs.opml"), 1, "cannot read"),
        (("add", "ftp://example.org/feed"), 1, "unsupported address"),
        (("add", "not a url at all"), 1, "not a URL"),
        (("add", "https://"), 1, "not a valid URL"),
        (("add", "http://[::1"), 1, "not a valid URL"),
        (("--data-dir", "", "feeds"), 2, "--data-dir: an empty path"),  # not the user's real data
        (("feeds", "--data-dir", ""), 2, "--data-dir: an empty path"),
        (("--config", "", "feeds"), 2, "--config: an empty path"),
        (("read", "zzzzzz"), 1, "no story with id"),
        (("stories", "--limit", "many"), 2, "invalid int value"),
        (("stories", "--limit", "-5"), 2, "--limit must be 0 or more"),  # was: every story, silently
        (("import", "--defaults", "subs.opml"), 2, "not both"),  # was: the defaults, the file ignored
        (("import",), 2, "a FILE (an OPML file, newsboat's urls file or its cache.db) or --defaults"),
        (("frobnicate",), 2, "invalid choice"),
        (("refresh",), 1, "no subscriptions to refresh: `newsdesk add URL` or `newsdesk import --defaults`"),
    ],
)
def test_user_mistakes_are_one_line_and_non_zero(
    tmp_path: Path, args: tuple[str, ...], code: int, needle: str
) -> None:
    one_line_error(newsdesk(tmp_path, *args), code, needle)


def test_import_help_names_each_kind_of_file_it_takes(tmp_path: Path) -> None:
    """The error without a FILE said "an OPML file" alone, though newsboat's urls file and cache.db import too."""
    helptext = " ".join(newsdesk(tmp_path, "import", "--help").stdout.split())
    assert "[FILE]" in helptext  # as the errors name it
    assert "an OPML file, newsboat's urls file or its cache.db" in helptext
    assert "- reads an OPML or urls file from standard input" in helptext  # the cache is refused from there


def test_broken_opml_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text('<opml version="2.0"><body><outline xmlUrl="https://a.example/rss"/>')
    one_line_error(newsdesk(tmp_path, "import", str(bad)), 1, "nothing imported")
    assert json.loads(newsdesk(tmp_path, "feeds", "--json").stdout) == []


def test_import_reads_opml_from_standard_input(tmp_path: Path) -> None:
    opml = '<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/rss"/></body></opml>'
    proc = newsdesk(tmp_path, "import", "-", input=opml)
    assert proc.returncode == 0 and "imported 1 feed," in proc.stdout, proc.stderr
    assert [f["url"] for f in json.loads(newsdesk(tmp_path, "feeds", "--json").stdout)] == [
        "https://a.example/rss"
    ]
    one_line_error(newsdesk(tmp_path, "import", "-", input="<opml"), 1, "standard input: ")


def test_a_feed_never_fetched_says_so(tmp_path: Path) -> None:
    """`feeds` listed a feed added with --no-check as "(ok never)"."""
    assert newsdesk(tmp_path, "add", "--no-check", "https://a.example/rss").returncode == 0
    proc = newsdesk(tmp_path, "feeds")
    assert proc.returncode == 0 and proc.stdout.rstrip().endswith("(not fetched yet)"), proc.stdout


def test_second_copy_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path):
        one_line_error(
            newsdesk(tmp_path, "add", "--no-check", "https://a.example/rss"), 1, "another newsdesk"
        )
        proc = newsdesk(tmp_path, "feeds", "--read-only")
        assert proc.returncode == 0, proc.stderr
        proc = newsdesk(tmp_path, "feeds")  # a listing reads beside the writer (tests/test_walk3_cli.py)
        assert proc.returncode == 0, proc.stderr


def test_a_command_that_writes_is_refused_read_only_in_words_before_it_starts(tmp_path: Path) -> None:
    """`--read-only import FILE` said "the store is open read-only (another newsdesk is writing to it)" with
    nobody writing; `add` fetched the feed before it was refused, and `refresh` fetched and kept nothing."""
    assert newsdesk(tmp_path, "add", "--no-check", "https://a.example/rss").returncode == 0
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body><outline xmlUrl="https://b.example/rss"/></body></opml>')
    with Store(tmp_path) as store:
        before = store.feeds()
    story = "0123456789abcdef"  # refused before any id is looked up
    for args, what in [
        (("import", str(opml)), "import"),
        (("add", "https://b.example/rss"), "add"),
        (("remove", "a.example"), "remove"),
        (("rename", "a.example", "A"), "rename"),
        (("tag", "a.example", "t"), "tag"),
        (("refresh",), "refresh"),
        (("read", story), "read"),
        (("unread", story), "unread"),
        (("bookmark", story), "bookmark"),
        (("unbookmark", story), "unbookmark"),
        (("bookmarks", "--import", str(opml)), "bookmarks --import"),
        (("search", "--save", "S", "rail"), "search --save"),
        (("search", "--delete", "S"), "search --delete"),
    ]:
        proc = newsdesk(tmp_path, "--read-only", *args)
        one_line_error(proc, 2, f"newsdesk: {what} writes to the data folder, and --read-only forbids it")
    with Store(tmp_path) as store:
        assert store.feeds() == before and store.bookmarks() == [] and store.saved_searches() == {}


def test_export_writes_into_a_fifo_or_through_a_symlink_without_replacing_it(tmp_path: Path) -> None:
    """export saved by renaming a new file over FILE: `export /dev/stdout` (or a FIFO, or any device) was
    replaced by a regular file, and a symlink by a copy. Written into instead; a symlink's target is saved."""
    home = tmp_path / "home"
    assert newsdesk(home, "add", "--no-check", "https://a.example/rss").returncode == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(
        fifo, os.O_RDONLY | os.O_NONBLOCK
    )  # a reader is there, so the export's open never blocks
    try:
        proc = newsdesk(home, "export", str(fifo))
        assert proc.returncode == 0, proc.stderr
        assert fifo.is_fifo()
        assert b"https://a.example/rss" in os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    target, link = tmp_path / "real.opml", tmp_path / "link.opml"
    target.write_text("old")
    link.symlink_to(target)
    assert newsdesk(home, "export", str(link)).returncode == 0
    assert link.is_symlink() and "https://a.example/rss" in target.read_text()


def test_a_repaired_store_is_reported_by_the_command_line(tmp_path: Path) -> None:
    """Only the reader showed what start-up did about a damaged file: `newsdesk feeds` quietly listed the backup's
    feeds (or none), and the one chance to learn that the file was moved aside went by."""
    home = tmp_path / "home"
    for url in ("https://a.example/rss", "https://b.example/rss"):
        assert newsdesk(home, "add", "--no-check", url).returncode == 0
    (home / "feeds.json").write_bytes(b"\x00garbage{")
    proc = newsdesk(home, "feeds")
    assert proc.returncode == 0 and "https://a.example/rss" in proc.stdout
    assert "newsdesk: feeds.json was damaged; the last good copy was used" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_ctrl_c_during_a_refresh_is_one_line(feed_server: FeedServer, tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: the parser's worker processes printed KeyboardInterrupt
    tracebacks, and the command then waited for a stalled feed's timeout before it exited."""
    home = tmp_path / "home"
    for n in range(12):  # enough bodies for the parser's process pool
        feed_server.set(f"/f{n}.xml", make_feed(n, 60))
        assert newsdesk(home, "add", "--no-check", feed_server.url(f"/f{n}.xml")).returncode == 0
    assert newsdesk(home, "add", "--no-check", feed_server.url("/stall")).returncode == 0
    exe = Path(sys.executable).with_name("newsdesk")
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    proc = subprocess.Popen(
        [str(exe), "refresh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=ctrl_c_as_a_terminal_sends_it,  # noqa: PLW1509 - no threads here
    )
    while feed_server.counts["/stall"] == 0 or sum(feed_server.counts.values()) < 13:
        assert proc.poll() is None
        time.sleep(0.05)  # every feed asked for: bodies are with the parser, and one fetch hangs
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip() == "newsdesk: interrupted", err


def test_import_names_the_addresses_it_skipped(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/rss"/>'
        '<outline text="js" xmlUrl="javascript:alert(1)"/></body></opml>'
    )
    proc = newsdesk(tmp_path / "home", "import", str(opml))
    assert proc.returncode == 0 and "imported 1 feed," in proc.stdout
    assert "skipped 1 address that cannot be a feed (such as 'javascript:alert(1)')" in proc.stderr


def test_import_tag_rename_export_roundtrip(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="World">'
        '<outline type="rss" text="Alpha" xmlUrl="https://a.example/rss"/></outline>'
        '<outline type="rss" text="Beta" xmlUrl="https://b.example/rss"/></body></opml>'
    )
    home = tmp_path / "home"
    proc = newsdesk(home, "import", str(opml))
    assert proc.returncode == 0 and "imported 2 feeds" in proc.stdout
    assert "skipped 2" in newsdesk(home, "import", str(opml)).stdout
    assert newsdesk(home, "rename", "beta", "Beta Daily").returncode == 0
    assert newsdesk(home, "tag", "Beta Daily", "tech", "europe").returncode == 0
    out = tmp_path / "out.opml"
    assert newsdesk(home, "export", str(out)).returncode == 0
    other = tmp_path / "other"
    assert newsdesk(other, "import", str(out)).returncode == 0
    got = {
        (f["url"], f["title"], tuple(f["tags"]))
        for f in json.loads(newsdesk(other, "feeds", "--json").stdout)
    }
    assert got == {
        ("https://a.example/rss", "Alpha", ("World",)),
        ("https://b.example/rss", "Beta Daily", ("tech", "europe")),
    }
    assert newsdesk(home, "remove", "Alpha").returncode == 0
    assert [f["title"] for f in json.loads(newsdesk(home, "feeds", "--json").stdout)] == ["Beta Daily"]


def test_demo_applies_to_commands_too(tmp_path: Path) -> None:
    """`--demo` is the demo's data for a command as for the reader (set up on first use), never the user's."""
    listed = newsdesk(tmp_path, "--demo", "stories", "--json")
    assert listed.returncode == 0, listed.stderr
    stories = json.loads(listed.stdout)
    assert len(stories) >= 40 and all(s["title"] for s in stories)
    found = newsdesk(tmp_path, "--demo", "search", "Starliner")
    assert found.returncode == 0 and "Starliner" in found.stdout, found.stderr
    assert (tmp_path / "demo" / "feeds.json").is_file()
    mine = newsdesk(tmp_path, "stories")  # the user's own store: still nothing subscribed
    assert mine.returncode == 0 and "Starliner" not in mine.stdout
    assert json.loads(newsdesk(tmp_path, "--demo", "feeds", "--json").stdout)  # set up once, then reused
