"""The duplicate groups saved with the related index, so a command that shows them does not find them again.

Finding the groups checks every candidate pair of the index (:func:`feeds.related.dupes.duplicate_groups`): 0.4 s
of CPU on the benchmark's 10k store, whose generated stories give 1.3 million candidate pairs, paid by every
`newsdesk entity` naming two stories or more and every `newsdesk related`, though the index had not changed. The
reader finds them after each enrichment pass anyway, so :func:`feeds.related.persist.save` finds them as it
writes the index (the reader's next ask is then answered from the cache) and writes them into the same file: a
file's groups are always those of its own stories. A loaded index answers from them until it changes.

Groups found by other rules are not those of this version: the file names the rules it was grouped by
(:func:`revision`: a revision number bumped by hand and the grouping's settings), and groups of other rules are found again and
written with the next save (the index is marked worth saving once, see ``RelatedIndex.stale_layout``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

#: The file's members: every grouped story's slot, group after group, and where each group ends.
SLOTS, ENDS = "group_slots", "group_ends"


def revision() -> str:
    """The rules the groups were found by: :data:`feeds.related.dupes.GROUPS_REVISION` and the grouping's settings
    (the words and terms they read are the index's analysis, whose revision the file is checked for already)."""
    from feeds.related import dupes

    settings = (
        dupes.PERMUTATIONS,
        dupes.BAND_ROWS,
        dupes.SHINGLE,
        dupes.MIN_SHINGLES,
        dupes.DUPLICATE_JACCARD,
    )
    more = (dupes.WINDOW, dupes.TITLE_PERMUTATIONS, dupes.TITLE_JACCARD, dupes.LONG_TEXT)
    return ":".join(str(value) for value in (dupes.GROUPS_REVISION, *settings, *more))


def encode(index: RelatedIndex) -> dict[str, np.ndarray]:
    """The members holding ``index``'s groups (found now unless cached); the caller holds its lock and has just
    compacted it, so slots are the ones the file numbers."""
    groups, _ = index._groups()
    slots = [index._slot[doc_id] for group in groups for doc_id in group]
    ends = np.cumsum([len(group) for group in groups], dtype=np.int64)
    return {SLOTS: np.array(slots, dtype=np.int32), ENDS: ends}


def decode(index: RelatedIndex, arrays: dict[str, np.ndarray], header: dict[str, Any]) -> bool:
    """Give a just loaded ``index`` the groups its file holds; False when it holds none of these rules' (or parts
    that do not fit: the groups are then found again when asked for)."""
    slots, ends = arrays.get(SLOTS), arrays.get(ENDS)
    if slots is None or ends is None or header.get("groups") != revision():
        return False
    n = len(index._ids)
    sizes = np.diff(ends, prepend=0) if ends.ndim == 1 else None
    if (
        slots.ndim != 1
        or slots.dtype.kind != "i"
        or ends.dtype.kind != "i"
        or sizes is None
        or (len(ends) and int(ends[-1]) != len(slots))
        or (not len(ends) and len(slots))
        or bool(np.any(sizes < 2))
        or (len(slots) and not 0 <= int(slots.min()) <= int(slots.max()) < n)
    ):
        return False
    ids = index._ids
    bounds = [0, *ends.tolist()]
    every = slots.tolist()
    groups = [[ids[s] for s in every[a:b]] for a, b in zip(bounds, bounds[1:], strict=False)]
    index._cache["groups"] = (groups, {doc_id: i for i, g in enumerate(groups) for doc_id in g})
    return True
