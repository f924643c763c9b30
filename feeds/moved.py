"""Subscriptions that became copies of another: one whose address moved for good (301/308) to an address another
subscription has, and two subscriptions of one address (kept by stores of older versions).

Such a feed keeps its address and everything stored under it (stories, read marks, bookmarks) until the user
removes it; it stores nothing the other's address serves, and its status says so in words (these functions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .addresses import address_key
from .model import Feed
from .text import hide_password

__all__ = ["moved_onto", "moved_words", "same_address_words"]


def moved_words(url: str, other: Feed) -> str:
    """A feed's status when its address moved for good to one already subscribed. It keeps its own address and
    everything stored under it (stories, read marks, bookmarks) until the user removes it; what its address
    serves now is not stored again: the other subscription stores it."""
    return f"moved for good to {hide_password(url)}, which is already subscribed as {other.name}: remove this one"


def moved_onto(by_address: Mapping[str, Feed], feeds: Iterable[Feed]) -> dict[str, Feed]:
    """Feed id -> the subscription its address moved to for good (``status.moved_to``), for each of ``feeds``
    whose address did so and that subscription is still there: ``by_address``, the store's
    :meth:`~feeds.store.Store.by_address` (of two subscriptions of one address, the first added)."""
    out: dict[str, Feed] = {}
    for feed in feeds:
        there = by_address.get(address_key(feed.status.moved_to)) if feed.status.moved_to else None
        if there is not None and there.id != feed.id:
            out[feed.id] = there
    return out


def same_address_words(url: str, other: Feed) -> str:
    """The status of a subscription of an address subscribed before it (kept by stores of older versions), as
    :func:`moved_words`: its stories, read marks and bookmarks stay until the user removes it, and it stores no
    more copies of the other's stories."""
    return f"{hide_password(url)} is already subscribed as {other.name}: remove this one"
