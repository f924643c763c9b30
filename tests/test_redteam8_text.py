"""Form feeds and vertical tabs between words: text copied out of a PDF (a form feed at each page break) into a
JSON Feed, or an HTML body (where a form feed is white space). They were dropped as the control characters they
are, gluing the words on either side: "end of page one.Start of page two", "Budget2027"."""

from __future__ import annotations

import json
from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server


def test_a_form_feed_or_vertical_tab_parts_words(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set(
        "/minutes.json",
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "Council",
                "items": [
                    {
                        "id": "1",
                        "title": "Minutes\fBudget\v2027",
                        "content_text": "end of page one.\fStart of page two\vand a line",
                    },
                    {"id": "2", "title": "Agenda", "content_html": "<p>first\fsecond</p>"},
                ],
            }
        ),
        content_type="application/feed+json",
    )
    assert newsdesk(tmp_path, "add", feed_server.url("/minutes.json")).returncode == 0
    listed = json.loads(newsdesk(tmp_path, "stories", "--json").stdout)
    by_title = {s["title"]: s["id"] for s in listed}
    assert "Minutes Budget 2027" in by_title, by_title
    shown = newsdesk(tmp_path, "show", by_title["Minutes Budget 2027"]).stdout
    assert "end of page one.\nStart of page two\nand a line" in shown, shown
    assert "first second" in newsdesk(tmp_path, "show", by_title["Agenda"]).stdout  # white space in HTML
    assert "\f" not in shown and "\v" not in shown
