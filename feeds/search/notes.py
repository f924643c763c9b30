"""Bookmark notes in search: ``note:word`` (the bookmarks whose note says it) and plain words, which find a
bookmarked story by its note as well as by its text.

A note is the reader's own words about a story ("for the budget talk"): the words they will type to find it
again. So ``budget`` lists the stories that say "budget" and the bookmarks whose note does, and ``note:budget``
the latter alone. A word matches a note's word as it matches a story's (a finished word its inflections, a word
being typed as a prefix, a quoted value as a phrase); a note found adds no score, so a story that says the words
itself ranks above one that only its note names.

Notes are no part of the index (they are the reader's marks, as read marks and bookmarks are): they are asked of
the search state once per search, ``bookmark_notes()`` (see :class:`feeds.search.index.ListingSearchState`): a
bookmarked story's note by its id. A state without it (a benchmark's) finds no note. Each note is made words
once, kept by its text: a keystroke costs a set lookup or a substring search per note (about 0.4 ms for 1,000
notes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from feeds.search.query import Atom
from feeds.search.tokens import tokenize, variants

if TYPE_CHECKING:
    from feeds.search.index import SearchIndex, SearchState
    from feeds.search.matching import Mask

#: Notes made words, by the note: a state hands out a new mapping per search, its notes mostly the same.
_TOKENS: dict[str, tuple[str, frozenset[str]]] = {}
_MAX_KEPT = 20_000


def notes_of(state: SearchState | None) -> Mapping[str, str] | None:
    """The state's notes by story id, or None when it keeps none (or cannot say)."""
    listing = getattr(state, "bookmark_notes", None)
    if listing is None:
        return None
    notes: Mapping[str, str] = listing()
    return notes or None


def _words(note: str) -> tuple[str, frozenset[str]]:
    """The note's words, joined by spaces and with a space either side (a phrase is a substring of it), and
    the set of them."""
    words = _TOKENS.get(note)
    if words is None:
        if len(_TOKENS) >= _MAX_KEPT:
            _TOKENS.clear()
        tokens = tokenize(note)
        words = _TOKENS[note] = (f" {' '.join(tokens)} ", frozenset(tokens))
    return words


def says(atom: Atom, note: str, forms: frozenset[str] = frozenset()) -> bool:
    """Whether ``note`` says what ``atom`` asks: its words in order (a phrase), else its one word, one of
    ``forms`` (the word's inflections, :func:`feeds.search.tokens.variants`, made once by the caller); the
    last word typed also as the start of a word."""
    joined, distinct = _words(note)
    wanted = atom.words
    if not wanted:
        return False
    if not atom.phrase and len(wanted) == 1 and not forms.isdisjoint(distinct):
        return True
    return f" {' '.join(wanted)}{'' if atom.prefix else ' '}" in joined


def note_mask(index: SearchIndex, n: int, notes: Mapping[str, str] | None, atom: Atom) -> Mask:
    """The documents whose bookmark's note says what ``atom`` asks (negation aside: the caller's)."""
    mask = np.zeros(n, dtype=bool)
    if not notes or not atom.words:
        return mask
    forms = frozenset(variants(atom.words[0]))
    for sid, note in notes.items():
        if note and says(atom, note, forms):
            num = index._docnum.get(sid)
            if num is not None and num < n:
                mask[num] = True
    return mask
