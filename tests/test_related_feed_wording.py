"""What a feed says in every story (a footer, a sign-off, its name after each headline) relates none of them.

Al Jazeera English's YouTube feed ends every video's text with "Follow us on Twitter: https://twitter.com/...
Find us on Facebook ... Check our website": `newsdesk related` on its carbon capture video listed seven of its
other videos (Tigray's hunger, Sudan, Bangladesh...) "for Check", "for AlJazeeraEnglish", and the sidebar's
reasons read "http, twitter, facebook, jazeera, www". A Google News feed's " - Reuters" after every headline
made "Reuters" the reason a Prince Harry story was related to Putin's visit to a dig.
"""

from __future__ import annotations

import json
from pathlib import Path

from feeds.related import Doc, RelatedIndex
from tests import httpserver
from tests.httpserver import FeedServer
from tests.test_cli import newsdesk

feed_server = httpserver.feed_server

FOOTER = (
    "\n\n- Follow us on Twitter: https://twitter.com/AJEnglish/\n\n- Find us on Facebook: "
    "https://www.facebook.com/aljazeera/\n\n- Check our website: https://www.aljazeera.com/"
)
FOOTER_WORDS = {"follow", "twitter", "find", "facebook", "check", "website", "http", "https", "www", "com"}
FOOTER_WORDS |= {"aljazeera", "ajenglish"}

VIDEOS = [
    (
        "carbon",
        "Carbon capture: a green way forward?",
        "Engineers in Iceland pump carbon dioxide into basalt.",
    ),
    (
        "tigray",
        "Tigray racked by the worst hunger crisis in a decade",
        "Aid convoys have not reached Mekelle.",
    ),
    ("sudan", "Sudan's prime minister warns of a serious crisis", "Protesters camp outside the palace."),
    ("dhaka", "Deadly violence erupts in Bangladesh", "Temples were attacked in Comilla and Noakhali."),
    ("lucy", "Lucy spacecraft embarks on a 12-year mission", "The probe will visit the Trojan asteroids."),
    ("venezuela", "Calls for a probe into the death of a jailed critic", "His family says he was tortured."),
]


def test_a_feeds_footer_relates_none_of_its_stories() -> None:
    _a_feeds_subject_still_relates_it_to_other_feeds()
    idx = RelatedIndex()
    idx.add(
        [Doc(k, "aje", title, text + FOOTER, float(i)) for i, (k, title, text) in enumerate(VIDEOS)]
        + [
            # The same subject in the same feed still relates, for its own words.
            Doc("carbon2", "aje", "Iceland's carbon capture plant doubles", "The basalt stores carbon dioxide as "
                "stone, engineers in Iceland say." + FOOTER, 9.0),
            # Two sister blogs' posts on unrelated subjects, each signed "The post ... appeared first on ...".
            *[Doc(f"{blog}{i}", blog, title, f"{title}: notes from the week. The post {title} appeared first on "
                  "The Springfield Herald.", 1.0)
              for blog, titles in (("gardens", ["Pruning roses in winter", "Seed catalogues worth keeping",
                                                "Moles under the lawn", "A pond for frogs", "Compost that heats"]),
                                   ("bikes", ["Tubeless tyres tested", "Chain wax against oil", "A gravel route "
                                              "in Wales", "Dynamo lights compared", "Saddle height by eye"]))
              for i, title in enumerate(titles)],
        ]
    )  # fmt: skip
    related = idx.related("carbon")
    assert [s.id for s in related] == ["carbon2"]  # before: every other video, for the footer's words
    assert {"carbon", "iceland", "basalt"} & set(related[0].shared_terms)
    assert not FOOTER_WORDS & set(related[0].shared_terms)
    for i in range(5):  # before: posts related to each other, for "post, appear, first, springfield"
        assert idx.related(f"gardens{i}") == idx.related(f"bikes{i}") == []


def _a_feeds_subject_still_relates_it_to_other_feeds() -> None:
    """A word every story of a feed holds because the feed is about it is no footer to other feeds."""
    aid = "Pakistan aid talks continue in Islamabad this week, officials in Washington say, on day {}."
    idx = RelatedIndex()
    idx.add(
        [Doc(f"pk{day}", "pk", f"Aid to Pakistan, day {day} of talks on {w}", aid.format(day), 1.0)
         for day, w in enumerate(["wheat", "dams", "schools", "roads", "power", "clinics"])]
        + [Doc("wire", "wire", "Pakistan aid talks open in Islamabad", "Officials from Washington met in Islamabad "
               "on Pakistan aid, a week of talks.", 2.0)]
    )  # fmt: skip
    assert any(s.id.startswith("pk") and "pakistan" in s.shared_terms for s in idx.related("wire"))
    assert any(s.id == "wire" for s in idx.related("pk0"))


#: Al Jazeera's videos among four other outlets' feeds: alone, the footer's words are in every story and weigh
#: nothing, as in no reader's store.
SERVED = [
    "aljazeera-english-youtube_2021.xml",
    "bbc-news-home_2021-10.xml",
    "guardian-us_2018-01-31.rss",
    "npr-news_latest.xml",
    "nytimes-us_2021.xml",
]


def test_newsdesk_related_on_al_jazeeras_youtube_feed_lists_no_story_for_its_footer(
    feed_server: FeedServer, tmp_path: Path, shared_data: Path
) -> None:
    for name in SERVED:
        feed_server.set(f"/{name}", (shared_data / "feeds" / "news" / name).read_bytes())
        assert newsdesk(tmp_path, "add", "--no-check", feed_server.url(f"/{name}")).returncode == 0
    assert newsdesk(tmp_path, "refresh").returncode == 0
    stories = json.loads(newsdesk(tmp_path, "stories", "--json", "--limit", "0").stdout)
    (carbon,) = [s["id"] for s in stories if s["title"].startswith("Carbon Capture")]
    (tigray,) = [s["id"] for s in stories if "Tigray racked" in s["title"]]
    proc = newsdesk(tmp_path, "related", carbon, "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["related"]
    assert tigray not in {row["id"] for row in rows}, rows  # before: listed "for Check"
    for row in rows:
        shown = {t.casefold() for t in [*row["shared_terms"], *row["shared_entities"]]}
        assert not shown & (FOOTER_WORDS | {"aljazeeraenglish", "jazeera"}), row
