"""Saving and loading a search index: one ``.npz`` file (numpy arrays plus a JSON header), written atomically.

The file holds the segments' arrays as they are (loading sorts nothing), the per-document columns, and a JSON
header with the words, ids, feeds, authors and entity names. It is written to a temporary file beside the
target, fsynced, renamed over it and the folder fsynced: a crash at any point leaves either the old file or the
new one. Loading maps the segments' large arrays read-only from the file instead of reading them (see
:func:`_read_arrays`): they cost memory only as searches touch them. Loading checks the format version and that the documents' hashes add up to the recorded fingerprint;
anything else raises :class:`IndexLoadError` so the app rebuilds instead of searching a wrong index.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import orjson

from feeds.npz import MAP as _MAP
from feeds.npz import MAP_MIN as _MAP_MIN
from feeds.npz import member_layout, write_aligned
from feeds.paths import open_regular
from feeds.search.segment import ARRAYS, Segment
from feeds.search.tables import Column, EntityIndex, NameTable, Vocab
from feeds.search.tokens import ANALYSIS_REVISION
from feeds.storage import atomic_write

if TYPE_CHECKING:
    from feeds.search.index import SearchIndex

FORMAT = "newsdesk-search/1"
_COLUMNS = ("_published", "_feed", "_author", "_dl", "_hash", "_alive")


class IndexLoadError(ValueError):
    """The file is missing, damaged, or not an index of this version: rebuild the index."""


def save(index: SearchIndex, path: Path) -> None:
    """Write ``index`` to ``path`` atomically, then map its large segment arrays from the new file (see
    :func:`_map_saved`). The caller holds the index's writer lock: its segments stay as written meanwhile."""
    with index._lock:
        written = list(index._segments)
        arrays: dict[str, Any] = {}
        for i, seg in enumerate(written):
            for name in ARRAYS:
                arrays[f"s{i}.{name}"] = getattr(seg, name)
        for name in _COLUMNS:
            arrays[f"c{name}"] = getattr(index, name).view().copy()
        ent_meta, ent_off, ent_docs = index._entities.to_parts()
        arrays["e.off"], arrays["e.docs"] = ent_off, ent_docs
        committed = index._vocab.committed
        arrays["v.df"] = index._vocab.df.view()[:committed].copy()
        header = {
            "format": FORMAT,
            "analysis": ANALYSIS_REVISION,
            "generation": index.generation,
            "stamps": index.stamps,
            "fingerprint": index.fingerprint,
            "segments": [[seg.base, seg.n] for seg in index._segments],
            "ids": index._ids,
            "terms": index._vocab.terms[:committed],
            "feeds": [[fid, title, list(tags)] for fid, title, tags in index._feeds.rows],
            "authors": index._authors.rows,
            "entities": ent_meta,
            "live": index._live,
            "dl_sum": index._dl_sum,
        }
        try:
            raw = orjson.dumps(header)
        except TypeError:  # a lone surrogate in some word: the stdlib escapes it, and reads it back
            raw = json.dumps(header).encode("ascii")
        arrays["header"] = np.frombuffer(raw, dtype=np.uint8)
    atomic_write(path, lambda out: write_aligned(out, arrays))  # arrays aligned where mapped
    if _MAP:
        _map_saved(index, path, written)


def _map_saved(index: SearchIndex, path: Path, written: list[Segment]) -> None:
    """Swap the segments just written for the same segments mapped from the file: an index built (or updated)
    then holds in memory no more than one loaded (at 50k stories its segments are about 45 MB, which a first
    start otherwise kept until it quit). A file that cannot be mapped back leaves the arrays as they are."""
    try:
        mapped = _read_arrays(path, only_mapped=True)
    except (OSError, ValueError, zipfile.BadZipFile):
        return
    segments: list[Segment] = []
    for i, seg in enumerate(written):
        swap: dict[str, Any] = {}
        for name in ARRAYS:
            new, old = mapped.get(f"s{i}.{name}"), getattr(seg, name)
            if new is not None and new.dtype == old.dtype and new.shape == old.shape:
                swap[name] = new
        segments.append(replace(seg, **swap) if swap else seg)
    with index._lock:
        if len(index._segments) == len(written) and all(
            a is b for a, b in zip(index._segments, written, strict=True)
        ):
            index._segments = segments
            index._phrases.clear()  # it holds the old segments


