"""Search as you type: the query language, the index, ranking and match highlighting.

Typical use::

    index = SearchIndex.load(path)            # or SearchIndex() and index.add(docs)
    result = index.search("kim jo", state=marks, limit=200)
    result.ids, result.total, result.hints, result.highlight(story.text)

See :mod:`feeds.search.query` for the language, :mod:`feeds.search.index` for incremental updates and
staleness, :mod:`feeds.search.matching` for ranking. ``python -m feeds.search.bench`` measures the budgets.
"""

from __future__ import annotations

from feeds.search.index import (
    ListingSearchState,
    SearchDoc,
    SearchIndex,
    SearchResult,
    SearchState,
    doc_hash,
    fingerprint_of,
)
from feeds.search.persist import IndexLoadError
from feeds.search.query import Atom, Query, parse_date, parse_query
from feeds.search.tokens import fold_text, highlight_spans, tokenize

__all__ = [
    "Atom",
    "IndexLoadError",
    "ListingSearchState",
    "Query",
    "SearchDoc",
    "SearchIndex",
    "SearchResult",
    "SearchState",
    "doc_hash",
    "fingerprint_of",
    "fold_text",
    "highlight_spans",
    "parse_date",
    "parse_query",
    "tokenize",
]
