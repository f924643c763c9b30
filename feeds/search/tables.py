"""The index's lookup tables: the vocabulary (with sorted prefix lookup), growable columns, names, entities.

The vocabulary maps a folded word to a term id. Prefix lookup bisects a sorted list of the words: a large sorted
"main" list plus a small sorted "pending" list of words added since, folded into main when it grows, so a
refresh that brings a few hundred new words never re-sorts 200k.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt

from feeds.search.tokens import tokenize

_END = "\U0010ffff"
_PENDING_MAX = 4096


class Column:
    """A numpy array that grows by doubling; ``view()`` is the filled part."""

    def __init__(self, dtype: Any, data: npt.NDArray[Any] | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self.data: npt.NDArray[Any] = np.zeros(64, self.dtype) if data is None else np.array(data, self.dtype)
        self.n = 0 if data is None else len(data)

    def extend(self, values: Sequence[Any] | npt.NDArray[Any]) -> None:
        values = np.asarray(values, dtype=self.dtype)
        need = self.n + len(values)
        if need > len(self.data):
            grown = np.zeros(max(need, 2 * len(self.data)), self.dtype)
            grown[: self.n] = self.data[: self.n]
            self.data = grown
        self.data[self.n : need] = values
        self.n = need

    def view(self) -> npt.NDArray[Any]:
        return self.data[: self.n]


class Vocab:
    """Folded word <-> term id, with document frequencies (of live documents: the index takes a removed one's
    words out as it removes it, though its postings stay until a compaction)."""

    def __init__(self, terms: list[str] | None = None, df: npt.NDArray[np.int64] | None = None) -> None:
        self.terms: list[str] = terms or []
        self.ids: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        self.committed = len(self.terms)  # ids at or above this are being added and not searchable yet
        self.df = Column(np.int64, df if df is not None else np.zeros(len(self.terms), np.int64))
        order = sorted(range(len(self.terms)), key=self.terms.__getitem__)
        self._main = [self.terms[i] for i in order]
        self._main_ids = np.array(order, dtype=np.int64)
        self._pending: list[str] = []

    def lookup(self, tokens: list[str]) -> list[int]:
        """Term ids of ``tokens``, new words given new ids (visible to searches after :meth:`commit`)."""
        ids = list(map(self.ids.get, tokens))
        at = -1
        try:
            while True:  # list.index scans in C: only the new words cost Python time
                at = ids.index(None, at + 1)
                tok = tokens[at]
                gid = self.ids.get(tok)
                if gid is None:
                    gid = self.ids[tok] = len(self.terms)
                    self.terms.append(tok)
                ids[at] = gid
        except ValueError:
            return ids  # type: ignore[return-value]

    def commit(self, seg_gids: npt.NDArray[np.int32], seg_df: npt.NDArray[np.int64]) -> None:
        """Make the words added so far searchable and count a new segment's document frequencies."""
        new = self.terms[self.committed :]
        self.df.extend(np.zeros(len(new), np.int64))
        self.df.data[seg_gids] += seg_df
        if len(new) + len(self._pending) > _PENDING_MAX:
            merged = sorted(self._main + self._pending + new)
            self._main = merged
            self._main_ids = np.fromiter(map(self.ids.__getitem__, merged), np.int64, len(merged))
            self._pending = []
        else:
            for word in new:
                insort(self._pending, word)
        self.committed = len(self.terms)

    def gid(self, word: str) -> int | None:
        gid = self.ids.get(word)
        return gid if gid is not None and gid < self.committed else None

    def prefixed(self, prefix: str) -> npt.NDArray[np.int64]:
        """Ids of every committed word starting with ``prefix``."""
        lo, hi = bisect_left(self._main, prefix), bisect_left(self._main, prefix + _END)
        found = self._main_ids[lo:hi]
        plo, phi = bisect_left(self._pending, prefix), bisect_left(self._pending, prefix + _END)
        if phi > plo:
            extra = [self.ids[w] for w in self._pending[plo:phi]]
            found = np.concatenate([found, np.array(extra, dtype=np.int64)])
        return found[found < self.committed]

    def set_df(self, df: npt.NDArray[np.int64]) -> None:
        self.df = Column(np.int64, df)


def _norm(words: Iterable[str]) -> str:
    return " ".join(words)


def words_match(
    query: Sequence[str], name: Sequence[str], *, phrase: bool = False, prefix: bool = False
) -> bool:
    """Every query word is a prefix of a word of ``name``, in order ("kim un" matches "kim jong un"). A ``phrase``
    (a quoted value) is whole words, adjacent and in order, as a quoted phrase in the text is: "reporter 3" is not
    "reporter 30"; with ``prefix`` its last word is still being typed (an unclosed quote) and matches as a prefix."""
    if phrase:
        return _phrase_in(query, name, prefix)
    at = 0
    for word in query:
        while at < len(name) and not name[at].startswith(word):
            at += 1
        if at == len(name):
            return False
        at += 1
    return True