def load(cls: type[SearchIndex], path: Path) -> SearchIndex:
    try:
        arrays = _read_arrays(path)
        raw = arrays.pop("header").tobytes()
        try:
            header = orjson.loads(raw)
        except orjson.JSONDecodeError:
            header = json.loads(raw)
        if header.get("format") != FORMAT:
            raise IndexLoadError(
                f"{path.name}: not a search index of this version ({header.get('format')!r})"
            )
        if header.get("analysis", 1) != ANALYSIS_REVISION:
            raise IndexLoadError(f"{path.name}: words folded by older rules ({header.get('analysis', 1)!r})")
        return _rebuild(cls, header, arrays)
    except IndexLoadError:
        raise
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        zipfile.BadZipFile,
        orjson.JSONDecodeError,
    ) as exc:
        raise IndexLoadError(
            f"{path.name}: cannot read the search index ({type(exc).__name__}: {exc})"
        ) from exc


def _read_arrays(path: Path, *, only_mapped: bool = False) -> dict[str, Any]:
    """Every array of the file by name; the segments' large arrays mapped from the file, the rest read (or,
    with ``only_mapped``, left out).

    ``np.savez`` stores each array uncompressed, so a segment array is a plain run of the file's bytes: mapped
    read-only, it costs no memory until a search touches it, and then only the pages touched (from the page
    cache, which the kernel may reclaim). Segments are never written in place; the file is only ever replaced
    by a rename, which leaves a mapping of the old one intact.
    """
    arrays: dict[str, Any] = {}
    with open_regular(path) as raw, zipfile.ZipFile(raw) as zf:  # a named pipe would hold zipfile
        for info in zf.infolist():
            name = info.filename.removesuffix(".npy")
            mapped = None
            if (
                _MAP
                and name.startswith("s")
                and info.compress_type == zipfile.ZIP_STORED
                and info.file_size >= _MAP_MIN
            ):
                mapped = _map_member(path, raw, info)
            if mapped is None and only_mapped:
                continue
            if mapped is None:
                with zf.open(info) as member:
                    mapped = np.lib.format.read_array(member, allow_pickle=False)
            arrays[name] = mapped
    return arrays


def _map_member(path: Path, raw: BinaryIO, info: zipfile.ZipInfo) -> Any:
    """The array stored uncompressed in ``info``, mapped read-only; None if it cannot be mapped as it is."""
    layout = member_layout(raw, info)
    if layout is None or len(layout[1]) != 1:
        return None
    offset, shape, dtype = layout
    if shape[0] == 0:
        return np.zeros(0, dtype)
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape).view(np.ndarray)


def _rebuild(cls: type[SearchIndex], header: dict[str, Any], arrays: dict[str, Any]) -> SearchIndex:
    from feeds.search.index import _MASK64, _fingerprint

    index = cls()
    index.generation = int(header["generation"])
    stamps = header.get("stamps", {})  # absent from files of earlier versions: every source is read again
    if not isinstance(stamps, dict):
        raise IndexLoadError("the index's source stamps are not a mapping")
    index.stamps = stamps
    index._segments = [
        Segment(int(base), int(n), *(arrays[f"s{i}.{name}"] for name in ARRAYS))
        for i, (base, n) in enumerate(header["segments"])
    ]
    for name in _COLUMNS:
        old = getattr(index, name)
        setattr(index, name, Column(old.dtype, arrays[f"c{name}"]))
    ids: list[str] = header["ids"]
    alive = index._alive.view()
    if not (len(ids) == len(alive) == len(index._hash.view()) == len(index._published.view())):
        raise IndexLoadError("the index's columns disagree in length")
    if index._segments and index._segments[-1].base + index._segments[-1].n != len(ids):
        raise IndexLoadError("the index's segments do not cover its documents")
    index._ids = ids
    index._docnum = {id: i for i, (id, live) in enumerate(zip(ids, alive.tolist(), strict=True)) if live}
    index._vocab = Vocab(list(header["terms"]), arrays["v.df"])
    feeds = NameTable()
    for fid, title, tags in header["feeds"]:
        feeds.number((fid, title, tuple(tags)), title)
    authors = NameTable()
    for author in header["authors"]:
        authors.number(author, author)
    index._feeds, index._authors = feeds, authors
    index._entities = EntityIndex.from_parts(header["entities"], arrays["e.off"], arrays["e.docs"])
    index._live = int(header["live"])
    index._dl_sum = float(header["dl_sum"])
    index._hash_sum = int(index._hash.view()[alive].sum(dtype=np.uint64)) & _MASK64
    if (
        len(index._docnum) != index._live
        or _fingerprint(index._live, index._hash_sum) != header["fingerprint"]
    ):
        raise IndexLoadError("the index's contents do not match its recorded fingerprint")
    return index
