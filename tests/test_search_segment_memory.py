"""A search segment's build holds few bytes a token at once: the reader's first start builds the search index
beside its first paint, and a merge of 8,192 stories (2.2 million tokens in the benchmark's store) was the peak
of that phase (see README, Performance: Memory)."""

from __future__ import annotations

import tracemalloc

import numpy as np

from feeds.search import segment


def test_a_segment_is_built_in_under_30_bytes_a_token() -> None:
    rng = np.random.default_rng(1)
    docs, per = 2000, 500
    tokens = docs * per
    stream = rng.integers(0, 30_000, tokens).astype(np.int32)
    starts = np.arange(0, tokens + 1, per, dtype=np.int32)
    title_ends = starts[:-1] + 12
    stream[title_ends] = -1  # the gap after each title, and after each body
    stream[starts[1:] - 1] = -1
    tracemalloc.start()
    try:
        built = segment.build(0, stream, starts, title_ends)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert built.n == docs and int(built.doc_off[-1]) == len(built.docs)
    # With the new segment itself (3-4 bytes a token); the build held 39.5 before its arrays were let go early.
    assert peak / tokens < 30, peak / tokens
