"""The search index over stories: incremental adds and removals, thread-safe searches, persistence, staleness.

Documents are numbered in the order they are added; their words live in immutable :mod:`segment` s of at most
``SEGMENT_DOCS`` documents, small ones merged as they accumulate (each merge at least doubles a segment, so a
document is rebuilt a few times at most). Replacing or removing a document marks its number dead and takes it
out of its words' document frequencies; dead documents' postings are dropped (and numbers compacted) when they pass
a quarter of the index.

Threads: one writer at a time (``add``/``remove``/``compact``/``save`` take the writer lock); searches may run
from any thread. Heavy work (tokenizing, sorting, merging) runs outside the lock searches take, which is held
only to publish results, so the UI keeps searching while the indexer works.

Staleness: ``generation`` is a number the app sets (say, the store's change counter) and finds again after
``load``; ``fingerprint`` digests the (id, content) of every document and :func:`fingerprint_of` computes the
same from the stories the store holds. A mismatch means the persisted index is stale (a crash between a store
write and an index save): :meth:`SearchIndex.sync` then brings it up to date, re-indexing only what differs.
"""

from __future__ import annotations

import hashlib
import threading
import time
from array import array
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from feeds.search import segment as seg_mod
from feeds.search.phrases import PhraseCache
from feeds.search.query import Query, parse_query
from feeds.search.segment import TITLE_WEIGHT, Segment
from feeds.search.tables import Column, EntityIndex, NameTable, Vocab
from feeds.search.tokens import highlight_spans, tokenize

#: Most documents and tokens in one segment: bound the memory (about 30 bytes a token) and time of a merge.
SEGMENT_DOCS = 8192
SEGMENT_TOKENS = 3_000_000
#: Documents are tokenized and built into a new segment in chunks of at most this many documents / characters.
CHUNK_DOCS = 4096
CHUNK_CHARS = 8_000_000
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What search knows of a story. ``entities``: (type PER/ORG/LOC/MISC, entity key or name) pairs."""

    id: str
    feed_id: str
    feed_title: str
    feed_tags: tuple[str, ...]
    title: str
    text: str
    author: str
    published: float
    entities: tuple[tuple[str, str], ...] = ()


class SearchState(Protocol):
    """The reader's marks, asked only about stories that already match everything else in the query."""

    def is_read(self, id: str) -> bool: ...
    def is_bookmarked(self, id: str) -> bool: ...
    def bookmark_tags(self, id: str) -> tuple[str, ...]: ...


