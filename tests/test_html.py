"""HTML to plain text (paragraphs, bullets, links) and feed discovery in web pages."""

from __future__ import annotations

import pytest

from feeds.html import MAX_DEPTH, discover_feeds, html_to_text, http_url


def test_deeply_nested_html_is_read_flat() -> None:
    # nesting makes HTML parsing quadratic (20,000 <div>s cost seconds): past MAX_DEPTH the text comes by pattern
    deep = "<div>" * (MAX_DEPTH + 500) + "deep <b>text</b>" + "</div>" * (MAX_DEPTH + 500) + "<p>after</p>"
    assert html_to_text(deep, "https://x.example/") == ("deep text\n\nafter", [])
    assert html_to_text('<div><a href="/a">x</a></div>' * (MAX_DEPTH + 1))[0].startswith("x\nx")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("line<br>break<br/>again", "line\nbreak\nagain"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<h2>Head</h2>Body", "Head\n\nBody"),
        ("<ol><li>x</li><li>y</li></ol>after", "1.\u00a0x\n2.\u00a0y\n\nafter"),
        ("<blockquote>Quote</blockquote>said", "Quote\n\nsaid"),
        ("<pre>a\n  b\nc</pre>", "a\n  b\nc"),  # a <pre>'s indentation is kept (tests/test_redteam5_text.py)
        ("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>", "1 2\n3 4"),
        ("a<script>bad()</script><style>.x{}</style><noscript>nojs</noscript><iframe>f</iframe>b", "ab"),
        ("Tom &amp; Jerry&nbsp;&mdash; &#x263A; &lt;3", "Tom & Jerry — ☺ <3"),
        ("  lots   of\n\n   space  <b>here</b>  ", "lots of space here"),
        ("Plain text\nwith lines\n\n\n\nand paragraphs", "Plain text\nwith lines\n\nand paragraphs"),
        ("a < b and c > d", "a < b and c > d"),
        ("<p>unclosed <b>bold <i>mess", "unclosed bold mess"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html)[0] == text


def test_html_links_are_absolute_http_unique_and_in_order() -> None:
    html = (
        '<a href="/a">1</a> <a href="https://x.example/b?x=1&amp;y=2">2</a> <a href="/a">3</a> '
        '<a href="mailto:me@x">4</a> <a href="javascript:void(0)">5</a> <a data-href="/no">6</a> <a>7</a> '
        '<a href="//cdn.example/c">8</a>'
    )
    assert html_to_text(html, "https://site.example/dir/")[1] == [
        "https://site.example/a",
        "https://x.example/b?x=1&y=2",
        "https://cdn.example/c",
    ]
    hidden = '<!-- <a href="/commented">x</a> --><script>"<a href=/scripted>"</script><a href="/real">r</a>'
    assert html_to_text(hidden, "https://s.example/")[1] == ["https://s.example/real"]


def test_discover_feeds() -> None:
    page = b"""<html><head><base href="https://blog.example/sub/">
    <link rel="alternate" type="application/rss+xml" title="RSS" href="rss.xml">
    <link rel="Alternate" type="application/atom+xml" href="/atom.xml">
    <link rel="alternate" type="application/feed+json" href="https://blog.example/feed.json">
    <link rel="alternate" type="application/rss+xml" href="rss.xml">
    <link rel="alternate" type="text/html" href="/fr/"><link rel="stylesheet" href="s.css">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body></body></html>"""
    assert discover_feeds(page, "https://blog.example/") == [
        "https://blog.example/sub/rss.xml",
        "https://blog.example/atom.xml",
        "https://blog.example/feed.json",
    ]
    assert discover_feeds(b"\x00\xff garbage", "https://x.example/") == []


@pytest.mark.parametrize(
    ("href", "base", "url"),
    [
        ("/x", "https://a.example/b/", "https://a.example/x"),
        ("y", "http://a.example/b/c", "http://a.example/b/y"),
        ("//cdn.example/z", "https://a.example/", "https://cdn.example/z"),
        ("javascript:alert(1)", "https://a.example/", ""),
        ("file:///etc/passwd", "https://a.example/", ""),
        ("data:text/html,hi", "", ""),
        ("http:///no-host", "", ""),
        ("relative/without/base", "", ""),
        (" https://a.example/with space\u202e\x1b[31m ", "", "https://a.example/with%20space"),
    ],
)
def test_http_url(href: str, base: str, url: str) -> None:
    assert http_url(href, base) == url
