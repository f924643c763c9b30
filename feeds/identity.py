"""A story the feed serves under a new id is known again by its link and title, so it is not stored twice.

A story's id comes from its guid (see :func:`feeds.model.story_id`). Some feeds make a new guid on every fetch
(a timestamp or a session in it), and a feed that moves from RSS to Atom, or to new software, often changes every
guid at once while the links stay. Each refresh then stored every story again, unread, beside its old copy.

So before a refresh saves a feed, an incoming story whose id is not stored (or is stored under another title) takes
the id of a stored story of that feed with the same link and the same title that the document no longer serves
under its own id, unless it is dated after that story (a new week's thread under last week's title). Its read
mark, bookmark and place stay with it; a story that only shares a link with an older one (a live blog's page) has
another title and stays a story of its own.

Older versions stored such a story again on each refresh, so a store may hold several copies of it. The story then
takes one of them and never makes another (needing exactly one, each refresh of a feed with rotating guids added
a copy of every story, forever): the copy dated nearest to it, so a week's thread served again is that week's
copy and never a later week's; among copies of one date, the one first stored last, which holds the latest text
old code saw, so an unchanged story rewrites nothing. The same copy is chosen on every refresh. The other copies
are left as they are, with their read marks and bookmarks: they are the user's data.

Links are compared without their tracking parameters (see :mod:`feeds.tracking`): a stored story's link may carry
another campaign tag than today's, and stories stored before ids set those aside are found again by it.

The same key (the link without tracking parameters, and the title) finds a story that another subscription holds
too (:func:`also_held`): ids are scoped to their feed, so two feeds of one publisher hold one story under two ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from feeds.model import Story, StoryHeader
from feeds.tracking import untracked

__all__ = ["also_held", "known_again"]


def known_again(
    stored: Iterable[StoryHeader],
    stories: Sequence[Story],
    former_ids: Mapping[str, str] | None = None,
    *,
    first_seen: Callable[[Sequence[str]], Mapping[str, float]] | None = None,
    feed_dates: Callable[[Sequence[str]], Mapping[str, float]] | None = None,
) -> list[Story]:
    """``stories`` (one parsed feed document), each that is a stored story under a new id given the stored id.

    ``former_ids`` maps an id to the one the same item had when it was stored by an older version (ids once
    took feedparser's resolved guid): a stored story keeps that id. ``first_seen`` gives when stored stories were
    first stored (asked only to choose among copies of one date; without it the choice falls to the id).
    ``feed_dates`` gives stored stories' dates as their feeds gave them: a header holds the date a story is
    listed by, which is earlier when the feed dated it after it was first seen (asked only then).
    """
    stories = list(stories)
    by_id = {h.id: h for h in stored}
    if not by_id:  # nothing stored (a feed's first refresh): no story to know again, no link to look at
        return stories
    served = {s.id for s in stories}
    if former_ids:
        claimed: set[str] = set()  # two guids ("a", "/a") once resolved to one id: the first story keeps it
        stories = [_former(s, by_id, served, former_ids, claimed) for s in stories]
        served = {s.id for s in stories}
    unknown = [s for s in stories if s.link and getattr(by_id.get(s.id), "title", None) != s.title]
    if not unknown:
        return stories
    by_key: dict[tuple[str, str], list[str]] = {}
    for header in by_id.values():
        if header.link and header.id not in served:
            by_key.setdefault((untracked(header.link), header.title), []).append(header.id)
    moved: dict[str, str] = {}
    taken: set[str] = set()
    seen: Mapping[str, float] | None = None  # when the copies were first stored, asked once if ever needed
    for story in unknown:
        if story.id in moved:
            continue
        ids = by_key.get((untracked(story.link), story.title), ())
        ids = [i for i in ids if i not in taken]
        given: Mapping[str, float] = {}
        if feed_dates is not None and any(story.published > by_id[i].published for i in ids):
            given = feed_dates(ids)  # a feed's clock ahead: its date, not the time first seen, is the story's
        ids = [i for i in ids if _same_date(story, by_id[i], given.get(i))]
        if len(ids) > 1:
            if seen is None:
                several = [i for group in by_key.values() if len(group) > 1 for i in group]
                seen = first_seen(several) if first_seen is not None else {}
            ids = [_nearest(story, ids, by_id, seen)]
        if ids:
            moved[story.id] = ids[0]
            taken.add(ids[0])
    if not moved:
        return stories
    return [replace(s, id=moved[s.id]) if s.id in moved else s for s in stories]


def also_held(stories: Iterable[StoryHeader], others: Iterable[StoryHeader]) -> list[StoryHeader]:
    """The headers of ``others`` that are one of ``stories`` held by another feed: the same link (tracking
    parameters aside) and the same title, as a refresh knows a story again. A story without a link is matched by
    nothing: its id is made of its feed's own title and date, which another feed's copy need not share.

    The title is looked at first, so only the few headers whose title matches pay for their link."""
    keys = {(untracked(h.link), h.title) for h in stories if h.link}
    titles = {title for _, title in keys}
    return [h for h in others if h.title in titles and h.link and (untracked(h.link), h.title) in keys]


def _former(
    story: Story,
    by_id: Mapping[str, StoryHeader],
    served: set[str],
    former_ids: Mapping[str, str],
    taken: set[str],
) -> Story:
    """``story`` under the id it was stored with by an older version, if that is stored and not another's now.

    Ids that once were one (guids "a" and "/a" resolved alike, kept as the first of the document) go to the
    first story alone: given to both, the second replaced the first's text under its id and read mark, and the
    two took turns on every refresh."""
    former = former_ids.get(story.id)
    if former and story.id not in by_id and former in by_id and former not in served and former not in taken:
        taken.add(former)
        return replace(story, id=former)
    return story


def _nearest(
    story: Story, ids: Sequence[str], by_id: Mapping[str, StoryHeader], seen: Mapping[str, float]
) -> str:
    """Which of several stored copies of ``story`` (``ids``, each may be it by :func:`_same_date`) it is: the one
    dated nearest to it (a dated story served again keeps its date; an undated one is dated now, so the latest),
    then the one first stored last (``seen``), then the smallest id, so that every refresh chooses the same one."""
    return min(ids, key=lambda i: (abs(by_id[i].published - story.published), -seen.get(i, 0.0), i))


def _same_date(story: Story, stored: StoryHeader, given: float | None = None) -> bool:
    """Whether ``story`` may be ``stored`` served again: a story served again keeps its date, while a new item
    dated after it is a story of its own however alike (a weekly thread, a status page: one title, one link, a
    new guid each time), or it took the older one's id, text and read mark. An undated story (dated when first
    seen, as the parse does) and one dated no later than the stored one (an undated story stored first, dated
    at its first sight) may be it. ``given``: the stored story's date as its feed gave it, when known (the
    header's is the date it is listed by, earlier when the feed's date was ahead of the clock)."""
    dated = stored.published if given is None else max(given, stored.published)
    return story.published == story.first_seen or story.published <= dated
