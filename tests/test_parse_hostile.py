"""The parser on hostile input (terminal escapes, a huge title, random bytes and fields): it cleans what it keeps
and never raises; and it runs in a process pool, as the refresh runs it."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.parse import ParsedFeed, parse_feed
from feeds.text import MAX_TITLE
from tests.test_parse import FIXTURES, NOW, _json, item, parse, rss

# --- hostile text -------------------------------------------------------------------------------------------


def test_hostile_title_text_is_cleaned() -> None:
    title = "[bold red]x[/] \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \u202eevil\u202c \x85c1\u009b \x07bell"
    body = f'{{"version": "https://jsonfeed.org/version/1.1", "items": [{{"id": "1", "title": {_json(title)},'
    body += (
        f' "content_text": {_json("a" + chr(27) + "[2Jb" + chr(0x9D) + "8;;http://x" + chr(7) + "c")}}}]}}'
    )
    story = parse_feed(body.encode(), "f").stories[0]
    assert (
        story.title == "[bold red]x[/] red evil c1 bell"
    )  # Rich markup is plain text: kept, never interpreted
    assert story.text == "abc"
    # (feedparser turns the C1 codes that are cp1252 printables, like \x85, into those: "…")
    xml_story = parse_feed(rss(item("Tab\u202ebidi \u0081c1 [i]x[/i]")), "f").stories[0]
    assert xml_story.title == "Tabbidi c1 [i]x[/i]"


def test_raw_escape_bytes_in_xml_are_stripped() -> None:
    story = parse_feed(rss(item("a\x1b[31mb\x00c\x08d")), "f").stories[0]  # not well-formed XML at all
    assert story.title == "abcd"


def test_a_ten_megabyte_title_is_cut() -> None:
    stories = parse_feed(rss(item("x" * 10_000_000)), "f").stories
    assert len(stories[0].title) <= MAX_TITLE and stories[0].title.endswith("…")


# --- process pool, never raising --------------------------------------------------------------------------------


def test_parse_feed_runs_in_a_process_pool() -> None:
    body = (FIXTURES / "rss20.xml").read_bytes()
    with ProcessPoolExecutor(max_workers=1) as pool:
        remote = pool.submit(parse_feed, body, "feed-1", now=NOW).result(timeout=60)
    assert remote == parse("rss20.xml")
    assert pickle.loads(pickle.dumps(remote)) == remote


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_never_raises_on_random_bytes(body: bytes) -> None:
    feed = parse_feed(body, "f", now=NOW)
    assert isinstance(feed, ParsedFeed) and (feed.stories or feed.error or feed.kind)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["rss", "atom", "json"]))
def test_never_raises_on_hostile_fields(text: str, kind: str) -> None:
    esc = text.replace("&", "&amp;").replace("<", "&lt;")
    body = {
        "rss": rss(item(esc, text, esc)),
        "atom": f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">{esc}</title>'
        f"<id>x</id><content>{text}</content></entry></feed>".encode("utf-8", "surrogatepass"),
        "json": f'{{"items": [{{"id": {_json(text)}, "title": {_json(text)}, "content_html": {_json(text)}}}]}}'.encode(
            "utf-8", "surrogatepass"
        ),
    }[kind]
    feed = parse_feed(body, "f", now=NOW)
    for story in feed.stories:
        assert "\n" not in story.title and "\x1b" not in story.title + story.text
