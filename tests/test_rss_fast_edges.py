"""feeds.rss_fast against feedparser on shapes found by reading feedparser's source (see tests/test_rss_fast.py).

Each document here was read differently by the fast path before it learnt to decline it or to read it as
feedparser does; the check is the same whole-result comparison.
"""

from __future__ import annotations

import pytest

from .test_rss_fast import _both, _doc, _same

M = ' xmlns:m="http://search.yahoo.com/mrss/"'
#: feedparser takes a plain base="..." attribute for xml:base: a thumbnail's text is resolved against it, and
#: when the document has no address the base stays in force after the element (feedparser restores only a
#: non-empty base), so the links of later items move to its host.
BASE = {
    "thumbnail's own base": (
        '<item><m:thumbnail base="https://other.example/d/">x.jpg</m:thumbnail></item>',
        "",
    ),
    "base of the media:content around it": (
        '<item><m:content url="/i" base="https://other.example/d/"><m:thumbnail>x.jpg</m:thumbnail></m:content></item>',
        "https://example.com/feeds/news.xml",
    ),
    "base kept past its element without an address": (
        '<item><foo base="https://x.example/d/"/><link>/a</link></item><item><link>b</link></item>',
        "",
    ),
    "base on a credit": (
        '<item><m:credit BASE="https://x.example/d/">c</m:credit><link>/a</link></item>',
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(BASE))
def test_a_base_attribute_is_left_to_feedparser(name: str) -> None:
    items, url = BASE[name]
    assert not _same(_doc(items, ns=M), url=url or "https://example.com/feeds/news.xml")
    assert not _same(_doc(items, ns=M), url=url)


def test_an_image_size_is_read_before_feedparser_cleans_text() -> None:
    """feedparser's pop hands back a width or height before it repairs UTF-8 read as Latin-1: "\xd9\xa1" (the
    UTF-8 bytes of an Arabic-Indic one) is no number to it, so the width is 0, not 1."""
    channel = (
        "<title>T</title><image><url>/i.png</url><width>\u00d9\u00a1</width><height> 31 </height></image>"
    )
    assert _same(_doc("<item><title>i</title></item>", channel))
    _, slow, _ = _both(_doc("", channel))
    assert slow["feed"]["image"]["width"] == 0 and slow["feed"]["image"]["height"] == 31


def test_an_element_named_publishers_does_not_break_the_webmaster() -> None:
    """feedparser reads a channel's <webMaster> against its "publishers" list; an unknown <publishers>
    element stores a string there, and feedparser swallows the AttributeError that follows. The fast path
    raised it, failing the whole feed."""
    for stray in ("<publishers>xyz</publishers>", '<publishers a="1"/>'):
        _same(
            _doc(
                "<item><title>i</title></item>", f"<title>T</title>{stray}<webMaster>w@e.example</webMaster>"
            )
        )


def test_the_element_budget_stops_it_where_it_stops_feedparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """At every element a budget can end on (an item, a text element, media inside an item, the image), the
    fast path keeps what feedparser keeps, with its message; it declined such a document before, so one over
    the budget was read twice."""
    from feeds import xmlfeed

    items = (
        '<item><title>a</title><m:group><m:content url="/v"><m:credit>c</m:credit></m:content></m:group>'
        '<guid>g/1</guid><category domain="d">x</category></item><item><link>/b</link><author>a@b.example</author>'
        "</item>"
    )
    channel = (
        "<title>T</title><image><url>/i</url><title>I</title></image><category>c</category><link>/</link>"
    )
    body = _doc(items, channel, ns=M)
    starts = body.count(b"<") - body.count(b"</") - body.count(b"<?")
    for budget in range(1, starts):  # each start tag in turn is one past the budget
        monkeypatch.setattr(xmlfeed, "MAX_ELEMENTS", budget)
        taken, slow, fast = _both(body)
        assert taken and fast == slow and slow["stopped"] == f"more than {budget:,} elements", budget
