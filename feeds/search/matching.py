"""Running a parsed query over the index: one boolean mask and one score per document, then the top ``limit``.

Each atom gives a dense mask over all document numbers (numpy, a few microseconds even at 50k documents);
groups OR their atoms' masks, the query ANDs its groups. Atoms that need the reader's marks (``is:``, the
bookmark half of ``tag:``) are asked last and only about the documents still matching, since each answer is a
Python call.

Scores are BM25 (k1 = 1.2, b = 0.75) over title and body together, title occurrences counting
``TITLE_WEIGHT`` times. A word that expands (a prefix being typed, or a finished word's inflections) scores as
its best expansion. Ranking orders by the score in 2% steps down from the best one, then by date, so near-equal
matches come newest first ("recency as tie-break") and a clearly better match still wins.

A word being typed that is already a word of the index ("trump") counts as finished as well as a prefix: the
documents it (or an inflection) matches rank first, those a longer word only matches ("trumpian") after them, and
a longer word scores at most ``PREFIX_WEIGHT`` times the idf of the word typed (a rare word's high idf put a story
saying "Trumpian" once above the stories titled "Trump").

Prefix expansion is capped to the most frequent words starting with the prefix: at most ``PREFIX_EXPANSIONS``
words for a prefix of one character, two, and three or more, and no more than ``PREFIX_POSTINGS`` postings in
all (at least one word), which bounds the work of a keystroke whatever the size of the index: "k" alone means
"the most common k-words" until the next keystroke. A one-letter prefix after other words waits for its
second letter (see :func:`_settle`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from itertools import repeat
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from feeds.search.notes import note_mask, notes_of
from feeds.search.query import Atom, Query
from feeds.search.segment import TITLE_WEIGHT
from feeds.search.tables import EntityIndex, words_match
from feeds.search.tokens import tokenize, variants

if TYPE_CHECKING:
    from feeds.search.index import SearchIndex, SearchResult, SearchState

K1, B = 1.2, 0.75
PREFIX_EXPANSIONS = (8, 32, 64)
PREFIX_POSTINGS = 200_000
RANK_LEVELS = 50
PREFIX_WEIGHT = 0.5
MAX_ENTITY_TERMS = 12

Mask = npt.NDArray[np.bool_]
Scores = npt.NDArray[np.float32]


class _Run:
    def __init__(self, index: SearchIndex, state: SearchState | None, now: float) -> None:
        self.ix = index
        self.state = state
        self.now = now
        self.n = len(index._ids)
        self.alive = index._alive.view()
        self.dl = index._dl.view()
        self.live = max(index._live, 1)
        self.avgdl = max(index._dl_sum / self.live, 1.0)
        # BM25's length normalisation of every document, once per search.
        self.norm = (K1 * (1.0 - B + B * self.dl / self.avgdl)).astype(np.float32)
        self.terms: list[str] = []
        # Documents a word being typed matched by a longer word only, where it matched others as itself: they
        # rank after the rest.
        self.prefix_only = np.zeros(self.n, dtype=bool)
        self._notes: list[Mapping[str, str] | None] = []  # asked of the state once, when a query needs them

    def notes(self) -> Mapping[str, str] | None:
        """The bookmarks' notes by story id (:func:`feeds.search.notes.notes_of`), asked once per search."""
        if not self._notes:
            self._notes.append(notes_of(self.state))
        return self._notes[0]

    # -- words ----------------------------------------------------------------------------------------------

    def expansions(self, word: str, prefix: bool, *, whole: bool = False) -> list[int]:
        """The term ids ``word`` matches: itself and its inflections, the words it starts while being typed, or
        (``whole``: a quoted word) itself alone."""
        vocab = self.ix._vocab
        if whole and not prefix:
            gid = vocab.gid(word)
            return [] if gid is None else [gid]
        if not prefix:
            found = [vocab.gid(v) for v in variants(word)]
            return [g for g in found if g is not None]
        gids = vocab.prefixed(word)
        cap = PREFIX_EXPANSIONS[min(len(word), 3) - 1]
        df = vocab.df.data[gids]
        if len(gids) > cap:
            top = np.argpartition(-df, cap - 1)[:cap]
            gids, df = gids[top], df[top]
        order = np.argsort(-df, kind="stable")
        gids, df = gids[order], df[order]
        # Most frequent first, until the postings to read pass the budget (at least one word).
        keep = max(1, int(np.searchsorted(np.cumsum(df), PREFIX_POSTINGS, side="right")))
        out = [int(g) for g in gids[:keep]]
        exact = vocab.gid(word)
        if exact is not None and exact not in out:
            out.append(exact)
        return out

    def bm25(self, docs: npt.NDArray[np.int64], tf: npt.NDArray[np.float64], idf: float) -> Scores:
        return (idf * tf * (K1 + 1.0) / (tf + self.norm[docs])).astype(np.float32)

    def idf(self, df: int) -> float:
        return math.log1p((self.live - df + 0.5) / (df + 0.5))

    def word(self, atom: Atom) -> tuple[Mask, Scores]:
        """One word (or its expansions), scored as its best expansion, postings read in place per segment. A
        quoted word (``"elections"``) is that word only, as the words of a quoted phrase are."""
        gids = self.expansions(atom.words[0], atom.prefix, whole=atom.phrase)
        finished = self.expansions(atom.words[0], False, whole=atom.phrase) if atom.prefix else gids
        gids += [g for g in finished if g not in gids]  # a word being typed finds what it would finished, too
        whole = set(finished)
        mask = np.zeros(self.n, dtype=bool)
        score = np.zeros(self.n, dtype=np.float32)
        if not gids:
            return mask, score
        df = self.ix._vocab.df.data[gids]  # live documents with the word (SearchIndex._uncount)
        idf = [self.idf(int(d)) for d in df]
        exact = [g in whole and bool(d) for g, d in zip(gids, df.tolist(), strict=True)]
        ranked = any(exact) and not all(exact)  # whole-word matches and prefix-only ones: rank them apart
        exact_hit = np.zeros(self.n, dtype=bool) if ranked else mask
        if ranked:
            cap = max(w for w, e in zip(idf, exact, strict=True) if e)
            idf = [w if e else PREFIX_WEIGHT * min(w, cap) for w, e in zip(idf, exact, strict=True)]
        title = atom.kind == "title"
        hit = np.zeros(self.n, dtype=bool) if title else mask
        for seg in self.ix._segments:
            rows, present = seg.rows(np.array(gids, dtype=np.int64))
            seg_score = score[seg.base : seg.base + seg.n]
            seg_hit = hit[seg.base : seg.base + seg.n]
            seg_norm = self.norm[seg.base : seg.base + seg.n]
            for i in np.flatnonzero(present).tolist():
                a, b = int(seg.doc_off[rows[i]]), int(seg.doc_off[rows[i] + 1])
                docs = seg.docs[a:b]
                tf = seg.wtf[a:b].astype(np.float32)
                s = idf[i] * tf * (K1 + 1.0) / (tf + seg_norm[docs])
                seg_score[docs] = np.maximum(seg_score[docs], s)
                seg_hit[docs] = True
                if title:
                    ta, tb = int(seg.title_off[rows[i]]), int(seg.title_off[rows[i] + 1])
                    in_title = seg.base + seg.title_docs[ta:tb].astype(np.int64)
                    mask[in_title] = True
                    if ranked and exact[i]:
                        exact_hit[in_title] = True
                elif ranked and exact[i]:
                    exact_hit[seg.base + docs.astype(np.int64)] = True
        if title:
            score *= mask
        if ranked and not atom.negated:
            self.prefix_only |= mask & ~exact_hit
        if not atom.negated:
            vocab_terms = self.ix._vocab.terms
            self.terms += [vocab_terms[g] for g, d in zip(gids, df.tolist(), strict=True) if d]
        return mask, score

    def phrase(self, atom: Atom) -> tuple[Mask, Scores]:
        words, vocab = atom.words, self.ix._vocab
        per_word: list[list[int]] = []
        for i, word in enumerate(words):
            if atom.prefix and i == len(words) - 1:
                per_word.append(self.expansions(word, True))
            else:  # inside a phrase words match exactly, not their inflections
                gid = vocab.gid(word)
                per_word.append([] if gid is None else [gid])
        mask = np.zeros(self.n, dtype=bool)
        score = np.zeros(self.n, dtype=np.float32)
        if not all(per_word):
            return mask, score
        found_docs, found_tf = [], []
        for seg in self.ix._segments:
            cand = self.ix._phrases.starts(seg, per_word, exact=len(words) - int(atom.prefix))
            if not len(cand):
                continue
            # Count hits per document and field by finding the field boundaries among the (sorted) starts:
            # a search per document instead of one per hit.
            bounds = np.empty(2 * seg.n + 1, dtype=np.int64)
            bounds[0:-1:2], bounds[1::2], bounds[-1] = seg.starts[:-1], seg.title_ends, seg.starts[-1]
            counts = np.diff(np.searchsorted(cand, bounds))
            tf = counts[0::2] * float(TITLE_WEIGHT)
            if atom.kind != "title":
                tf += counts[1::2]
            hit = np.flatnonzero(tf)
            found_docs.append(hit + seg.base)
            found_tf.append(tf[hit])
        if not found_docs:
            return mask, score
        docs = np.concatenate(found_docs).astype(np.int64)
        df = int(self.alive[docs].sum())
        score[docs] = self.bm25(docs, np.concatenate(found_tf), self.idf(df))
        mask[docs] = True
        if not atom.negated and df:
            self.terms.append(" ".join(words) + ("*" if atom.prefix else ""))
        return mask, score

    # -- fields -----------------------------------------------------------------------------------------------

    def lut_mask(self, lut: Mask, column: npt.NDArray[np.int32]) -> Mask:
        return lut[column] if lut.any() else np.zeros(self.n, dtype=bool)

    def feed(self, atom: Atom) -> Mask:
        table = self.ix._feeds
        value = " ".join(atom.words)
        lut = table.lut(
            lambda i: (
                words_match(atom.words, table.words[i], phrase=atom.phrase, prefix=atom.prefix)
                or table.rows[i][0].casefold() == value
            )
        )
        return self.lut_mask(lut, self.ix._feed.view())

    def author(self, atom: Atom) -> Mask:
        table = self.ix._authors
        lut = table.lut(
            lambda i: words_match(atom.words, table.words[i], phrase=atom.phrase, prefix=atom.prefix)
        )
        return self.lut_mask(lut, self.ix._author.view())

    def tag_matches(self, atom: Atom, tags: tuple[str, ...]) -> bool:
        want = " ".join(atom.words)
        for tag in tags:
            folded = " ".join(tokenize(tag))
            if folded == want or (atom.prefix and folded.startswith(want)):
                return True
        return False

    def entity(self, atom: Atom) -> Mask:
        ents = self.ix._entities
        eids = ents.find(atom.words, atom.etype, phrase=atom.phrase, prefix=atom.prefix)
        # A name typed whole: the names the pivot takes for it too. In the box the last word is still being typed,
        # and `person:trump` stays so after Enter: linked from the names holding the words whole ("trump",
        # "donald trump"), so a prefix of names ("person:t") links none, and the stories typing Trump an
        # organisation are listed as the pivot lists them. `newsdesk search` links from the same names: it linked
        # from the first names the words start ("johnson" before "john smith"), and listed other stories.
        whole = _whole_names(ents, atom, eids)
        if whole:
            removed = self.n > self.ix._live  # then only the live stories count (none to leave out: no cost)
            linked = ents.same_as(" ".join(atom.words), atom.etype, whole, self.alive if removed else None)
            eids = list(dict.fromkeys([*eids, *linked]))
        mask = np.zeros(self.n, dtype=bool)
        mask[ents.postings(eids)] = True
        if not atom.negated:
            self.terms += [" ".join(ents.names[e]) for e in eids[:MAX_ENTITY_TERMS]]
        return mask

    def atom(self, atom: Atom) -> tuple[Mask, Scores | None]:
        if atom.kind in ("text", "title"):
            mask, scores = self.phrase(atom) if len(atom.words) > 1 else self.word(atom)
            if (
                atom.kind == "text" and self.notes()
            ):  # a bookmark's note finds its story too (feeds.search.notes)
                mask = mask | note_mask(self.ix, self.n, self.notes(), atom)
            return mask, scores
        if atom.kind == "note":
            return note_mask(self.ix, self.n, self.notes(), atom), None
        if atom.kind == "feed":
            return self.feed(atom), None
        if atom.kind == "author":
            return self.author(atom), None
        if atom.kind == "entity":
            return self.entity(atom), None
        if atom.kind == "tag":
            table = self.ix._feeds
            lut = table.lut(lambda i: self.tag_matches(atom, table.rows[i][2]))
            return self.lut_mask(lut, self.ix._feed.view()), None
        published = self.ix._published.view()
        if atom.kind == "after":
            return published >= atom.cutoff(self.now), None
        if atom.kind == "before":
            return published < atom.cutoff(self.now), None
        raise ValueError(f"{atom.kind} atoms are answered by marks()")

    def marks(self, atom: Atom, cand: npt.NDArray[np.int64]) -> Mask:
        """``is:`` and the bookmark tags of ``tag:``, asked of the reader's state for the candidates only.

        A state that can list its marks (``read_ids()``, ``bookmarked_ids()``) is asked once for the list,
        which costs the number of marks instead of one call per candidate story.
        """
        state, ids = self.state, self.ix._ids
        if state is None:
            return np.full(len(cand), atom.kind == "is" and atom.value == "unread")
        bookmarks = atom.kind == "tag" or atom.value == "bookmarked"
        listing = getattr(state, "bookmarked_ids" if bookmarks else "read_ids", None)
        if listing is not None:
            marked = listing()
            if atom.kind == "tag":
                marked = [id for id in marked if self.tag_matches(atom, state.bookmark_tags(id))]
            out = _marked_mask(self.ix, self.n, marked)[cand]
        elif atom.kind == "tag":
            out = np.fromiter(
                (self.tag_matches(atom, state.bookmark_tags(ids[d])) for d in cand), bool, len(cand)
            )
        elif bookmarks:
            out = np.fromiter((state.is_bookmarked(ids[d]) for d in cand), bool, len(cand))
        else:
            out = np.fromiter((state.is_read(ids[d]) for d in cand), bool, len(cand))
        return ~out if atom.value == "unread" else out


