"""OPML exports that escaped their addresses twice, as they escaped their titles (`News &amp;amp; Views`, read
once since round 5): `xmlUrl="https://host/rss?section=world&amp;amp;format=rss"`.

The XML parser undoes one escape; the address was stored with the other, `?section=world&amp;format=rss`, so the
feed's server read a parameter named `amp;format` and sent its default feed, or an error, on every refresh (a
literal `&amp;` in an address is an escaping slip; no server names a parameter so). A query with a plain `&`,
and one with `&copy=` (which a full HTML unescape would make `©=`), are kept as written."""

from __future__ import annotations

from pathlib import Path

from feeds.store import Store
from tests.test_cli import newsdesk


def test_addresses_escaped_twice_are_read_once(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline text="World" xmlUrl="https://w.example/rss?section=world&amp;amp;format=rss"'
        ' htmlUrl="https://w.example/?section=world&amp;amp;lang=en"/>'
        '<outline text="Plain" xmlUrl="https://p.example/rss?a=1&amp;b=2"/>'
        '<outline text="Copy" xmlUrl="https://c.example/rss?id=7&amp;copy=1"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    proc = newsdesk(tmp_path, "import", str(opml))
    assert proc.returncode == 0, proc.stderr
    with Store(tmp_path, readonly=True) as store:
        feeds = {f.title: f for f in store.feeds()}
    assert feeds["World"].url == "https://w.example/rss?section=world&format=rss"
    assert feeds["World"].site_url == "https://w.example/?section=world&lang=en"
    assert feeds["Plain"].url == "https://p.example/rss?a=1&b=2"
    assert feeds["Copy"].url == "https://c.example/rss?id=7&copy=1"
    exported = newsdesk(tmp_path, "export").stdout  # and the export escapes each once
    assert 'xmlUrl="https://w.example/rss?section=world&amp;format=rss"' in exported, exported
