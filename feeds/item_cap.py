"""Which items of a document over the item cap are kept: the newest, not the first in document order.

A feed that lists its items oldest first (a podcast's whole back catalogue, an archive feed) with more than
:data:`feeds.xmlfeed.MAX_ENTRIES` items only ever gave its oldest ones when the first items were kept: its new
items never appeared. Over the cap, items are ranked by the date their story is listed by and the newest are kept,
in document order.

An undated item counts as newer than every dated one: the store dates it when it is first seen, so it is listed
as the newest anyway, and a feed that dates nothing keeps its first items in document order, as before. Among
undated items, and among items of one date, document order decides (the earlier one is kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from feeds.parse import _entry_dates
from feeds.parse_story import settled_dates
from feeds.xmlfeed import MAX_ENTRIES


def newest_items(dates: Sequence[float | None], cap: int = MAX_ENTRIES) -> list[int]:
    """Indices (ascending, so in document order) of the ``cap`` items to keep, given each item's date or None."""
    if len(dates) <= cap:
        return list(range(len(dates)))
    undated = [n for n, date in enumerate(dates) if date is None]
    dated = sorted((n for n, date in enumerate(dates) if date is not None), key=lambda n: -(dates[n] or 0.0))
    return sorted((undated + dated)[: max(0, cap)])


def listed_date(published: float | None, updated: float | None, now: float) -> float | None:
    """The date a story is listed by (:func:`feeds.parse_story.settled_dates`, the published date before the updated
    one); None when it is undated."""
    published, updated = settled_dates(published, updated, now)
    return published if published is not None else updated


def keep_newest(parsed: Any, now: float, china: bool = False) -> None:
    """Cut feedparser's result (:func:`feeds.xmlfeed.run_feedparser`) to its newest items, and its notes kept by
    entry index (links that are guids, guids as written, permalinks) to theirs. The dates read to rank them are
    noted too (``dates``, by entry index), so the parse does not read the kept items' dates a second time;
    ``china``: the feed is in Chinese, where CST is China's (see :func:`feeds.parse._dated`)."""
    entries = parsed["entries"]
    dates = [_entry_dates(e, china) for e in entries]
    kept = newest_items([listed_date(published, updated, now) for published, updated, _ in dates])
    index = {old: new for new, old in enumerate(kept)}
    parsed["entries"] = [entries[n] for n in kept]
    parsed["dates"] = {new: dates[old] for new, old in enumerate(kept)}
    parsed["guid_not_link"] = {index[n] for n in parsed.get("guid_not_link") or () if n in index}
    for key in ("raw_guids", "permalinks", "media_texts"):
        parsed[key] = {index[n]: value for n, value in (parsed.get(key) or {}).items() if n in index}
