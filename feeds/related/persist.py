"""Saving and loading a :class:`~feeds.related.index.RelatedIndex`, so start-up does not re-analyse every story.

One ``.npz`` file (uncompressed: loading is a few array reads) holding the compacted arrays plus a JSON
header for the strings (story ids, feed ids, titles, vocabulary, entity names) and the parameters. No pickle: the
file is read with ``allow_pickle=False``, so a tampered file can at worst fail to load. Written to a temporary
file beside the target, fsynced, then renamed over it, so a crash leaves the old index or the new one.

Every way a file can be unusable (missing, not ours, another layout, built by older text analysis, parts
that do not fit) raises ValueError, so a caller has one case to handle: build the index again.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from feeds.related.analysis import ANALYSIS_REVISION, Params
from feeds.storage import atomic_write

if TYPE_CHECKING:
    from feeds.related.index import RelatedIndex

#: 4: titles kept per story (the re-ranking compares headlines); a file of format 3 is rebuilt.
FORMAT = 4
_ARRAYS = (
    *("_df", "_is_entity", "_published", "_lengths", "_sigs", "_has_sig", "_tsigs", "_long"),
    *("_fptr", "_fterms", "_ftf", "_pptr", "_pdocs", "_pw"),
)


def save(index: RelatedIndex, path: Path) -> None:
    """Compact ``index`` and write it to ``path`` atomically."""
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
    }
    arrays: dict[str, Any] = {name.lstrip("_"): getattr(index, name) for name in _ARRAYS}
    arrays["header"] = np.frombuffer(orjson.dumps(header), dtype=np.uint8)
    path = Path(path)
    atomic_write(path, lambda out: np.savez(out, **arrays))


def load(cls: type[RelatedIndex], path: Path) -> RelatedIndex:
    """Rebuild an index from a file written by :func:`save`."""
    try:
        with np.load(Path(path), allow_pickle=False) as data:
            arrays = {name: data[name.lstrip("_")] for name in _ARRAYS}
            header = orjson.loads(data["header"].tobytes())
    except (OSError, KeyError, ValueError, orjson.JSONDecodeError) as exc:
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
    index = cls(params)
    for name, value in arrays.items():
        setattr(index, name, value)
    index._ids = list(header["ids"])
    index._feeds = list(header["feeds"])
    index._titles = [str(t) for t in header["titles"]]
    index._terms = list(header["terms"])
    index._vocab = {term: i for i, term in enumerate(index._terms)}
    index._entity_names = dict(header["entity_names"])
    index._length_sum = float(header["length_sum"])
    index._slot = {doc_id: i for i, doc_id in enumerate(index._ids)}
    index._alive = np.ones(len(index._ids), dtype=bool)
    index._n_main = len(index._ids)
    index._changed()
    return index


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
        and all(len(arrays[name]) == vocab for name in ("_df", "_is_entity"))
        and len(fptr) == n + 1
        and len(pptr) == vocab + 1
        and int(fptr[-1]) == len(arrays["_fterms"]) == len(arrays["_ftf"])
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