def run(
    index: SearchIndex,
    query: Query,
    state: SearchState | None,
    limit: int,
    sort: Literal["relevance", "date"],
    now: float,
) -> SearchResult:
    from feeds.search.index import SearchResult

    r = _Run(index, state, now)
    mask = r.alive.copy()
    score = np.zeros(r.n, dtype=np.float32)
    later: list[tuple[Atom, ...]] = []
    for group in _settle(query):
        if any(a.kind in ("is", "tag") for a in group):
            later.append(group)
            continue
        mask &= _group(r, group, score)
    for group in later:
        cand = np.flatnonzero(mask)
        if not len(cand):
            break
        gmask = np.zeros(len(cand), dtype=bool)
        for atom in group:
            if atom.kind == "is":
                got = r.marks(atom, cand)
            else:
                full, s = r.atom(atom)
                got = full[cand]
                if atom.kind == "tag":
                    got |= r.marks(atom, cand)
                if s is not None and not atom.negated:
                    score += s
            gmask |= ~got if atom.negated else got
        mask[cand] = gmask
    hits = np.flatnonzero(mask)
    published = index._published.view()
    if sort == "date" or not query.has_text or not len(hits):
        key = published[hits]
    else:
        s = score[hits].astype(np.float64)
        after = r.prefix_only[hits]
        # Levels count down from the best score (not up from zero), so the best one shares its level with
        # everything within 2% of it, and those go newest first. Prefix-only matches have levels of their own,
        # below every other match's.
        top = np.where(after, _top(s[after]), _top(s[~after]))
        level = np.floor((top - s) * RANK_LEVELS / top) + after * (RANK_LEVELS + 1)
        key = (2 * RANK_LEVELS + 1 - level) * 1e10 + np.clip(published[hits], 0, 9e9)
    limit = max(int(limit), 0)
    if len(hits) > limit:
        part = np.argpartition(-key, limit - 1)[:limit] if limit else np.zeros(0, dtype=np.int64)
        hits, key = hits[part], key[part]
    order = np.lexsort((-hits, -key))
    ids = [index._ids[d] for d in hits[order].tolist()]
    terms = list(dict.fromkeys(r.terms))
    return SearchResult(ids, int(mask.sum()), list(query.hints), terms)


