"""`newsdesk search` as people type it, with the installed command over feeds served from 127.0.0.1: words to
leave out given as arguments of their own, and names asked for in a store whose names were never found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

NEWS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
    "<link>https://wire.example/</link>"
    "<item><title>Election called</title><link>https://wire.example/1</link>"
    "<description>Keir Starmer called the election in London on Monday.</description></item>"
    "<item><title>Election result</title><link>https://wire.example/2</link>"
    "<description>Hamas and Israel were far from the election, said Keir Starmer.</description></item>"
    "<item><title>Harvest in Kent</title><link>https://wire.example/3</link>"
    "<description>Farmers in Kent brought the harvest in early.</description></item>"
    "</channel></rss>"
)


def _titles(home: Path, *args: str) -> list[str]:
    proc = newsdesk(home, "search", *args, "--json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return sorted(s["title"] for s in json.loads(proc.stdout))


@pytest.fixture
def home(tmp_path: Path, feed_server: FeedServer) -> Path:
    feed_server.set("/wire.xml", NEWS)
    assert newsdesk(tmp_path, "add", feed_server.url("/wire.xml")).returncode == 0
    return tmp_path


def test_a_word_to_leave_out_can_be_an_argument_of_its_own(home: Path) -> None:
    """`newsdesk search election -hamas` stopped at "unrecognized arguments", and `search -hamas election`
    printed the help: argparse read "-hamas" as "-h" and more."""
    assert _titles(home, "election", "-hamas") == ["Election called"]
    assert _titles(home, "-hamas", "election") == ["Election called"]
    assert _titles(home, "--limit", "5", "-election") == ["Harvest in Kent"]
    refused = newsdesk(home, "search", "--bogus", "election")  # an unknown option is still one
    assert refused.returncode == 2 and "--bogus" in refused.stderr
    assert newsdesk(home, "search", "-h").stdout.startswith("usage:")


def test_names_are_found_for_a_search_by_name(home: Path) -> None:
    """Names are found by the reader's background pass: in a store only used from the command line,
    `search person:Starmer` matched nothing and said nothing, though `entity` found him."""
    assert _titles(home, "person:Starmer") == ["Election called", "Election result"]
    assert _titles(home, "place:London") == ["Election called"]
    assert _titles(home, "org:Hamas", "-person:Starmer") == []


def test_generated_feed_names_too(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.set("/gen.xml", make_feed(3, 20))
    assert newsdesk(tmp_path, "add", feed_server.url("/gen.xml")).returncode == 0
    plain = _titles(tmp_path, "Rutte")
    assert plain and _titles(tmp_path, 'person:"Mark Rutte"')
