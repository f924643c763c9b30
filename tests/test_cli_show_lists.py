"""`newsdesk show` prints a story's list items as plain text: the no-break space that ends an item's label (what the
reader hangs the item's wrapped rows under) prints as a space, so a piped `grep "1. Unplug"` finds the item."""

from __future__ import annotations

import json
from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Help desk</title><link>https://help.example/</link>
<item><title>Resetting the router</title><link>https://help.example/reset</link>
<description>&lt;p&gt;Do this:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Unplug the router.&lt;/li&gt;
&lt;li&gt;Wait ten seconds.&lt;/li&gt;&lt;/ol&gt;&lt;ul&gt;&lt;li&gt;Then call us.&lt;/li&gt;&lt;/ul&gt;</description>
</item></channel></rss>"""


def test_show_prints_list_items_with_plain_spaces(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set("/help.xml", FEED)
    assert newsdesk(tmp_path, "add", feed_server.url("/help.xml")).returncode == 0
    (story,) = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    shown = newsdesk(tmp_path, "show", story["id"])
    assert shown.returncode == 0, shown.stderr
    assert "1. Unplug the router." in shown.stdout.splitlines()
    assert "2. Wait ten seconds." in shown.stdout.splitlines()
    assert "• Then call us." in shown.stdout.splitlines()
    assert "\u00a0" not in shown.stdout
