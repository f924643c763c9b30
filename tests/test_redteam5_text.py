"""Feed text as real publishers write it, served from 127.0.0.1, refreshed into a real store with the installed
command, then searched and printed: soft hyphens."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.text import clean_line, clean_text
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

# German news sites put soft hyphens (&shy;) in long words so browsers can break them.
SOFT_HYPHENS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Nachrichten</title>'
    "<link>https://n.example/</link><item><title>Die Bundes&#173;regierung plant Stra&#xAD;&#223;en&#173;bau"
    "</title><link>https://n.example/1</link><description>&lt;p&gt;Die Bundes&amp;shy;regierung tagt in"
    " Berlin.&lt;/p&gt;</description></item></channel></rss>"
)


def test_words_with_soft_hyphens_are_found_and_shown_whole(tmp_path: Path, feed_server: FeedServer) -> None:
    """Stored with its soft hyphens, "Bundes\\xadregierung" was never found by a search for "Bundesregierung",
    nor tagged as one word; terminals draw the invisible hyphen as a "-" or as nothing, so rows misaligned."""
    feed_server.set("/de.xml", SOFT_HYPHENS)
    assert newsdesk(tmp_path, "add", feed_server.url("/de.xml")).returncode == 0
    found = newsdesk(tmp_path, "search", "Bundesregierung", "--json")
    assert found.returncode == 0, found.stderr
    (story,) = json.loads(found.stdout)
    assert story["title"] == "Die Bundesregierung plant Straßenbau"
    assert len(json.loads(newsdesk(tmp_path, "search", "title:Straßenbau", "--json").stdout)) == 1
    shown = newsdesk(tmp_path, "show", story["id"])
    assert "Die Bundesregierung tagt in Berlin." in shown.stdout and "\xad" not in shown.stdout


def test_clean_text_drops_soft_hyphens() -> None:
    assert clean_line("Bundes\xadregierung") == "Bundesregierung"
    assert clean_text("Stra\xadßen\xadbau\nzweite Zeile") == "Straßenbau\nzweite Zeile"
