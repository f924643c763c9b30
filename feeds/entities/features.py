"""CRF features of tokens, built fast enough for 50k tokens a second in pure Python.

Everything that depends on one word alone (its lowercase form, shape, prefixes and suffixes, and the same word
seen as a neighbour at offsets -2..+2) is computed once per word type and cached; a sentence's feature lists are
then concatenations of cached lists plus a few per-token strings (word bigrams, list matches, document hints).

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

from feeds.entities.gazetteer import Gazetteers

_DIGITS = re.compile(r"\d")
_SCORE = re.compile(r"\d{1,3}-\d{1,3}$")
_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
#: The cache is dropped when it grows past this many word types, so a long-running reader stays small.
CACHE_LIMIT = 300_000

MIXED, CAPS, LOWER = "", "C:", "L:"


@dataclass(frozen=True)
class Options:
    """Which feature groups a model was trained with; saved beside the model so run time builds the same."""

    affixes: int = 4
    window: int = 2
    bigrams: bool = True
    gazetteers: bool = True
    document: bool = True
    case_modes: bool = True
    run_context: bool = False
    score_hint: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Options:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]


def shape(word: str) -> str:
    """Letters as X/x, digits as d, other characters kept; runs collapsed: "McDonald's" -> "XxXx'x"."""
    mapped = word.translate(_SHAPE)
    out: list[str] = []
    last = ""
    for ch in mapped:
        if ch != last:
            if not ch.isascii() and ch.isalpha():
                ch = "X" if ch.isupper() else "x"
                if ch == last:
                    continue
            out.append(ch)
            last = ch
    return "".join(out)


def sentence_mode(words: Sequence[str]) -> str:
    """CAPS for a sentence whose words are all upper case, LOWER for all lower case, else MIXED."""
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
        self._caches: dict[str, dict[str, tuple[list[str], ...]]] = {MIXED: {}, CAPS: {}, LOWER: {}}
        offsets = [o for o in range(-self.options.window, self.options.window + 1) if o]
        self._offsets = offsets
        edge_row: tuple[list[str], ...] = ([], *([f"{o}w:" + ("<s>" if o < 0 else "</s>")] for o in offsets))
        self._edge_row = self._filter_row(edge_row)

    def clear(self) -> None:
        """Forget the cached word features (to time a cold start, or to free memory)."""
        for cache in self._caches.values():
            cache.clear()

    # -- per word type --------------------------------------------------------------------------------------
    def _word(self, word: str, mode: str) -> tuple[list[str], ...]:
        lower = word.lower()
        norm = _DIGITS.sub("0", lower)
        sh = mode + shape(word)
        own = ["b", "w:" + norm, "s:" + sh]
        if not mode and lower != word:
            own.append("W:" + _DIGITS.sub("0", word))
        n = len(lower)
        for k in range(1, self.options.affixes + 1):
            if n > k:
                own.append(f"p{k}:" + lower[:k])
                own.append(f"x{k}:" + lower[-k:])
        if not mode:
            if word[:1].isupper():
                own.append("ic")
            if word.isupper() and n > 1:
                own.append("ac")
        if any(ch.isdigit() for ch in word):
            own.append("hd")
        if "-" in word:
            own.append("hy")
        if "." in word and n > 1:
            own.append("dot")
        if n <= 2:
            own.append(f"len{n}")
        context: list[list[str]] = []
        for o in self._offsets:
            feats = [f"{o}w:" + norm, f"{o}s:" + sh]
            if abs(o) == 1:
                feats.append(f"{o}x3:" + lower[-3:])
            context.append(feats)
        return self._filter_row((own, *context))

    def _filter_row(self, row: tuple[list[str], ...]) -> tuple[list[str], ...]:
        known = self.known
        if known is None:
            return row
        return tuple([f for f in feats if f in known] for feats in row)

    def _rows(self, words: Sequence[str], mode: str) -> list[tuple[list[str], ...]]:
        cache = self._caches[mode]
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        rows = []
        for word in words:
            row = cache.get(word)
            if row is None:
                row = cache[word] = self._word(word, mode)
            rows.append(row)
        return rows

    # -- per document ---------------------------------------------------------------------------------------
    @staticmethod
    def document_hints(sentences: Sequence[Sequence[str]]) -> tuple[set[str], set[str]]:
        """Lowercase forms seen capitalised mid-sentence, and seen in lower case, in mixed-case sentences."""
        capitalised: set[str] = set()
        lowercase: set[str] = set()
        for words in sentences:
            if sentence_mode(words) != MIXED:
                continue
            for i, word in enumerate(words):
                if not word[:1].isalpha():
                    continue
                if word[:1].isupper():
                    if i > 0 and words[i - 1] not in ('"', "'", "(", ":", "-", "``"):
                        capitalised.add(word.lower())
                elif word.islower():
                    lowercase.add(word)
        return capitalised, lowercase

    def document(self, sentences: Sequence[Sequence[str]]) -> list[list[list[str]]]:
        """Feature lists for every token of every sentence of one document (words already normalised)."""
        hints = self.document_hints(sentences) if self.options.document else (set(), set())
        scores = False
        if self.options.score_hint:
            count = sum(1 for words in sentences for w in words if _SCORE.match(w))
            scores = count >= 3
        return [self.sentence(words, hints, scores) for words in sentences]

    @staticmethod
    def runs(words: Sequence[str]) -> list[str]:
        """Per token of a capitalised run: the words just outside the run ("L:beat|R:by"), else ""."""
        n = len(words)
        out = [""] * n
        i = 0
        while i < n:
            if not words[i][:1].isupper():
                i += 1
                continue
            j = i
            while j < n and words[j][:1].isupper():
                j += 1
            left = words[i - 1].lower() if i else "<s>"
            right = words[j].lower() if j < n else "</s>"
            for k in range(i, j):
                out[k] = left + "|" + right
            i = j
        return out

    # -- per sentence ---------------------------------------------------------------------------------------
    def sentence(
        self, words: Sequence[str], hints: tuple[set[str], set[str]], scores: bool = False
    ) -> list[list[str]]:
        opts = self.options
        mode = sentence_mode(words) if opts.case_modes else MIXED
        rows = self._rows(words, mode)
        n = len(words)
        lowers = [w.lower() for w in words]
        if opts.gazetteers:
            usable = [bool(mode) or not w.islower() for w in words]
            gaz = self.gazetteers.features(lowers, usable)
        capitalised, lowercase = hints
        runs = self.runs(words) if opts.run_context and not mode else None
        window = opts.window
        padded = [self._edge_row] * window + rows + [self._edge_row] * window
        slots = [(slot, o) for slot, o in enumerate(self._offsets, 1)]
        known = self.known
        out: list[list[str]] = []
        for i in range(n):
            p = i + window
            if window == 2:
                feats = [
                    *padded[p][0],
                    *padded[p - 2][1],
                    *padded[p - 1][2],
                    *padded[p + 1][3],
                    *padded[p + 2][4],
                ]
            else:
                feats = list(padded[p][0])
                for slot, o in slots:
                    feats += padded[p + o][slot]
            if i == 0:
                feats.append("BOS")
            if opts.bigrams:
                low = lowers[i]
                before = "b-:" + (lowers[i - 1] if i else "<s>") + "|" + low
                after = "b+:" + low + "|" + (lowers[i + 1] if i + 1 < n else "</s>")
                if known is None or before in known:
                    feats.append(before)
                if known is None or after in known:
                    feats.append(after)
            if opts.gazetteers and gaz[i]:
                feats += gaz[i]
            if capitalised and lowers[i] in capitalised:
                feats.append("dC")
            if lowercase and lowers[i] in lowercase:
                feats.append("dL")
            if runs and runs[i]:
                left, _, right = runs[i].partition("|")
                for feat in ("rL:" + left, "rR:" + right):
                    if known is None or feat in known:
                        feats.append(feat)
            if scores and words[i][:1].isupper():
                feats.append("dS")
            out.append(feats)
        return out
