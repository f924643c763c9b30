"""Enrichment after a refresh: named entities stored per story, and the related-stories index kept current.

Both are derived data, so both are rebuilt from the store whenever they are missing or stale: entities when a
story has none or the extractor's ``MODEL_VERSION`` changed, the index when its file is missing, unreadable or
built by older text analysis. The reader runs this in a thread worker, never before its first paint.

Entities are extracted from the story's clean ``text``, exactly as the story view shows it, so every span
``text[start:end]`` lands on the characters on screen, and from its title (a name the headline alone gives:
those carry ``Entity.title`` and offsets into the title, see :mod:`feeds.entities.titles`). A story that is not
English (its feed declares another language, or its text is clearly another one: see
:mod:`feeds.entities.language`) gets an empty tuple.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import orjson

from feeds.entity_index import EntityIndex, open_index, save_if_changed
from feeds.model import Entity, Feed, Story, list_date
from feeds.paths import read_regular
from feeds.related import Doc, RelatedIndex
from feeds.storage import StoreError, fsync_dir
from feeds.store import Store, feed_stamp


@dataclass(frozen=True, slots=True)
class EnrichProgress:
    """Reported after each feed: how many feeds are done, of how many, and stories extracted so far."""

    done: int
    total: int
    extracted: int


def needs_entities(story: Story, model_version: str) -> bool:
    """Whether ``story`` has no entities yet, or ones from another model."""
    return story.entities is None or story.entities_model != model_version


def extract_missing(
    store: Store,
    *,
    cancel: threading.Event | None = None,
    on_progress: Callable[[EnrichProgress], None] | None = None,
    before_store: Callable[[list[str]], None] | None = None,
) -> list[str]:
    """Extract entities for every story lacking current ones; one ``set_entities`` write per feed.

    Returns the ids of the stories extracted (the related index re-reads those). ``before_store`` hears each
    feed's ids before their names are written (:meth:`RelatedService.defer`: a crash after the write must not
    lose the re-read). Stops soon after ``cancel`` is set (between stories; what was found so far is written).
    A feed the entity index marks complete at its current stamp, this model version and its current language is
    skipped unread, so a start with nothing to do costs two ``stat`` calls per feed; only a pass through every
    story of a feed, with no other write to it meanwhile, marks it.
    """
    if store.readonly:
        return []  # nothing could be kept: the reader tags an open story on the spot instead
    from feeds import entities as ner  # the model loads lazily, only when there is work
    from feeds.entities.language import declared_english

    version = ner.MODEL_VERSION
    index = open_index(store)
    feeds = store.feeds()
    extracted: list[str] = []
    for done, feed in enumerate(feeds, 1):
        if cancel is not None and cancel.is_set():
            break
        # A feed's language is learnt when its body is next parsed: names tagged before it declared another
        # language are dropped then, though the model is the same.
        foreign = declared_english(feed.language) is False
        before = feed_stamp(store, feed.id)  # taken before reading: a write after it shows as a new stamp
        if index.is_complete(feed.id, before, version, feed.language):
            # Every story of the feed, in exactly this state, was tagged by this model under this language.
            if on_progress is not None:
                on_progress(EnrichProgress(done, len(feeds), len(extracted)))
            continue
        stories = {story.id: story for story in store.stories(feed.id)}
        if index.stamp_of(feed.id) != before:
            index.replace_feed(feed.id, stories.values(), before)
        found: dict[str, tuple[tuple[Entity, ...], str]] = {}
        whole = True  # every story of the feed looked at (not cut short by ``cancel``)
        for story in stories.values():
            if cancel is not None and cancel.is_set():
                whole = False
                break  # what this feed found so far is still written below
            if needs_entities(story, version) or (foreign and story.entities):
                found[story.id] = (
                    tuple(ner.extract_story(story.title, story.text, language=feed.language)),
                    version,
                )
        if found:
            if before_store is not None:
                before_store(list(found))
            with store.batch():  # holds the store's lock: no other write lands between the three steps
                untouched = feed_stamp(store, feed.id) == before
                store.set_entities(feed.id, found)
                after = feed_stamp(store, feed.id)
            # The entity index takes the new entities as they are; unless the feed changed while we read it,
            # its stamp then vouches for the feed's new state and the next sync reads nothing.
            index.set_entities(stories, found, before=before if untouched else (None, None), after=after)
            extracted += found
            if whole and untouched:  # the feed now is exactly what we read, with every story tagged
                index.mark_complete(feed.id, after, version, feed.language)
        elif whole:
            # Nothing to do in what was read at ``before`` (or later: then ``before`` is never current again).
            index.mark_complete(feed.id, before, version, feed.language)
        if on_progress is not None:
            on_progress(EnrichProgress(done, len(feeds), len(extracted)))
    save_if_changed(store, index)
    return extracted


def named_stories(store: Store, feed: Feed) -> Iterator[Story]:
    """Every stored story of ``feed`` with current names: the names stored with it, else names found now and kept
    in memory only. What a command answers from when :func:`extract_missing` could not store them (a full disk):
    it still answers, with the names the reader would show, at the cost of finding them again on every run."""
    from feeds import entities as ner
    from feeds.entities.language import declared_english

    version = ner.MODEL_VERSION
    foreign = declared_english(feed.language) is False
    for story in store.stories(feed.id):
        if needs_entities(story, version) or (foreign and story.entities):
            found = tuple(ner.extract_story(story.title, story.text, language=feed.language))
            story = replace(story, entities=found, entities_model=version)
        yield story


def names_in_memory(store: Store) -> EntityIndex:
    """An entity index of :func:`named_stories`, for :func:`pivot`; never saved (it holds names the store lacks)."""
    index = EntityIndex()
    for feed in store.feeds():
        stamp = feed_stamp(store, feed.id)
        index.replace_feed(feed.id, list(named_stories(store, feed)), stamp)
    return index


def related_in_memory(store: Store) -> RelatedIndex:
    """A related index of :func:`named_stories`, never saved: see there."""
    index = RelatedIndex()
    add_stories(index, (story for feed in store.feeds() for story in named_stories(store, feed)))
    return index


def doc_of(story: Story) -> Doc:
    """The related index's view of a story: its words plus its entity keys with the names a reader knows, and the
    type the story gives each (a person's name weighs more)."""
    from feeds.entities import group_entities

    groups = group_entities(story.entities or ())
    return Doc(
        id=story.id,
        feed_id=story.feed_id,
        title=story.title,
        text=story.text,
        published=list_date(story.published, story.first_seen),
        entity_keys=tuple(key for key, _type, _name, mentions in groups for _ in range(mentions)),
        entity_names={key: name for key, _type, name, _mentions in groups},
        entity_types={key: kind for key, kind, _name, _mentions in groups},
    )


def add_stories(index: RelatedIndex, stories: Iterable[Story]) -> int:
    """Index new ``stories`` into the related index as they come; returns how many (a repeated id once).

    The same index as one ``index.add`` of them all, without holding every story's document at once (50k
    stories: about 270 MB), nor a chunk's (:meth:`RelatedIndex.extend`). Stories already in the index are for
    the caller to remove first (as ``add`` does before its first batch). A repeated id keeps its first version
    (``add`` keeps the last: the store gives the same story both times).
    """
    seen: set[str] = set()

    def docs() -> Iterator[Doc]:
        for story in stories:
            if story.id not in seen:
                seen.add(story.id)
                yield doc_of(story)

    index.extend(docs())
    return len(seen)


def index_path(store: Store) -> Path:
    """Where the related index lives: beside the store's own files."""
    return store.root / "index" / "related.npz"


class RelatedService:
    """The related index of one store: loaded from disk or rebuilt, then kept current as stories arrive.

    Thread-safe (the index locks itself); ``update`` is meant for a worker thread after each refresh.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = index_path(store)
        self.index = RelatedIndex()
        self._loaded = False
        self._lock = threading.Lock()
        #: Stories whose names a pass is storing, or stored but the index has not read again (see :meth:`defer`),
        #: kept in this file until an update has read them: in memory alone they were lost on quitting or a
        #: crash, and the index kept such a story's old text for good (it re-reads only what it is told). One
        #: JSON list of ids per line, appended: a line cut short by a crash is one whose names were not stored
        #: (a list is appended before the names it lists are written), and is skipped.
        self.pending_path = self.path.with_name("related-pending.json")
        self._deferred: set[str] = set()
        #: Stories :meth:`named_since` read tagged without a name -> their content hash then: not read again
        #: while it is the same (only an edit, which changes it, brings new names).
        self._nameless: dict[str, str] = {}

    def _all_stories(self) -> Iterable[Story]:
        for feed in self.store.feeds():
            yield from self.store.stories(feed.id)

    def load_or_build(self) -> RelatedIndex:
        """The saved index when usable, else one built from every stored story (and saved)."""
        with self._lock:
            self._load_or_build()
            return self.index

    def _load_or_build(self) -> bool:
        """Load or build the index (the caller holds the lock); True when it was built from the store just now."""
        if self._loaded:
            return False
        built = False
        try:
            self.index = RelatedIndex.load(self.path)
            if self.index.stale_layout:  # written by an earlier version: rewritten once, mapped (and grouped)
                self._save()
        except (ValueError, OSError):
            self.index = RelatedIndex()
            add_stories(self.index, self._all_stories())
            self._save()
            built = True
        self._loaded = True
        return built

    def update(self, changed: Iterable[str] = ()) -> int:
        """Add stories not in the index yet, re-read ``changed`` ones (new entities); save when anything changed.

        Returns how many stories were (re)indexed. ``changed`` are stories whose entities were stored before
        this call: when the index is built from the store by this very call, it read them as they are now and
        they are not read again (a first start tags every story: re-reading them all doubled its work and its
        memory). Stories no longer stored (purged, or their feed removed) leave the index, but for bookmarked
        ones. Only the bodies of the stories to index are read: a start with nothing to do reads the (cached)
        headers alone.
        """
        with self._lock:
            pending = self._pending()
            again = set() if self._load_or_build() else set(changed) | pending
            index = self.index
            # The headers say which stories are missing: only their feeds' bodies are read, a chunk at a time.
            listed = [header.id for feed in self.store.feeds() for header in self.store.headers(feed.id)]
            wanted = [story_id for story_id in listed if story_id not in index or story_id in again]
            present = set(listed)
            # Stories purged or whose feed was removed leave (a bookmarked one stays: the sidebar opens its copy).
            # Kept, they took the places of live suggestions, and the index grew with every refresh for good.
            gone = [i for i in index.ids() if i not in present and not self.store.is_bookmarked(i)]
            count = 0
            if wanted or gone:
                old = [story_id for story_id in wanted if story_id in index]
                index.remove([*gone, *old])  # the old versions as ``add`` does before its first batch
                for story_id in gone:
                    self._nameless.pop(story_id, None)
                count = add_stories(index, (s for s in map(self.store.story, wanted) if s is not None))
                if (count or old or gone) and not self._save():
                    return count  # the file still lacks them: they stay pending
            if pending:
                self._deferred = set()
                with contextlib.suppress(OSError):
                    self.pending_path.unlink()
            return count

    def named_since(self, feed_ids: Iterable[str]) -> list[str]:
        """The stories of ``feed_ids`` the index holds without a name that the store has names for now: a
        read-only copy indexed the stories the writer brought as they came, and the writer's enrichment stored
        their names after. For :meth:`update`'s ``changed``, which analyses just them again (a remove and an add
        each), not the whole index. Reads the bodies of those stories alone, and of those once found tagged
        without a name (a story in another language, a short one) only after an edit: they were read again on
        every look that found their feed's bodies replaced, after each refresh and each enrichment pass."""
        from feeds.related.held import holds_names

        found = []
        for feed_id in feed_ids:
            for header in self.store.headers(feed_id):
                if holds_names(self.index, header.id) is not False:
                    continue
                seen = self._nameless.get(header.id)
                if seen is not None and seen == self.store.content_hash(header.id):
                    continue  # tagged without a name, as it still is
                story = self.store.story(header.id)
                if story is None:
                    continue
                if story.entities:
                    found.append(header.id)
                elif story.entities is not None:
                    self._nameless[header.id] = story.content_hash
        return found

    def defer(self, story_ids: Iterable[str]) -> None:
        """Remember stories whose names are about to be stored (or were, by a pass cancelled before the index
        read them): the next :meth:`update`, in this run or a later one, reads them again.

        Called before the names are written, so a crash (a kill -9) after the write still finds them here; a
        crash before it leaves them untagged, and the next pass tags them and hands them over anyway. While no
        index file exists nothing is written: the next update builds it from the store, names and all (a first
        start tags every story).
        """
        if self.store.readonly:
            return
        with self._lock:
            ids = set(story_ids) - self._deferred
            if not ids:
                return
            self._deferred |= ids
            if not self._loaded and not self.path.exists():
                return
            with contextlib.suppress(OSError):  # a full disk: they are re-read only in this run
                _append_line(self.pending_path, orjson.dumps(sorted(ids)))

    def _pending(self) -> set[str]:
        """The stories :meth:`defer` kept (the caller holds the lock); a damaged line counts as none."""
        ids = set(self._deferred)
        try:
            lines = read_regular(self.pending_path).splitlines()
        except (OSError, StoreError):
            return ids
        for line in lines:
            try:
                found = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue  # cut short by a crash before the names it lists were stored
            if isinstance(found, list):
                ids.update(i for i in found if isinstance(i, str))
        return ids

    def _save(self) -> bool:
        """Write the index; False when it could not be (derived data: the next start rebuilds it)."""
        if self.store.readonly:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.index.save(self.path)
        except (OSError, StoreError):
            return False
        return True


