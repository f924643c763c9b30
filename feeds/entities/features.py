"""CRF features of tokens, built fast enough for 50k tokens a second in pure Python.

Everything that depends on one word alone (its lowercase form, shape, prefixes and suffixes, and the same word
seen as a neighbour at offsets -2..+2) is computed once per word type and cached, already stripped of the
attributes the model has no weight for; a sentence's feature lists are then concatenations of cached lists plus a
few per-token strings (word bigrams, name-list matches, document hints, the words around a run of capitalised
words). Every attribute handed to crfsuite costs time in its tagger, so the shipped model uses the smallest set
that kept F1 on eng.testa (``Options``: which groups, saved beside the model).

No POS or chunk tags: raw feed text has none, so the model never learns to lean on them.

Case modes: a sentence in ALL CAPS (a headline) or all lower case carries no capitalisation signal, so its tokens
get their shape features under another name ("C:" / "L:") instead of the mixed-case ones; the model learns those
from case-augmented copies of training sentences. Document hints ("this word appears capitalised mid-sentence
elsewhere in the story", "... appears in lower case elsewhere") carry the case evidence of the body into the
headline and into sentence-initial words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from feeds.entities.gazetteer import Gazetteers

_DIGITS = re.compile(r"\d")
_OPENERS = frozenset({'"', "'", "(", ":", "-", "``"})
_SCORE = re.compile(r"\d{1,3}-\d{1,3}$")
_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
#: The cache is dropped when it grows past this many word types (about 1.1 kB each, so at most ~55 MB), so a
#: long-running reader stays small; a day of news has far fewer distinct words.
CACHE_LIMIT = 50_000

MIXED, CAPS, LOWER = "", "C:", "L:"


@dataclass(frozen=True)
class Options:
    """Which feature groups a model was trained with; saved beside the model so run time builds the same."""

    affixes: int = 3
    window: int = 2
    bigrams: bool = True
    gazetteers: bool = True
    document: bool = True
    case_modes: bool = True
    run_context: bool = True  # the words around a run of capitalised words ("beat X by", "X said")
    score_hint: bool = True  # the document holds sports scores ("2-1"): its names lean to teams
    run_ends: bool = True  # the first and last word of that run ("... Electric Power")
    far_shapes: bool = False  # shapes of the words two away, not only of the next ones
    near_suffixes: bool = False  # the last three letters of the words next to this one

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Options:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]


def shape(word: str) -> str:
    """Letters as X/x, digits as d, other characters kept; runs collapsed: "McDonald's" -> "XxXx'x"."""
    mapped = word.translate(_SHAPE)
    if not mapped.isascii():
        mapped = "".join(("X" if ch.isupper() else "x") if ch.isalpha() else ch for ch in mapped)
    return "".join([ch for ch, _ in groupby(mapped)])


def sentence_mode(words: Sequence[str]) -> str:
    """CAPS for a sentence whose words are all upper case, LOWER for all lower case, else MIXED."""
    # Fast path: any capitalised word of two or more letters that is not all capitals makes it MIXED.
    for word in words:
        if len(word) > 1 and word[0].isupper() and not word.isupper():
            return MIXED
    upper = lower = 0
    for word in words:
        if len(word) < 2 or not any(ch.isalpha() for ch in word):
            continue
        if word.isupper():
            upper += 1
        elif word.islower():
            lower += 1
        else:
            return MIXED
    if upper >= 2 and lower == 0:
        return CAPS
    if lower >= 3 and upper == 0:
        return LOWER
    return MIXED


class Featurizer:
    """Feature lists for sentences of one document; caches per (case mode, word)."""

    def __init__(
        self,
        options: Options | None = None,
        gazetteers: Gazetteers | None = None,
        known: frozenset[str] | None = None,
    ) -> None:
        """``known``: the attributes the model has weights for; others are dropped early (tagging is faster)."""
        self.options = options or Options()
        self.known = known
        self.gazetteers = gazetteers if gazetteers is not None else Gazetteers()
        #: one-word place, nationality and organisation names (for the document consistency pass)
        self.places = self.gazetteers.words(("LOC", "NAT", "ORG", "CLUB"))
        self.given_names = self.gazetteers.words(("FIRST",))
        self._caches: dict[str, dict[str, tuple[list[str], ...]]] = {MIXED: {}, CAPS: {}, LOWER: {}}
        offsets = [o for o in range(-self.options.window, self.options.window + 1) if o]
        self._offsets = offsets
        self._affix_range = range(1, self.options.affixes + 1)
        self._prefix_names = {k: f"p{k}:" for k in self._affix_range}
        self._suffix_names = {k: f"x{k}:" for k in self._affix_range}
        opts = self.options
        self._context_names = [
            (
                f"{o}w:",
                f"{o}s:" if abs(o) == 1 or opts.far_shapes else "",
                f"{o}x3:" if abs(o) == 1 and opts.near_suffixes else "",
            )
            for o in offsets
        ]
        edge_row: tuple[list[str], ...] = ([], *([f"{o}w:" + ("<s>" if o < 0 else "</s>")] for o in offsets))
        self._edge_row = self._filter_row(edge_row)

    def clear(self) -> None:
        """Forget the cached word features (to time a cold start, or to free memory)."""
        for cache in self._caches.values():
            cache.clear()

    # -- per word type --------------------------------------------------------------------------------------
    def _word(self, word: str, mode: str) -> tuple[list[str], ...]:
        """The word's own features, then its features as the neighbour at each offset; unknown ones dropped."""
        row = self.word_features(word, mode)
        known = self.known
        if known is None:
            return row
        return tuple([[f for f in feats if f in known] for feats in row])

    def word_features(self, word: str, mode: str) -> tuple[list[str], ...]:
        """:meth:`_word` without dropping the features the model has no weight for."""
        norm, sh, suffix3, rest = self.word_parts(word, mode)
        own = ["w:" + norm, "s:" + sh, *rest]
        context = [
            [w + norm, s + sh, x + suffix3] if x else [w + norm, s + sh] if s else [w + norm]
            for w, s, x in self._context_names
        ]
        return (own, *context)

    def word_parts(self, word: str, mode: str) -> tuple[str, str, str, list[str]]:
        """A word's normal form, shape and last three letters (which its own features and its features as a
        neighbour are made of, behind the names in ``_context_names``), and its other own features."""
        lower = word.lower()
        digits = not word.isalpha() and any(ch.isdigit() for ch in word)
        norm = _DIGITS.sub("0", lower) if digits else lower
        sh = mode + shape(word)
        own = ["b"]
        if not mode and lower != word:
            own.append("W:" + (_DIGITS.sub("0", word) if digits else word))
        n = len(lower)
        for k in self._affix_range:
            if n > k:
                own += (self._prefix_names[k] + lower[:k], self._suffix_names[k] + lower[-k:])
        if not mode:
            if word[:1].isupper():
                own.append("ic")
            if n > 1 and word.isupper():
                own.append("ac")
        if digits:
            own.append("hd")
        if "-" in word:
            own.append("hy")
        if n > 1 and "." in word:
            own.append("dot")
        if n <= 2:
            own.append(f"len{n}")
        return norm, sh, lower[-3:], own

    def _filter_row(self, row: tuple[list[str], ...]) -> tuple[list[str], ...]:
        known = self.known
        if known is None:
            return row
        return tuple([[f for f in feats if f in known] for feats in row])

    def _rows(self, words: Sequence[str], mode: str) -> list[tuple[list[str], ...]]:
        cache = self._caches[mode]
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        get = cache.get
        rows = [get(word) for word in words]
        if None in rows:
            for i, row in enumerate(rows):
                if row is None:
                    word = words[i]
                    row = get(word)
                    if row is None:
                        row = cache[word] = self._word(word, mode)
                    rows[i] = row
        return rows  # type: ignore[return-value]

    # -- per document ---------------------------------------------------------------------------------------
    @staticmethod
    def document_hints(sentences: Sequence[Sequence[str]], modes: Sequence[str]) -> tuple[set[str], set[str]]:
        """Lowercase forms seen capitalised mid-sentence, and seen in lower case, in mixed-case sentences."""
        mixed = [words for words, mode in zip(sentences, modes, strict=True) if mode == MIXED]
        capitalised = {
            words[i].lower()
            for words in mixed
            for i in range(1, len(words))
            if words[i][:1].isupper() and words[i - 1] not in _OPENERS
        }
        lowercase = {word for words in mixed for word in words if word[:1].islower() and word.islower()}
        return capitalised, lowercase

    def context(
        self, sentences: Sequence[Sequence[str]], modes: Sequence[str] | None = None
    ) -> tuple[list[str], tuple[set[str], set[str]], bool]:
        """What a document tells about each of its sentences: case modes, case hints, and whether it holds
        sports scores. ``modes``: each sentence's :func:`sentence_mode`, when the caller has them already."""
        opts = self.options
        if not opts.case_modes:
            modes = [MIXED] * len(sentences)
        elif modes is None:
            modes = [sentence_mode(words) for words in sentences]
        hints = self.document_hints(sentences, modes) if opts.document else (set(), set())
        scores = False
        if opts.score_hint:
            count = sum(1 for words in sentences for w in words if "-" in w and _SCORE.match(w))
            scores = count >= 3
        return list(modes), hints, scores

    def document(
        self, sentences: Sequence[Sequence[str]], modes: Sequence[str] | None = None
    ) -> list[list[list[str]]]:
        """Feature lists for every token of every sentence of one document (words already normalised)."""
        modes, hints, scores = self.context(sentences, modes)
        return [
            self.sentence(words, hints, scores, mode) for words, mode in zip(sentences, modes, strict=True)
        ]

    @staticmethod
    def runs(words: Sequence[str]) -> list[tuple[int, int, str, str]]:
        """Runs of capitalised words: (start, end, the words around the run, its first and last word)."""
        n = len(words)
        found: list[tuple[int, int, str, str]] = []
        i = 0
        while i < n:
            if not words[i][:1].isupper():
                i += 1
                continue
            j = i + 1
            while j < n and words[j][:1].isupper():
                j += 1
            around = (
                "rL:" + words[i - 1].lower() if i else "rL:<s>",
                "rR:" + words[j].lower() if j < n else "rR:</s>",
            )
            ends = ("rS:" + words[i].lower(), "rE:" + words[j - 1].lower()) if j - i > 1 else ()
            found.append((i, j, around, ends))  # type: ignore[arg-type]
            i = j
        return found

    # -- per sentence ---------------------------------------------------------------------------------------
    def extras(
        self,
        words: Sequence[str],
        hints: tuple[set[str], set[str]] = (set(), set()),
        scores: bool = False,
        mode: str = MIXED,
        bigrams: bool = True,
    ) -> list[list[str]]:
        """Each token's features that depend on more than its word (so cannot be cached per word type): word
        bigrams (unless ``bigrams`` is false: the caller does them), sentence start, name-list matches,
        document hints, the words around a capitalised run."""
        opts = self.options
        n = len(words)
        lowers = [w.lower() for w in words]
        if opts.bigrams and bigrams:
            # Word bigrams are not filtered by ``known``: crfsuite skips an unknown one as fast as we could.
            pairs = [a + "|" + b for a, b in zip(["<s>", *lowers], [*lowers, "</s>"], strict=True)]
            out = [["b-:" + pairs[i], "b+:" + pairs[i + 1]] for i in range(n)]
        else:
            out = [[] for _ in range(n)]
        if n:
            out[0].append("BOS")
        # Capitalised words (every word of a caseless line) look their lowercase form up in the document hints;
        # a lowercase word of a mixed-case line is itself the evidence "seen in lower case" (no lookup needed).
        named = range(n) if mode else [i for i in range(n) if not words[i].islower()]
        if opts.gazetteers:
            for i, found in self.gazetteers.features(lowers, words, bool(mode)).items():
                out[i] += found
        capitalised, lowercase = hints
        if capitalised or lowercase:
            for i in named:
                low = lowers[i]
                if low in capitalised:
                    out[i].append("dC")
                if low in lowercase:
                    out[i].append("dL")
            if not mode:
                for i in [i for i in range(n) if words[i].islower()]:
                    if lowers[i] in capitalised:
                        out[i].append("dC")
                    if words[i][:1].islower():
                        out[i].append("dL")
        if opts.run_context and not mode:
            for start, end, around, ends in self.runs(words):
                extra = [*around, *ends] if opts.run_ends else around
                for i in range(start, end):
                    out[i] += extra
        if scores:
            for i in named:
                if words[i][:1].isupper():
                    out[i].append("dS")
        return out

    def sentence(
        self,
        words: Sequence[str],
        hints: tuple[set[str], set[str]] = (set(), set()),
        scores: bool = False,
        mode: str | None = None,
    ) -> list[list[str]]:
        """Feature lists of one sentence's tokens; ``hints`` and ``scores`` come from :meth:`document`."""
        opts = self.options
        if mode is None:
            mode = sentence_mode(words) if opts.case_modes else MIXED
        n = len(words)
        rows = self._rows(words, mode)
        window = opts.window
        edge = [self._edge_row] * window
        padded = edge + rows + edge
        extra = self.extras(words, hints, scores, mode)
        if window == 2:
            return [
                [*a[0], *b[1], *c[2], *d[3], *e[4], *g]
                for a, b, c, d, e, g in zip(
                    rows, padded, padded[1:], padded[3:], padded[4:], extra, strict=False
                )
            ]
        out = []
        for i in range(n):
            feats = list(rows[i][0])
            for slot, o in enumerate(self._offsets, 1):
                feats += padded[i + window + o][slot]
            out.append([*feats, *extra[i]])
        return out
