"""A feed address with a login (``http://user:password@host/feed``) whose server redirects it, as servers write
redirects: to a whole address without the login (Apache's ``/feed`` -> ``http://host/feed/``, a move to https).

The login was dropped at the first hop: the new address was requested without it (a protected feed answers 401),
and a move for good stored the address without it, so the feed failed from then on and the user had to find
and type the password again. On the same host it is kept, as curl keeps it; to another host (or port) it is
never sent."""

from __future__ import annotations

import base64
from pathlib import Path

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server
LOGIN = "Basic " + base64.b64encode(b"bob:hunter2").decode()


def with_login(url: str) -> str:
    return url.replace("http://", "http://bob:hunter2@", 1)


def test_a_move_on_the_same_host_keeps_the_feeds_login(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server["/private/feed/"] = make_feed(1, 3)
    feed_server.move("/private/feed", feed_server.url("/private/feed/"), 301)  # the trailing slash, whole
    added = newsdesk(tmp_path, "add", with_login(feed_server.url("/private/feed")))
    assert added.returncode == 0, added.stderr
    assert feed_server.headers("/private/feed/").get("authorization") == LOGIN  # it went without: a 401
    exported = newsdesk(tmp_path, "export").stdout
    assert f'xmlUrl="{with_login(feed_server.url("/private/feed/"))}"' in exported, exported
    assert "hunter2" not in added.stdout + added.stderr
    feed_server.reset_stats()
    refreshed = newsdesk(tmp_path, "refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    assert feed_server.count("/private/feed") == 0  # the move was taken for good
    assert feed_server.headers("/private/feed/").get("authorization") == LOGIN


def test_a_temporary_redirect_on_the_same_host_sends_the_login_each_time(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server["/today.xml"] = make_feed(2, 3)
    feed_server.move("/latest", feed_server.url("/today.xml"), 302)
    assert newsdesk(tmp_path, "add", with_login(feed_server.url("/latest"))).returncode == 0
    assert feed_server.headers("/today.xml").get("authorization") == LOGIN
    feed_server.reset_stats()
    assert newsdesk(tmp_path, "refresh").returncode == 0
    assert feed_server.count("/latest") == 1  # still asked first: the move is not for good
    assert feed_server.headers("/today.xml").get("authorization") == LOGIN


def test_the_login_never_goes_to_another_host_or_port(tmp_path: Path, feed_server: FeedServer) -> None:
    with FeedServer() as other:
        other["/feed.xml"] = make_feed(3, 3)
        feed_server.move("/away", other.url("/feed.xml"), 301)
        added = newsdesk(tmp_path, "add", with_login(feed_server.url("/away")))
        assert added.returncode == 0, added.stderr
        assert feed_server.headers("/away").get("authorization") == LOGIN
        assert "authorization" not in other.headers("/feed.xml")
        exported = newsdesk(tmp_path, "export").stdout
        assert f'xmlUrl="{other.url("/feed.xml")}"' in exported, exported
        assert "hunter2" not in exported


def test_a_refused_login_is_not_called_a_missing_one(tmp_path: Path, feed_server: FeedServer) -> None:
    """A 401 to an address that carries a login said "the server wants a login", as if none had been given:
    the user looked for where to put one. It says the login was refused; without one, that it wants one; a 407
    is the proxy's wish, not the server's."""
    refused = newsdesk(tmp_path, "add", with_login(feed_server.url("/status/401")))
    assert refused.returncode == 1
    assert "the server refused the login in the address (401 Unauthorized)" in refused.stderr, refused.stderr
    assert "hunter2" not in refused.stderr
    wanted = newsdesk(tmp_path, "add", feed_server.url("/status/401"))
    assert "the server wants a login (401 Unauthorized)" in wanted.stderr, wanted.stderr
    proxy = newsdesk(tmp_path, "add", feed_server.url("/status/407"))
    assert "a proxy wants a login (407 Proxy Authentication Required)" in proxy.stderr, proxy.stderr
