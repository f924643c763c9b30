"""Where phrases start in a segment's token stream, with a cache that follows the user's typing.

Typing a phrase asks for ``"speaking a``, ``"speaking af``, ... ``"speaking after t``: the finished words are
the same from one keystroke to the next and only the last, still-typed word changes. The cache keeps the start
positions of the finished words per segment, so a keystroke only checks the new last word at its offset from
each of those starts; a finished word extends the longest cached run of words the same way. Only the first
finished words of a phrase are looked for from scratch (:func:`anchored_starts`).
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import numpy.typing as npt

from feeds.search.segment import I32, Segment, gather

Mask = npt.NDArray[np.bool_]
Starts = npt.NDArray[np.int64]
#: Cached runs of words (each an array of start positions in one segment).
CACHE_ENTRIES = 24


class PhraseCache:
    """Start positions of runs of finished phrase words, per segment, least recently used dropped first."""

    def __init__(self) -> None:
        self._runs: OrderedDict[tuple[int, tuple[tuple[int, ...], ...]], tuple[Segment, Starts]] = (
            OrderedDict()
        )

    def clear(self) -> None:
        self._runs.clear()

    def _get(self, seg: Segment, key: tuple[tuple[int, ...], ...]) -> Starts | None:
        hit = self._runs.get((id(seg), key))
        if hit is None or hit[0] is not seg:
            return None
        self._runs.move_to_end((id(seg), key))
        return hit[1]

    def _put(self, seg: Segment, key: tuple[tuple[int, ...], ...], starts: Starts) -> None:
        self._runs[(id(seg), key)] = (seg, starts)  # the segment is held so its id cannot be reused
        self._runs.move_to_end((id(seg), key))
        while len(self._runs) > CACHE_ENTRIES:
            self._runs.popitem(last=False)

    def starts(self, seg: Segment, per_word: list[list[int]], *, exact: int) -> Starts:
        """Start positions in ``seg`` of the phrase whose word ``i`` is any of the term ids ``per_word[i]``.

        The first ``exact`` words are finished: runs of them are cached.
        """
        words = [_Word(seg, gids) for gids in per_word]
        if not all(w.rows for w in words):
            return np.zeros(0, dtype=np.int64)
        keys = [tuple(tuple(g) for g in per_word[:k]) for k in range(1, exact + 1)]
        done, cand = 0, None
        for k in range(exact, 0, -1):
            cand = self._get(seg, keys[k - 1])
            if cand is not None:
                done = k
                break
        if cand is None:
            done = max(exact, 1)
            cand = anchored_starts(seg, words[:done])
            if exact:
                self._put(seg, keys[done - 1], cand)
        last = len(seg.stream) - 1  # always a gap
        for j in range(done, len(words)):
            if not len(cand):
                break
            cand = cand[words[j].among(seg.stream[np.minimum(cand + j, last)])]
            if j < exact:
                self._put(seg, keys[j], cand)
        return cand


class _Word:
    """One word of a phrase in one segment: its rows there (alternatives) and a test for stream tokens."""

    def __init__(self, seg: Segment, gids: list[int]) -> None:
        rows, present = seg.rows(np.array(gids, dtype=np.int64))
        self.rows = rows[present].tolist()
        self.lut: Mask | None = None
        if len(self.rows) > 1:
            self.lut = np.zeros(len(seg.gids) + 1, dtype=bool)  # the last slot is the gap's row: False
            self.lut[self.rows] = True

    def among(self, tokens: npt.NDArray[np.uint16] | I32) -> Mask:
        """Which ``tokens`` are this word (a plain comparison for one row: several times faster)."""
        return tokens == self.rows[0] if self.lut is None else self.lut[tokens]


def anchored_starts(seg: Segment, words: list[_Word]) -> Starts:
    """Stream positions in ``seg`` where ``words`` occur in a row, found from scratch.

    Only documents holding every word are looked at: the rarest word's hits in their tokens are the candidate
    starts, and each other word is checked by reading the token at its offset. The cost is the size of those
    documents (a whole-stream scan when they are most of the segment), whatever the words' frequencies.
    """
    have = np.ones(seg.n, dtype=bool)
    df = []
    for word in words:
        idx, _ = gather(seg.doc_off, np.array(word.rows, dtype=np.int64))
        word_docs = np.zeros(seg.n, dtype=bool)
        word_docs[seg.docs[idx]] = True
        have &= word_docs
        df.append(len(idx))
    docs = np.flatnonzero(have)
    if not len(docs):
        return np.zeros(0, dtype=np.int64)
    stream = seg.stream
    order = sorted(range(len(words)), key=df.__getitem__)
    anchor = order[0]
    lengths = seg.starts[docs + 1] - seg.starts[docs]
    if int(lengths.sum()) * 4 > len(stream):  # most of the segment: scan it whole
        cand = np.flatnonzero(words[anchor].among(stream))
    else:
        where, _ = gather(seg.starts.astype(np.int64), docs.astype(np.int64))
        cand = where[words[anchor].among(stream[where])]
    cand -= anchor
    cand = cand[cand >= 0]
    last = len(stream) - 1  # always a gap
    for j in order[1:]:
        if not len(cand):
            break
        cand = cand[words[j].among(stream[np.minimum(cand + j, last)])]
    return cand.astype(np.int64)
