"""The known set of stories the search tests share: documents, reading marks, the index over them."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import UTC, datetime

from feeds.search import (
    SearchDoc,
    SearchIndex,
)

DAY = 86400.0
T0 = datetime(2026, 1, 10, tzinfo=UTC).timestamp()
NOW = T0 + 10 * DAY


def doc(id: str, title: str, text: str, *, feed: str = "world", days: float = 0.0, author: str = "Desk",
        entities: tuple[tuple[str, str], ...] = ()) -> SearchDoc:  # fmt: skip
    feeds = {
        "world": ("World Desk", ("world", "politics")),
        "swiss": ("Swiss Wire", ("europe",)),
        "tech": ("Tech Daily", ("tech",)),
        "food": ("Kitchen Notes", ("food",)),
    }
    title_, tags = feeds[feed]
    return SearchDoc(id, feed, title_, tags, title, text, author, T0 + days * DAY, entities)


STORIES = [
    doc(
        "kim",
        "Xi Jinping receives Kim Jong Un in Beijing",
        "The two leaders met in Beijing on Tuesday.",
        author="Anna Schmidt",
        entities=(("PER", "Xi Jinping"), ("PER", "Kim Jong Un"), ("LOC", "Beijing")),
    ),
    doc(
        "zurich",
        "Floods hit Zürich old town",
        "Heavy rain flooded the streets; the city council met.",
        feed="swiss",
        days=1,
        author="Jürg Müller",
        entities=(("LOC", "Zürich"), ("ORG", "City Council")),
    ),
    doc(
        "trade",
        "Trade talks resume in Geneva",
        "Negotiators from Washington and Beijing resumed trade talks.",
        feed="swiss",
        days=2,
        entities=(("LOC", "Geneva"), ("LOC", "Washington"), ("LOC", "Beijing")),
    ),
    doc(
        "markets",
        "Markets steady",
        "Analysts said a summit with Kim Jong Un could calm markets.",
        days=3,
        entities=(("PER", "Kim Jong Un"),),
    ),
    doc("split", "Envoys arrive", "Jong said that Kim would come later, officials said.", days=-1),
    doc(
        "elections",
        "Elections postponed in Lagos",
        "The commission postponed both elections.",
        days=-2,
        entities=(("LOC", "Lagos"),),
    ),
    doc(
        "election",
        "Election day in Paris",
        "Voters went to the polls.",
        days=-3,
        entities=(("LOC", "Paris"),),
    ),
    doc(
        "climate",
        "Climate summit opens",
        "Delegates of the United Nations gathered.",
        days=-20,
        entities=(("ORG", "United Nations"),),
    ),
    doc(
        "nato",
        "NATO ministers meet in Brussels",
        "Defence ministers agreed a plan.",
        days=-40,
        author="Reporter 7",
        entities=(("ORG", "NATO"), ("LOC", "Brussels")),
    ),
    doc(
        "chips",
        "Chip exports face new rules",
        "Regulators tightened chip export rules.",
        feed="tech",
        days=-5,
    ),
    doc("pie", "Apple pie recipe", "Bake an apple pie with cinnamon.", feed="food", days=-6),
    doc(
        "juice",
        "Orange juice prices rise",
        "Orange growers blamed frost; apple growers did not.",
        feed="food",
        days=-7,
    ),
    doc("fire-old", "Wildfire season begins", "Crews are on alert.", days=-9),
    doc("fire-new", "Wildfire season begins", "Crews are on alert tonight.", days=-8),  # a hair less relevant
    doc("cjk", "北京欢迎你", "城市新闻", feed="world", days=-10),
]


class Marks:
    """A reader's state: what is read, what is bookmarked (with tags)."""

    def __init__(self, read: AbstractSet[str], bookmarks: dict[str, tuple[str, ...]]) -> None:
        self.read, self.bookmarks = read, bookmarks

    def is_read(self, id: str) -> bool:
        return id in self.read

    def is_bookmarked(self, id: str) -> bool:
        return id in self.bookmarks

    def bookmark_tags(self, id: str) -> tuple[str, ...]:
        return self.bookmarks.get(id, ())


class ListingMarks(Marks):
    """The same, able to list its marks (the fast path)."""

    def read_ids(self) -> AbstractSet[str]:
        return self.read

    def bookmarked_ids(self) -> list[str]:
        return list(self.bookmarks)


MARKS = Marks({"kim", "zurich", "pie"}, {"nato": ("Defence",), "pie": ("recipes",)})


def known_index() -> SearchIndex:
    """The known stories indexed (each test module keeps one for all its tests)."""
    ix = SearchIndex()
    ix.add(STORIES)
    return ix


def ids(ix: SearchIndex, query: str, **kw: object) -> set[str]:
    return set(ix.search(query, now=NOW, **kw).ids)  # type: ignore[arg-type]
