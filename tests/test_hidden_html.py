"""Elements a browser does not show are not read: a newsletter's preheader, the ``hidden`` attribute.

A newsletter made a feed (Mailchimp, Substack and Buttondown archives) puts the preview line a mail client lists
in an element styled ``display:none``; a page keeps text in elements with the ``hidden`` attribute. The story
showed that text first, above the real opening. Spoilers (hidden by a class, or in ``<details>``) stay
readable, as does anything not hidden by its own attribute or inline style. Served from 127.0.0.1, refreshed
into a real store with the installed command and shown with `show`."""

from __future__ import annotations

from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam9_story_html import rss, shown

feed_server = httpserver.feed_server

MAILCHIMP = (
    '<span class="mcnPreviewText" style="display:none; font-size:0px; line-height:0px; max-height:0px; '
    'max-width:0px; opacity:0; overflow:hidden; visibility:hidden; mso-hide:all;">Three things this week'
    "&#847; &zwnj;&nbsp;&#847; &zwnj;&nbsp;</span><p>Hello readers, here is the week.</p>"
)
SUBSTACK = (
    '<div class="preview" style="display:none;font-size:1px;color:#333333;line-height:1px;max-height:0px;'
    'max-width:0px;opacity:0;overflow:hidden;">Preview: a teaser</div><p>The post begins here.</p>'
)
# As CSS reads a declaration: any case, spaces around the colon, !important, the last one winning.
DECLARATIONS = (
    '<div style="DISPLAY : NONE !IMPORTANT">Upper case</div>'
    '<div style="color: red ; display:none">Second declaration</div>'
    '<div style="display:none !important; display:block">Important wins</div>'
    '<div style="display:/* a comment */none">Commented</div>'
    '<div style="display:none; display:block">Shown again</div><p>Body.</p>'
)
ATTRIBUTE = (
    '<div hidden><p>Subscribe dialog <a href="https://site.example/subscribe">join</a></p></div>'
    '<span HIDDEN="hidden">Alternate</span><div style="visibility: hidden">Invisible</div>'
    '<span aria-hidden="true">Icon label</span><p>Visible <a href="https://site.example/read">more</a>.</p>'
)
SPOILERS = (
    "<details><summary>Ending</summary>The butler did it.</details>"
    '<p class="spoiler">Rosebud is a sled.</p>'
    '<div class="spoiler"><div style="display: none;">Vader is his father.</div></div>'
    '<div hidden="until-found">Found by search.</div>'
    '<div style="mso-hide:all">Not for Outlook.</div><p>End.</p>'
)


def test_hidden_text_is_not_read(tmp_path: Path, feed_server: FeedServer) -> None:
    text = shown(
        tmp_path,
        feed_server,
        rss(("Mailchimp", MAILCHIMP), ("Substack", SUBSTACK), ("CSS", DECLARATIONS), ("Attr", ATTRIBUTE)),
    )
    assert "Three things" not in text["Mailchimp"], text["Mailchimp"]
    assert "Hello readers, here is the week." in text["Mailchimp"]
    assert "teaser" not in text["Substack"] and "The post begins here." in text["Substack"], text["Substack"]
    for gone in ("Upper case", "Second declaration", "Important wins", "Commented"):
        assert gone not in text["CSS"], text["CSS"]
    assert "Shown again\n\nBody." in text["CSS"], text["CSS"]
    for gone in ("Subscribe dialog", "Alternate", "Invisible", "site.example/subscribe"):
        assert gone not in text["Attr"], text["Attr"]
    assert "Icon label" in text["Attr"] and "Visible more." in text["Attr"], text["Attr"]
    assert "https://site.example/read" in text["Attr"], text["Attr"]


def test_spoilers_and_what_a_click_shows_stay_readable(tmp_path: Path, feed_server: FeedServer) -> None:
    text = shown(tmp_path, feed_server, rss(("Spoilers", SPOILERS)))["Spoilers"]
    for kept in (
        "The butler did it.",
        "Rosebud is a sled.",
        "Vader is his father.",
        "Found by search.",
        "Not for Outlook.",
    ):
        assert kept in text, text
