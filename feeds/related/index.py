"""The related-stories index: cosine similarity over weighted terms and entity keys, across all feeds.

Layout, chosen for memory and for incremental adds:

- every story keeps its raw term frequencies (at most ``Params.max_terms`` terms) in a forward index, so
  weights can be recomputed whenever document frequencies move;
- the *main segment* holds term-major postings (story, normalised weight) built in one vectorised pass by
  :meth:`RelatedIndex.compact`; a query walks only the postings of its own strongest terms;
- stories added since then sit in an append *buffer*, scored by brute force (a gather and a bincount). When
  the buffer outgrows ``compact_every`` stories or an eighth of the main segment, it is folded in: each add
  costs its own analysis plus, amortised, a constant share of one rebuild.

Beside each term's document frequency the index keeps its total frequency over the stories holding it, and how
many of them give it as a person (a name's weight reads both, ``Params.name_burstiness``); each forward entry
says whether its story gave the term as a person, so a removal takes back exactly what the story brought.

Removal marks a slot dead (its score is masked) and updates the document frequencies at once; compaction
drops dead slots and unused vocabulary, so retention keeps memory flat.

This module owns the arrays and keeps them current; the rebuild that folds the buffer in is in
:mod:`feeds.related.compaction`, a query's first pass (postings and buffer) in :mod:`feeds.related.postings`, its
exact re-scoring and reasons in :mod:`feeds.related.scoring`.
"""

from __future__ import annotations

import bisect
import itertools
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from feeds.related import boilerplate, dupes, postings
from feeds.related.analysis import (
    ENTITY_PREFIX,
    Doc,
    Params,
    Suggestion,
    analyse_words,
    normalise,
    prune_positions,
    weigh,
    weighted_idf,
)
from feeds.related.compaction import compact as compact_index
from feeds.related.scoring import feedback, rerank
from feeds.related.tokens import words

# Candidates re-scored exactly: the first pass uses stale, half-precision weights and no titles, so the k asked
# for come from a wider pool (at least _POOL, and _POOL_EXTRA beyond k).
_POOL = 32
_POOL_EXTRA = 8
# Stories analysed at a time by add(): bounds the memory a big first import takes.
_CHUNK = 4096


def _grow(arr: np.ndarray, need: int) -> np.ndarray:
    """The array with room for ``need`` rows (capacity doubles, so appends are amortised O(1))."""
    if need <= len(arr):
        return arr
    bigger = np.zeros((max(need, 2 * len(arr), 64), *arr.shape[1:]), dtype=arr.dtype)
    bigger[: len(arr)] = arr
    return bigger