def _whole_names(ents: EntityIndex, atom: Atom, eids: list[int]) -> list[int]:
    """The names of ``eids`` holding the words of ``atom`` as whole words, in order: those a name typed links from,
    in the box (its last word still being typed) and in `newsdesk search` alike. None unless some name has the last
    word whole (a dictionary look-up, the cost of most keystrokes)."""
    held = ents.by_word.get(atom.words[-1])
    if not held:
        return []
    if atom.phrase:
        return [e for e in eids if words_match(atom.words, ents.names[e], phrase=True)]
    holders = set(held)
    return [e for e in eids if e in holders and _in_order(atom.words, ents.names[e])]


def _in_order(words: Sequence[str], name: Sequence[str]) -> bool:
    rest = iter(name)
    return all(word in rest for word in words)  # each ``in`` consumes ``rest`` up to the word found


def _top(s: npt.NDArray[np.floating[Any]]) -> float:
    return (float(s.max()) if len(s) else 0.0) or 1.0


def _marked_mask(index: SearchIndex, n: int, marked: Collection[str]) -> Mask:
    """Documents whose id is in ``marked``. A frozenset is immutable, so its mask is kept for the next keystroke
    (until it or the index changes): a state that hands out frozen snapshots pays once per change of marks."""
    cached = index._marks_cache.get(id(marked))
    if cached is not None and cached[0] is marked and cached[1] == index._version:
        return cached[2]
    # All in C: map(get, ids, repeat(-1)) calls get(id, -1) per id without a Python frame.
    nums = np.fromiter(map(index._docnum.get, marked, repeat(-1)), dtype=np.int64, count=len(marked))
    full = np.zeros(n + 1, dtype=bool)  # the last slot takes the -1 of unknown ids
    full[nums] = True
    mask = full[:-1]
    if isinstance(marked, frozenset):
        if len(index._marks_cache) >= 4:
            index._marks_cache.clear()
        index._marks_cache[id(marked)] = (marked, index._version, mask)
    return mask


