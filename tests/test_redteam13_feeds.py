"""Feeds as blog engines, forums, code hosts and link aggregators write them, that a thirteenth red-team pass found
read wrongly: WordPress's shortcodes, Reddit's and Lemmy's bylines, Hugo's and Jekyll's footnotes, Medium's title
heading, Lemmy's and Zola's authors, Bluesky's untitled posts, a government feed's DOCTYPE entities. Served from
127.0.0.1, subscribed with the installed command and read as a user reads them (`stories --json`, `show`), then
refreshed again into the same store for ids and read marks."""

from __future__ import annotations

from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam12_feeds import subscribed

feed_server = httpserver.feed_server


PREFECTURE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY nbsp "&#160;"> <!ENTITY eacute "&#233;">]>
<rss version="2.0"><channel><title>Pr&eacute;fecture</title><link>https://pref.example/</link><description>News</description>
<item><title>Arr&ecirc;t&eacute;&nbsp;du 6 d&eacute;cembre</title><link>https://pref.example/a/1</link>
<description>Un arr&ecirc;t&eacute; &amp; un d&eacute;cret.</description><pubDate>Sun, 06 Dec 2026 09:00:00 +0100</pubDate></item>
</channel></rss>"""


def test_entities_a_doctype_declares_beside_ones_it_does_not(tmp_path: Path, feed_server: FeedServer) -> None:
    """A government feed that declares the HTML entities it uses in its DOCTYPE (``<!ENTITY eacute "&#233;">``)
    and uses one more it did not (``&ecirc;``) is no well-formed XML, and feedparser's forgiving parser read each
    declared one as "&" + its character + ";": "Pr&é;fecture", "Arrêt&é;& ;du 6 d&é;cembre". Each is its
    character."""
    (story,) = subscribed(tmp_path, feed_server, "/communiques.xml", PREFECTURE)
    assert story["title"] == "Arrêté du 6 décembre", story
    assert story["shown"].startswith(story["title"] + "\nPréfecture · "), story["shown"]
    assert story["shown"].endswith("\n\nUn arrêté & un décret.\n"), story["shown"]
