"""Immutable index segments: inverted lists for a contiguous run of documents, built and merged with numpy.

A segment covers documents ``base .. base + n - 1`` (global document numbers); inside it they are numbered
from 0 (``uint16``: a segment holds at most 65,535 documents, see ``SEGMENT_DOCS``). Each document is laid out
in a token stream as ``title tokens, gap, body tokens, gap``; the gaps keep a phrase from running across fields
or documents. For every term of the segment (rows in the order of its sorted term ids ``gids``), in CSR form:

- ``docs``/``wtf``: the documents containing the term and its weighted frequency there (title occurrences count
  ``TITLE_WEIGHT`` times: the simplified BM25F that ranks a title match above a body match; saturates at 255);
- ``title_docs``: the documents whose title contains the term (for ``title:``).

The stream itself is kept for phrases, as row numbers (``uint16`` when the segment has under 65,535 terms,
which is the usual case; the gap is the row count ``T``): a phrase is looked for only in the documents holding
all its words, by scanning their tokens for its rarest word and reading the tokens that follow each hit. That
costs the size of those documents, where positional postings (4 bytes a token) would cost the positions of
every word of the phrase, which for common words ("after the") is far more.

Merging segments concatenates their streams and sorts again: no Python loop touches a token after it was
first tokenized. Segments are never modified; the index swaps in new ones, so a search sees a consistent
snapshot.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

TITLE_WEIGHT = 3
_PIECE = 1 << 18  # stream positions made into sort keys at a time (see build)
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Segment:
    base: int
    n: int
    starts: I32  # [n + 1] stream position of each document's first token; starts[n] = stream length
    title_ends: I32  # [n] first position after each document's title
    gids: I32  # [T] sorted term ids present in this segment
    doc_off: I64  # [T + 1]
    docs: npt.NDArray[np.uint16]  # local document numbers (add ``base``)
    wtf: npt.NDArray[np.uint8]
    title_off: I64  # [T + 1]
    title_docs: npt.NDArray[np.uint16]
    stream: npt.NDArray[Any]  # row of every position's term (uint16, or int32 past 65,534 terms); T at gaps

    @property
    def nbytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in ARRAYS)

    def rows(self, gids: npt.NDArray[np.int64] | I32) -> tuple[I64, npt.NDArray[np.bool_]]:
        """Row numbers of ``gids`` in this segment, and which of them are present."""
        rows = np.searchsorted(self.gids, gids).astype(np.int64)
        present = rows < len(self.gids)
        present[present] = self.gids[rows[present]] == np.asarray(gids)[present]
        return rows, present

    def global_stream(self) -> I32:
        """The stream as term ids, -1 at the gaps (the form :func:`build` takes)."""
        return np.append(self.gids, np.int32(-1))[self.stream]


ARRAYS = (
    "starts",
    "title_ends",
    "gids",
    "doc_off",
    "docs",
    "wtf",
    "title_off",
    "title_docs",
    "stream",
)


def gather(off: I64, rows: I64) -> tuple[I64, I64]:
    """Flat indexes of the values of CSR ``rows`` (concatenated in order), and each row's count."""
    starts = off[rows]
    counts = off[rows + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), counts
    shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return np.arange(total, dtype=np.int64) + shift, counts


