"""Saved searches: named queries that the reader shows as virtual feeds, with their unread counts.

The names and queries live in the store (the ``searches`` table of feeds.json, through the store's public
methods); what a saved search *shows* is never stored: it is the query run again over the search index, so a
saved search is always as current as the index. Both the reader and ``newsdesk searches`` use these functions,
so the count beside a saved search in the feed list is the count the command line prints. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from feeds.model import StoryHeader
from feeds.storage import StoreError
from feeds.store import Store
from feeds.text import clean_line, quoted, strip_unsafe

if TYPE_CHECKING:  # the search engine (and numpy) load when a search runs, not when the reader starts
    from feeds.search.index import SearchResult
    from feeds.search.service import SearchService

KEY_PREFIX = "search:"  #: feed-list key of a saved search: ``search:NAME``
MAX_NAME = 80  #: longest name kept (the feed list is narrow anyway)


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """One saved search and, once counted, how many of its stories are unread (-1: not counted yet)."""

    name: str
    query: str
    unread: int = -1


def key_of(name: str) -> str:
    """The feed-list key of the saved search ``name``."""
    return KEY_PREFIX + name


def name_of(key: str) -> str | None:
    """The saved search a feed-list key names, or None when the key is something else."""
    return key[len(KEY_PREFIX) :] if key.startswith(KEY_PREFIX) else None


def clean_name(name: str) -> str:
    """A name as stored: one line of plain text, trimmed; a blank name is refused in words."""
    cleaned = clean_line(name)[:MAX_NAME].strip()
    if not cleaned:
        raise StoreError("a saved search needs a name")
    return cleaned


def saved(store: Store) -> list[SavedSearch]:
    """Every saved search, sorted by name (not counted)."""
    return [SavedSearch(name, query) for name, query in store.saved_searches().items()]


def save(store: Store, name: str, query: str, *, complete: bool = False) -> str:
    """Save ``query`` under ``name`` (replacing one of that name); returns the name as stored.

    A saved search reads its query as the reader's box does, its last word still being typed (a prefix): what the
    box's ``ctrl+n`` saves. ``complete``: the query was given whole (`newsdesk search --save`), its last word the
    word typed, as `newsdesk search` reads it; it is stored with a space after that word, which the parser reads as
    a word finished (see :mod:`feeds.search.query`), so the saved search lists what `search` lists. Saved as the
    bare text, `search --save Kim "kim sum"` counted the summit stories `search "kim sum"` does not list."""
    from feeds.search.tokens import ends_in_a_word

    # Printed by `newsdesk searches`: no escape sequence in it, nothing the store cannot save.
    query = strip_unsafe(query).strip()
    if not query:
        raise StoreError("there is no query to save")
    name = clean_name(name)
    store.save_search(name, query + " " if complete and ends_in_a_word(query) else query)
    return name


def shown(query: str) -> str:
    """A saved query as lists show it: without the space that ends a complete one (see :func:`save`)."""
    return query.rstrip()


def delete(store: Store, name: str) -> None:
    """Forget the saved search ``name``; a name that is not saved is a mistake said in words."""
    if not store.delete_search(name):
        raise StoreError(f"no saved search named {quoted(name)}")


def rename(store: Store, old: str, new: str) -> str:
    """Give the saved search ``old`` the name ``new``; returns the new name as stored. One write (see
    :meth:`~feeds.store.Store.rename_search`): a crash leaves one of the names, and a read-only copy sees a rename,
    not a new saved search and then a deletion."""
    searches = store.saved_searches()
    if old not in searches:
        raise StoreError(f"no saved search named {quoted(old)}")
    new = clean_name(new)
    if new == old:
        return new
    if new in searches:
        raise StoreError(f"a saved search named {quoted(new)} already exists")
    store.rename_search(old, new)
    return new


class MarksSnapshot:
    """The store's read marks and bookmarks frozen once for a whole recount: the index keeps what it derives
    from one snapshot, so counting six saved searches reads the marks once, not six times."""

    def __init__(self, store: Store) -> None:
        self.store = store
        every = {h.id for h in store.headers()}
        self._read = frozenset(every - store.unread_ids())
        self._marked = frozenset(b.story.id for b in store.bookmarks())
        self._notes = {b.story.id: b.note for b in store.bookmarks() if b.note}

    def is_read(self, id: str) -> bool:
        return id in self._read

    def is_bookmarked(self, id: str) -> bool:
        return id in self._marked

    def bookmark_tags(self, id: str) -> tuple[str, ...]:
        mark = next((b for b in self.store.bookmarks() if b.story.id == id), None)
        return mark.tags if mark is not None else ()

    def read_ids(self) -> frozenset[str]:
        return self._read

    def bookmarked_ids(self) -> frozenset[str]:
        return self._marked

    def bookmark_notes(self) -> dict[str, str]:
        return self._notes


def unread_count(
    service: SearchService, query: str, *, now: float | None = None, marks: MarksSnapshot | None = None
) -> int:
    """How many stories the query matches that are not read: the query ANDed with ``is:unread``, counted.

    The condition is added to the parsed query (not to its text), so the query means what it meant when saved:
    its last word stays a prefix, an unclosed quote stays closed where it was. Counting asks for one result,
    not all of them (about 2.5 times faster at 50k stories than listing every match).
    """
    from feeds.search.query import parse_query

    parsed = parse_query(query)
    parsed = replace(parsed, groups=parsed.groups + parse_query("is:unread").groups)
    state = marks if marks is not None else MarksSnapshot(service.store)
    return service.index.search(parsed, state=state, limit=1, now=now).total


def match_count(
    service: SearchService, query: str, *, now: float | None = None, marks: MarksSnapshot | None = None
) -> int:
    """How many stories the query matches now, with the store's marks as they are (counted, not listed)."""
    state = marks if marks is not None else MarksSnapshot(service.store)
    return service.index.search(query, state=state, limit=1, now=now).total


def match_ids(
    service: SearchService, query: str, *, now: float | None = None, marks: MarksSnapshot | None = None
) -> frozenset[str]:
    """The stories the query matches now, with the store's marks as they are: the ids, not only their number
    (:func:`match_count`), so a title can count a duplicate group's copies once, as the story list does."""
    state = marks if marks is not None else MarksSnapshot(service.store)
    result = service.index.search(query, state=state, limit=max(1, len(service.index)), sort="date", now=now)
    return frozenset(result.ids)


def counted(
    service: SearchService, *, now: float | None = None, marks: MarksSnapshot | None = None
) -> list[SavedSearch]:
    """Every saved search with its unread count (the index must be open)."""
    marks = marks if marks is not None else MarksSnapshot(service.store)
    return [
        SavedSearch(s.name, s.query, unread_count(service, s.query, now=now, marks=marks))
        for s in saved(service.store)
    ]


def results(
    service: SearchService, query: str, *, now: float | None = None
) -> tuple[SearchResult, list[StoryHeader]]:
    """What a saved search shows in the story list: its stories, newest first, like a feed; with the result
    (its terms mark the matches in titles and in an opened story)."""
    result = service.search(query, limit=max(1, len(service.index)), sort="date", now=now)
    return result, service.headers(result.ids)


def stories(service: SearchService, query: str, *, now: float | None = None) -> list[StoryHeader]:
    """A saved search's stories, newest first."""
    return results(service, query, now=now)[1]
