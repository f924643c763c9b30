"""Real stores with fixed content for the reader's tests: same stories, same dates, same order every run.

Stories are saved through the store's own ``save_stories`` (the path a refresh takes), with dates relative to a
fixed ``NOW`` that the app is handed as its clock, so ages ("3h") render the same every day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from feeds.model import FeedStatus, Story
from feeds.store import Retention, Store

NOW = 1_767_268_800.0  # 2026-01-01 12:00 UTC
HOUR = 3600.0
KEEP_ALL = Retention(max_per_feed=0, max_age_days=0)

INJECTION = "[bold red]x[/] [@click=app.quit]y"

PARAGRAPHS = (
    "Ministers from twelve countries met in Geneva on Tuesday to discuss a new framework for sharing river "
    "water across borders, the first such meeting in a decade.",
    "Officials said the talks would continue next week. Analysts expect a draft agreement by the spring, "
    "though several delegations warned that the hardest questions remain open.",
    "The announcement followed months of negotiations behind closed doors. Critics argued the measures did not "
    "go far enough, while supporters welcomed a step they called long overdue.",
)


@dataclass(frozen=True)
class FeedSpec:
    """A feed and its stories: (title, hours before NOW) pairs, newest first or not."""

    key: str
    title: str
    stories: Sequence[tuple[str, float]]
    tags: tuple[str, ...] = ()
    url: str = ""
    status: FeedStatus = field(default_factory=FeedStatus)


STANDARD: tuple[FeedSpec, ...] = (
    FeedSpec(
        "atlas",
        "Atlas Daily",
        [
            ("Geneva water talks reach first draft", 0.5),
            ("Central bank holds rates steady for a third month", 3),
            ("Rail strike called off after overnight deal", 7),
            ("Harbour city opens its first tidal power plant", 26),
            ("Museum returns bronze statues after 120 years", 50),
        ],
        tags=("world",),
    ),
    FeedSpec(
        "harbour",
        "Harbour Post",
        [
            ("東京で新しい図書館が開館 — 市民に好評", 1),
            ("Fishing quotas cut by a fifth 🐟 as stocks fall", 5),
            ("Ferry timetable changes for the winter season", 30),
            ("Port workers vote on new contract", 75),
        ],
        tags=("world",),
    ),
    FeedSpec(
        "kestrel",
        "Kestrel Ledger",
        [
            ("Chip exports climb 🚀 on strong demand", 2),
            ("Open-source project passes a million users", 9),
            ("Regulators publish draft rules for AI models", 28),
        ],
        tags=("tech",),
    ),
    FeedSpec(
        "lantern",
        "Lanternfish Review",
        [
            ("A year of reading: ten books that stayed with us", 4),
            ("Interview: the cartographer of forgotten islands", 48),
        ],
    ),
)

FAILING: tuple[FeedSpec, ...] = (
    FeedSpec(
        "quill",
        "Quill & Ink",
        [("Letters to the editor", 30)],
        tags=("culture",),
        url="https://quill.example/rss",
        status=FeedStatus(
            last_success=NOW - 72 * HOUR,
            last_attempt=NOW - 2 * HOUR,
            last_error="server error (503 Service Unavailable)",
            failures=4,
        ),
    ),
    FeedSpec(
        "gone",
        "The Old Gazette",
        [],
        url="https://gazette.example/feed",
        status=FeedStatus(
            last_attempt=NOW - 26 * HOUR, last_error="gone (410): the feed was removed", failures=1, gone=True
        ),
    ),
    FeedSpec(
        "dns",
        "Nowhere News",
        [],
        url="https://nowhere.example/atom.xml",
        status=FeedStatus(last_attempt=NOW - 0.5 * HOUR, last_error="host not found (DNS)", failures=1),
    ),
)


def story_for(spec: FeedSpec, feed_id: str, index: int, title: str, hours: float) -> Story:
    slug = f"{spec.key}-{index}"
    return Story(
        id=slug,
        feed_id=feed_id,
        title=title,
        link=f"https://{spec.key}.example/stories/{index}",
        author="Mira Okafor" if index % 2 == 0 else "",
        published=NOW - hours * HOUR,
        first_seen=NOW - hours * HOUR,
        text="\n\n".join(PARAGRAPHS[: 1 + index % 3]),
        links=(f"https://{spec.key}.example/stories/{index}", "https://docs.example/background"),
        content_hash=f"h-{slug}",
    )


def build_store(
    root: Path, specs: Iterable[FeedSpec] = STANDARD, *, retention: Retention = KEEP_ALL
) -> tuple[Store, dict[str, str]]:
    """A store at ``root`` holding ``specs``; returns it and a map from spec key to the store's feed id."""
    store = Store(root, retention=retention)
    ids: dict[str, str] = {}
    for spec in specs:
        url = spec.url or f"https://{spec.key}.example/feed.xml"
        feed = store.add_feed(url, title=spec.title, tags=spec.tags)
        ids[spec.key] = feed.id
        if spec.status != FeedStatus():
            store.update_feed(replace(feed, status=spec.status))
        stories = [story_for(spec, feed.id, i, title, hours) for i, (title, hours) in enumerate(spec.stories)]
        store.save_stories(feed.id, stories, now=NOW)
    return store, ids


def many_stories(root: Path, total: int, feeds: int = 10) -> Store:
    """A store of ``total`` stories over ``feeds`` feeds, for the size tests."""
    store = Store(root, retention=KEEP_ALL)
    per_feed = total // feeds
    for f in range(feeds):
        feed = store.add_feed(f"https://bulk{f}.example/feed.xml", title=f"Bulk feed {f}")
        stories = [
            Story(
                id=f"b{f}-{i}",
                feed_id=feed.id,
                title=f"Story {i} of bulk feed {f}",
                link=f"https://bulk{f}.example/{i}",
                published=NOW - (i * feeds + f) * 60.0,
                first_seen=NOW,
                text="Text.",
                content_hash=f"b{f}-{i}",
            )
            for i in range(per_feed)
        ]
        store.save_stories(feed.id, stories, now=NOW)
    return store
