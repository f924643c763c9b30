"""Duplicate groups in the story list: which rows show, and which hide under a group's first row.

The related index finds near-duplicates (the same report in several feeds, or an updated version) in a worker;
what reaches the list is a plain map from story id to group key. :func:`collapse` turns the list's stories
into the rows it shows: a group of two or more stories present in the list becomes one row (its first story in
list order, newest first in most lists) carrying the count, and its other members follow that row, indented,
only while the group is expanded. One pass over the stories, so it runs when the rows or the groups change,
never per painted row; painting stays O(visible rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from feeds.model import StoryHeader

if TYPE_CHECKING:
    from feeds.related.analysis import Suggestion

#: Kind of a shown row: a story without duplicates in this list, or a member shown under its group's row.
PLAIN = 0
MEMBER = -1


@dataclass(frozen=True)
class Collapsed:
    """The shown rows and, per row, its kind: PLAIN, MEMBER, or the group's size (>= 2) on a group's row.

    ``members`` maps a group's key to its stories in this list, in list order (the shown one first);
    ``key_of`` maps every story in such a group to that key.
    """

    rows: list[StoryHeader]
    kinds: list[int] | None  # None: no group in this list, every row is PLAIN (the common, cheap case)
    members: dict[str, list[StoryHeader]] = field(default_factory=dict)
    key_of: dict[str, str] = field(default_factory=dict)


def membership(groups: Sequence[Sequence[str]]) -> dict[str, str]:
    """Story id -> group key (the group's first id) for the index's duplicate groups."""
    return {story_id: group[0] for group in groups if len(group) > 1 for story_id in group}


def collapse(
    stories: list[StoryHeader], groups: Mapping[str, str], expanded: set[str] | frozenset[str] = frozenset()
) -> Collapsed:
    """The rows to show for ``stories`` given ``groups`` (story id -> key) and the ``expanded`` group keys.

    Only members present in ``stories`` count: a group with one story in this list (the others in feeds not
    shown) is a plain row.
    """
    if not groups:
        return Collapsed(stories, None)
    members: dict[str, list[StoryHeader]] = {}
    for header in stories:
        key = groups.get(header.id)
        if key is not None:
            members.setdefault(key, []).append(header)
    members = {key: found for key, found in members.items() if len(found) > 1}
    if not members:
        return Collapsed(stories, None)
    rows: list[StoryHeader] = []
    kinds: list[int] = []
    for header in stories:
        key = groups.get(header.id)
        found = members.get(key) if key is not None else None
        if found is None:
            rows.append(header)
            kinds.append(PLAIN)
        elif found[0] is header:
            rows.append(header)
            kinds.append(len(found))
            if key in expanded:
                rows.extend(found[1:])
                kinds.extend([MEMBER] * (len(found) - 1))
    key_of = {header.id: key for key, found in members.items() for header in found}
    return Collapsed(rows, kinds, members, key_of)


def with_copies(shown: int, found: int) -> str:
    """What a folded list's count adds when ``found`` stories fold into ``shown`` rows: " (5 with copies)", else
    nothing. The count says the rows shown, then the copies (the entity pivot said "5 stories" over three rows)."""
    return f" ({found:,} with copies)" if found != shown else ""


def stories_counted(shown: int, found: int) -> str:
    """A folded list's count: "3 stories (5 with copies)", or "3 stories" when nothing folds."""
    return f"{shown:,} {'story' if shown == 1 else 'stories'}{with_copies(shown, found)}"


#: Related stories shown for a story (the reader's sidebar, `newsdesk related`), and suggestions asked for per row
#: shown: the copies of a duplicate group fold into one row.
RELATED_COUNT = 8
RELATED_FOLDED = 3
#: Why a related story is listed when it shares no name and no term worth naming (only dates, numbers or
#: function words): its likeness is in its wording as a whole.
NO_REASON = "similar wording"


def fold_related(
    suggestions: Iterable[Suggestion],
    key_of: Callable[[str], str | None],
    own: str | None,
    header: Callable[[str], StoryHeader | None],
) -> list[tuple[Suggestion, StoryHeader, str]]:
    """The related stories as the sidebar and `newsdesk related` list them: a duplicate group (the same report in
    several feeds, ``key_of`` a story's group key) is one row at its best copy's place, the story's own copies
    (group ``own``) one row on top, a story whose header is gone left out; at most :data:`RELATED_COUNT` rows of
    (suggestion, its header, its group key)."""
    seen: set[str] = set()
    same: list[tuple[Suggestion, StoryHeader, str]] = []
    rest: list[tuple[Suggestion, StoryHeader, str]] = []
    for suggestion in suggestions:
        key = key_of(suggestion.id) or suggestion.id
        if key in seen:  # a copy of a group already listed
            continue
        found = header(suggestion.id)  # a title and a date: no need to read its body
        if found is None:
            continue
        seen.add(key)
        (same if key == own else rest).append((suggestion, found, key))
    return (same + rest)[:RELATED_COUNT]
