"""Related stories on the command line, as a third walk on real news feeds (BBC Urdu, UOL) found them: the feeds
served from 127.0.0.1, subscribed to with the installed `newsdesk` command, `newsdesk related ID` read back.
"""

from __future__ import annotations

from pathlib import Path

from tests import httpserver
from tests.test_cli import newsdesk

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server

# Three stories of BBC Urdu's feed (2018), as it served them.
URDU = [
    (
        "امریکہ کے ساتھ خفیہ معلومات کا تبادلہ اور فوجی تعاون معطل کر دیا: وزیر دفاع",
        "پاکستان کے وزیر دفاع خرم دستگیر نے کہا ہے کہ امریکہ کی جانب سے عسکری امداد کی معطلی کے بعد پاکستان نے"
        " امریکہ سے خفیہ معلومات کا تبادلہ اور فوجی تعاون بند کر دیا ہے۔",
    ),
    (
        "صدر ٹرمپ کے ٹویٹ کو سنجیدگی سے لیتے ہیں: وزیر دفاع",
        "پاکستان کے وزیر دفاع خرم دستگیر نے کہا کہ پاکستان امریکی صدر ٹرمپ کے پاکستان کے بارے میں ٹویٹ کو"
        " سنجیدگی سے لیتے ہیں اور تہذیب کے دائرے میں رہتے ہوئے امریکہ سے بے لاگ بات ہو گی۔",
    ),
    (
        "امریکہ پاکستان سے چاہتا کیا ہے؟",
        "امریکی وزیر خارجہ ریکس ٹلرسن پاکستان کے مختصر دورے پر اسلام آباد پہنچ گئے جہاں وہ چند ’مخصوص‘ مطالبات"
        " بھی پیش کریں گے۔ آخر امریکہ پاکستان سے چاہتا کیا ہے اور یہ مطالبات کیا ہو سکتے ہیں؟",
    ),
]
URDU_FUNCTION_WORDS = {"ہے", "ہیں", "کی", "کے", "کا", "کو", "نے", "سے", "میں", "کہ", "اور", "کیا"}

# Two Portuguese stories that share function words only.
PORTUGUESE = [
    ("Ele está com ela no parque", "Ele está com ela no parque da cidade desde a manhã de sábado."),
    ("Ela está com ele na praia", "Ela está com ele na praia do norte desde o fim da tarde."),
]


# Three stories of BBC Chinese's feed (2015), as it served them.
CHINESE = [
    (
        "中国前中央军委副主席徐才厚去世",
        "据中国官方媒体报道，中国前中央军委副主席徐才厚因膀胱癌于星期日（3月15日）去世。",
    ),
    (
        "原军委副主席徐才厚因病身亡",
        "3月15日，去年因腐败落马的前中央军委副主席徐才厚因病去世。按中国刑法规定，军事检察院对病亡的徐作出不起诉决定。",
    ),
    (
        "巴拿马财经部长坦承金融体系洗钱严重",
        "巴拿马经济和财政部长杜尔希迪奥‧德拉瓜迪亚（Dulcidio de la Guardia）坦承，巴拿马金融体系被用来漂白“数十亿”美元，"
        "事态严重不能视而不见。",
    ),
]


def rss(stories: list[tuple[str, str]], language: str) -> str:
    items = "".join(
        f"<item><guid>s{n}</guid><title>{title}</title><link>https://example.org/{n}</link>"
        f"<description>{text}</description><pubDate>Mon, 0{n + 1} Jan 2018 10:00:00 GMT</pubDate></item>"
        for n, (title, text) in enumerate(stories)
    )
    return f'<rss version="2.0"><channel><title>News</title><language>{language}</language>{items}</channel></rss>'


def related_lines(tmp_path: Path, feed_server: httpserver.FeedServer, body: str, title: str) -> list[str]:
    """Subscribe to ``body`` and return `newsdesk related` of the story titled ``title``."""
    feed_server.set("/feed.xml", body)
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/feed.xml")).returncode == 0
    ids = {line.split(None, 4)[4]: line.split()[0] for line in newsdesk(home, "stories").stdout.splitlines()}
    proc = newsdesk(home, "related", ids[title])
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_urdu_stories_are_not_related_for_sharing_is_of_and_that(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # BBC Urdu's stories "shared ہیں, ایک, پاکستان, امریکہ, کہ": is, one, Pakistan, America, that.
    lines = related_lines(tmp_path, feed_server, rss(URDU, "ur"), URDU[0][0])
    assert len(lines) == 2, lines
    for line in lines:
        shared = set(line.rsplit("(shares ", 1)[1].rstrip(")").split(", "))
        assert "پاکستان" in shared and "امریکہ" in shared, line  # Pakistan and America: what they are about
        assert not shared & URDU_FUNCTION_WORDS, line


def test_a_related_story_with_no_reason_to_name_has_no_empty_shares(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # It printed "Enfermeira de Chávez alega 'perseguição' em Corte espanhola  (shares )".
    [line] = related_lines(tmp_path, feed_server, rss(PORTUGUESE, "pt-br"), PORTUGUESE[0][0])
    # Then it said nothing; it says why, as the sidebar does, with no function word named.
    assert line.endswith("  Ela está com ele na praia  (similar wording)"), line
    assert "shares" not in line


def test_chinese_stories_about_one_man_are_related_and_say_his_name(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # Written without spaces, a whole clause was one word: no two Chinese stories shared one, and every Chinese
    # story said "No related stories."
    [line] = related_lines(tmp_path, feed_server, rss(CHINESE, "zh-cn"), CHINESE[0][0])
    assert CHINESE[1][0] in line, line
    shared = line.rsplit("(shares ", 1)[1].rstrip(")").split(", ")
    # His name, joined back from the pairs of characters the index holds (here within "军委副主席徐才厚", the
    # words both stories have).
    assert "徐才厚" in shared[0] and all(shared[0] in title + text for title, text in CHINESE[:2]), shared
