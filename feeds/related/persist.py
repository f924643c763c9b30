"""Saving and loading a :class:`~feeds.related.index.RelatedIndex`, so start-up does not re-analyse every story.

One ``.npz`` file (uncompressed) holding the compacted arrays plus a JSON header for the strings (story ids, feed
ids, titles, vocabulary, entity names) and the parameters. No pickle: the file is read with
``allow_pickle=False``, so a tampered file can at worst fail to load. Written to a temporary file beside the
target, fsynced, then renamed over it, so a crash leaves the old index or the new one.

The large arrays (forward index, postings, signatures) are mapped read-only from the file instead of read: they
cost memory only as queries touch them, and then only the pages touched (from the page cache, which the kernel
may reclaim). A saved index swaps its own copies for mappings of the file just written, so a reader that built
or updated its index holds no more than one that loaded it. The file is only ever replaced by a rename, which
leaves a mapping of the old one intact. Each array is written to start on a 64-byte boundary of the file (see
:func:`feeds.npz.write_aligned`), so a mapped array is aligned; in a file written by ``np.savez`` (earlier versions), an
array that happens to be misaligned is read instead.

Every way a file can be unusable (missing, not ours, another layout, built by older text analysis, parts
that do not fit) raises ValueError, so a caller has one case to handle: build the index again.
"""

from __future__ import annotations

import dataclasses
import mmap
import sys
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import orjson

from feeds.npz import MAP as _MAP
from feeds.npz import MAP_MIN as _MAP_MIN
from feeds.npz import member_layout, write_aligned
from feeds.paths import open_regular
from feeds.related import saved_groups
from feeds.related.analysis import ANALYSIS_REVISION, Params
from feeds.storage import atomic_write

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

#: 5: each term's total frequency and people count, each forward entry's person flag (names' weights read them);
#: 4: titles kept per story (the re-ranking compares headlines). A file of an earlier format is rebuilt.
FORMAT = 5
_ARRAYS = (
    *(
        "_df",
        "_cf",
        "_people",
        "_is_entity",
        "_published",
        "_lengths",
        "_sigs",
        "_has_sig",
        "_tsigs",
        "_long",
    ),
    *("_fptr", "_fterms", "_ftf", "_fperson", "_pptr", "_pdocs", "_pw"),
)
#: Arrays the index never writes in place (an update grows a copy, a compaction makes new ones): safe to map.
#: ``_df``, ``_cf`` and ``_people`` are updated in place by every add and removal, so they are always read.
_MAPPED = frozenset(
    (
        *("_published", "_lengths", "_sigs", "_tsigs"),
        *("_fptr", "_fterms", "_ftf", "_fperson", "_pptr", "_pdocs", "_pw"),
    )
)


def save(index: RelatedIndex, path: Path) -> None:
    """Compact ``index``, write it to ``path`` atomically, then map its large arrays from the new file."""
    index.compact()
    header = {
        "format": FORMAT,
        "analysis": ANALYSIS_REVISION,
        "params": dataclasses.asdict(index.params),
        "ids": index._ids,
        "feeds": index._feeds,
        "titles": index._titles,
        "terms": index._terms,
        "entity_names": index._entity_names,
        "length_sum": index._length_sum,
        "groups": saved_groups.revision(),
    }
    arrays: dict[str, Any] = {name.lstrip("_"): getattr(index, name) for name in _ARRAYS}
    arrays.update(saved_groups.encode(index))  # found now, or cached since the compaction above
    arrays["header"] = np.frombuffer(orjson.dumps(header), dtype=np.uint8)
    path = Path(path)
    atomic_write(path, lambda out: write_aligned(out, arrays))
    if _MAP:
        try:
            mapped, _ = _read_arrays(path)
        except (OSError, ValueError, zipfile.BadZipFile):
            return  # the copies in memory serve as well
        for name in _MAPPED:
            old, new = getattr(index, name), mapped[name.lstrip("_")]
            if old.dtype == new.dtype and old.shape == new.shape:
                setattr(index, name, new)