def _append_line(path: Path, data: bytes) -> None:
    """Add ``data`` and a newline at the end of the regular file ``path`` (made if missing) and fsync it, so it
    is on disk before whatever the caller writes next. A link, a pipe or a device there is refused (OSError)."""
    made = not path.exists()
    fd = os.open(
        path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644
    )
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        view = memoryview(b"\n" + data + b"\n")  # on a line of its own, whatever a crash left before it
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    if made:  # the new name too must be on disk before the names it covers
        fsync_dir(path.parent)


def enrich(
    store: Store,
    service: RelatedService,
    *,
    cancel: threading.Event | None = None,
    on_progress: Callable[[EnrichProgress], None] | None = None,
) -> list[str]:
    """Entities first (the index uses their keys), then the index; returns the ids that got entities.

    Each feed's ids go to the index's pending list before their names are stored (see
    :meth:`RelatedService.defer`), so no crash between the two writes loses the index's re-read of them."""
    try:
        extracted = extract_missing(store, cancel=cancel, on_progress=on_progress, before_store=service.defer)
    except StoreError:
        # The names could not be stored (a full disk, a folder made read-only): the index still serves the
        # stories as they are stored, and the caller still hears why their names are missing.
        service.update()
        raise
    if extracted:  # the model is loaded: not held under the related index's build (a first start's peak)
        from feeds import entities as ner

        ner.release()
    if cancel is None or not cancel.is_set():
        service.update(extracted)
    else:  # their names are stored: the index must still read them again, or it keeps their old text
        service.defer(extracted)
    return extracted