class RelatedIndex:
    """Finds the stories most like a given one, and groups near-identical ones; see the module docstring."""

    def __init__(self, params: Params | None = None, *, compact_every: int = 2000) -> None:
        self.params = params or Params()
        self.compact_every = compact_every
        # Vocabulary and statistics.
        self._vocab: dict[str, int] = {}
        self._terms: list[str] = []
        self._df = np.zeros(0, dtype=np.int32)
        self._cf = np.zeros(0, dtype=np.float64)  # total frequency over the live stories holding the term
        self._people = np.zeros(0, dtype=np.int32)  # how many of them give the term (a name) as a person
        self._is_entity = np.zeros(0, dtype=bool)
        self._entity_names: dict[str, str] = {}
        # Slots: one per story ever added since the last compaction.
        self._ids: list[str] = []
        self._feeds: list[str] = []
        self._titles: list[str] = []
        self._slot: dict[str, int] = {}
        self._published = np.zeros(0, dtype=np.float64)
        self._lengths = np.zeros(0, dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._sigs = np.zeros((0, dupes.PERMUTATIONS), dtype=np.uint8)
        self._has_sig = np.zeros(0, dtype=bool)
        self._tsigs = np.zeros((0, dupes.TITLE_PERMUTATIONS), dtype=np.uint8)
        self._long = np.zeros(0, dtype=bool)
        self._length_sum = 0.0
        # Main segment: forward CSR over slots [0, n_main) and term-major postings.
        self._n_main = 0
        self._fptr = np.zeros(1, dtype=np.int64)
        self._fterms = np.zeros(0, dtype=np.int32)
        self._ftf = np.zeros(
            0, dtype=np.float16
        )  # raw frequencies: small numbers, half precision is exact enough
        self._fperson = np.zeros(0, dtype=bool)  # the story gave the term (a name) as a person
        self._pptr = np.zeros(1, dtype=np.int64)
        self._pdocs = np.zeros(0, dtype=np.int32)
        self._pw = np.zeros(0, dtype=np.float16)
        # Buffer: slots [n_main, len(ids)), a forward CSR per chunk added (``_bstart``: its first buffer row).
        # Two arrays per story were 100k small blocks at 50k stories, kept among the build's freed memory.
        self._bstart: list[int] = []
        self._bptr: list[np.ndarray] = []
        self._bterms: list[np.ndarray] = []
        self._btf: list[np.ndarray] = []
        self._bperson: list[np.ndarray] = []
        self._version = 0
        self._cache: dict[str, object] = {}
        #: Loaded from a file worth saving once (see persist.load): its large arrays could not be mapped, or it
        #: holds no duplicate groups found by this version's rules (feeds.related.saved_groups).
        self.stale_layout = False
        # One lock for every public method: the enrich worker adds while the UI asks for a sidebar.
        self._lock = threading.RLock()

    # ----------------------------------------------------------------------------------------------- size

    def __len__(self) -> int:
        with self._lock:
            return len(self._slot)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot

    def ids(self) -> list[str]:
        """The stories indexed now."""
        with self._lock:
            return list(self._slot)

    # --------------------------------------------------------------------------------------------- updates

    def add(self, docs: Iterable[Doc]) -> None:
        """Index new stories; a story whose id is already indexed replaces the old version."""
        batch = list({doc.id: doc for doc in docs}.values())
        if not batch:
            return
        with self._lock:
            self.remove(doc.id for doc in batch if doc.id in self._slot)
            for start in range(0, len(batch), _CHUNK):
                self._add_chunk(batch[start : start + _CHUNK])
            self._changed()
            self._compact_if_due()

    def extend(self, docs: Iterable[Doc]) -> int:
        """Index stories not indexed yet, taking them as they come; returns how many were added.

        The same index as one :meth:`add` of them all (the same chunks analysed together, one compaction by the
        same rule at the end), without the list of every story: only the chunk's term counts wait for its rarity,
        never its texts. Ids must be distinct; one already indexed is skipped (:meth:`remove` it first to read
        it again). The lock is taken a chunk at a time, so a query waits for one chunk at most.
        """
        # Checked as each is taken, under the lock: a chunk is whole unless the stories run out.
        it = (doc for doc in docs if doc.id not in self._slot)
        count = 0
        while True:
            with self._lock:
                added = self._add_chunk(itertools.islice(it, _CHUNK))
                count += added
                if added:
                    self._changed()
                if added < _CHUNK:
                    if count:
                        self._compact_if_due()
                    return count

    def _compact_if_due(self) -> None:
        buffered = len(self._ids) - self._n_main
        if buffered >= max(self.compact_every, self._n_main // 8):
            self.compact()

    def _add_chunk(self, batch: Iterable[Doc]) -> int:
        """Analyse up to a chunk of stories together (pruning sees the chunk's rarity); returns how many."""
        # Each story's words are folded, analysed and shingled as it comes, then let go: only its term counts
        # wait for the chunk's rarity, as numbers over the chunk's own list of terms (each term's string once),
        # not as a dict of strings and floats per story (about 16 kB a story, 65 MB a chunk at 50k stories).
        local: dict[str, int] = {}
        counted: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        before = len(self._slot)
        start = len(self._ids)
        length_sum = self._length_sum
        try:
            for doc in batch:
                if doc.id in self._slot:
                    continue
                title_words, text_words = words(doc.title), words(doc.text)
                counts, length = analyse_words(title_words, text_words, doc.entity_keys, self.params)
                people = {ENTITY_PREFIX + k for k, kind in (doc.entity_types or {}).items() if kind == "PER"}
                sig = dupes.signature_of_words(title_words + text_words)
                title_sig = dupes.title_signature(title_words)
                long = len(text_words) >= dupes.LONG_TEXT
                del title_words, text_words
                counted.append(
                    (
                        np.fromiter((local.setdefault(t, len(local)) for t in counts), np.int32, len(counts)),
                        np.fromiter(counts.values(), np.float64, len(counts)),
                        np.fromiter((t in people for t in counts), bool, len(counts)),
                    )
                )
                del counts, people
                slot = len(self._ids)
                self._grow_slots(slot + 1)
                self._ids.append(doc.id)
                self._feeds.append(sys.intern(doc.feed_id))  # a few hundred feeds: one string each
                self._titles.append(doc.title)
                self._slot[doc.id] = slot
                self._published[slot] = doc.published
                self._lengths[slot] = length
                self._alive[slot] = True
                self._length_sum += length
                self._has_sig[slot] = sig is not None
                if sig is not None:
                    self._sigs[slot] = sig
                self._tsigs[slot] = 0 if title_sig is None else title_sig
                self._long[slot] = long
                for key in doc.entity_keys:
                    name = (doc.entity_names or {}).get(key)
                    if name or key not in self._entity_names:
                        self._entity_names[key] = name or key
        except BaseException:
            # A story that could not be read (the store raised as the pass took it) ends the chunk: the stories
            # it took so far leave again, or they stayed as slots without forward rows, which broke every later
            # compaction and any query reaching them.
            for doc_id in self._ids[start:]:
                del self._slot[doc_id]
            del self._ids[start:], self._feeds[start:], self._titles[start:]
            self._length_sum = length_sum
            raise
        if not counted:
            return 0
        # Prune with rarity as it will be once this chunk is in, so a first bulk add prunes sensibly too.
        terms = list(local)
        del local
        chunk_df = np.bincount(np.concatenate([ids for ids, _, _ in counted]), minlength=len(terms)).tolist()
        n_after = before + len(counted)
        rarity = [
            float(np.log((n_after + 1.0) / (self._df_of(term) + df + 1.0)) + 1.0)
            for term, df in zip(terms, chunk_df, strict=True)
        ]
        limit = self.params.max_terms
        sizes = np.empty(len(counted), dtype=np.int64)
        parts_terms: list[np.ndarray] = []
        parts_tf: list[np.ndarray] = []
        parts_person: list[np.ndarray] = []
        for i, (ids, tf, person) in enumerate(counted):
            if len(ids) > limit:
                kept = prune_positions(tf.tolist(), [rarity[t] for t in ids.tolist()], limit)
                ids, tf, person = ids[kept], tf[kept], person[kept]
            term_ids = np.fromiter((self._term_id(terms[t]) for t in ids.tolist()), np.int32, len(ids))
            order = np.argsort(term_ids)
            parts_terms.append(term_ids[order])
            parts_tf.append(tf[order].astype(np.float32).astype(np.float16))
            parts_person.append(person[order])
            sizes[i] = len(ids)
        counted.clear()
        all_terms = np.concatenate(parts_terms)
        all_tf = np.concatenate(parts_tf)
        all_person = np.concatenate(parts_person)
        del parts_terms, parts_tf, parts_person
        self._bstart.append(start - self._n_main)
        self._bptr.append(np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
        self._bterms.append(all_terms)
        self._btf.append(all_tf)
        self._bperson.append(all_person)
        vocab = len(self._terms)
        self._df[:vocab] += np.bincount(all_terms, minlength=vocab).astype(np.int32)
        # The frequencies as stored (half precision): a removal subtracts the same numbers, exactly.
        self._cf[:vocab] += np.bincount(all_terms, weights=all_tf.astype(np.float64), minlength=vocab)
        self._people[:vocab] += np.bincount(all_terms[all_person], minlength=vocab).astype(np.int32)
        return len(sizes)

    def _grow_slots(self, need: int) -> None:
        self._published = _grow(self._published, need)
        self._lengths = _grow(self._lengths, need)
        self._alive = _grow(self._alive, need)
        self._sigs = _grow(self._sigs, need)
        self._has_sig = _grow(self._has_sig, need)
        self._tsigs = _grow(self._tsigs, need)
        self._long = _grow(self._long, need)

    def remove(self, ids: Iterable[str]) -> None:
        """Forget stories (unknown ids are ignored). Their slots are reclaimed at the next compaction."""
        with self._lock:
            changed = False
            for doc_id in list(ids):
                slot = self._slot.pop(doc_id, None)
                if slot is None:
                    continue
                terms, tf = self._forward(slot)
                self._df[terms] -= 1  # a story's terms are distinct: no repeated index
                self._cf[terms] -= tf.astype(np.float64)
                self._people[terms[self._forward_person(slot)]] -= 1
                self._alive[slot] = False
                self._length_sum -= float(self._lengths[slot])
                changed = True
            if changed:
                self._changed()
                dead = len(self._ids) - len(self._slot)
                if dead > max(self.compact_every, len(self._ids) // 4):
                    self.compact()

    def compact(self) -> None:
        """Fold the buffer into the main segment, drop removed stories and unused terms, rebuild postings.

        Nothing to do when every story is in the main segment and alive: the postings were built from these very
        statistics (a save right after an add that compacted, or of a loaded index, rebuilt them all again).
        """
        with self._lock:
            if self._n_main == len(self._ids) == len(self._slot):
                return
            compact_index(self)

    # ------------------------------------------------------------------------------------------------ query

    def related(
        self, doc_id: str, k: int = 8, *, fold: Callable[[str], str | None] | None = None
    ) -> list[Suggestion]:
        """The ``k`` stories most like ``doc_id`` from any feed, best first, never the story itself.

        Only neighbours with a cosine of at least ``Params.min_score`` that share at least two terms or entities
        are returned, so a story about nothing else in the index gets an honest empty list. An id that is not
        indexed (yet) also gets []. With ``fold`` (a story id -> its duplicate group's key, or None), one story of
        a group at most is a candidate (:func:`feeds.related.postings.one_per_group`).
        """
        with self._lock:
            return self._related(doc_id, k, fold)

    def _related(
        self, doc_id: str, k: int, fold: Callable[[str], str | None] | None = None
    ) -> list[Suggestion]:
        slot = self._slot.get(doc_id)
        if slot is None or k <= 0:
            return []
        q_terms, q_w = self._vector(slot)
        if len(q_terms) == 0:
            return []
        scores = postings.first_pass(self, q_terms, q_w)
        scores[slot] = 0.0
        if self.params.prf_docs > 0:
            scores = feedback(self, slot, q_terms, q_w, scores)
        pool = min(len(scores) - 1, max(_POOL, k + _POOL_EXTRA))
        if pool <= 0:
            return []
        if fold is not None:
            top = postings.one_per_group(self._ids, scores, pool, fold)
        else:
            top = np.argpartition(-scores, pool)[:pool] if pool < len(scores) else np.arange(len(scores))
        return rerank(self, slot, q_terms, q_w, top[scores[top] > 0], k)

    def duplicate_groups(self) -> list[list[str]]:
        """Groups of near-identical stories (two or more each), oldest first within a group."""
        with self._lock:
            return [list(g) for g in self._groups()[0]]

    def group_of(self, doc_id: str) -> list[str]:
        """The near-duplicate group ``doc_id`` belongs to; just ``[doc_id]`` when it has none, [] if unknown."""
        with self._lock:
            if doc_id not in self._slot:
                return []
            groups, where = self._groups()
            index = where.get(doc_id)
            return list(groups[index]) if index is not None else [doc_id]

    # ----------------------------------------------------------------------------------------- persistence

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (temporary file, fsync, rename); compacts first."""
        from feeds.related.persist import save

        with self._lock:
            save(self, path)

    @classmethod
    def load(cls, path: Path) -> RelatedIndex:
        """Read an index written by :meth:`save`; raises ValueError on a file of another format."""
        from feeds.related.persist import load

        return load(cls, path)

    # ------------------------------------------------------------------------------------------- internals

    def _changed(self) -> None:
        self._version += 1
        self._cache.clear()

    def _df_of(self, term: str) -> int:
        index = self._vocab.get(term)
        return int(self._df[index]) if index is not None else 0

    def _term_id(self, term: str) -> int:
        index = self._vocab.get(term)
        if index is None:
            index = len(self._terms)
            self._vocab[term] = index
            self._terms.append(term)
            self._df = _grow(self._df, index + 1)
            self._cf = _grow(self._cf, index + 1)
            self._people = _grow(self._people, index + 1)
            self._is_entity = _grow(self._is_entity, index + 1)
            self._is_entity[index] = term.startswith(ENTITY_PREFIX)
        return index

    def _forward(self, slot: int) -> tuple[np.ndarray, np.ndarray]:
        if slot < self._n_main:
            a, b = self._fptr[slot], self._fptr[slot + 1]
            return self._fterms[a:b], self._ftf[a:b]
        row = slot - self._n_main
        chunk = bisect.bisect_right(self._bstart, row) - 1
        ptr = self._bptr[chunk]
        a, b = ptr[row - self._bstart[chunk]], ptr[row - self._bstart[chunk] + 1]
        return self._bterms[chunk][a:b], self._btf[chunk][a:b]

    def _forward_person(self, slot: int) -> np.ndarray:
        """Which of a story's forward entries (:meth:`_forward`'s order) it gave as a person."""
        if slot < self._n_main:
            return self._fperson[self._fptr[slot] : self._fptr[slot + 1]]
        row = slot - self._n_main
        chunk = bisect.bisect_right(self._bstart, row) - 1
        ptr = self._bptr[chunk]
        return self._bperson[chunk][ptr[row - self._bstart[chunk]] : ptr[row - self._bstart[chunk] + 1]]

    def _idf(self) -> np.ndarray:
        cached = self._cache.get("idf")
        if cached is None:
            n = len(self._terms)
            cached = weighted_idf(
                self._df[:n],
                self._cf[:n],
                self._people[:n],
                self._is_entity[:n],
                len(self._slot),
                self.params,
            )
            self._cache["idf"] = cached
        assert isinstance(cached, np.ndarray)
        return cached

    def _avg_length(self) -> float:
        return self._length_sum / max(len(self._slot), 1)

    def _vector(self, slot: int) -> tuple[np.ndarray, np.ndarray]:
        """A story's term ids and unit-length weights, from current statistics."""
        terms, w, _ = self._gather(np.array([slot]))
        return terms, w

    def _gather(self, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Several stories' vectors at once, concatenated: term ids, unit-normalised weights, sizes."""
        parts = [self._forward(s) for s in slots.tolist()]
        sizes = np.fromiter((len(t) for t, _ in parts), dtype=np.int64, count=len(parts))
        if not parts or not sizes.sum():
            return np.zeros(0, np.int32), np.zeros(0, np.float32), sizes
        terms = np.concatenate([t for t, _ in parts])
        tf = np.concatenate([f for _, f in parts])
        owner = np.repeat(np.arange(len(parts)), sizes)
        length = self._lengths[slots][owner]
        is_entity = self._is_entity[terms]
        w = weigh(tf, self._idf()[terms], length, self._avg_length(), self.params, is_entity)
        return terms, normalise(w, owner, is_entity, len(parts), self.params.entity_share), sizes

    def _about(self) -> dupes.Stories:
        """Each slot's headline, feed and date, and each feed's boilerplate, for :func:`dupes.same_report`."""
        return dupes.Stories(self._titles, self._feeds, self._published, lambda: boilerplate.tables(self))

    def _groups(self) -> tuple[list[list[str]], dict[str, int]]:
        cached = self._cache.get("groups")
        if cached is None:
            n, alive = len(self._ids), self._alive[: len(self._ids)]
            pairs = dupes.same_headline_pairs(
                self._feeds, self._titles, self._published[:n], self._lengths[:n], alive, self.params
            )
            found = dupes.duplicate_groups(
                self._sigs[:n],
                alive & self._has_sig[:n],
                self._tsigs[:n],
                self._long[:n],
                pairs,
                self._about(),
            )
            groups = [
                [self._ids[s] for s in sorted(g, key=lambda s: (self._published[s], self._ids[s]))]
                for g in found
            ]
            groups.sort(key=lambda g: (float(self._published[self._slot[g[0]]]), g[0]))
            cached = (groups, {doc_id: i for i, g in enumerate(groups) for doc_id in g})
            self._cache["groups"] = cached
        assert isinstance(cached, tuple)
        return cached
