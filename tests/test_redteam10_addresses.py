"""Subscription addresses far longer than any server takes, in an OPML file given to the installed `newsdesk
import` and on the command line to `add`, into a data folder in a temporary directory."""

from __future__ import annotations

from pathlib import Path

from feeds.html import MAX_URL
from feeds.store import Store
from feeds.subscribe import MAX_ADDRESS
from tests.test_cli import newsdesk, one_line_error

HUGE = "https://huge.example/feed?" + "x" * 1_000_000


def test_an_opml_address_of_a_megabyte_is_not_subscribed(tmp_path: Path) -> None:
    """Such a feed was subscribed, failed every refresh ("invalid URL: URL too long") and its megabyte, with the
    megabyte of its site address, was written to feeds.json (and its backup) on every save. Site addresses that
    are no http(s) address (``javascript:``) went back out in every export."""
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline type="rss" text="Huge" xmlUrl="{HUGE}" htmlUrl="https://huge.example/"/>'
        f'<outline type="rss" text="Big site" xmlUrl="https://a.example/feed" htmlUrl="{HUGE}"/>'
        '<outline type="rss" text="Script" xmlUrl="https://b.example/feed" htmlUrl="javascript:alert(1)"/>'
        '<outline type="rss" text="Plain" xmlUrl="https://c.example/feed" htmlUrl="https://c.example/"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    home = tmp_path / "data"
    proc = newsdesk(home, "import", str(opml))
    assert proc.returncode == 0, proc.stderr
    assert "imported 3 feeds" in proc.stdout
    (said,) = [line for line in proc.stderr.splitlines() if line.startswith("skipped")]
    assert "1 address that cannot be a feed" in said and len(said) < 200
    with Store(home, readonly=True) as store:
        sites = {f.title: f.site_url for f in store.feeds()}
    assert sites == {"Big site": "", "Script": "", "Plain": "https://c.example/"}
    assert (home / "feeds.json").stat().st_size < 10_000
    exported = newsdesk(home, "export").stdout
    assert "javascript:" not in exported and 'htmlUrl="https://c.example/"' in exported


def test_add_refuses_an_address_longer_than_a_link_is_kept(tmp_path: Path) -> None:
    assert MAX_ADDRESS == MAX_URL  # one cap: a story's link, a redirect followed for good, a subscription
    home = tmp_path / "data"
    too_long = "https://long.example/" + "y" * MAX_ADDRESS
    one_line_error(newsdesk(home, "add", "--no-check", too_long), 1, "characters long")
    assert newsdesk(home, "feeds").stdout == ""
    longest = "https://long.example/" + "y" * (MAX_ADDRESS - len("https://long.example/"))
    assert newsdesk(home, "add", "--no-check", longest).returncode == 0
