"""One feed written several ways is one subscription: percent-escapes (RFC 3986 section 6.2.2), a local file as
a path or a ``file:`` URL, an international host name or its IDNA form. The address stays as the user gave it;
only the comparison changes. Real store, real HTTP server on 127.0.0.1, the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from feeds.refresh import refresh
from feeds.store import DuplicateFeed, Store
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk, one_line_error

feed_server = httpserver.feed_server


def _urls(home: Path) -> list[str]:
    return [row["url"] for row in json.loads(newsdesk(home, "feeds", "--json").stdout)]


def test_a_space_and_its_escape_are_one_subscription(feed_server: FeedServer, tmp_path: Path) -> None:
    """Written "a b.xml" and "a%20b.xml", one feed was two subscriptions: each story stored and shown twice."""
    feed_server.set("/news feed.xml", make_feed(31, 4))
    written = feed_server.url("/news feed.xml")
    added = newsdesk(tmp_path, "add", written)
    assert added.returncode == 0 and "4 stories" in added.stdout, added.stderr
    for again in ("/news%20feed.xml", "/%6Eews%20feed.xml", "/news%20feed.xml?"):
        one_line_error(newsdesk(tmp_path, "add", feed_server.url(again)), 1, "already subscribed to")
    assert _urls(tmp_path) == [written]  # kept as given
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{feed_server.url("/news%20feed.xml")}"/>'
                    "</body></opml>")  # fmt: skip
    imported = newsdesk(tmp_path, "import", str(opml))
    assert "imported 0 feeds, skipped 1 already subscribed" in imported.stdout, imported.stderr
    assert newsdesk(tmp_path, "refresh").returncode == 0
    (row,) = json.loads(newsdesk(tmp_path, "feeds", "--json").stdout)
    assert row["stories"] == 4 and row["url"] == written


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/~user/feed", "/%7Euser/feed"),  # an unreserved character escaped
        ("/%7euser/feed", "/~user/feed"),
        ("/a%2fb/feed", "/a%2Fb/feed"),  # the case of an escape's hex
        ("/a b.xml", "/a%20b.xml"),  # a character no address may hold, as it is and escaped
        ("/nachrichten/über.xml", "/nachrichten/%C3%BCber.xml"),
        ("/%c3%bcber.xml", "/%C3%BCber.xml"),
        ("/a|b.xml", "/a%7cb.xml"),
        ("/feed?q=world news", "/feed?q=world%20news"),
        ("/feed?tag=%7e", "/feed?tag=~"),
        ("/a/./feed", "/a/feed"),  # dot segments: the HTTP client sends the path without them
        ("/a/x/../feed", "/a/feed"),
        ("/%2E/feed", "/feed"),
    ],
)
def test_addresses_that_differ_in_escapes_only_are_one_subscription(
    tmp_path: Path, first: str, second: str
) -> None:
    with Store(tmp_path / "data") as store:
        store.add_feed(f"https://example.org{first}")
        with pytest.raises(DuplicateFeed, match="already subscribed to"):
            store.add_feed(f"https://example.org{second}")
        with pytest.raises(DuplicateFeed):
            store.add_feeds(
                [("https://example.net/other", "", (), ""), (f"HTTPS://Example.org{second}", "", (), "")]
            )
    with Store(tmp_path / "data") as store:
        assert [f.url for f in store.feeds()] == [f"https://example.org{first}"]  # as given, not rewritten


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/a%2Fb/feed", "/a/b/feed"),  # an escaped "/" is part of a name, not a folder
        ("/feed?q=a+b", "/feed?q=a%20b"),  # "+" is a space only to some servers
        ("/feed?a=%26b", "/feed?a=&b"),  # an escaped reserved character is data, not a separator
        ("/Feed", "/feed"),  # a path's case matters
        ("/%41", "/%61"),
        ("/%zz", "/%25zz"),  # a "%" that starts no escape is sent as it is
    ],
)
def test_addresses_that_name_two_resources_stay_two(tmp_path: Path, first: str, second: str) -> None:
    with Store(tmp_path / "data") as store:
        added = store.add_feeds([(f"https://example.org{first}", "", (), ""), (f"https://example.org{second}", "", (), "")])  # fmt: skip
        assert len(added) == 2


def _newsdesk_in(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command (as :func:`tests.test_cli.newsdesk` runs it) in the folder ``cwd``."""
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])  # for "-m tui.cli" from another folder
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_a_local_file_as_a_path_or_a_file_url_is_one_subscription(tmp_path: Path) -> None:
    """A file as "file:///x/y.xml" and as "/x/y.xml" was two subscriptions, and so was a path given relative to
    the folder `add` ran in (which `add` makes absolute)."""
    home, folder = tmp_path / "home", tmp_path / "my feeds"
    folder.mkdir()
    path = folder / "world news.xml"
    path.write_bytes(make_feed(32, 5))
    url = path.as_uri()  # file:///.../my%20feeds/world%20news.xml
    added = newsdesk(home, "add", url)
    assert added.returncode == 0 and "5 stories" in added.stdout, added.stderr
    for again in (str(path), f"file://localhost{quote(str(path))}", f"FILE:{path}"):
        one_line_error(newsdesk(home, "add", again), 1, "already subscribed to")
    one_line_error(_newsdesk_in(tmp_path, home, "add", "my feeds/world news.xml"), 1, "already subscribed to")
    one_line_error(_newsdesk_in(folder, home, "add", "./world news.xml"), 1, "already subscribed to")
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{path}"/></body></opml>', encoding="utf-8")
    imported = newsdesk(home, "import", str(opml))
    assert "imported 0 feeds, skipped 1 already subscribed" in imported.stdout, imported.stderr
    assert _urls(home) == [url]
    assert newsdesk(home, "refresh").returncode == 0
    (row,) = json.loads(newsdesk(home, "feeds", "--json").stdout)
    assert row["stories"] == 5


