"""Tagging a document with label-score vectors cached per word type, decoded with numpy (see crfmodel.py).

A token's CRF score for a label is the sum of the weights of its features. :class:`Featurizer` builds those
features as strings for training and for crfsuite; here the ones that depend on one word alone (the word's own,
and the word seen as the neighbour at each offset of the window) are summed once per word type into a
``(slots, labels)`` block of a matrix, so a token costs a few array gathers plus the few features that depend
on more than its word (list matches, document hints, the words around a capitalised run), looked up by name.

Building a new word type's block is the cold-start cost, so it is cut to a handful of lookups: at model load,
every feature that is "prefix + normal form" (the word itself at each offset), "prefix + shape" or "prefix +
last three letters" is folded into one block per form, shape and suffix. A new word then costs those three
lookups plus its few other own features (affixes, flags) by name. The names come from the same
:meth:`Featurizer.word_parts` that training uses, and a test checks the blocks against the plain sums.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from feeds.entities.crfmodel import CRFModel
from feeds.entities.features import CACHE_LIMIT, CAPS, LOWER, MIXED, Featurizer


class _Table:
    """Form -> one block of summed weights, over every feature named "<prefix for slot s><form>"."""

    def __init__(self, model: CRFModel, prefixes: dict[str, int], slots: int) -> None:
        self.index: dict[str, int] = {}
        rows: list[int] = []
        slot_of: list[int] = []
        attrs: list[int] = []
        for name, j in model.attribute_ids.items():
            for prefix, slot in prefixes.items():
                if name.startswith(prefix):
                    form = name[len(prefix) :]
                    row = self.index.setdefault(form, len(self.index) + 1)  # row 0: a form with no weights
                    rows.append(row)
                    slot_of.append(slot)
                    attrs.append(j)
        self.blocks = np.zeros((len(self.index) + 1, slots, model.size))
        if rows:
            np.add.at(self.blocks, (np.array(rows), np.array(slot_of)), model.state[np.array(attrs)])


class FastTagger:
    """Labels for the sentences of a document; keeps the word-type cache (not thread-safe: callers lock)."""

    def __init__(self, featurizer: Featurizer, model: CRFModel) -> None:
        self.featurizer = featurizer
        self.model = model
        self.window = featurizer.options.window
        self.offsets = featurizer._offsets
        self.slots = 1 + len(self.offsets)
        self._ids = model.attribute_ids
        #: the model's weights plus a row of zeros: the id of any feature the model does not know
        self._weights = np.vstack([model.state, np.zeros((1, model.size))])
        self._none = len(model.state)
        names = featurizer._context_names
        self._norms = _Table(model, {"w:": 0, **{w: i for i, (w, _s, _x) in enumerate(names, 1)}}, self.slots)
        self._shapes = _Table(
            model, {"s:": 0, **{s: i for i, (_w, s, _x) in enumerate(names, 1) if s}}, self.slots
        )
        self._suffixes = _Table(model, {x: i for i, (_w, _s, x) in enumerate(names, 1) if x}, self.slots)
        # Word bigrams the model knows, by the pair alone: "x|y" -> the id of "b-:x|y" (the pair ending at
        # this token) and of "b+:x|y" (the pair starting at it), so a token costs no string building for them.
        self._before = {name[3:]: j for name, j in self._ids.items() if name.startswith("b-:")}
        self._after = {name[3:]: j for name, j in self._ids.items() if name.startswith("b+:")}
        self._index: dict[str, dict[str, int]] = {}
        self._vectors = np.zeros((0, self.slots, model.size))
        self._count = 0
        self.clear()

    def clear(self) -> None:
        """Forget every cached word type (row 0, the sentence edge, is rebuilt at once)."""
        self._index = {MIXED: {}, CAPS: {}, LOWER: {}}
        self._vectors = np.zeros((1024, self.slots, self.model.size))
        self._count = 1
        ids = self._ids
        for slot, names in enumerate(self.featurizer._edge_row):
            for name in names:
                if name in ids:
                    self._vectors[0, slot] += self.model.state[ids[name]]

    def _fill(self, new: list[tuple[int, str]], mode: str) -> None:
        """Build the blocks of new word types (rows of the matrix) of one case mode."""
        parts = [self.featurizer.word_parts(word, mode) for _row, word in new]
        rows = [row for row, _word in new]
        norms, shapes, suffixes = self._norms.index.get, self._shapes.index.get, self._suffixes.index.get
        blocks = self._norms.blocks[[norms(p[0], 0) for p in parts]]
        blocks += self._shapes.blocks[[shapes(p[1], 0) for p in parts]]
        if len(self._suffixes.index):
            blocks += self._suffixes.blocks[[suffixes(p[2], 0) for p in parts]]
        # Every word has own features ("b" at least): sum each word's run of them with one reduction.
        ids, none = self._ids.get, self._none
        own_ids = [ids(name, none) for p in parts for name in p[3]]
        starts = np.cumsum([0, *[len(p[3]) for p in parts[:-1]]])
        blocks[:, 0] += np.add.reduceat(self._weights[own_ids], starts, axis=0)
        self._vectors[rows] = blocks

    def _extras(
        self,
        words: Sequence[str],
        lowers: list[str],
        hints: tuple[set[str], set[str]],
        scores: bool,
        mode: str,
        base: int,
        at: list[int],
        out: list[int],
    ) -> None:
        """:meth:`Featurizer.extras` (without bigrams) as (token, feature id) pairs appended to ``at``/``out``.

        The same features, found more directly: in a document, "dC" marks exactly the tokens whose lowercase
        form is among the hints' capitalised forms, "dL" those among its lowercase forms (a lowercase word of
        a mixed-case sentence always is), "dS" every capitalised word when the document holds scores. A test
        compares the two on whole documents.
        """
        featurizer = self.featurizer
        opts = featurizer.options
        ids, none = self._ids.get, self._none
        at.append(base)
        out.append(ids("BOS", none))
        if opts.gazetteers:
            for i, found in featurizer.gazetteers.features(lowers, words, bool(mode)).items():
                for name in found:
                    at.append(base + i)
                    out.append(ids(name, none))
        capitalised, lowercase = hints
        if capitalised:
            hits = [base + i for i, low in enumerate(lowers) if low in capitalised]
            at += hits
            out += [ids("dC", none)] * len(hits)
        if lowercase:
            hits = [base + i for i, low in enumerate(lowers) if low in lowercase]
            at += hits
            out += [ids("dL", none)] * len(hits)
        if opts.run_context and not mode:
            for start, end, around, ends in featurizer.runs(words):
                names = [ids(name, none) for name in ([*around, *ends] if opts.run_ends else around)]
                for i in range(base + start, base + end):
                    at += [i] * len(names)
                    out += names
        if scores:
            hits = [base + i for i, word in enumerate(words) if word[:1].isupper()]
            at += hits
            out += [ids("dS", none)] * len(hits)

    def _grow(self, needed: int) -> None:
        if needed > len(self._vectors):
            bigger = np.zeros((max(needed, 2 * len(self._vectors)), self.slots, self.model.size))
            bigger[: len(self._vectors)] = self._vectors
            self._vectors = bigger

    def document(
        self, sentences: Sequence[Sequence[str]], modes: Sequence[str], *, context: int | None = None
    ) -> list[list[str]]:
        """The label of every token of every sentence of one document (words already normalised). ``context``:
        only the first ``context`` sentences are the document its case hints are taken from; the others (a
        story's title) are labelled with those hints and change none of the document's labels."""
        featurizer = self.featurizer
        if context is None or context >= len(sentences):
            context = len(sentences)
            modes, hints, scores = featurizer.context(sentences, modes)
            outside = hints
        else:
            given = modes
            modes, hints, scores = featurizer.context(sentences[:context], given[:context])
            more, (capitalised, lowercase), _scores = featurizer.context(sentences[context:], given[context:])
            modes += more
            # the others' own hints count for them, as if they were of the document (which never hears of them);
            # only their own words are asked about (a copy of a long document's hints cost more than the rest)
            theirs = {word.lower() for words in sentences[context:] for word in words}
            outside = (
                capitalised | (theirs & hints[0]),
                lowercase | (theirs & hints[1]),
            )
        if self._count > CACHE_LIMIT:
            self.clear()  # a long-running reader stays small
        window = self.window
        edge = [0] * window
        padded: list[int] = []
        positions: list[int] = []
        steps: list[int] = []
        lengths: list[int] = []
        extra_at: list[int] = []
        extra_ids: list[int] = []
        before_ids: list[int] = []
        after_ids: list[int] = []
        new: dict[str, list[tuple[int, str]]] = {}
        none = self._none
        bigrams = featurizer.options.bigrams
        before, after = self._before.get, self._after.get
        tokens = 0
        for at_sentence, (words, mode) in enumerate(zip(sentences, modes, strict=True)):
            n = len(words)
            lengths.append(n)
            if not n:
                continue
            index = self._index[mode]
            get = index.get
            rows = [get(word) for word in words]
            if None in rows:
                for i, row in enumerate(rows):
                    if row is None:
                        word = words[i]
                        row = get(word)
                        if row is None:
                            row = index[word] = self._count
                            self._count += 1
                            new.setdefault(mode, []).append((row, word))
                        rows[i] = row
            start = len(padded) + window
            positions.extend(range(start, start + n))
            steps.extend(range(n))
            padded += edge
            padded += rows  # type: ignore[arg-type]
            padded += edge
            lowers = [w.lower() for w in words]
            if bigrams:
                pairs = [a + "|" + b for a, b in zip(["<s>", *lowers], [*lowers, "</s>"], strict=True)]
                before_ids += [before(pair, none) for pair in pairs[:-1]]
                after_ids += [after(pair, none) for pair in pairs[1:]]
            seen = hints if at_sentence < context else outside
            self._extras(words, lowers, seen, scores, mode, tokens, extra_at, extra_ids)
            tokens += n
        if not tokens:
            return [[] for _ in sentences]
        if new:
            self._grow(self._count)
            for mode, words_new in new.items():
                self._fill(words_new, mode)
        vectors = self._vectors
        rows_of = np.array(padded)
        at = np.array(positions)
        state = vectors[rows_of[at], 0]
        for slot, offset in enumerate(self.offsets, 1):
            state += vectors[rows_of[at + offset], slot]
        weights = self._weights
        if bigrams:
            state += weights[before_ids]
            state += weights[after_ids]
        if extra_at:  # in no particular order: one bincount per call sums them by token
            flat = (np.array(extra_at)[:, None] * self.model.size + np.arange(self.model.size)).ravel()
            state += np.bincount(flat, weights[extra_ids].ravel(), minlength=state.size).reshape(state.shape)
        present = [n for n in lengths if n]
        order = sorted(range(len(present)), key=present.__getitem__, reverse=True)  # longest first
        rank = np.empty(len(present), dtype=np.intp)
        rank[order] = np.arange(len(present))
        grid = np.zeros((len(present), present[order[0]], self.model.size))
        grid[rank[np.repeat(np.arange(len(present)), present)], np.array(steps)] = state
        decoded = self.model.decode(grid, [present[b] for b in order])
        labels = iter([decoded[r] for r in rank.tolist()])
        return [next(labels) if n else [] for n in lengths]