@dataclass(frozen=True, slots=True)
class Pivot:
    """Every story naming one entity: ids newest first, a count per day, and the names seen most often with it."""

    key: str
    name: str
    type: str
    story_ids: tuple[str, ...]
    per_day: tuple[int, ...]  # oldest day first, one entry per calendar day (UTC) from first to last mention
    companions: tuple[tuple[str, int], ...]  # (display name, stories shared), most shared first


#: How many names seen with an entity its pivot lists ("most often with").
COMPANIONS = 8


def pivot(store: Store, key: str, *, index: EntityIndex | None = None) -> Pivot:
    """Every stored story naming ``key`` (all feeds), from the entity index; stories without entities yet are
    not counted. The index is checked against the store first (see :mod:`feeds.entity_index`); ``index`` is
    another one to answer from (:func:`names_in_memory`)."""
    if index is None:
        index = open_index(store)
    hits: list[tuple[float, str]] = []
    names: Counter[str] = Counter()
    types: Counter[str] = Counter()
    with_it: Counter[str] = Counter()
    shown: dict[str, str] = {}
    forms = index.person_forms(key)  # "putin" and "vladimir putin": one person (see EntityIndex.person_forms)
    naming = dict.fromkeys(story_id for form in forms for story_id in index.stories_naming(form))  # in order
    for story_id in naming:
        entry = index.entry(story_id)
        if entry is None:
            continue  # dropped by a sync in another thread since the lookup
        hits.append((entry.published, story_id))
        for k, kind, name, _mentions in entry.groups:
            if k in forms:
                names[name] += 1
                types[kind] += 1
            else:
                with_it[k] += 1
                shown.setdefault(k, name)
    hits.sort(reverse=True)
    # 0.0 is 1970-01-01, a day like any other; a date before it (a feed's 0001-01-01) would stretch the chart
    # over centuries, so those stay out of the count as before.
    days = [int(published // 86400) for published, _ in hits if published >= 0]
    per_day: list[int] = []
    if days:
        first, last = min(days), max(days)
        counts = Counter(days)
        per_day = [counts.get(day, 0) for day in range(first, last + 1)]
    return Pivot(
        key=key,
        name=_shown_name(names, forms, key),
        type=types.most_common(1)[0][0] if types else "",
        story_ids=tuple(story_id for _, story_id in hits),
        per_day=tuple(per_day),
        companions=tuple((shown[k], n) for k, n in with_it.most_common(COMPANIONS)),
    )


def _shown_name(names: Counter[str], forms: list[str], key: str) -> str:
    """The name a pivot shows: the one its stories write most; the full name when a surname's stories are
    counted with it ("Vladimir Putin", not "Putin")."""
    if not names:
        return key
    if len(forms) > 1:
        return max(names, key=lambda n: (len(n.split()), names[n]))
    return names.most_common(1)[0][0]
