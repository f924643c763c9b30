"""A story's markup read in any case, and a newsboat cache's stories tidied as a refresh tidies them.

- HTML's tag and attribute names are case-insensitive, and so are the class and rel values the tidying looks for:
  ``<A CLASS="MENTION">``, ``REL="TAG"``, ``<SUP>`` (old CMSs, hand-written pages, mail-to-feed bridges write
  them so). The patterns read them, but a quick look before each, in lower case only, skipped them.
- `newsdesk import cache.db` read each item's HTML without that tidying: a Lemmy post's byline, "channels1" for a
  footnote's mark and a post's hashtags as its links, until the first refresh rewrote the story. Its ids must
  not move (an item known by its text keyed by the text as read), so a refresh and a second import store none
  twice.
"""

from __future__ import annotations

from feeds.story_tidy import story_html


def test_mentions_hashtags_and_footnotes_written_in_upper_case_are_read_as_in_lower_case() -> None:
    markup = (
        '<P>Thanks <A HREF="https://fosstodon.org/@ann" CLASS="U-URL MENTION">@ann</A> for <A'
        ' HREF="https://code.example/release">the release</A>, <A HREF="https://social.example/t/foss"'
        ' REL="TAG">#foss</A> <A HREF="https://social.example/t/rust" CLASS="MENTION HASHTAG">#rust</A>.'
        ' Channels<SUP><A HREF="#FN:1">1</A></SUP>.</P>'
    )
    text, links, _ = story_html(markup, "https://social.example/@bob/1")
    # The mention's and the hashtags' links go; the footnote's is the story's own, as in lower case.
    assert links == ["https://code.example/release"]
    assert text == "Thanks @ann for the release, #foss #rust. Channels¹."


def test_a_diff_s_marks_and_a_publisher_in_upper_case_are_read() -> None:
    """MediaWiki's diff mark cell and Google News's grey publisher, with their class and colour in upper case."""
    news = '<a href="https://news.example/a">Storm hits coast</a>&nbsp;&nbsp;<FONT COLOR="#6F6F6F">The Planet</FONT>'
    assert story_html(news, "")[0] == "Storm hits coast — The Planet"
    diff = (
        '<TABLE><TR><TD CLASS="DIFF-MARKER" DATA-MARKER="−"></TD><TD><DIV>A heorn is a bird.</DIV></TD></TR>'
        '<TR><TD CLASS="DIFF-MARKER" DATA-MARKER="+"></TD><TD><DIV>A heron is a bird.</DIV></TD></TR></TABLE>'
    )
    assert story_html(diff, "")[0] == "− A heorn is a bird.\n+ A heron is a bird."
