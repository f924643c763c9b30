"""Names a third walk on real news feeds found wrong: a Reuters-style story served from 127.0.0.1, subscribed to
with the installed `newsdesk` command, its names listed by `newsdesk entities` and pivoted on by `newsdesk entity`.
"""

from __future__ import annotations

from pathlib import Path

from tests import httpserver
from tests.test_cli import newsdesk

ROOT = Path(__file__).resolve().parents[1]
feed_server = httpserver.feed_server

DATELINE = (
    "WASHINGTON/DUBAI, Feb 28 (Reuters) - Israel and the United States timed their attack on Iran to coincide with"
    " a meeting of the country's leaders, according to two sources in Washington. In January, Prime Minister"
    " Theresa May met President Donald Trump in London, and on Monday the Pentagon said more strikes would follow."
)
NAMELESS = (
    "This month's spill was over 10 times larger than regulators in the 1970s predicted in the event of an anchor"
    " strike on the pipeline. Their miscalculation may have missed an opportunity to enact safeguards, experts say."
)
FEED = (
    '<rss version="2.0"><channel><title>Wire</title><language>en</language>'
    "<item><guid>w1</guid><title>Israel and US strike Iran</title><link>https://example.org/w1</link>"
    f"<description>{DATELINE}</description><pubDate>Sat, 28 Feb 2026 10:00:00 GMT</pubDate></item>"
    "<item><guid>w2</guid><title>Regulators badly underestimated the devastation of a possible oil spill</title>"
    f"<link>https://example.org/w2</link><description>{NAMELESS}</description>"
    "<pubDate>Sun, 17 Oct 2021 12:00:05 GMT</pubDate></item>"
    "</channel></rss>"
)


def test_a_month_in_a_dateline_is_no_organisation(tmp_path: Path, feed_server: httpserver.FeedServer) -> None:
    # "Feb" was an organisation in 53 Reuters stories, and led the pivot's "most often with" for Reuters.
    feed_server.set("/wire.xml", FEED)
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/wire.xml")).returncode == 0
    line = newsdesk(home, "stories").stdout.splitlines()[0]
    proc = newsdesk(home, "entities", line.split()[0])
    assert proc.returncode == 0, proc.stderr
    names = {" ".join(row.split()[2:]): row.split()[0] for row in proc.stdout.splitlines()}
    assert "Reuters" in names and "Israel" in names  # the story was tagged
    assert not {"Feb", "January", "Monday"} & set(names), names
    assert names.get("Theresa May") == "PER"  # a month that is part of a person's name stays
    pivot = newsdesk(home, "entity", "Feb")
    assert "no story names 'Feb'" in pivot.stderr, (pivot.stdout, pivot.stderr)


def test_an_english_story_without_names_says_so(tmp_path: Path, feed_server: httpserver.FeedServer) -> None:
    # `newsdesk entities ID` of the LA Times' oil-spill story printed nothing at all, as if it had failed; the
    # reader's sidebar says "No names found in this story".
    feed_server.set("/wire.xml", FEED)
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/wire.xml")).returncode == 0
    line = newsdesk(home, "stories").stdout.splitlines()[1]
    assert line.endswith("Regulators badly underestimated the devastation of a possible oil spill")
    proc = newsdesk(home, "entities", line.split()[0])
    assert proc.returncode == 0
    assert proc.stdout == ""  # a script reading the names reads none
    assert proc.stderr == "No names found in this story.\n"


# Reuters writes "Putin", CNN "Vladimir Putin"; Khamenei alone is the father or the son.
PEOPLE = (
    '<rss version="2.0"><channel><title>Wire</title><language>en</language>'
    "<item><guid>p1</guid><title>Europe's energy crunch is giving Putin the upper hand</title><link>https://example.org/p1</link><description>The warning was hardly veiled. Vladimir Chizhov, Russian President Vladimir Putin's representative to the European Union, said Europe should treat Russia as a partner. Putin has said gas supplies will continue.</description><pubDate>Sat, 16 Oct 2021 15:41:56 GMT</pubDate></item>"
    "<item><guid>p2</guid><title>Russia's Putin hosts Myanmar leader, talks up energy projects</title><link>https://example.org/p2</link><description>MOSCOW (Reuters) - Russian President Putin hosted the leader of Myanmar on Monday and talked up energy projects between the two countries.</description><pubDate>Mon, 17 Aug 2026 10:00:00 GMT</pubDate></item>"
    "<item><guid>p3</guid><title>Putin orders government to help rebuild warehouses</title><link>https://example.org/p3</link><description>MOSCOW (Reuters) - President Putin ordered the government on Wednesday to help rebuild warehouses destroyed in attacks.</description><pubDate>Wed, 19 Aug 2026 13:19:43 GMT</pubDate></item>"
    "<item><guid>k1</guid><title>Mojtaba Khamenei named</title><link>https://example.org/k1</link><description>Mojtaba Khamenei, the son of the supreme leader, was named by the assembly in Tehran on Sunday.</description><pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate></item>"
    "<item><guid>k2</guid><title>Ali Khamenei speaks</title><link>https://example.org/k2</link><description>Supreme leader Ali Khamenei spoke in Tehran on Friday. Khamenei said the talks would go on.</description><pubDate>Fri, 27 Feb 2026 10:00:00 GMT</pubDate></item>"
    "<item><guid>k3</guid><title>Iran's Khamenei warns</title><link>https://example.org/k3</link><description>TEHRAN (Reuters) - Iran's supreme leader Khamenei warned on Thursday that the talks could fail.</description><pubDate>Thu, 26 Feb 2026 10:00:00 GMT</pubDate></item>"
    "</channel></rss>"
)


def test_the_pivot_of_a_surname_finds_the_stories_of_the_full_name_and_back(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    # `entity Putin` found 2 of the 9 stories naming Vladimir Putin (those that never give his first name), and
    # `entity "Vladimir Putin"` the other 7: the reader's pivot from a Reuters story missed CNN's.
    feed_server.set("/people.xml", PEOPLE)
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/people.xml")).returncode == 0
    # "Russia's Putin hosts ..." names him in its title (its text's "Russian President Putin" gave no name).
    both = {
        "Putin orders government to help rebuild warehouses",
        "Europe's energy crunch is giving Putin the upper hand",
        "Russia's Putin hosts Myanmar leader, talks up energy projects",
    }
    for name in ("Putin", "Vladimir Putin", "putin"):
        proc = newsdesk(home, "entity", name)
        assert {line.rsplit("  ", 1)[1] for line in proc.stdout.splitlines()} == both, (name, proc.stdout)
        assert proc.stderr == "3 stories name Vladimir Putin\n", name
    # Two men named Khamenei, one story each with his full name: "Khamenei" alone stays itself.
    proc = newsdesk(home, "entity", "Khamenei")
    assert (
        proc.stdout.splitlines()[0].endswith("Iran's Khamenei warns") and len(proc.stdout.splitlines()) == 1
    )
    proc = newsdesk(home, "entity", "Ali Khamenei")
    assert proc.stdout.splitlines()[0].endswith("Ali Khamenei speaks") and len(proc.stdout.splitlines()) == 1
