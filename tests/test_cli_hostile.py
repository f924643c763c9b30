"""The installed `newsdesk` command given odd arguments and hostile feeds: one clear line and a non-zero exit for a
mistake, nothing lost, and nothing secret printed."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.store import Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_bookmarks import make_story
from tests.test_cli import newsdesk, one_line_error

feed_server = httpserver.feed_server


def newsdesk_command() -> list[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]


def newsdesk_env(home: Path) -> dict[str, str]:
    return {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}


@pytest.mark.parametrize("ref", ["", "   "])
@pytest.mark.parametrize("command", ["remove", "rename", "tag", "refresh"])
def test_an_empty_feed_name_names_no_feed(tmp_path: Path, command: str, ref: str) -> None:
    """`newsdesk remove "$UNSET"` unsubscribed the feed that had no title: '' equalled its empty title."""
    with Store(tmp_path) as store:
        untitled = store.add_feed("https://untitled.example/feed")  # no title yet: never fetched
        store.add_feed("https://other.example/feed", title="Other")
    args = [command, ref, "New title"] if command == "rename" else [command, ref]
    one_line_error(newsdesk(tmp_path, *args), 1, "an empty feed name names no feed")
    with Store(tmp_path, readonly=True) as store:
        assert {f.url for f in store.feeds()} == {
            "https://untitled.example/feed",
            "https://other.example/feed",
        }
        assert store.get_feed(untitled.id) == untitled


def test_a_refresh_read_through_head_still_refreshes_every_feed(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """`newsdesk refresh | head -1`: the first line after the reader left raised BrokenPipeError, which stopped
    the refresh there (exit 0, most feeds never fetched). The report may stop; the refresh must not."""
    urls = []
    for n in range(5):
        feed_server[f"/f{n}.xml"] = make_feed(n, 3)
        urls.append(feed_server.url(f"/slow/f{n}.xml?s={0.3 * n}"))  # one finishing after another
    with Store(tmp_path) as store:
        for url in urls:
            store.add_feed(url)
    proc = subprocess.Popen(
        [*newsdesk_command(), "refresh"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=newsdesk_env(tmp_path),
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    assert first.startswith("new"), first
    proc.stdout.close()  # as `head -1` does
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "5 feeds: 15 new stories, 0 failed" in stderr
    with Store(tmp_path, readonly=True) as store:
        assert len(store.headers()) == 15


def run_bytes(home: Path, *args: bytes | str) -> subprocess.CompletedProcess[bytes]:
    """The command with arguments as raw bytes, as a shell passes a Latin-1 variable."""
    return subprocess.run(
        [*newsdesk_command(), *args], capture_output=True, env=newsdesk_env(home), timeout=120
    )


def test_arguments_that_are_not_utf8_are_text_or_refused_in_words(tmp_path: Path) -> None:
    """Python reads such bytes as lone surrogates, which the store cannot save: every one of these was
    'internal error: TypeError: str is not valid UTF-8: surrogates not allowed'."""
    added = run_bytes(tmp_path, "add", "--no-check", "https://a.example/feed", "--title", b"Caf\xe9 news")
    assert added.returncode == 0, added.stderr
    assert run_bytes(tmp_path, "tag", "https://a.example/feed", b"t\xe9g").returncode == 0
    saved = run_bytes(tmp_path, "search", "--save", b"n\xe9me", b"caf\xe9")
    assert saved.returncode == 0, saved.stderr
    refused = run_bytes(tmp_path, "add", "--no-check", b"https://b.example/caf\xe9")
    assert refused.returncode == 1
    assert refused.stderr.decode().strip() == "newsdesk: the address is not valid UTF-8 text"
    with Store(tmp_path, readonly=True) as store:
        (feed,) = store.feeds()
        assert (feed.title, feed.tags) == ("Caf\ufffd news", ("t\ufffdg",))
        assert store.saved_searches() == {"n\ufffdme": "caf\ufffd"}
    listing = run_bytes(tmp_path, "feeds")
    assert listing.returncode == 0 and "Caf\ufffd news" in listing.stdout.decode()


def test_bookmark_notes_tags_and_imports_are_cleaned(tmp_path: Path) -> None:
    """A note with an OSC 52 clipboard write was stored and printed raw by `newsdesk bookmarks`; a note that is
    not UTF-8, or an imported one with a lone surrogate escape, was an internal error."""
    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/feed", title="A")
        story = make_story(feed.id, 1, published=1_700_000_000.0)
        store.save_stories(feed.id, [story])
    osc52 = "\x1b]52;c;cm0gLXJmIC8=\x07"
    noted = run_bytes(
        tmp_path, "bookmark", story.id, "--note", f"see{osc52} \x1b[31mthis", "--tag", f"t{osc52}"
    )
    assert noted.returncode == 0, noted.stderr
    assert run_bytes(tmp_path, "bookmark", story.id, "--note", b"caf\xe9 \x1b[2J").returncode == 0
    listing = run_bytes(tmp_path, "bookmarks")
    assert (
        listing.returncode == 0 and b"\x1b" not in listing.stdout and "caf\ufffd" in listing.stdout.decode()
    )
    exported = json.loads(run_bytes(tmp_path, "bookmarks", "--export", "json").stdout)
    assert exported["bookmarks"][0]["tags"] == ["t"]
    mark = exported["bookmarks"][0]
    mark["note"], mark["tags"], mark["story"]["title"] = "x\ud800y", ["\udfff"], "T\ud800"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(exported))  # "\ud800" escapes: valid JSON, lone surrogates once read
    assert run_bytes(tmp_path, "unbookmark", story.id).returncode == 0
    imported = run_bytes(tmp_path, "bookmarks", "--import", str(hostile))
    assert imported.returncode == 0, imported.stderr
    with Store(tmp_path, readonly=True) as store:
        (back,) = store.bookmarks()
        assert (back.note, back.tags, back.story.title) == ("x\ufffdy", ("\ufffd",), "T\ufffd")


def _limit_memory() -> None:
    """At most 2 GB of address space: the unbounded read shows as a MemoryError, not as a thrashing machine."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


