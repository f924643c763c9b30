"""Subscriptions: listing, resolving, adding and updating the feeds of ``feeds.json``.

A part of :class:`feeds.store.Store`, kept in its own module beside the refresh's writes
(:mod:`feeds.store_saving`) and the user's own data (:mod:`feeds.store_user`). Removing a feed stays in the store
itself: it deletes the feed's story, body and mark files, which the store owns.
"""

from __future__ import annotations

import operator
import re
import secrets
import threading
import time
from collections.abc import Iterable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any, NamedTuple

from tinydb import TinyDB

from .addresses import address_key
from .model import Bookmark, Feed
from .storage import StoreError, capped_tags, record_id
from .store_saving import UnknownFeed
from .text import MAX_TAG, clean_line, hide_password, natural_key, quoted, unique_tags


def feed_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """A feed's tags as the store keeps them: cleaned, without duplicates; TooManyTags past the cap. Callers
    that fetch before they add (`add URL --tag ...`) check with it first, so a refusal costs no download."""
    return capped_tags(unique_tags(clean_line(t, MAX_TAG) for t in tags), "a feed")


#: What a feed id is (:meth:`Subscriptions.new_feed_id`): one a bookmark remembers is taken again only if so.
_ID = re.compile("[0-9a-f]{8}")


class DuplicateFeed(StoreError):
    """The URL is already subscribed."""


class Removed(NamedTuple):
    """A removed subscription, and how many of its read marks went to each other feed holding those stories
    (feed id -> count; see :meth:`feeds.store.Store.remove_feed`)."""

    feed: Feed
    carried: dict[str, int]