def test_an_international_host_and_its_idna_form_are_one_subscription(tmp_path: Path) -> None:
    """ "bücher.example" and "xn--bcher-kva.example" are one host to every client (ours sends the second)."""
    added = newsdesk(tmp_path, "add", "--no-check", "http://bücher.example/feed")
    assert added.returncode == 0, added.stderr
    for again in (
        "http://xn--bcher-kva.example/feed",
        "HTTP://BÜCHER.example:80/feed",
        "http://XN--BCHER-KVA.EXAMPLE/feed",
    ):
        one_line_error(newsdesk(tmp_path, "add", "--no-check", again), 1, "already subscribed to")
    assert _urls(tmp_path) == ["http://bücher.example/feed"]
    with Store(tmp_path) as store:
        with pytest.raises(DuplicateFeed):
            store.add_feed("http://xn--bcher-kva.example/feed")
        assert store.resolve_feed("http://xn--bcher-kva.example/feed").url == "http://bücher.example/feed"


def test_a_host_with_no_idna_form_is_compared_as_written(tmp_path: Path) -> None:
    """IDNA 2008 (what the HTTP client uses) has no form for "☃": the key keeps the name, nothing raises, and a
    refresh fails that feed in words."""
    with Store(tmp_path / "data") as store:
        snowman = store.add_feed("http://☃.invalid/feed", title="Snowman")
        with pytest.raises(DuplicateFeed):
            store.add_feed("http://☃.INVALID:80/feed")
        store.add_feed("http://xn--n3h.invalid/feed")  # IDNA 2003's form: not what the client would send
        (result,) = refresh(store, [snowman])
        assert (
            result.outcome == "failed"
            and result.error == "invalid URL: the host name is not a valid domain name"
        )


def test_a_file_reached_through_a_link_is_one_subscription(tmp_path: Path) -> None:
    """`add` subscribes a path with its links followed ("/tmp/x.xml" is "/private/tmp/x.xml" on macOS); the same
    file as a "file:" URL through the link, or as the path through it, was a second subscription."""
    home, real = tmp_path / "home", tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (real / "feed.xml").write_bytes(make_feed(33, 2))
    through_link = tmp_path / "link" / "feed.xml"
    added = newsdesk(home, "add", str(through_link))
    assert added.returncode == 0, added.stderr
    assert _urls(home) == [str(real / "feed.xml")]
    one_line_error(newsdesk(home, "add", through_link.as_uri()), 1, "already subscribed to")
    other = tmp_path / "other"
    assert newsdesk(other, "add", through_link.as_uri()).returncode == 0  # the other order
    one_line_error(newsdesk(other, "add", str(real / "feed.xml")), 1, "already subscribed to")
    assert _urls(other) == [through_link.as_uri()]


def test_an_import_compares_real_paths_as_add_does(tmp_path: Path) -> None:
    """An OPML file listing a local file through a symbolic link and by its real path gave two subscriptions of
    one file, while `add` says "already subscribed"; and so did importing one after `add` of the other."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (real / "feed.xml").write_bytes(make_feed(34, 2))
    through_link, by_real = tmp_path / "link" / "feed.xml", real / "feed.xml"
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Linked" xmlUrl="{through_link}"/>'
        f'<outline text="Real" xmlUrl="{by_real.as_uri()}"/></body></opml>'
    )
    home = tmp_path / "home"
    imported = newsdesk(home, "import", str(opml))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("imported 1 feed (1 of them listed twice or more"), imported.stdout
    assert "skipped 0 already subscribed" in imported.stdout
    assert _urls(home) == [str(through_link)]
    one_line_error(newsdesk(home, "add", str(by_real)), 1, "already subscribed to")

    other = tmp_path / "other"
    assert newsdesk(other, "add", str(through_link)).returncode == 0  # stored by its real path
    again = newsdesk(other, "import", str(opml))
    assert "imported 0 feeds, skipped 2 already subscribed" in again.stdout, again.stdout + again.stderr
    assert _urls(other) == [str(by_real)]