def build(base: int, stream: I32, starts: I32, title_ends: I32) -> Segment:
    """A segment from a token stream (term ids, -1 at gaps) and its document layout.

    Memory matters here (this runs beside the app): about 26 bytes a token at the peak (tracemalloc, the new
    segment included; 39 before each array was let go after its last read), all 32-bit or less but the one
    64-bit sort key.
    """
    n = len(title_ends)
    if n > 65535:
        raise ValueError(f"a segment holds at most 65535 documents, not {n}")
    lengths = np.diff(starts)
    doc_of = np.repeat(np.arange(n, dtype=np.uint16), lengths)  # each stream position's document
    # Sort (term, position) pairs as one 64-bit key: term-major, positions ascending within a term. The key is
    # made a piece of the stream at a time, and its halves are read back as they lie in memory, without a 64-bit
    # array of positions or of masked keys beside it.
    key = _keys(stream)
    key.sort()
    halves = key.view(np.int32).reshape(-1, 2)  # each key's low half (its position), then its high (its term)
    low, high = (0, 1) if sys.byteorder == "little" else (1, 0)
    pos = halves[:, low].copy()
    terms = halves[:, high].copy()
    del key, halves
    boundary = np.empty(len(terms), dtype=bool)
    if len(terms):
        boundary[0] = True
        np.not_equal(terms[1:], terms[:-1], out=boundary[1:])
    term_first = np.flatnonzero(boundary)
    gids = terms[term_first]
    del terms
    count = len(gids)
    row = np.cumsum(boundary, dtype=np.int32) - 1  # each position's term row
    local = np.full(len(stream), count, dtype=np.uint16 if count < 65535 else np.int32)
    local[pos] = row
    doc = doc_of[pos]
    del doc_of
    in_title = pos < title_ends[doc]
    del pos
    # Document-level postings: one entry per run of (row, doc) in the term-sorted order.
    change = boundary
    if len(doc):
        change[1:] |= doc[1:] != doc[:-1]
    first = np.flatnonzero(change)
    del change, boundary
    # Each array let go as soon as it is read for the last time (a merge of 8,192 stories held 2.2 million
    # tokens, and every per-token array is 2-9 MB).
    first_rows = row[first]
    del row
    # A run starts in the title iff the doc's first occurrence is there.
    title_runs = in_title[first]
    weight = np.where(in_title, np.uint8(TITLE_WEIGHT), np.uint8(1))
    del in_title
    wtf_sum = np.add.reduceat(weight, first, dtype=np.uint32) if len(first) else np.zeros(0, np.uint32)
    del weight
    wtf = np.minimum(wtf_sum, 255).astype(np.uint8)
    del wtf_sum
    docs = doc[first]
    del doc, first
    doc_off = _offsets(first_rows, count)
    # Title postings: the same runs, restricted to title positions.
    title_off = _offsets(first_rows[title_runs], count)
    title_docs = docs[title_runs]
    return Segment(base, n, starts, title_ends, gids, doc_off, docs, wtf, title_off, title_docs, local)


def _keys(stream: I32) -> I64:
    """Each term position's ``term << 32 | position``, in stream order, made :data:`_PIECE` positions at a time."""
    valid = stream >= 0
    key = np.empty(int(np.count_nonzero(valid)), dtype=np.int64)
    at = 0
    for a in range(0, len(stream), _PIECE):
        positions = np.flatnonzero(valid[a : a + _PIECE])
        positions += a
        part = key[at : at + len(positions)]
        part[:] = stream[positions]
        part <<= 32
        part |= positions
        at += len(positions)
    return key


def _offsets(rows: npt.NDArray[np.int32], count: int) -> I64:
    out = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=count), out=out[1:])
    return out


def merge(
    segments: list[Segment], keep: npt.NDArray[np.bool_] | None = None, base: int | None = None
) -> Segment:
    """One segment from adjacent ``segments``; with ``keep`` (per global doc), only those docs, renumbered.

    Without ``keep`` document numbers are unchanged (removed documents stay until a compaction), so a merge can
    be swapped in while searches run.
    """
    streams: list[I32] = []  # as term ids: each segment numbers its terms its own way
    starts: list[I32] = []
    title_ends: list[I32] = []
    offset = 0
    for seg in segments:
        stream, seg_starts, seg_title_ends = seg.global_stream(), seg.starts, seg.title_ends
        if keep is not None:
            live = keep[seg.base : seg.base + seg.n]
            if not live.all():
                lengths = np.diff(seg_starts)
                mask = np.repeat(live, lengths)
                stream = stream[mask]
                kept_lengths = lengths[live]
                new_starts = np.zeros(int(live.sum()) + 1, dtype=np.int64)
                np.cumsum(kept_lengths, out=new_starts[1:])
                seg_title_ends = (seg_title_ends[live] - seg_starts[:-1][live] + new_starts[:-1]).astype(
                    np.int32
                )
                seg_starts = new_starts.astype(np.int32)
        streams.append(stream)
        starts.append((seg_starts[:-1] + offset).astype(np.int32))
        title_ends.append((seg_title_ends + offset).astype(np.int32))
        offset += len(stream)
    starts.append(np.array([offset], dtype=np.int32))
    first_base = segments[0].base if base is None else base
    stream = np.concatenate(streams)
    del streams  # not held beside the new segment's build (4 bytes a token)
    return build(first_base, stream, np.concatenate(starts), np.concatenate(title_ends))
