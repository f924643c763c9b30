"""A feed address with a login (``https://user:password@host/feed``): fetched as given and exported as given, but
the password never reaches the feed list, the errors screen, a notice or a line the command prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Retention, Store
from feeds.text import hide_password, without_login
from tests import httpserver
from tests.httpserver import FeedServer
from tests.snapshot_apps import messages, reader, refreshed, visible_rows
from tests.test_cli import newsdesk
from tui.screens.errors import ErrorsScreen

feed_server = httpserver.feed_server
SECRET = "hunter2"


def with_login(server: FeedServer, path: str) -> str:
    return server.url(path).replace("http://", f"http://bob:{SECRET}@")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://bob:hunter2@news.example/feed?a=1@b", "https://bob:***@news.example/feed?a=1@b"),
        ("https://a:b:c@d@news.example:8080/x#@", "https://a:***@news.example:8080/x#@"),
        ("https://TOKEN@news.example/feed", "https://***@news.example/feed"),  # a token alone is a secret too
        ("https://news.example/a@b", "https://news.example/a@b"),  # an @ in the path is no login
        ("https://news.example/feed", "https://news.example/feed"),
        ("/home/bob/a:b@c.xml", "/home/bob/a:b@c.xml"),
        ("/tmp/evil\x1b]0;pwned\x07\x1b[31m.xml", "/tmp/evil.xml"),  # shown, so cleaned like any outside text
    ],
)
def test_hide_password(url: str, shown: str) -> None:
    assert hide_password(url) == shown


@pytest.mark.parametrize(
    ("url", "exported"),
    [
        ("https://bob:hunter2@news.example/feed?a=1@b", "https://news.example/feed?a=1@b"),
        ("https://a:b:c@d@news.example:8080/x#@", "https://news.example:8080/x#@"),
        ("https://TOKEN@news.example/feed", "https://news.example/feed"),
        ("https://news.example/a@b", "https://news.example/a@b"),
        ("/home/bob/a:b@c.xml", "/home/bob/a:b@c.xml"),
    ],
)
def test_a_bookmark_export_drops_the_login_hide_password_hides(url: str, exported: str) -> None:
    """One rule finds the login: what the feed list shows as ``***`` is what a bookmark export leaves out."""
    assert without_login(url) == exported
    assert without_login(hide_password(url)) == exported


def test_the_command_line_never_prints_the_password(tmp_path: Path, feed_server: FeedServer) -> None:
    failing = with_login(feed_server, "/status/500")
    proc = newsdesk(tmp_path, "add", failing)
    assert proc.returncode == 1 and "could not fetch http://bob:***@127.0.0.1" in proc.stderr
    outputs = [proc]
    outputs.append(newsdesk(tmp_path, "add", "--no-check", failing))
    assert outputs[-1].returncode == 0 and "added http://bob:***@" in outputs[-1].stdout
    outputs.append(newsdesk(tmp_path, "refresh"))
    assert outputs[-1].returncode == 3 and "http://bob:***@" in outputs[-1].stdout
    outputs.append(newsdesk(tmp_path, "feeds"))
    assert "FAILING" in outputs[-1].stdout
    outputs.append(newsdesk(tmp_path, "add", failing))  # already subscribed
    assert outputs[-1].returncode != 0
    outputs.append(newsdesk(tmp_path, "remove", failing))  # the address as given still names the feed
    assert outputs[-1].returncode == 0 and "removed http://bob:***@" in outputs[-1].stdout
    for proc in outputs:
        assert SECRET not in proc.stdout + proc.stderr, (proc.args, proc.stdout, proc.stderr)
    newsdesk(tmp_path, "add", "--no-check", failing)
    assert SECRET in newsdesk(tmp_path, "export").stdout  # the subscription itself keeps its login


@pytest.mark.anyio
async def test_the_reader_never_shows_the_password(tmp_path: Path, feed_server: FeedServer) -> None:
    with Store(tmp_path / "data", retention=Retention(0)) as store:
        store.add_feed(with_login(feed_server, "/status/500"))
        store.add_feed(with_login(feed_server, "/status/404"), title="Titled")
        refresh(store)
        app = reader(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.main_screen
            rows = visible_rows(screen.feed_list)
            assert any("bob:***@" in row for row in rows), rows
            await refreshed(pilot, app, "R")
            await pilot.press("e")
            errors = app.screen
            assert isinstance(errors, ErrorsScreen)
            listed = errors.error_list
            listing = [listed.text_of(i) for i in range(listed.row_count())]
            assert len(listing) == 2 and all("bob:***@127.0.0.1" in entry for entry in listing), listing
            shown = "\n".join([*rows, *visible_rows(screen.feed_list), *listing, *messages(app)])
            assert SECRET not in shown