@pytest.mark.parametrize(
    ("args", "stdin", "error"),
    [
        (("import", "/dev/zero"), None, "/dev/zero: the file is larger than 20 MB"),
        (("import", "-"), "/dev/zero", "standard input: the file is larger than 20 MB"),
        (("bookmarks", "--import", "/dev/zero"), None, "the file is larger than 256 MB"),
        (("bookmarks", "--import", "-"), "/dev/zero", "the file is larger than 256 MB"),
    ],
)
def test_an_endless_import_is_refused_without_reading_it_all(
    tmp_path: Path, args: tuple[str, ...], stdin: str | None, error: str
) -> None:
    """Both imports read the whole file before looking at its size: "internal error: MemoryError", after
    filling the memory."""
    with open(stdin or os.devnull, "rb") as source:
        proc = subprocess.run(
            [*newsdesk_command(), *args],
            stdin=source,
            capture_output=True,
            text=True,
            env=newsdesk_env(tmp_path),
            preexec_fn=_limit_memory,
            timeout=120,
        )
    one_line_error(proc, 1, error)


def _close_stdout() -> None:
    os.close(1)


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (("export",), 1, "standard output is closed: name a FILE to export to"),
        (("bookmarks", "--export", "md"), 1, "standard output is closed: name a FILE to export to"),
        (("refresh",), 0, ""),  # the report is lost, not the refresh
    ],
)
def test_a_closed_standard_output(
    tmp_path: Path, feed_server: FeedServer, args: tuple[str, ...], code: int, error: str
) -> None:
    """`newsdesk export >&-`: Python's sys.stdout is None, and these were "internal error: AttributeError"."""
    feed_server["/f.xml"] = make_feed(1, 3)
    with Store(tmp_path) as store:
        store.add_feed(feed_server.url("/f.xml"))
    proc = subprocess.run(
        [*newsdesk_command(), *args],
        stderr=subprocess.PIPE,
        text=True,
        env=newsdesk_env(tmp_path),
        preexec_fn=_close_stdout,
        timeout=120,
    )
    if error:
        one_line_error(proc, code, error)
    else:
        assert proc.returncode == code and proc.stderr.strip() == "1 feed: 3 new stories, 0 failed", (
            proc.stderr
        )
        with Store(tmp_path, readonly=True) as store:
            assert len(store.headers()) == 3


def _small_files() -> None:
    """No file may grow past 300 bytes (Python ignores SIGXFSZ: a longer write fails with EFBIG, as on a full
    disk)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))


@pytest.mark.parametrize("args", [("bookmarks", "--export", "md"), ("export",)])
def test_an_export_that_cannot_be_written_keeps_the_previous_one(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`bookmarks --export md FILE` wrote in place: a full disk left the previous export cut to nothing."""
    with Store(tmp_path) as store:
        feed = store.add_feed("https://a.example/feed", title="A feed with a long enough title " + "x" * 300)
        story = make_story(feed.id, 1, published=1_700_000_000.0)
        store.save_stories(feed.id, [story])
        store.bookmark(story.id, note="a note")
    target = tmp_path / "reading-list.txt"
    target.write_text("the previous export\n")
    proc = subprocess.run(
        [*newsdesk_command(), *args, str(target)],
        capture_output=True,
        text=True,
        env=newsdesk_env(tmp_path),
        preexec_fn=_small_files,
        timeout=120,
    )
    one_line_error(proc, 1, "the previous version is kept")
    assert target.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(target.name)] == [target.name]


def test_escape_sequences_in_a_feed_files_name_never_reach_the_terminal(tmp_path: Path) -> None:
    """A local feed without a title is named by its path: an OSC title-setting sequence and a CSI colour in a
    file's name were printed raw by add, feeds and refresh (and shown by the reader)."""
    evil = tmp_path / "evil\x1b]0;pwned\x07\x1b[31m.xml"
    evil.write_text('<rss version="2.0"><channel><item><guid>1</guid><title>x</title></item></channel></rss>')
    outputs = [run_bytes(tmp_path, "add", str(evil))]
    outputs += [run_bytes(tmp_path, *args) for args in (("feeds",), ("refresh",), ("add", str(evil)))]
    assert [p.returncode for p in outputs] == [0, 0, 0, 1]
    for proc in outputs:
        shown = proc.stdout + proc.stderr
        assert b"\x1b" not in shown and b"\x07" not in shown, shown
    assert str(tmp_path / "evil.xml").encode() in outputs[1].stdout


@pytest.mark.parametrize("command", [("import",), ("bookmarks", "--import")])
def test_an_error_naming_a_file_loses_the_escape_sequences_in_its_name(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """`newsdesk import ~/Downloads/*.opml`: the error line quoted the file's name with its OSC sequence."""
    evil = tmp_path / "list\x1b]0;pwned\x07\x1b[2J.opml"
    evil.write_text("not a list")
    proc = run_bytes(tmp_path, *command, str(evil))
    assert proc.returncode == 1 and b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr, proc.stderr
    assert str(tmp_path / "list.opml").encode() in proc.stderr
