"""What the related index holds of one story: whether its vector carries any name.

A read-only copy indexes the stories the writer's refresh brings as they come, and the writer's enrichment stores
the names found in them later: the copy's index kept them without their names, so the sidebar never said "shares
Xi Jinping" of them, and the shared names did not weigh in their scores. Split from :mod:`feeds.related.index`,
which owns the arrays; read here directly, as :mod:`feeds.related.postings` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex


def holds_names(index: RelatedIndex, doc_id: str) -> bool | None:
    """Whether the story ``doc_id`` was indexed with an entity among its terms; None when it is not indexed. A
    long story's names may all have been pruned (``Params.max_terms``): it reads as indexed without them."""
    with index._lock:
        slot = index._slot.get(doc_id)
        if slot is None:
            return None
        terms, _counts = index._forward(slot)
        return bool(index._is_entity[terms].any())
