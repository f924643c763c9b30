"""What a story's id is made of besides its feed, guid and date as written: the rule a refresh keys items by
(:mod:`feeds.parse`), and that an import of another reader's stories (:mod:`feeds.newsboat_cache`) follows too, so
the next refresh knows them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from feeds.tracking import untracked


def shared_links(items: Iterable[tuple[str, str]]) -> set[str]:
    """Of items' (link, guid) pairs, the links (campaign parameters left out) more than one item without a guid
    has: each such item's id also takes its title (see :func:`id_keys`)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for raw_link, guid in items:
        link = untracked(raw_link)
        if link and not guid:
            (shared if link in seen else seen).add(link)
    return shared


def id_keys(
    guid: str, link: str, raw_title: str, text: str, media: Sequence[str], shared_link: bool
) -> tuple[str, str]:
    """The link key and the title key a story's id is made of, with its guid and its date as written
    (:func:`feeds.model.story_id`): the rule a refresh keys items by, and an import of another reader's stories
    too, so that the next refresh knows them."""
    key_title = raw_title or (text[:200] if not (guid or link) else "")
    # Known by the link without its campaign parameters (feeds.tracking); the story keeps the link as served.
    key = untracked(link)
    # An episode that is nothing but its audio (no guid, link, title or text) is known by the audio's address:
    # keyed by its date alone, a podcast's untitled episodes of one day were one story.
    key_link = key or (media[0] if media and not (guid or key_title) else "")
    if shared_link and link and not guid.strip():  # several items, one link and no guids (blanks are none)
        key_link = f"{key}\0{raw_title or text[:200]}"  # the link alone made them one
    return key_link, key_title
