"""The reasons a related story is shown for are words the stories wrote: no stem ("thoma" beside "Mark
Ridley-Thomas", "election" for "elections"), no word of a name already given, and no dates or bare numbers
("2021, october" was most of the reason given for a story of another feed). Dates still count in the score.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feeds.model import Story
from feeds.related import RelatedIndex
from feeds.related.tokens import words
from feeds.store import Store
from tests import httpserver
from tests.related_stories import doc
from tests.snapshot_apps import reader, until
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk
from tests.test_tui_entities import sidebar_of
from tests.test_walk3_related import related_lines, rss
from tui.widgets.dupe_groups import NO_REASON

feed_server = httpserver.feed_server

NAME = {"mark ridley-thomas": "Mark Ridley-Thomas"}
KEYS = ("mark ridley-thomas",) * 3
#: Two stories that share a date, a number and nothing else worth naming.
DATES = [
    ("Markets calendar for Monday, October 4, 2021",
     "Trading resumes on Monday, October 4, 2021 after the holiday. Volumes in October 2021 were 1,500 a day."),
    ("Fixtures: Monday, October 4, 2021",
     "The cup match is on Monday, October 4, 2021 at 7:30. Tickets for October 2021 cost 1,500 yen."),
]  # fmt: skip
#: Two stories whose shared terms are stems other than the words written ("election" for "elections").
VOTE = [
    ("Voters cast ballots as elections open",
     "Voters queued to cast ballots as the elections opened; companies gave workers time off to vote."),
    ("Elections: companies let voters leave early to cast ballots",
     "Companies let voters leave early so they could cast ballots in the elections."),
]  # fmt: skip
CALENDAR = {"monday", "october", "2021", "1,500", "1500", "4"}


def test_a_shared_names_words_are_not_listed_again_as_terms() -> None:
    idx = RelatedIndex()
    idx.add(
        [
            doc("rt-1", "times", "Mark Ridley-Thomas convicted of bribery",
                "Los Angeles councilman Mark Ridley-Thomas was convicted of bribery and conspiracy by a federal "
                "jury. Ridley-Thomas plans an appeal, his lawyers said.", KEYS, NAME),
            doc("rt-2", "daily", "Jury finds Ridley-Thomas guilty in bribery case",
                "A federal jury found councilman Mark Ridley-Thomas guilty of bribery and conspiracy. Lawyers for "
                "Ridley-Thomas said he would appeal.", KEYS, NAME),
        ]
    )  # fmt: skip
    (found,) = idx.related("rt-1")
    assert found.shared_entities == ("Mark Ridley-Thomas",)
    # It read "ridley, thoma, bribery, jury, mark, councilman": the name twice, once as a stem.
    assert not {"mark", "ridley", "thoma", "thomas"} & set(found.shared_terms), found.shared_terms
    assert {"bribery", "jury", "councilman"} <= set(found.shared_terms), found.shared_terms


def test_dates_and_bare_numbers_still_relate_two_stories_but_are_not_listed() -> None:
    idx = RelatedIndex()
    idx.add([doc(f"d-{n}", "ab"[n], title, text) for n, (title, text) in enumerate(DATES)])
    (found,) = idx.related("d-0")  # the score is the same as before: only the listing changed
    assert found.id == "d-1" and found.shared_terms == () and found.shared_entities == (), found


def test_newsdesk_related_names_terms_as_the_story_writes_them(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    feed_server.set("/feed.xml", rss(VOTE, "en"))
    home = tmp_path / "data"
    assert newsdesk(home, "add", feed_server.url("/feed.xml")).returncode == 0
    ids = {line.split(None, 4)[4]: line.split()[0] for line in newsdesk(home, "stories").stdout.splitlines()}
    proc = newsdesk(home, "related", ids[VOTE[0][0]], "--json")
    assert proc.returncode == 0, proc.stderr
    [row] = json.loads(proc.stdout)["related"]
    written = set(words(" ".join(VOTE[0])))
    # It read "voter, cast ballots, election, company": stems, where the story wrote "voters" and "elections".
    assert row["shared_terms"] and all(set(t.split()) <= written for t in row["shared_terms"]), row
    assert {"voters", "elections", "companies"} <= set(row["shared_terms"]), row


def test_newsdesk_related_says_similar_wording_when_only_dates_are_shared(
    tmp_path: Path, feed_server: httpserver.FeedServer
) -> None:
    [line] = related_lines(tmp_path, feed_server, rss(DATES, "en"), DATES[0][0])
    # It read "(shares october, 2021, monday, 1,500)".
    assert line.endswith(f"{DATES[1][0]}  (similar wording)"), line
    assert not any(word in line.split("(")[-1] for word in CALENDAR), line


@pytest.mark.anyio
async def test_the_sidebar_names_terms_as_the_open_story_writes_them_and_says_similar_wording(
    demo_copy: Store,
) -> None:
    feed = demo_copy.feeds()[0]
    stories = [
        Story(id=f"{kind}-{n}", feed_id=feed.id, title=title, published=NOW - 60 * n, text=text)
        for kind, pair in (("vote", VOTE), ("date", DATES))
        for n, (title, text) in enumerate(pair)
    ]
    demo_copy.save_stories(feed.id, stories, now=NOW)
    app = reader(demo_copy)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = app.main_screen
        pane = await sidebar_of(pilot, screen, "vote-0")
        await until(pilot, lambda: "vote-1" in {row.story_id for row in pane.rows})
        [row] = [row for row in pane.rows if row.story_id == "vote-1"]
        # It read "shares voter, cast ballots, election": stems, where the story wrote "voters", "elections".
        assert row.reasons and all(set(r.split()) <= set(words(" ".join(VOTE[0]))) for r in row.reasons), row
        assert "voters" in row.reasons, row
        screen.open_story_id("date-0")
        await until(pilot, lambda: "date-1" in {row.story_id for row in pane.rows})
        [row] = [row for row in pane.rows if row.story_id == "date-1"]
        assert row.reasons == (), row  # it read "shares october, 2021, monday"
        prompts = [str(option.prompt) for option in pane.options]
        assert any(p.startswith(DATES[1][0]) and p.endswith(NO_REASON) for p in prompts), prompts