def _phrase_in(query: Sequence[str], name: Sequence[str], prefix: bool) -> bool:
    last = len(query) - 1
    for start in range(len(name) - last):
        if all(
            name[start + i] == word or (prefix and i == last and name[start + i].startswith(word))
            for i, word in enumerate(query)
        ):
            return True
    return False


class NameTable:
    """Distinct small records (feeds, authors) numbered once; documents store the number."""

    def __init__(self) -> None:
        self.keys: dict[Any, int] = {}
        self.rows: list[Any] = []
        self.words: list[tuple[str, ...]] = []

    def number(self, key: Any, name: str) -> int:
        num = self.keys.get(key)
        if num is None:
            num = self.keys[key] = len(self.rows)
            self.rows.append(key)
            self.words.append(tuple(tokenize(name)))
        return num

    def lut(self, predicate: Any) -> npt.NDArray[np.bool_]:
        return np.array([bool(predicate(i)) for i in range(len(self.rows))] or [False], dtype=bool)


#: Most of the names a qualifier's words found whose own linked names are looked for (a word being typed may
#: find hundreds; a name typed whole a few).
_LINKED_NAMES = 12
_TYPES = ("PER", "ORG", "LOC", "MISC")


class _Names:
    """The search index's names as :class:`feeds.name_forms.Names`: a name is a key whatever its type, named by
    the stories any of its types lists (the pivot keys a story's names so).

    ``alive`` (the index's live documents, when some are removed): only those count. A removed story stays in the
    postings until the index compacts (a quarter of it removed), and a removed feed's four stories naming an "Igor
    Putin" kept "Putin" alone from being Vladimir Putin, whose stories were all the Putins the store still held."""

    def __init__(self, index: EntityIndex, alive: npt.NDArray[np.bool_] | None = None) -> None:
        self.index = index
        self.alive = alive
        self._live: dict[int, array[int] | npt.NDArray[np.int32]] = {}

    def eids(self, key: str) -> list[int]:
        ids = self.index.ids
        return [eid for kind in _TYPES if (eid := ids.get((kind, key))) is not None]

    def docs(self, eid: int) -> array[int] | npt.NDArray[np.int32]:
        """The stories naming ``eid``, the removed ones left out."""
        if self.alive is None:
            return self.index.docs[eid]
        live = self._live.get(eid)
        if live is None:
            docs = np.frombuffer(self.index.docs[eid], dtype=np.int32)
            live = self._live[eid] = docs[self.alive[docs]]
        return live

    def stories(self, key: str) -> int:
        docs = [self.docs(eid) for eid in self.eids(key)]
        if len(docs) < 2:
            return len(docs[0]) if docs else 0
        return len(set().union(*(d.tolist() for d in docs)))

    def holds(self, key: str, etype: str) -> bool:
        """Whether most stories naming ``key`` give it ``etype``."""
        own = self.index.ids.get((etype, key))
        return own is not None and 2 * len(self.docs(own)) > self.stories(key)

    def is_person(self, key: str) -> bool:
        return self.holds(key, "PER")

    def with_word(self, word: str) -> set[str]:
        names = self.index.names
        return {" ".join(names[eid]) for eid in self.index.by_word.get(word, ())}