class Subscriptions:
    """The subscription methods; :class:`~feeds.store.Store` provides the members declared here."""

    _lock: threading.RLock
    _feeds: dict[str, Feed]
    _bookmarks: dict[str, Bookmark]
    _main: TinyDB
    #: The records of ``_feeds`` as last sorted (in the dict's order), and that order (see :meth:`feeds`).
    _feeds_order: tuple[list[Feed], list[Feed]] | None = None

    if TYPE_CHECKING:

        def _writable(self) -> None: ...

        @staticmethod
        def _raw(db: TinyDB, table: str) -> dict[str, dict[str, Any]]: ...

    def feeds(self) -> list[Feed]:
        """Every subscription, by name (:func:`~feeds.text.natural_key`: "News 2" before "News 10"), then id. The
        order is kept while the records are the same objects (a record changed, added or removed is a new object,
        a new dict or a missing one, so the list is sorted again): with 20,000 feeds the sort took 10 ms, and the
        reader asked for it at each key press that landed on All or on a group's row (two or three times there)."""
        with self._lock:
            records = list(self._feeds.values())
            kept = self._feeds_order
            if kept is None or len(kept[0]) != len(records) or not all(map(operator.is_, kept[0], records)):
                kept = self._feeds_order = (
                    records,
                    sorted(records, key=lambda f: (natural_key(f.name), f.id)),
                )
            return list(kept[1])

    def get_feed(self, feed_id: str) -> Feed | None:
        return self._feeds.get(feed_id)

    def by_address(self) -> dict[str, Feed]:
        """Each address subscribed (:func:`address_key`) -> its subscription: of two, the first added, or among
        those added at one time (or before the time was kept) the first in ``feeds.json``. The subscription a
        second one of its address (:meth:`same_address`) or one moved to it (:func:`feeds.moved.moved_onto`)
        is named a copy of. 20,000 subscriptions: about 8 ms."""
        with self._lock:
            first: dict[str, Feed] = {}
            for feed in sorted(
                self._feeds.values(), key=lambda f: f.added
            ):  # stable: ties keep the file's order
                first.setdefault(address_key(feed.url), feed)
            return first

    def same_address(self, by_address: Mapping[str, Feed] | None = None) -> dict[str, Feed]:
        """Each subscription whose address an earlier one has -> that earlier one (see :meth:`by_address`, which
        the caller may have at hand). Only a store written by older versions holds such pairs; they compared
        addresses as written, or gave two feeds moved to one address that address."""
        with self._lock:
            first = self.by_address() if by_address is None else by_address
            return {
                feed.id: earlier
                for feed in self._feeds.values()
                if (earlier := first.get(address_key(feed.url), feed)) is not feed
            }

    def resolve_feed(self, ref: str) -> Feed:
        """A feed by id, URL (written as given, else any way of writing it: see :func:`address_key`), exact title
        (any case), or a title prefix that names just one feed."""
        folded = ref.casefold().strip()
        if not folded:  # `remove "$UNSET"` matched a feed with no title (and a prefix of every title)
            raise UnknownFeed("an empty feed name names no feed (see `newsdesk feeds`)")
        with self._lock:
            if ref in self._feeds:
                return self._feeds[ref]
            key = address_key(ref)
            for test in (
                lambda f: f.url == ref,
                lambda f: address_key(f.url) == key,
                lambda f: f.title.casefold() == folded,
                lambda f: f.title.casefold().startswith(folded),
                # the start of a later word: "guardian" is "The Guardian", "herald" "New Zealand Herald - ..."
                lambda f: (
                    any(w.startswith(folded) for w in f.title.casefold().split()[1:])
                    or (" " in folded and f" {folded}" in f.title.casefold())
                ),
            ):
                hits = [f for f in self._feeds.values() if test(f)]
                if len(hits) == 1:
                    return hits[0]
                if len(hits) > 1:  # which ones, so the user can pick: it said only how many
                    named = "; ".join(
                        f"{f.name} [{f.id}]" for f in sorted(hits, key=lambda f: natural_key(f.name))[:3]
                    )
                    more = f"; and {len(hits) - 3} more" if len(hits) > 3 else ""
                    raise UnknownFeed(f"{quoted(ref)} matches {len(hits)} feeds: {named}{more}; use its id")
            raise UnknownFeed(f"no feed matches {quoted(ref)} (see `newsdesk feeds`)")

    def add_feed(self, url: str, *, title: str = "", tags: Iterable[str] = (), feed_id: str = "") -> Feed:
        """Subscribe (see :meth:`add_feeds`), under ``feed_id`` if given and still free (from :meth:`new_feed_id`:
        `add` parses the document once, under the id the feed is to have); else under a new one."""
        return self.add_feeds([(url, title, tags, "")], feed_id=feed_id)[0]

    def new_feed_id(
        self, taken: Iterable[str] = (), url: str = "", remembered: Mapping[str, str] | None = None
    ) -> str:
        """A feed id no subscription has, nor any of ``taken``: 8 random hex digits, or the id a bookmark remembers
        for ``url``'s address (any way of writing it) once its feed is gone. A feed removed by mistake and added
        again came back under a new id, so every story under a new id: its bookmarks read "(no longer
        subscribed)" beside it, and a story starred again was bookmarked twice. Under its old id, its stories have
        their old ids and meet their bookmarks."""
        with self._lock:
            if url:
                old = (self._remembered_ids() if remembered is None else remembered).get(address_key(url), "")
                if old and old not in self._feeds and old not in taken:
                    return old
            feed_id = secrets.token_hex(4)
            while feed_id in self._feeds or feed_id in taken:
                feed_id = secrets.token_hex(4)
            return feed_id

    def remembered_id(self, url: str) -> str:
        """The id a bookmark remembers for ``url``'s address, its feed gone (see :meth:`new_feed_id`); "" if none."""
        with self._lock:
            return self._remembered_ids().get(address_key(url), "")

    def _remembered_ids(self) -> dict[str, str]:
        """Address key -> feed id, of the feeds bookmarks remember that are no longer subscribed."""
        return {
            address_key(mark.feed_url): mark.story.feed_id
            for mark in self._bookmarks.values()
            if mark.feed_url and mark.story.feed_id not in self._feeds and _ID.fullmatch(mark.story.feed_id)
        }

    def add_feeds(
        self, entries: Iterable[tuple[str, str, Iterable[str], str]], feed_id: str = ""
    ) -> list[Feed]:
        """Subscribe to feeds given as (url, title, tags, site URL) with one insert, all or none (DuplicateFeed).

        An address is a duplicate if its :func:`address_key` is a subscription's or an earlier entry's: compared
        as written, a caller that did not check first (as `add` and `import` do) subscribed to
        "HTTP://Example.com:80/feed" beside "http://example.com/feed", and every story was stored twice.

        One at a time, an import of 20,000 feeds took 100 s: TinyDB rebuilds its table on every insert. The title
        and tags come from a user or an OPML file (foreign text): cleaned and bounded like a feed's own title, so
        no control character or escape sequence is stored or printed later."""
        with self._lock:
            self._writable()
            known = {address_key(f.url) for f in self._feeds.values()}
            remembered = self._remembered_ids()  # once: an import of 20,000 feeds asks for 20,000 ids
            feeds: list[Feed] = []
            ids: set[str] = set()
            asked = (
                feed_id if feed_id not in self._feeds else ""
            )  # for the first entry only, while still free
            for url, title, tags, site_url in entries:
                if (key := address_key(url)) in known:
                    raise DuplicateFeed(f"already subscribed to {hide_password(url)}")
                known.add(key)
                new_id = asked or self.new_feed_id(ids, url, remembered)
                asked = ""
                ids.add(new_id)
                clean_tags = feed_tags(tags)
                feeds.append(Feed(new_id, url, clean_line(title), clean_tags, site_url, added=time.time()))
            self._main.table("feeds").insert_multiple(f.to_dict() for f in feeds)
            self._feeds.update((f.id, f) for f in feeds)
            return feeds

    def update_feed(self, feed: Feed) -> None:
        """Store a changed feed record (rename, tags, status, validators). Inside :meth:`batch`, written once."""
        with self._lock:
            if feed.id not in self._feeds:
                raise UnknownFeed(f"no feed with id {feed.id}")
            self.update_feeds([feed])

    def update_feeds(self, feeds: Iterable[Feed]) -> None:
        """Store changed feed records with one write of feeds.json and one pass over its table (a refresh
        updates all 200 feeds at once; a query per feed would scan the table 200 times).

        A feed given another subscription's address (:func:`address_key`), or two given one address, refuse the
        call whole (DuplicateFeed): every story of that address would be stored and shown twice. A feed that
        keeps its address is not checked, so a store of older versions that holds two subscriptions of one
        address (see :meth:`same_address`) can still record their status."""
        with self._lock:
            self._writable()
            feeds = [f for f in feeds if f.id in self._feeds]
            for feed in feeds:  # only new tags: a feed given more before the cap still records its refreshes
                if feed.tags != self._feeds[feed.id].tags:
                    capped_tags(feed.tags, "a feed")
            moved = {f.id: f for f in feeds if _new_address(f, self._feeds[f.id])}
            if moved:
                self._refuse_shared_address(moved)
            changed: dict[str, dict[str, Any]] = {}
            for feed in feeds:
                if self._feeds[feed.id] != feed:  # (one removed meanwhile was left out above)
                    changed[feed.id] = feed.to_dict()
                    self._feeds[feed.id] = feed
            if not changed:
                return
            doc_ids = [int(k) for k, d in self._raw(self._main, "feeds").items() if record_id(d) in changed]

            def apply(doc: MutableMapping[str, Any]) -> None:
                doc.update(changed[doc["id"]])

            self._main.table("feeds").update(apply, doc_ids=doc_ids)

    def _refuse_shared_address(self, moved: dict[str, Feed]) -> None:
        """Raise DuplicateFeed if a feed of ``moved`` (id -> the feed at its new address) would share its address
        key with another subscription, as stored or as moved in the same call."""
        taken = {address_key(f.url): f for f in self._feeds.values() if f.id not in moved}
        for feed in moved.values():
            other = taken.setdefault(address_key(feed.url), feed)
            if other is not feed:
                raise DuplicateFeed(f"{hide_password(feed.url)} is already subscribed as {other.name}")


def _new_address(feed: Feed, stored: Feed) -> bool:
    """Whether ``feed`` takes an address other than the one ``stored`` has (written another way is the same)."""
    return feed.url != stored.url and address_key(feed.url) != address_key(stored.url)
