"""Compaction of the related-stories index (:class:`~feeds.related.index.RelatedIndex`): the buffer of stories
added since the last one is folded into the main segment, removed stories and terms no live story uses are
dropped, and the term-major postings are built again (:func:`feeds.related.postings.build`). Memory is the
concern: each segment is let go once copied (and its pages given back, :func:`feeds.heap.trim`), and the old
postings before the new ones are built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from feeds import heap
from feeds.related import postings
from feeds.related.analysis import ENTITY_PREFIX

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex


def compact(index: RelatedIndex) -> None:
    """Rebuild ``index``'s main segment from every live story; the caller holds its lock (see
    :meth:`RelatedIndex.compact`, which skips an index with nothing to fold in or drop)."""
    n = len(index._ids)
    keep = np.flatnonzero(index._alive[:n])
    # Every segment's forward index (the main one's, then each buffer chunk's), live stories only, copied into
    # one pair of arrays a segment at a time: each is let go once copied, and no per-story list is made.
    segments = [(0, index._fptr, index._fterms, index._ftf, index._fperson)]
    segments += [
        (index._n_main + first, ptr, terms, tf, person)
        for first, ptr, terms, tf, person in zip(
            index._bstart, index._bptr, index._bterms, index._btf, index._bperson, strict=True
        )
    ]
    index._bstart, index._bptr, index._bterms, index._btf, index._bperson = [], [], [], [], []
    index._fptr, index._fterms, index._ftf, index._fperson = (
        np.zeros(1, np.int64),
        np.zeros(0, np.int32),
        np.zeros(0, np.float16),
        np.zeros(0, bool),
    )
    # The old postings (20 MiB at 50k stories) go too, before the forward index is renumbered: built again.
    index._pdocs, index._pw = np.zeros(0, np.int32), np.zeros(0, np.float16)
    sizes = np.concatenate([np.diff(ptr) for _, ptr, _, _, _ in segments])[keep]
    fterms = np.empty(int(sizes.sum()), dtype=np.int32)
    ftf = np.empty(len(fterms), dtype=np.float16)
    fperson = np.empty(len(fterms), dtype=bool)
    at = 0
    segments.reverse()
    while segments:
        first, ptr, terms, tf, person = segments.pop()
        rows = len(ptr) - 1
        live = index._alive[first : first + rows]
        a, b = int(ptr[0]), int(ptr[rows])
        if live.all():
            part_terms, part_tf, part_person = terms[a:b], tf[a:b], person[a:b]
        else:
            mask = np.repeat(live, np.diff(ptr))
            part_terms, part_tf, part_person = terms[a:b][mask], tf[a:b][mask], person[a:b][mask]
        fterms[at : at + len(part_terms)] = part_terms
        ftf[at : at + len(part_tf)] = part_tf
        fperson[at : at + len(part_person)] = part_person
        at += len(part_terms)
        del first, ptr, terms, tf, person, part_terms, part_tf, part_person, live
        # A buffer chunk's arrays (2 MB at 4,096 stories) come from the C heap, where a block freed under a live
        # one stays resident: without this the first build held its old copy and the new one whole (+26 MB).
        heap.trim()
    # Renumber the vocabulary without terms no live story uses any more.
    used = index._df[: len(index._terms)] > 0
    remap = np.cumsum(used, dtype=np.int64) - 1
    index._terms = [t for t, u in zip(index._terms, used.tolist(), strict=True) if u]
    index._vocab = {t: i for i, t in enumerate(index._terms)}
    index._df = index._df[: len(used)][used].copy()
    index._cf = index._cf[: len(used)][used].copy()
    index._people = index._people[: len(used)][used].copy()
    index._is_entity = index._is_entity[: len(used)][used].copy()
    index._entity_names = {k: v for k, v in index._entity_names.items() if ENTITY_PREFIX + k in index._vocab}
    remap32 = remap.astype(np.int32)
    del remap
    for a in range(0, len(fterms), postings.STEP):  # in place, a run at a time: no copy of the whole
        fterms[a : a + postings.STEP] = remap32[fterms[a : a + postings.STEP]]
    index._ids = [index._ids[int(s)] for s in keep]
    index._feeds = [index._feeds[int(s)] for s in keep]
    index._titles = [index._titles[int(s)] for s in keep]
    index._slot = {doc_id: i for i, doc_id in enumerate(index._ids)}
    index._published = index._published[keep].copy()
    index._lengths = index._lengths[keep].copy()
    index._alive = np.ones(len(keep), dtype=bool)
    index._sigs = index._sigs[keep].copy()
    index._has_sig = index._has_sig[keep].copy()
    index._tsigs = index._tsigs[keep].copy()
    index._long = index._long[keep].copy()
    index._fptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    index._fterms, index._ftf, index._fperson = fterms, ftf, fperson
    del fterms, ftf, fperson
    index._n_main = len(keep)
    index._pptr, index._pdocs, index._pw = postings.build(index)
    index._changed()