class EntityIndex:
    """Entity (type, folded name) -> documents, with prefix lookup over the words of the names."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.types: list[str] = []
        self.names: list[tuple[str, ...]] = []
        self.docs: list[array[int]] = []
        self.by_word: dict[str, list[int]] = {}
        self._sorted: list[str] | None = None
        self._raw: dict[tuple[str, str], int] = {}  # names as written -> id, so tokenizing happens once

    def add(self, doc: int, entities: Iterable[tuple[str, str]]) -> None:
        seen: set[int] = set()
        for etype, name in entities:
            eid = self._raw.get((etype, name))
            if eid is None:
                eid = self._number(etype, name)
                if eid is None:
                    continue
            if eid not in seen:
                seen.add(eid)
                self.docs[eid].append(doc)

    def _number(self, etype: str, name: str) -> int | None:
        """The entity id of a name as written (a new one if needed); None for a name without words."""
        words = tuple(tokenize(name))
        if not words:
            return None
        key = (etype, _norm(words))
        eid = self.ids.get(key)
        if eid is None:
            eid = self.ids[key] = len(self.types)
            self.types.append(etype)
            self.names.append(words)
            self.docs.append(array("i"))
            for word in set(words):
                self.by_word.setdefault(word, []).append(eid)
            self._sorted = None
        if len(self._raw) < 1_000_000:
            self._raw[(etype, name)] = eid
        return eid

    def find(
        self, words: Sequence[str], etype: str, *, phrase: bool = False, prefix: bool = False
    ) -> list[int]:
        """Entities whose name has every word of ``words`` as a word prefix, in order; of type ``etype`` or any.
        A ``phrase`` (a quoted name) is whole words instead, adjacent and in order (:func:`words_match`)."""
        if self._sorted is None:
            self._sorted = sorted(self.by_word)
        first = words[0]
        lo, hi = bisect_left(self._sorted, first), bisect_left(self._sorted, first + _END)
        candidates: set[int] = set()
        for word in self._sorted[lo:hi]:
            candidates.update(self.by_word[word])
        return sorted(
            eid
            for eid in candidates
            if (not etype or self.types[eid] == etype)
            and words_match(words, self.names[eid], phrase=phrase, prefix=prefix)
        )

    def same_as(
        self, key: str, etype: str, eids: Sequence[int], alive: npt.NDArray[np.bool_] | None = None
    ) -> list[int]:
        """``eids`` (the names a qualifier's words found) and the names the entity pivot takes for the same person
        as the name typed (``key``) or as any of them (:func:`feeds.name_forms.person_forms`, the pivot's own rule):
        `person:"Recep Tayyip Erdogan"` lists the stories writing "Tayyip Erdogan" or "Erdogan" alone, as the pivot
        of that name does; it listed only those writing the name whole. A linked name counts with every type the
        stories give it when most of them give it the qualifier's (the pivot lists a story naming it whatever
        type that story gives it); else with the qualifier's type alone: `person:jordan` is not the country.
        ``alive``: the live documents, when the index holds removed ones (:class:`_Names`)."""
        from feeds.name_forms import person_forms

        names = _Names(self, alive)
        named = (e for e in eids if len(names.docs(e)))  # a name only removed stories give links nobody
        keys = [key, *(" ".join(self.names[e]) for e in islice(named, _LINKED_NAMES))]
        linked = [
            form
            for k in dict.fromkeys(keys)
            for form in (person_forms(k, names) if etype in ("PER", "") else [k])
        ]
        out = list(eids)
        for form in dict.fromkeys(linked):
            kinds = names.eids(form)
            if not etype or names.holds(form, etype):
                out += kinds
            elif (own := self.ids.get((etype, form))) is not None:
                out.append(own)
        return list(dict.fromkeys(out))

    def postings(self, eids: Sequence[int]) -> npt.NDArray[np.int64]:
        if not eids:
            return np.zeros(0, np.int64)
        return np.concatenate([np.frombuffer(self.docs[e], dtype=np.int32) for e in eids]).astype(np.int64)

    def remapped(self, newnum: npt.NDArray[np.int64], keep: npt.NDArray[np.bool_]) -> EntityIndex:
        """A copy with documents renumbered after a compaction (``keep``: survivors, ``newnum``: new numbers).

        The names are shared with this index, which the caller drops.
        """
        out = EntityIndex()
        out.ids, out.types, out.names, out.by_word = self.ids, self.types, self.names, self.by_word
        out._raw = self._raw
        for docs in self.docs:
            arr = np.frombuffer(docs, dtype=np.int32)
            out.docs.append(array("i", newnum[arr[keep[arr]]].astype(np.int32).tobytes()))
        return out

    def to_parts(self) -> tuple[dict[str, Any], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """JSON-able names and types, plus the postings as CSR arrays (offsets, flat documents)."""
        lengths = np.array([len(d) for d in self.docs], dtype=np.int64)
        offsets = np.zeros(len(self.docs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = np.frombuffer(b"".join(d.tobytes() for d in self.docs), dtype=np.int32)
        meta = {"types": self.types, "names": [" ".join(n) for n in self.names]}
        return meta, offsets, flat

    @classmethod
    def from_parts(
        cls, meta: dict[str, Any], offsets: npt.NDArray[np.int64], flat: npt.NDArray[np.int32]
    ) -> EntityIndex:
        out = cls()
        raw = flat.astype(np.int32).tobytes()
        for eid, (etype, name) in enumerate(zip(meta["types"], meta["names"], strict=True)):
            words = tuple(name.split())
            out.ids[(etype, name)] = eid
            out.types.append(etype)
            out.names.append(words)
            out.docs.append(array("i", raw[int(offsets[eid]) * 4 : int(offsets[eid + 1]) * 4]))
            for word in set(words):
                out.by_word.setdefault(word, []).append(eid)
        return out