def _settle(query: Query) -> list[tuple[Atom, ...]]:
    """The groups to run: a one-letter word still being typed waits for its second letter.

    "kim j" searches "kim" (and '"kim jong u' searches '"kim jong"'; "AT&T", the letter glued to a word, is the
    phrase "at t" of whole words): one letter says little and would
    expand to the most common words of the language, costing the most for the least. Alone ("k") it is
    searched, so the first keystroke shows something.
    """
    groups = list(query.groups)
    if not groups:
        return groups
    atom = groups[-1][-1]
    last = atom.words[-1] if atom.words else ""
    if atom.kind not in ("text", "title") or not atom.prefix or len(last) != 1 or not last.isascii():
        return groups
    if atom.value.rstrip().endswith("*"):  # "kim j*": asked for, not on its way to a second letter
        return groups
    if len(atom.words) > 1:
        # Typed inside one word ("AT&T", "S&P", "don't"), the letter is that word's last part: kept, whole. Left
        # out, "AT&T" searched "at", and listed every story saying "at".
        glued = len(tokenize(atom.value.split()[-1])) > 1 if atom.value.split() else False
        words = atom.words if glued else atom.words[:-1]
        groups[-1] = (*groups[-1][:-1], replace(atom, words=words, prefix=False))
    elif len(query.atoms) < 2:
        pass
    elif len(groups[-1]) > 1:
        groups[-1] = groups[-1][:-1]
    else:
        groups.pop()
    return groups


def _group(r: _Run, group: tuple[Atom, ...], score: Scores) -> Mask:
    """OR of the atoms' masks; positive word atoms add their scores."""
    gmask = np.zeros(r.n, dtype=bool)
    for atom in group:
        mask, s = r.atom(atom)
        if atom.negated:
            gmask |= ~mask
        else:
            gmask |= mask
            if s is not None:
                score += s
    return gmask
