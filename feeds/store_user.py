"""What the user keeps beside the feeds: bookmarks (each a whole copy of its story), saved searches, where
the reader was and the theme chosen in its palette.

A part of :class:`feeds.store.Store`, kept in its own module: the store is a subscription and story database
first, and these are small tables with rules of their own (a bookmark outlives its story and its feed; a saved
search is a name and a query, its stories are found by the search index). Bookmarks live in ``bookmarks.json``,
saved searches in the ``searches`` table of ``feeds.json``, the reader's place in its ``reader`` table, the chosen
theme in its ``theme`` table (written like everything else there: whole, atomically, so a ``kill -9`` leaves the
last place kept).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, MutableMapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from .model import Bookmark, Feed, Story
from .storage import StoreError, capped_tags, record_id
from .text import MAX_TAG, MAX_TAGS, clean_line, clean_text, narrow_emoji, quoted


def read_marks(docs: Iterable[Any]) -> tuple[set[str], int]:
    """The story ids a feed's marks file holds as read, and how many of its records are damaged (no id, or not a
    string: a hand edit). A story marked twice is no damage: `newsdesk read X X` wrote it so, and every command
    after warned "marks/<feed>.json has 1 damaged record(s)" for good."""
    ids = [record_id(doc) for doc in docs]
    return {sid for sid in ids if type(sid) is str}, sum(type(sid) is not str for sid in ids)


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag for tag in (clean_line(t, MAX_TAG) for t in tags) if tag))


class UserData:
    """Bookmarks and saved searches; :class:`~feeds.store.Store` provides the members declared here."""

    _lock: threading.RLock
    _main: TinyDB
    _bookmarks_db: TinyDB
    _bookmarks: dict[str, Bookmark]
    _feeds: dict[str, Feed]
    readonly: bool

    if TYPE_CHECKING:

        def _writable(self) -> None: ...

        def story(self, story_id: str) -> Story | None: ...

    # -- bookmarks -----------------------------------------------------------------------------------------------
    def is_bookmarked(self, story_id: str) -> bool:
        return story_id in self._bookmarks

    def bookmark_of(self, story_id: str) -> Bookmark | None:
        """The bookmark of one story, if it has one (without sorting them all, as :meth:`bookmarks` does)."""
        return self._bookmarks.get(story_id)

    def bookmarks(self) -> list[Bookmark]:
        """Newest bookmark first."""
        with self._lock:
            return sorted(self._bookmarks.values(), key=lambda b: b.created, reverse=True)

    def bookmark(
        self,
        story_id: str,
        *,
        note: str | None = None,
        tags: Iterable[str] | None = None,
        shown: Story | None = None,
    ) -> Bookmark:
        """Save (or edit the note and tags of) a bookmark, with a whole copy of the story.

        ``shown`` is the copy of the story a reader has on screen: it is kept when the store no longer has the
        story (a refresh purged it, or its feed was removed, while it was being read), so the bookmark asked for
        is not lost with it."""
        with self._lock:
            self._writable()
            old = self._bookmarks.get(story_id)
            story = old.story if old else self.story(story_id)
            if story is None and shown is not None and shown.id == story_id:
                story = shown
            if story is None:
                raise StoreError(f"no story with id {story_id}")
            feed = self._feeds.get(story.feed_id)
            mark = Bookmark(
                story=story,
                feed_title=(feed.name if feed else old.feed_title if old else ""),
                # A note and tags are cleaned like a feed's text: they are printed (`newsdesk bookmarks`) and
                # exported, and an escape sequence typed or pasted into them went out raw.
                note=narrow_emoji(clean_text(note)) if note is not None else (old.note if old else ""),
                tags=capped_tags(_clean_tags(tags), "a bookmark")
                if tags is not None
                else (old.tags if old else ()),
                created=old.created if old else time.time(),
                feed_url=feed.url if feed else old.feed_url if old else "",
            )
            self._put_bookmarks([mark])
            return mark

    def _put_bookmarks(self, marks: Iterable[Bookmark]) -> None:
        table = self._bookmarks_db.table("bookmarks")
        marks = list(marks)
        docs = {mark.story.id: mark.to_dict() for mark in marks}
        # One update and one insert for all: an upsert per bookmark read the whole table each time, so importing
        # 4,000 bookmarks took 11 s and 20,000 several minutes.
        stored: dict[str, list[int]] = {}
        for doc in table.all():
            sid = record_id(doc)
            if isinstance(sid, str) and sid in docs:
                stored.setdefault(sid, []).append(doc.doc_id)

        def put(doc: MutableMapping[str, Any]) -> None:
            doc.update(docs[doc["id"]])

        with self._bookmarks_db.storage.batch():  # type: ignore[attr-defined]
            if stored:
                table.update(put, doc_ids=[n for ids in stored.values() for n in ids])
            table.insert_multiple(doc for sid, doc in docs.items() if sid not in stored)
        # Only once saved: a write that failed (a full disk) left the reader showing a ★ it would lose on quitting.
        self._bookmarks.update((mark.story.id, mark) for mark in marks)

    def import_bookmarks(self, marks: Iterable[Bookmark]) -> tuple[int, int, int]:
        """Bring in bookmarks (from an export) in one write; returns (added, merged, tags dropped).

        A bookmark for a story id already saved is merged by :func:`feeds.bookmarks.merge` (the stored note stays
        unless the imported bookmark was saved later; tags are united), so importing the same file twice changes
        nothing. Imported stories need no feed here: the bookmark is its own copy. One whose feed's address is
        subscribed here is linked to that subscription (:func:`feeds.bookmarks.relink`), after the merge, so an
        earlier import of it is linked too. A bookmark keeps its first :data:`MAX_TAGS` tags (stored ones first),
        and the count of those left out is returned, for the import to say.
        """
        from .bookmarks import merge, relink

        dropped = 0

        def capped(mark: Bookmark) -> Bookmark:
            nonlocal dropped
            if len(mark.tags) <= MAX_TAGS:
                return mark
            dropped += len(mark.tags) - MAX_TAGS
            return replace(mark, tags=mark.tags[:MAX_TAGS])

        with self._lock:
            self._writable()
            incoming: dict[str, Bookmark] = {}
            for mark in marks:  # the file itself may name a story twice: merge those first
                incoming[mark.story.id] = capped(merge(incoming.get(mark.story.id), mark))
            added = merged = 0
            changed: list[Bookmark] = []
            olds = [self._bookmarks.get(sid) for sid in incoming]
            results = map(capped, relink(map(merge, olds, incoming.values()), self._feeds.values()))
            for old, result in zip(olds, results, strict=True):
                if old is None:
                    added += 1
                else:
                    merged += 1
                if result != old:
                    changed.append(result)
            if changed:
                self._put_bookmarks(changed)
            return added, merged, dropped

    def unbookmark(self, story_id: str) -> bool:
        with self._lock:
            self._writable()
            if story_id not in self._bookmarks:
                return False
            from tinydb import Query

            self._bookmarks_db.table("bookmarks").remove(Query().id == story_id)
            del self._bookmarks[story_id]
            return True

    # -- saved searches (the `searches` table of feeds.json) ---------------------------------------------------
    def saved_searches(self) -> dict[str, str]:
        """Saved searches, name -> query, sorted by name (the feed list shows them as virtual feeds)."""
        with self._lock:
            docs = self._main.table("searches").all()
            return {d["name"]: d["query"] for d in sorted(docs, key=lambda d: str(d["name"]).casefold())}

    def save_search(self, name: str, query: str) -> None:
        """Save ``query`` under ``name`` (a saved search of that name is replaced)."""
        name = name.strip()
        if not name:
            raise StoreError("a saved search needs a name")
        from tinydb import Query

        with self._lock:
            self._writable()
            self._main.table("searches").upsert({"name": name, "query": query}, Query().name == name)

    def delete_search(self, name: str) -> bool:
        """Forget the saved search ``name``; False when there was none."""
        from tinydb import Query

        with self._lock:
            self._writable()
            return bool(self._main.table("searches").remove(Query().name == name))

    def rename_search(self, old: str, new: str) -> bool:
        """Give the saved search ``old`` the name ``new`` (no saved search may have it yet) in one write of
        feeds.json, replaced whole: a crash leaves the old name or the new. Written as a new name and then the
        deletion of the old, a read-only copy that looked in between took the rename for a deletion. False when
        there was no ``old``."""
        from tinydb import Query

        with self._lock:
            self._writable()
            searches = self._main.table("searches")
            if new != old and searches.contains(Query().name == new):
                raise StoreError(f"a saved search named {quoted(new)} already exists")
            return bool(searches.update({"name": new}, Query().name == old))

    # -- the reader's place (the `reader` table of feeds.json) ---------------------------------------------------
    def reader_place(self) -> tuple[str, str | None]:
        """Where the reader was: the list it showed (a source key such as ``all`` or ``feed:ID``; ``all`` when
        none was kept) and the story under its cursor (None: none kept). The caller checks both still exist."""
        with self._lock:
            docs = self._main.table("reader").all()
        doc = docs[0] if docs else {}
        source, story = doc.get("source"), doc.get("story")
        return (
            source if isinstance(source, str) and source else "all",
            story if isinstance(story, str) and story else None,
        )

    def keep_reader_place(self, source: str, story_id: str | None) -> bool:
        """Keep where the reader is for its next start; written only when it changed. A read-only store keeps
        nothing (False, no error); a failed write raises :class:`StoreWriteError` (the last place kept stays)."""
        if self.readonly:
            return False
        with self._lock:
            if self.reader_place() == (source, story_id):
                return False
            self._keep_row("reader", {"source": source, "story": story_id})
            return True

    def _keep_row(self, name: str, doc: dict[str, Any]) -> None:
        """Make ``doc`` the one row of feeds.json's table ``name``, in one write (the caller holds the lock)."""
        table = self._main.table(name)
        with self._main.storage.batch():  # type: ignore[attr-defined]  # one write of feeds.json
            table.truncate()
            table.insert(doc)

    # -- the theme chosen in the reader (the `theme` table of feeds.json) ----------------------------------------
    def chosen_theme(self) -> tuple[str, str] | None:
        """The theme last chosen in the reader's palette and the config's ``theme`` when it was chosen (the
        reader lets a config changed since then win), or None: none chosen yet."""
        with self._lock:
            docs = self._main.table("theme").all()
        doc = docs[0] if docs else {}
        theme, config_theme = doc.get("theme"), doc.get("config_theme")
        if isinstance(theme, str) and theme and isinstance(config_theme, str):
            return theme, config_theme
        return None

    def keep_chosen_theme(self, theme: str, config_theme: str) -> bool:
        """Keep the theme chosen in the palette, with the config's ``theme`` at that moment, for the next start.
        The user's config file is not touched: rewriting it would lose their comments and layout. A read-only
        store keeps nothing (False, no error); a failed write raises :class:`StoreWriteError`."""
        if self.readonly:
            return False
        with self._lock:
            if self.chosen_theme() == (theme, config_theme):
                return False
            self._keep_row("theme", {"theme": theme, "config_theme": config_theme})
            return True