def load(cls: type[RelatedIndex], path: Path) -> RelatedIndex:
    """Rebuild an index from a file written by :func:`save` (or by ``np.savez`` with the same members)."""
    try:
        data, mm = _read_arrays(Path(path))
        arrays = {name: data[name.lstrip("_")] for name in _ARRAYS}
        header = orjson.loads(data["header"].tobytes())
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, orjson.JSONDecodeError) as exc:
        raise ValueError(f"not a related-stories index: {path}") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"related-stories index of an unknown format: {path}")
    if header.get("analysis") != ANALYSIS_REVISION:
        raise ValueError(f"related-stories index built by older text analysis, rebuild it: {path}")
    blank = cls()
    if any(a.dtype != getattr(blank, n).dtype or a.ndim != getattr(blank, n).ndim for n, a in arrays.items()):
        raise ValueError(f"damaged related-stories index: {path}")
    try:
        _check(arrays, header, path)
        known = {f.name for f in dataclasses.fields(Params)}
        params = Params(**{k: v for k, v in header["params"].items() if k in known})
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"damaged related-stories index: {path}") from exc
    if mm is not None and hasattr(mm, "madvise"):
        # The checks read every page of the largest arrays: give them back, queries bring in what they touch.
        mm.madvise(mmap.MADV_DONTNEED)
    index = cls(params)
    for name, value in arrays.items():
        setattr(index, name, value)
    index._ids = list(header["ids"])
    index._feeds = [sys.intern(str(f)) for f in header["feeds"]]  # a few hundred feeds: one string each
    index._titles = [str(t) for t in header["titles"]]
    index._terms = list(header["terms"])
    index._vocab = {term: i for i, term in enumerate(index._terms)}
    index._entity_names = dict(header["entity_names"])
    index._length_sum = float(header["length_sum"])
    index._slot = {doc_id: i for i, doc_id in enumerate(index._ids)}
    index._alive = np.ones(len(index._ids), dtype=bool)
    index._n_main = len(index._ids)
    # A large array read into memory (a file laid out by np.savez, before arrays were aligned): saving the index
    # once lays the file out to be mapped, and the index then holds those pages instead of its own copies.
    index.stale_layout = _MAP and any(
        name in _MAPPED and array.nbytes >= _MAP_MIN and array.flags.writeable
        for name, array in arrays.items()
    )
    index._changed()
    if not saved_groups.decode(index, data, header):
        index.stale_layout = True  # no groups of these rules: found once and written with them
    return index


def _read_arrays(path: Path) -> tuple[dict[str, np.ndarray], mmap.mmap | None]:
    """Every array of the file by name, the large ones of :data:`_MAPPED` mapped read-only, and the mapping
    (None when nothing is mapped). A member that cannot be mapped as it is (compressed, another layout) is read."""
    arrays: dict[str, np.ndarray] = {}
    with open_regular(path) as raw, zipfile.ZipFile(raw) as zf:  # a named pipe would hold zipfile
        infos = zf.infolist()
        mm = None
        if _MAP and any(_mappable(i) for i in infos):
            mm = mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ)
        for info in infos:
            name = info.filename.removesuffix(".npy")
            array = _map_member(raw, mm, info) if mm is not None and _mappable(info) else None
            if array is None:
                with zf.open(info) as member:
                    array = np.lib.format.read_array(member, allow_pickle=False)
            arrays[name] = array
    return arrays, mm


def _mappable(info: zipfile.ZipInfo) -> bool:
    return (
        "_" + info.filename.removesuffix(".npy") in _MAPPED
        and info.compress_type == zipfile.ZIP_STORED
        and info.file_size >= _MAP_MIN
    )


def _map_member(raw: IO[bytes], mm: mmap.mmap, info: zipfile.ZipInfo) -> np.ndarray | None:
    """The array stored uncompressed in ``info``, as a read-only view of ``mm``; None if it cannot be mapped."""
    layout = member_layout(raw, info)
    if layout is None:
        return None
    offset, shape, dtype = layout
    count = int(np.prod(shape, dtype=np.int64))
    array = np.frombuffer(mm, dtype=dtype, count=count, offset=offset).reshape(shape)
    # An array at an odd offset (a file laid out by np.savez) is read: numpy's unaligned paths made a query at
    # 50k stories 30% slower. The next save lays the file out aligned.
    return array if array.flags.aligned else None


def _check(arrays: dict[str, np.ndarray], header: dict[str, Any], path: Path) -> None:
    """Refuse a file whose parts do not fit together, rather than fail later inside a query."""
    n, vocab = len(header["ids"]), len(header["terms"])
    fptr, pptr = arrays["_fptr"], arrays["_pptr"]
    fits = (
        len(header["feeds"]) == n
        and len(header["titles"]) == n
        and all(
            len(arrays[name]) == n
            for name in ("_published", "_lengths", "_sigs", "_has_sig", "_tsigs", "_long")
        )
        and all(len(arrays[name]) == vocab for name in ("_df", "_cf", "_people", "_is_entity"))
        and len(fptr) == n + 1
        and len(pptr) == vocab + 1
        and int(fptr[-1]) == len(arrays["_fterms"]) == len(arrays["_ftf"]) == len(arrays["_fperson"])
        and int(pptr[-1]) == len(arrays["_pdocs"]) == len(arrays["_pw"])
        and bool(np.all(np.diff(fptr) >= 0))
        and bool(np.all(np.diff(pptr) >= 0))
        and (
            len(arrays["_fterms"]) == 0
            or 0 <= int(arrays["_fterms"].min()) <= int(arrays["_fterms"].max()) < vocab
        )
        and (
            len(arrays["_pdocs"]) == 0 or 0 <= int(arrays["_pdocs"].min()) <= int(arrays["_pdocs"].max()) < n
        )
    )
    if not fits:
        raise ValueError(f"damaged related-stories index: {path}")
