"""Words for search: one tokenizer for stories, queries and highlighting, so the three always agree.

A token is a run of letters and digits, folded with :func:`feeds.text.fold` (case and accents gone: "Zürich",
"ZURICH" and "zurich" are one word), and letters with a stroke and ligatures made plain ("Łódź" is "lodz"). Combining marks stay inside the word they decorate, so text written in
decomposed form ("Zu" + U+0308 + "rich") is one word too. Chinese and Japanese characters are one token each
(they are written without spaces), so a run of them is searched as a phrase.

Folding a whole story character by character through ``fold`` costs about 100 ns a character; a translation
table that caches ``fold`` of each non-ASCII character gives the same result (case folding and NFKD act on single
characters, and the marks they produce are dropped) at a small fraction of that, and ASCII text needs only
``lower()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from feeds.text import fold

#: Bump when tokenising or folding changes: a saved index built by older rules is then refused on load and rebuilt
#: (its words would not match the queries' words).
ANALYSIS_REVISION = (
    3  # 3: ł, ø, đ, ð, ħ, ŧ, æ, œ, þ (_BARE); 2: dotless ı folds to i; 1: files without the field
)

#: Letters Unicode gives no accent to take off (a stroke, the eth and thorn, ligatures), as an English keyboard
#: types them: "lodz" finds Łódź, "tromso" Tromsø, "aero" Ærø, "thingvellir" Þingvellir. Search only: names' keys
#: (feeds.text.fold) stay as stored.
_BARE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"}
)

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Combining marks of the common scripts: they belong to the word before them.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_TOKEN = re.compile(f"(?:[^\\W_{_CJK}][{_MARKS}]*)+|[{_CJK}]")
_ASCII_TOKEN = re.compile("[a-z0-9]+")


class _FoldTable(dict[int, str]):
    """``str.translate`` table: each character's folded form, computed once per distinct character."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code)).translate(_BARE)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text: str) -> str:
    """``feeds.text.fold(text)`` with the bare letters of ``_BARE`` made plain, computed fast (see the module
    docstring)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def tokenize(text: str) -> list[str]:
    """The folded words of ``text`` in order."""
    if "\xa0" in text:  # a list item's label ends in one (feeds.html_lists.LABEL_END): a space to search
        text = text.replace("\xa0", " ")
    if text.isascii():
        return _ASCII_TOKEN.findall(text.lower())
    return _TOKEN.findall(text.translate(_FOLD_TABLE))


def ends_in_a_word(text: str) -> bool:
    """Whether ``text`` ends inside a word (the cursor is still in it): not after a space or punctuation. A query
    ending "C++" or "U.S." has finished its last word; taken as a prefix, "C++" looked for every c-word. What
    joins a word's parts ("O'", "Jong-", "AT&") is still inside it: the next letter is on its way."""
    tail = text[-64:].rstrip("'’‘-&")
    ends = [match.end() for match in _TOKEN.finditer(tail)]
    return bool(ends) and ends[-1] == len(tail)


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Folded words with their ``[start, end)`` spans in the ORIGINAL text (for highlighting).

    A word that folding splits in two ("½" -> "1⁄2") gives both parts the span of the whole original word.
    """
    if text.isascii():  # folding is lower(), which keeps each character in its place: half the time
        return [(match[0], match.start(), match.end()) for match in _ASCII_TOKEN.finditer(text.lower())]
    out: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if word.isascii():
            out.append((word.lower(), start, end))
            continue
        for part in _TOKEN.findall(word.translate(_FOLD_TABLE)):
            out.append((part, start, end))
    return out


# Words that look inflected but are not (or whose "stem" would be a different word).
_NOT_PLURAL_WORDS = (
    "news series species always perhaps was has does this thus its his hers ours yours bus gas plus yes less "
    "whereas across chaos atlas bias lens christmas texas paris athens brussels davos lagos cannes"
)
_NOT_PLURAL = frozenset(_NOT_PLURAL_WORDS.split())


def variants(word: str) -> tuple[str, ...]:
    """Light English inflections a finished query word also matches: plurals, -ed, -ing.

    Deliberately small and forward-only (no stemmer in the index): "election" also finds "elections",
    "attack" finds "attacked" and "attacking", "elections" finds "election". Words under 4 letters ("the" must
    not find "thing", nor "new" "news"), numbers and the exceptions in ``_NOT_PLURAL`` match only themselves.
    """
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return (word,)
    bases = [word]
    if (
        len(word) >= 4
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in _NOT_PLURAL
    ):
        if word.endswith("ies") and len(word) > 4:
            bases.append(word[:-3] + "y")
        elif word.endswith(("sses", "shes", "ches", "xes")):
            bases.append(word[:-2])
        else:
            bases.append(word[:-1])
    out: list[str] = []
    for base in bases:
        out.append(base)
        if base.endswith("y") and len(base) > 3 and base[-2] not in "aeiou":
            out += [base[:-1] + "ies", base[:-1] + "ied"]
        elif base.endswith("e"):
            out += [base + "s", base + "d", base[:-1] + "ing"]
        elif base.endswith(("s", "x", "ch", "sh")):
            out += [base + "es", base + "ed", base + "ing"]
        else:
            out += [base + "s", base + "ed", base + "ing"]
    return tuple(dict.fromkeys(out))


#: What joins the parts of one name as it is stored (feeds.entities.entity_key drops it): O'Rourke, U.S.
_NAME_JOINS = frozenset("'’‘`.")


_NO_JOINS = str.maketrans(dict.fromkeys(_NAME_JOINS, ""))
#: Starts only where a word starts, and never gives back a letter it took: a run of letters with no join after it
#: was tried again from each of its letters, each try reading to its end, so a run of n letters cost n*n/2 steps.
#: A Chinese story is one run of letters: marking the matches in 20,000 characters of it took 11 s.
_JOINED_RUN = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:[" + "".join(_NAME_JOINS) + r"][^\W\d_]++)++")


def _may_join(text: str, words: set[str]) -> bool:
    """Whether a run of letter words joined by an apostrophe or period in ``text`` reads as one of ``words``:
    found in one pass of a regular expression, so a story with none pays nothing for the second pass."""
    if not words:
        return False
    runs = set(_JOINED_RUN.findall(text))  # a story repeats its names: each written form is folded once
    return any(fold_text(run).translate(_NO_JOINS) in words for run in runs)


def _joined(text: str, tokens: list[tuple[str, int, int]]) -> tuple[list[tuple[str, int, int]], list[int]]:
    """``tokens`` with each run of letter words joined by an apostrophe or a period alone ("O'Rourke", "U.S") made
    one word ("orourke", "us"), as a name's stored key writes them, and the positions of those joined words in
    the list (none when the text has no such run)."""
    out: list[tuple[str, int, int]] = []
    parts: list[str] = []  # the words of the run being joined, put together once it ends
    at: list[int] = []
    for word, start, end in tokens:
        if (
            out
            and start == out[-1][2] + 1
            and text[start - 1] in _NAME_JOINS
            and word[:1].isalpha()
            and out[-1][0][-1:].isalpha()
        ):
            if not parts:
                parts.append(out[-1][0])
                at.append(len(out) - 1)
            parts.append(word)
            out[-1] = (word, out[-1][1], end)  # the last part, read by the test above
            continue
        if parts:  # joined part by part, a run of n parts ("x.x.x...") cost n*n/2 characters copied
            out[-1] = ("".join(parts), out[-1][1], out[-1][2])
            parts = []
        out.append((word, start, end))
    if parts:
        out[-1] = ("".join(parts), out[-1][1], out[-1][2])
    return out, at


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` in the original ``text`` where any of ``terms`` occurs.

    A term is a folded word or phrase (as in ``SearchResult.terms``) matched on whole words, case and accents
    ignored; a trailing ``*`` makes its last word a prefix ("kim jo*" marks "Kim Jong"). A name found by
    ``person:`` and the like is its stored key ("beto orourke"), which marks "Beto O'Rourke" too: the text's
    words joined by an apostrophe or period are also read as one. Overlapping spans are merged; the result is
    sorted. One pass over the text's words (and a look at each so joined), whatever the number of terms.
    """
    by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    prefixes: list[str] = []  # one-word prefix terms
    for term in terms:
        words = tuple(tokenize(term))
        prefix = term.endswith("*")
        if not words:
            continue
        if prefix and len(words) == 1:
            prefixes.append(words[0])
        else:
            by_first.setdefault(words[0], []).append((words, prefix))
    if not (by_first or prefixes) or not text:
        return []
    tokens = token_spans(text)
    spans: list[tuple[int, int]] = []
    _find(tokens, range(len(tokens)), by_first, tuple(prefixes), spans)
    if _may_join(text, {w for found in by_first.values() for words, _ in found for w in words}):
        # Only where a joined word is: the rest of the text was read above. Read whole again, a story with one
        # "O'Rourke" took twice as long to mark as one with none.
        joined, at = _joined(text, tokens)
        reach = max(len(words) for found in by_first.values() for words, _ in found)
        starts = sorted({i for j in at for i in range(max(j - reach + 1, 0), j + 1)})
        _find(joined, starts, by_first, tuple(prefixes), spans)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _find(
    tokens: list[tuple[str, int, int]],
    starts: Iterable[int],
    by_first: dict[str, list[tuple[tuple[str, ...], bool]]],
    prefixes: tuple[str, ...],
    spans: list[tuple[int, int]],
) -> None:
    for i in starts:
        word, start, end = tokens[i]
        if prefixes and word.startswith(prefixes):
            spans.append((start, end))
        for words, prefix in by_first.get(word, ()):
            k = len(words)
            if i + k > len(tokens):
                continue
            if all(tokens[i + j][0] == words[j] for j in range(1, k - 1)):
                last = tokens[i + k - 1][0]
                if last == words[-1] or (prefix and last.startswith(words[-1])):
                    spans.append((start, tokens[i + k - 1][2]))