class ListingSearchState(SearchState, Protocol):
    """A state that can also list its marks: ``is:`` and ``tag:`` then cost the number of marks, not one call
    per matching story (at 50k stories that is the difference between ~1 ms and tens of ms a keystroke).

    Return a ``frozenset`` snapshot (replaced, not mutated, when a mark changes) and the index keeps what it
    computed from it for the following keystrokes: an ``is:unread`` query then costs nothing per keystroke.
    """

    def read_ids(self) -> Collection[str]: ...
    def bookmarked_ids(self) -> Collection[str]: ...

    # Optional: bookmark_notes() -> {story id: its bookmark's note}, for note: and words (feeds.search.notes).


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Ranked story ids (at most ``limit``), how many matched in all, hints about the query, terms to highlight.

    ``terms`` are folded words and phrases as matched (prefixes already expanded to the words they found); a
    trailing ``*`` marks a phrase whose last word is a prefix. :meth:`highlight` turns them into spans.
    """

    ids: list[str]
    total: int
    hints: list[str]
    terms: list[str]

    def highlight(self, text: str) -> list[tuple[int, int]]:
        return highlight_spans(text, self.terms)


def doc_hash(doc: SearchDoc) -> int:
    """A 64-bit digest of everything search reads from ``doc`` (id included)."""
    h = hashlib.blake2b(digest_size=8)
    parts = [doc.id, doc.feed_id, doc.feed_title, "\x1f".join(doc.feed_tags), doc.title, doc.text, doc.author]
    parts += [repr(float(doc.published)), "\x1f".join(f"{t}\x1e{n}" for t, n in doc.entities)]
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return int.from_bytes(h.digest(), "little")


def _fingerprint(count: int, total: int) -> str:
    return f"{count}:{total & _MASK64:016x}"


def fingerprint_of(docs: Iterable[SearchDoc]) -> str:
    """The fingerprint an index holding exactly ``docs`` has (the last of a repeated id counts)."""
    return fingerprint_of_hashes({doc.id: doc_hash(doc) for doc in docs})


def fingerprint_of_hashes(hashes: Mapping[str, int]) -> str:
    """The fingerprint of an index whose documents have these ids and :func:`doc_hash` es."""
    return _fingerprint(len(hashes), sum(hashes.values()))


class SearchIndex:
    """Full-text search over stories; see the module docstring, :mod:`query` for the language."""

    def __init__(self) -> None:
        self.generation = 0
        #: Per source (the service: per feed), a JSON value recorded when its documents were last read whole;
        #: saved and loaded as it is. The index itself never reads it.
        self.stamps: dict[str, Any] = {}
        self._lock = threading.Lock()  # held by searches and by writers while they publish
        self._write = threading.RLock()  # one writer at a time
        self._vocab = Vocab()
        self._segments: list[Segment] = []
        self._ids: list[str] = []
        self._docnum: dict[str, int] = {}
        self._published = Column(np.float64)
        self._feed = Column(np.int32)
        self._author = Column(np.int32)
        self._dl = Column(np.float32)
        self._hash = Column(np.uint64)
        self._alive = Column(np.bool_)
        self._feeds = NameTable()
        self._authors = NameTable()
        self._entities = EntityIndex()
        self._phrases = PhraseCache()
        self._version = 0  # bumped by every change of documents, for the caches of :mod:`matching`
        self._marks_cache: dict[int, tuple[Collection[str], int, Any]] = {}
        self._live = 0
        self._dl_sum = 0.0
        self._hash_sum = 0

    # -- reading -----------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._live

    def __contains__(self, id: object) -> bool:
        return id in self._docnum

    @property
    def fingerprint(self) -> str:
        """``"<count>:<digest>"`` over every (id, content); equal to :func:`fingerprint_of` of the same docs."""
        return _fingerprint(self._live, self._hash_sum)

    def hashes(self) -> dict[str, int]:
        """Each indexed id and its :func:`doc_hash`."""
        with self._lock:
            data = self._hash.view()
            return {id: int(data[num]) for id, num in self._docnum.items()}

    def hashes_by_feed(self) -> dict[str, dict[str, int]]:
        """:meth:`hashes`, grouped by the documents' ``feed_id``."""
        with self._lock:
            data, feed, rows = self._hash.view(), self._feed.view(), self._feeds.rows
            out: dict[str, dict[str, int]] = {}
            for id, num in self._docnum.items():
                fid = rows[int(feed[num])][0]
                group = out.get(fid)
                if group is None:
                    group = out[fid] = {}
                group[id] = int(data[num])
            return out

    def ids_of_feeds(self, feed_ids: Collection[str]) -> dict[str, set[str]]:
        """The indexed ids of each of ``feed_ids`` (their documents' ``feed_id``): a look at the feed column, not
        a pass over every document as :meth:`hashes_by_feed` makes."""
        with self._lock:
            out: dict[str, set[str]] = {feed_id: set() for feed_id in feed_ids}
            rows = [num for num, key in enumerate(self._feeds.rows) if key[0] in out]
            if rows:
                feed, alive = self._feed.view(), self._alive.view()
                for num in np.flatnonzero(np.isin(feed, rows) & alive).tolist():
                    out[self._feeds.rows[int(feed[num])][0]].add(self._ids[num])
            return out

    def search(
        self,
        query: Query | str,
        *,
        state: SearchState | None = None,
        limit: int = 200,
        sort: Literal["relevance", "date"] = "relevance",
        now: float | None = None,
    ) -> SearchResult:
        """Stories matching ``query``, best first (or newest first with ``sort="date"``).

        A query without positive words (only qualifiers or exclusions, or nothing) is ordered by date. ``now``
        is the time relative dates (``after:7d``) count back from.
        """
        from feeds.search.matching import run

        parsed = parse_query(query) if isinstance(query, str) else query
        with self._lock:
            return run(self, parsed, state, limit, sort, time.time() if now is None else now)

    # -- writing -----------------------------------------------------------------------------------------------

    def add(self, docs: Iterable[SearchDoc]) -> None:
        """Index ``docs``; a known id is replaced (an unchanged one costs nothing).

        A document indexed without names that now only has names added (a store's first tagging changes every
        story so) keeps its words and number: only its names are indexed, not its text again.
        """
        with self._write:
            chunk: dict[str, tuple[SearchDoc, int]] = {}
            named: dict[str, tuple[int, SearchDoc, int]] = {}
            chars = 0
            for doc in docs:
                digest = doc_hash(doc)
                num = self._docnum.get(doc.id)
                chunk.pop(doc.id, None)  # the last version of a repeated id wins
                named.pop(doc.id, None)
                if num is not None:
                    held = int(self._hash.data[num])
                    if held == digest:
                        continue
                    if doc.entities and held == doc_hash(replace(doc, entities=())):
                        named[doc.id] = (num, doc, digest)
                        if len(named) >= CHUNK_DOCS:
                            self._add_names(named)
                            named = {}
                        continue
                chunk[doc.id] = (doc, digest)
                chars += len(doc.text) + len(doc.title)
                if len(chunk) >= CHUNK_DOCS or chars >= CHUNK_CHARS:
                    self._add_chunk(list(chunk.values()))
                    chunk, chars = {}, 0
            if chunk:
                self._add_chunk(list(chunk.values()))
            if named:
                self._add_names(named)
            self._maybe_compact()

    def _add_names(self, named: Mapping[str, tuple[int, SearchDoc, int]]) -> None:
        """Index the names of documents indexed without any, whose other contents are as indexed."""
        with self._lock:
            hashes = self._hash.data
            for num, doc, digest in named.values():
                if self._docnum.get(doc.id) != num:
                    continue  # replaced meanwhile by a later version in the same ``add``: that one counts
                self._entities.add(num, doc.entities)
                self._hash_sum = (self._hash_sum - int(hashes[num]) + digest) & _MASK64
                hashes[num] = digest
            self._version += 1

    def remove(self, ids: Iterable[str]) -> None:
        """Forget ``ids`` (unknown ids are ignored)."""
        with self._write:
            ids = [id for id in ids if id in self._docnum]
            words = self._dead_words([self._docnum[id] for id in ids])
            with self._lock:
                for id in ids:
                    self._kill(id)
                self._uncount(words)
                self._version += 1
            self._maybe_compact()

    def sync(self, docs: Iterable[SearchDoc]) -> tuple[int, int]:
        """Make the index hold exactly ``docs``: re-index what changed, drop what is gone. -> (indexed, removed)."""
        with self._write:
            wanted = {doc.id: doc for doc in docs}
            old = self.hashes()
            changed = [doc for id, doc in wanted.items() if old.get(id) != doc_hash(doc)]
            gone = [id for id in old if id not in wanted]
            self.remove(gone)
            self.add(changed)
            return len(changed), len(gone)

    def clear(self) -> None:
        with self._write:
            fresh = SearchIndex()
            fresh.generation = self.generation
            with self._lock:
                for name, value in vars(fresh).items():
                    if name not in ("_lock", "_write"):
                        setattr(self, name, value)

    def _kill(self, id: str) -> None:
        num = self._docnum.pop(id, None)
        if num is None:
            return
        self._alive.data[num] = False
        self._live -= 1
        self._dl_sum -= float(self._dl.data[num])
        self._hash_sum = (self._hash_sum - int(self._hash.data[num])) & _MASK64

    def _dead_words(self, nums: Collection[int]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The words of the documents ``nums`` and in how many of them each is: what their removal takes out of
        the document frequencies. The frequencies count live documents (their postings stay until
        :meth:`compact`): they choose a prefix's capped expansions (:mod:`matching`), and a removed feed's words,
        counted on, took the slots of the words of the stories left (`vel*` expanded to 64 words only removed
        stories held, and found nothing). Read from the immutable segments, outside the lock searches take."""
        wanted = np.unique(np.fromiter(nums, dtype=np.int64, count=len(nums)))
        terms: list[npt.NDArray[np.int64]] = []
        counts: list[npt.NDArray[np.int64]] = []
        for seg in self._segments if len(wanted) else ():
            lo, hi = np.searchsorted(wanted, [seg.base, seg.base + seg.n])
            if lo == hi:
                continue
            local = wanted[lo:hi] - seg.base
            starts, ends = seg.starts[local].astype(np.int64), seg.starts[local + 1].astype(np.int64)
            lengths = ends - starts
            few = int(lengths.sum()) * 20 < len(seg.docs)  # sorting their tokens costs less than a pass
            if few:  # a few documents: their own words, each once a document
                which = np.repeat(np.arange(len(local), dtype=np.int64), lengths)
                at = np.arange(len(which), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
                rows = seg.stream[starts[which] + at].astype(np.int64)
                gap = len(seg.gids)  # the row number of the gaps between fields
                words = rows != gap
                pairs = np.unique(which[words] * (gap + 1) + rows[words])
                found, many = np.unique(pairs % (gap + 1), return_counts=True)
            else:  # many: each word's postings counted in one pass over the segment's (linear, no sort)
                dead = np.zeros(seg.n, dtype=bool)
                dead[local] = True
                running = np.concatenate(([0], np.cumsum(dead[seg.docs], dtype=np.int64)))
                per_row = running[seg.doc_off[1:]] - running[seg.doc_off[:-1]]
                found = np.flatnonzero(per_row)
                many = per_row[found]
            terms.append(seg.gids[found].astype(np.int64))
            counts.append(many.astype(np.int64))
        if not terms:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(terms), np.concatenate(counts)

    def _uncount(self, words: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]) -> None:
        """Take :meth:`_dead_words` out of the document frequencies (under the lock)."""
        np.subtract.at(self._vocab.df.data, words[0], words[1])

    def _add_chunk(self, chunk: list[tuple[SearchDoc, int]]) -> None:
        base = len(self._ids)
        stream: array[int] = array("i")
        starts: array[int] = array("i")
        title_ends: array[int] = array("i")
        lengths: list[float] = []
        lookup = self._vocab.lookup
        for doc, _ in chunk:
            title = lookup(tokenize(doc.title))
            body = lookup(tokenize(doc.text))
            starts.append(len(stream))
            stream.extend(title)
            title_ends.append(len(stream))
            stream.append(-1)
            stream.extend(body)
            stream.append(-1)
            lengths.append(len(body) + TITLE_WEIGHT * len(title))
        starts.append(len(stream))
        seg = seg_mod.build(
            base,
            np.frombuffer(stream, dtype=np.int32).copy(),
            np.frombuffer(starts, dtype=np.int32).copy(),
            np.frombuffer(title_ends, dtype=np.int32).copy(),
        )
        replaced = self._dead_words(
            {num for doc, _ in chunk if (num := self._docnum.get(doc.id)) is not None}
        )
        with self._lock:  # searches read the name tables: they grow under the lock
            feeds = [
                self._feeds.number((d.feed_id, d.feed_title, tuple(d.feed_tags)), d.feed_title)
                for d, _ in chunk
            ]
            authors = [self._authors.number(d.author, d.author) for d, _ in chunk]
            for doc, _ in chunk:
                self._kill(doc.id)
            self._uncount(replaced)
            for i, (doc, digest) in enumerate(chunk):
                self._docnum[doc.id] = base + i
                self._ids.append(doc.id)
                self._entities.add(base + i, doc.entities)
                self._hash_sum = (self._hash_sum + digest) & _MASK64
            self._published.extend([float(d.published) for d, _ in chunk])
            self._feed.extend(feeds)
            self._author.extend(authors)
            self._dl.extend(lengths)
            self._hash.extend(np.array([h for _, h in chunk], dtype=np.uint64))
            self._alive.extend(np.ones(len(chunk), dtype=bool))
            self._live += len(chunk)
            self._dl_sum += sum(lengths)
            self._vocab.commit(seg.gids, np.diff(seg.doc_off))
            self._segments = [*self._segments, seg]
            self._version += 1
        self._merge_tail()

    def _merge_tail(self) -> None:
        """Merge the last two segments while they are of similar size (the newer at least a quarter)."""
        while True:
            segs = self._segments
            if len(segs) < 2:
                return
            older, newer = segs[-2], segs[-1]
            if older.n > 4 * newer.n or older.n + newer.n > SEGMENT_DOCS:
                return
            if len(older.stream) + len(newer.stream) > SEGMENT_TOKENS:
                return
            merged = seg_mod.merge([older, newer])
            with self._lock:
                self._segments = [*segs[:-2], merged]
                self._phrases.clear()

    def _maybe_compact(self) -> None:
        dead = len(self._ids) - self._live
        if dead >= 64 and dead * 4 > len(self._ids):
            self.compact()

    def compact(self) -> None:
        """Drop removed documents from the segments and renumber the rest."""
        with self._write:
            keep = self._alive.view().copy()
            if keep.all():
                return
            newnum = np.cumsum(keep) - 1
            segments: list[Segment] = []
            base = 0
            for seg in self._segments:
                live = keep[seg.base : seg.base + seg.n]
                count = int(live.sum())
                if count == 0:
                    continue
                if count == seg.n:
                    segments.append(_shifted(seg, base))
                else:
                    segments.append(seg_mod.merge([seg], keep, base))
                base += count
            df = np.zeros(len(self._vocab.terms), dtype=np.int64)
            for seg in segments:
                df[seg.gids] += np.diff(seg.doc_off)
            entities = self._entities.remapped(newnum, keep)
            ids = [id for id, k in zip(self._ids, keep.tolist(), strict=True) if k]
            columns = {
                name: Column(getattr(self, name).dtype, getattr(self, name).view()[keep])
                for name in ("_published", "_feed", "_author", "_dl", "_hash", "_alive")
            }
            with self._lock:
                self._segments = segments
                self._phrases.clear()
                self._version += 1
                self._ids = ids
                self._docnum = {id: i for i, id in enumerate(ids)}
                for name, column in columns.items():
                    setattr(self, name, column)
                self._entities = entities
                self._vocab.set_df(df)

    # -- persistence -------------------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (temporary file, fsync, rename): a crash leaves the old one."""
        from feeds.search.persist import save

        with self._write:
            save(self, Path(path))

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """Read an index written by :meth:`save`; a damaged or foreign file raises ``IndexLoadError``."""
        from feeds.search.persist import load

        return load(cls, Path(path))

    def stats(self) -> dict[str, int]:
        """Sizes for benchmarks and the status line: documents, terms, segments, array bytes."""
        with self._lock:
            return {
                "docs": self._live,
                "dead": len(self._ids) - self._live,
                "terms": self._vocab.committed,
                "segments": len(self._segments),
                "array_bytes": sum(s.nbytes for s in self._segments),
            }


def _shifted(seg: Segment, base: int) -> Segment:
    """``seg`` renumbered to start at ``base`` (a compaction removed documents before it)."""
    return seg if seg.base == base else replace(seg, base=base)
