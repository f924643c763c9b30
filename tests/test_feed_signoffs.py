"""The sign-off a generator writes at the end of every story: WordPress's (Yoast SEO's) "The post ... appeared
first on ...", Medium's "... was originally published in ... on Medium, ...", Discourse's "7 posts - 4
participants" and "Read full topic". It was the last thing a reader saw of every story. Served from 127.0.0.1,
subscribed with the installed command and read as a user reads them (`stories --json`, `show`), then refreshed
again into the same store: no id moves."""

from __future__ import annotations

from pathlib import Path

from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_redteam12_feeds import subscribed
from tests.test_redteam13_feeds import _kept_on_refresh

feed_server = httpserver.feed_server


def _wp_item(title: str, slug: str, day: int, body: str) -> str:
    return (
        f"<item><title>{title}</title><link>https://wp.example/2026/12/0{day}/{slug}/</link>"
        f'<guid isPermaLink="false">https://wp.example/?p={day}</guid>'
        f"<pubDate>Sun, 0{day} Dec 2026 10:00:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )


def _yoast(title: str, slug: str, day: int) -> str:
    return (
        f'<p>The post <a rel="nofollow" href="https://wp.example/2026/12/0{day}/{slug}/">{title}</a> appeared first'
        ' on <a rel="nofollow" href="https://wp.example">Garden Diary</a>.</p>'
    )


WORDPRESS = (
    """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Garden Diary</title>
<link>https://wp.example</link><description>Notes</description><generator>https://wordpress.org/?v=6.4.2</generator>"""
    + _wp_item(
        "Winter pruning",
        "winter-pruning",
        6,
        "<p>Cut back to an outward bud.</p>" + _yoast("Winter pruning", "winter-pruning", 6),
    )
    + _wp_item(
        "Tom &amp; Jerry&#8217;s apples",
        "apples",
        5,
        "<p>Two trees.</p>" + _yoast("Tom &amp;amp; Jerry&amp;#8217;s apples", "apples", 5),
    )
    + _wp_item(
        "Frost on the figs, the lemons and the olives this week",
        "frost",
        4,
        "<p>Cover them.</p>" + _yoast("Frost on the figs, the lemons and the&#8230;", "frost", 4),
    )
    + _wp_item(
        "Quoting the footer",
        "footer",
        3,
        "<p>Yoast writes this:</p>"
        + _yoast("Quoting the footer", "footer", 3)
        + "<p>at the end of every post.</p>"
        + "<p>The post office appeared first on the list.</p>",
    )
    + "</channel></rss>"
)


def test_wordpress_s_appeared_first_on_goes_from_the_end_only(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """Yoast SEO ends every post in a WordPress feed with "The post <a>Winter pruning</a> appeared first on
    <a>Garden Diary</a>.": it was the story's last paragraph. It goes when it names the story's own title (escaped
    once more than the item's, or cut with "…"); the site's address stays among the links, the post's own page
    does not. The same sentence mid-story stays, and so does a last paragraph that only looks like it."""
    pruning, apples, frost, footer = subscribed(tmp_path, feed_server, "/feed/", WORDPRESS)
    assert pruning["shown"].endswith("\n\nCut back to an outward bud.\n[1] https://wp.example\n"), pruning[
        "shown"
    ]
    assert "appeared first" not in apples["shown"] + frost["shown"], (apples["shown"], frost["shown"])
    assert apples["shown"].endswith("\n\nTwo trees.\n[1] https://wp.example\n"), apples["shown"]
    assert footer["shown"].endswith(
        "\n\nYoast writes this:\n\nThe post Quoting the footer appeared first on Garden Diary.\n\n"
        "at the end of every post.\n\nThe post office appeared first on the list.\n[1] https://wp.example\n"
    ), footer["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/feed/", WORDPRESS.replace("Two trees", "Two old trees"))


MEDIUM = """<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/"
xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel>
<title><![CDATA[Invironment - Medium]]></title><link>https://medium.com/invironment?source=rss----d12c------2</link>
<generator>Medium</generator><item><title><![CDATA[Why queues back up]]></title>
<link>https://medium.com/invironment/why-queues-back-up-1a2b3c?source=rss----d12c------2</link>
<guid isPermaLink="false">https://medium.com/p/1a2b3c</guid><dc:creator><![CDATA[Ana Ruiz]]></dc:creator>
<pubDate>Sun, 06 Dec 2026 09:00:00 GMT</pubDate><content:encoded><![CDATA[<p>At 90% load the wait is ten times
the work.</p><img src="https://medium.com/_/stat?event=post.clientViewed" width="1" height="1"><hr><p><a
href="https://medium.com/invironment/why-queues-back-up-1a2b3c">Why queues back up</a> was originally published in
<a href="https://medium.com/invironment">Invironment</a> on Medium, where people are continuing the conversation by
highlighting and responding to this story.</p>]]></content:encoded></item></channel></rss>"""


def test_medium_s_originally_published_goes(tmp_path: Path, feed_server: FeedServer) -> None:
    """Medium ends every story of a publication's feed with "<a>Why queues back up</a> was originally published in
    <a>Invironment</a> on Medium, where people are continuing the conversation by highlighting and responding to
    this story.": it goes, and its link to the story (the feed's link without its ?source= tag) is no link of it;
    the publication's stays."""
    (post,) = subscribed(tmp_path, feed_server, "/feed/invironment", MEDIUM)
    assert post["shown"].endswith(
        "\n\nAt 90% load the wait is ten times the work.\n[1] https://medium.com/invironment\n"
    ), post["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/feed/invironment", MEDIUM.replace("90%", "95%"))


DISCOURSE = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:discourse="http://www.discourse.org/" xmlns:atom="http://www.w3.org/2005/Atom"
xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Forum - Latest topics</title>
<link>https://forum.example/latest</link><description>Latest topics</description>
<item><title>Backups fail after upgrade</title><dc:creator><![CDATA[jdoe]]></dc:creator>
<category>Support</category><description><![CDATA[
            <p>The nightly backup stops at 40%.</p>
            <p><small>7 posts - 4 participants</small></p>
            <p><a href="https://forum.example/t/backups-fail-after-upgrade/123">Read full topic</a></p>
          ]]></description><link>https://forum.example/t/backups-fail-after-upgrade/123</link>
<pubDate>Sun, 06 Dec 2026 09:00:00 +0000</pubDate><discourse:topicPinned>No</discourse:topicPinned>
<guid isPermaLink="false">forum.example-topic-123</guid></item>
<item><title>Counting participants</title><dc:creator><![CDATA[asmith]]></dc:creator>
<description><![CDATA[<p>The footer says</p><p><small>1 post - 1 participant</small></p><p>Read full topic</p>
<p>and that is all.</p>]]></description><link>https://forum.example/t/counting-participants/124</link>
<pubDate>Sat, 05 Dec 2026 09:00:00 +0000</pubDate><guid isPermaLink="false">forum.example-topic-124</guid>
</item></channel></rss>"""


def test_discourse_s_counts_and_read_full_topic_go(tmp_path: Path, feed_server: FeedServer) -> None:
    """Discourse ends every topic of its feeds with "7 posts - 4 participants" and "Read full topic" (a link to the
    topic itself): the story's last two lines. They go; the same lines mid-story stay."""
    backups, counting = subscribed(tmp_path, feed_server, "/latest.rss", DISCOURSE)
    assert backups["shown"].endswith("\n\nThe nightly backup stops at 40%.\n"), backups["shown"]
    assert counting["shown"].endswith(
        "\n\nThe footer says\n\n1 post - 1 participant\n\nRead full topic\n\nand that is all.\n"
    ), counting["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/latest.rss", DISCOURSE.replace("40%", "50%"))


def _button(href: str, words: str) -> str:
    attrs = (
        f"{{&quot;url&quot;:&quot;{href}&quot;,&quot;text&quot;:&quot;{words}&quot;,&quot;action&quot;:null}}"
    )
    return (
        f'<p class="button-wrapper" data-attrs="{attrs}" data-component-name="ButtonCreateButton"><a class="button'
        f' primary" href="{href}"><span>{words}</span></a></p>'
    )


POST = "https://tides.substack.com/p/spring-tides"
SHARE = f"{POST}?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share"
SUBSTACK = f"""<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/"
xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel><title><![CDATA[Tides]]></title>
<link>https://tides.substack.com</link><generator>Substack</generator>
<item><title><![CDATA[Spring tides]]></title><link>{POST}</link><guid isPermaLink="false">{POST}</guid>
<dc:creator><![CDATA[Mara]]></dc:creator><pubDate>Sun, 06 Dec 2026 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The moon and the sun pull together.</p>{
    _button("https://tides.substack.com/subscribe?", "Subscribe now")
}<p>So the tide runs higher, <a href="https://tables.example/">see the tables</a>.</p>{
    _button(SHARE, "Share")
}]]></content:encoded></item>
<item><title><![CDATA[Neap tides]]></title><link>{POST}-2</link><guid isPermaLink="false">{POST}-2</guid>
<pubDate>Sat, 05 Dec 2026 09:00:00 GMT</pubDate><content:encoded><![CDATA[<p>What the buttons say:</p>
<p><a href="{POST}">Share</a></p><p>and <a href="https://tides.substack.com/about">Subscribe now</a>.</p>
<p><a href="https://tides.substack.com/subscribe">Subscribe now</a> is the other.</p>]]></content:encoded></item>
</channel></rss>"""


def test_substack_s_subscribe_and_share_buttons_go(tmp_path: Path, feed_server: FeedServer) -> None:
    """Substack's posts hold buttons, each a paragraph of its own: "Subscribe now" (a link to the newsletter's
    /subscribe) and "Share" (the post's address with action=share). They were paragraphs of the story, their
    addresses its links. They go; the same words stay when no link of the story is such a button's (a "Share"
    that leads to the post itself), or when they are not all of their paragraph."""
    spring, neap = subscribed(tmp_path, feed_server, "/feed", SUBSTACK)
    assert spring["shown"].endswith(
        "\n\nThe moon and the sun pull together.\n\nSo the tide runs higher, see the tables.\n"
        "[1] https://tables.example/\n"
    ), spring["shown"]
    assert neap["shown"].endswith(
        "\n\nWhat the buttons say:\n\nShare\n\nand Subscribe now.\n\nSubscribe now is the other.\n"
        f"[1] {POST}\n[2] https://tides.substack.com/about\n[3] https://tides.substack.com/subscribe\n"
    ), neap["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/feed", SUBSTACK.replace("pull together", "pull in line"))


def _localized(items: list[tuple[str, str, str, str]]) -> str:
    """A WordPress feed whose items (title, text, sign-off, the title it names) end in Yoast's sign-off as a
    translation writes it."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/'
        'content/"><channel><title>Gartentagebuch</title><link>https://wp.example</link>'
        + "".join(
            f"<item><title>{title}</title><link>https://wp.example/p/{n}/</link><guid>https://wp.example/?p={n}</guid>"
            f"<pubDate>Sun, 06 Dec 2026 10:{n:02}:00 +0000</pubDate><content:encoded><![CDATA[<p>{body}</p><p>"
            + signoff.format(
                f'<a rel="nofollow" href="https://wp.example/p/{n}/">{named}</a>',
                '<a rel="nofollow" href="https://wp.example">Garten</a>',
            )
            + "</p>]]></content:encoded></item>"
            for n, (title, body, signoff, named) in enumerate(items)
        )
        + "</channel></rss>"
    )


LOCALIZED_ITEMS = [
    ("Der Winterschnitt", "Bis zur Knospe.", "Der Beitrag {} erschien zuerst auf {}.", "Der Winterschnitt"),
    ("L’élagage d’hiver", "Jusqu’au bourgeon.", "L’article {} est apparu en premier sur {}.", "L&#8217;élagage d&#8217;hiver"),
    ("La poda de invierno", "Hasta la yema.", "La entrada {} se publicó primero en {}.", "La poda de invierno"),
    ("La potatura", "Fino alla gemma.", "L'articolo {} proviene da {}.", "La potatura"),
    ("De wintersnoei", "Tot de knop.", "Het bericht {} verscheen eerst op {}.", "De wintersnoei"),
    ("A poda de inverno", "Até o botão.", "O post {} apareceu primeiro em {}.", "A poda de inverno"),
    ("Vinterbeskärning", "Till knoppen.", "Inlägget {} dök först upp på {}.", "Vinterbeskärning"),
    ("Зимняя обрезка", "До почки.", "Сообщение {} появились сначала на {}.", "Зимняя обрезка"),
    ("今日は冬の剪定", "芽の上で切る。", "投稿 {} は {} に最初に表示されました。", "今日は冬の剪定"),
    ("Ein Zitat", "Er schreibt:", "Der Beitrag {} erschien zuerst auf {}.", "Der Winterschnitt"),
]  # fmt: skip
LOCALIZED = _localized(LOCALIZED_ITEMS)


def test_yoast_s_sign_off_in_other_languages_goes_too(tmp_path: Path, feed_server: FeedServer) -> None:
    """Yoast SEO writes its sign-off in the site's language: "Der Beitrag <a>Der Winterschnitt</a> erschien zuerst
    auf <a>Garten</a>.", "L’article … est apparu en premier sur …", "投稿 … は … に最初に表示されました。" and so
    on, as its translations say it. Only the English one went: every story of a German, French, Spanish, Italian,
    Dutch, Portuguese, Swedish, Russian or Japanese WordPress site ended in it. It goes when it names the story's
    own title, as the English one does; one that names another post stays."""
    shown = {
        story["title"]: story["shown"] for story in subscribed(tmp_path, feed_server, "/feed/", LOCALIZED)
    }
    assert len(shown) == len(LOCALIZED_ITEMS), shown
    for title, body, _, _ in LOCALIZED_ITEMS[:-1]:
        assert shown[title].endswith(f"\n\n{body}\n[1] https://wp.example\n"), shown[title]
    assert shown["Ein Zitat"].endswith(
        "\n\nEr schreibt:\n\nDer Beitrag Der Winterschnitt erschien zuerst auf Garten.\n"
        "[1] https://wp.example\n"
    ), shown["Ein Zitat"]
    _kept_on_refresh(tmp_path, feed_server, "/feed/", LOCALIZED.replace("Bis zur Knospe", "Bis zum Auge"))


def _box(words: str, button: str) -> str:
    """Substack's subscribe (or share) box: its words, then an e-mail form (or a share button)."""
    return (
        '<div class="subscription-widget-wrap-editor" data-attrs="{&quot;url&quot;:&quot;https://tides.substack'
        '.com/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;,&quot;language&quot;:&quot;en&quot;}" '
        'data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget show-subscribe"><div '
        f'class="preamble"><p class="cta-caption">{words}</p></div>{button}</div></div>'
    )


FORM = (
    '<form class="subscription-widget-subscribe"><input type="email" class="email-input" name="email" '
    'placeholder="Type your email…" tabindex="-1"><input type="submit" class="button primary" value="Subscribe">'
    '<div class="fake-input-wrapper"><div class="fake-input"></div><div class="fake-button"></div></div></form>'
)
BOXES = SUBSTACK.replace(
    "<p>The moon and the sun pull together.</p>",
    "<p>The moon and the sun pull together.</p>"
    + _box("Thanks for reading Tides! Subscribe for free to receive new posts and support my work.", FORM)
    + "<p>Twice a month.</p>"
    + _box("Thanks for reading Tides! This post is public so feel free to share it.", _button(SHARE, "Share"))
    + _box(
        "Tides is a reader-supported publication. To receive new posts and support my work, consider becoming a"
        " free or paid subscriber.",
        FORM,
    ),
).replace(
    "<p>What the buttons say:</p>",
    "<p>What the box says: Thanks for reading Tides! Subscribe for free to receive new posts and support my"
    " work.</p>",
)


def test_substack_s_subscribe_and_share_boxes_go(tmp_path: Path, feed_server: FeedServer) -> None:
    """Substack's subscribe box ("Thanks for reading Tides! Subscribe for free to receive new posts and support my
    work." over an e-mail form), its reader-supported one and its share box ("... This post is public so feel free
    to share it.") were paragraphs of the story, wherever the writer put them. Their words go, each all of its
    paragraph; the same words quoted in a sentence stay."""
    spring, neap = subscribed(tmp_path, feed_server, "/feed", BOXES)
    assert spring["shown"].endswith(
        "\n\nThe moon and the sun pull together.\n\nTwice a month.\n\nSo the tide runs higher, see the tables.\n"
        "[1] https://tables.example/\n"
    ), spring["shown"]
    quoted = "What the box says: Thanks for reading Tides! Subscribe for free to receive new posts and support my work."
    assert f"\n\n{quoted}\n\nShare\n\n" in neap["shown"], neap["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/feed", BOXES.replace("Twice a month", "Two times a month"))


MORE_BUTTONS = SUBSTACK.replace(
    "<p>The moon and the sun pull together.</p>",
    "<p>The moon and the sun pull together.</p>"
    + _button(SHARE.replace("/p/spring-tides", ""), "Share Tides")
    + _button(f"{POST}/comments", "Leave a comment")
    + _button("https://tides.substack.com/subscribe?utm_medium=web&amp;gift=true", "Give a gift subscription")
    + _button("https://tides.substack.com/subscribe?coupon=ab12", "Get 20% off for 1 year"),
).replace(
    '<p>and <a href="https://tides.substack.com/about">Subscribe now</a>.</p>',
    '<p>and <a href="https://tides.substack.com/about">Subscribe now</a>.</p><p><a href="https://blog.example/'
    'comments">Leave a comment</a></p>',
)


def test_substack_s_other_buttons_go_too(tmp_path: Path, feed_server: FeedServer) -> None:
    """Substack's editor has more buttons than "Subscribe now" and "Share": "Share Tides" (the newsletter, with
    action=share), "Leave a comment" (the post's /comments), "Give a gift subscription" and "Get 20% off for 1
    year" (its /subscribe). Each was a paragraph of the story and its address a link. They go by the same rule: a
    paragraph of only those words, when a link of the story leads where such a button does."""
    spring, neap = subscribed(tmp_path, feed_server, "/feed", MORE_BUTTONS)
    assert spring["shown"].endswith(
        "\n\nThe moon and the sun pull together.\n\nSo the tide runs higher, see the tables.\n"
        "[1] https://tables.example/\n"
    ), spring["shown"]
    assert "\n\nand Subscribe now.\n\nLeave a comment\n\n" in neap["shown"], neap["shown"]
    _kept_on_refresh(tmp_path, feed_server, "/feed", MORE_BUTTONS.replace("pull together", "pull in line"))
