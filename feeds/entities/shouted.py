"""Words shouted in capitals inside a sentence written in normal case: a quote, a slogan, a post's emphasis.

The model reads capitals as the strongest sign of a name, and a run of them as an acronym's or an organisation's:
'Trump wrote that Iran had "BETTER NOT DO" it' tagged "BETTER NOT DO" an organisation, 'chanted "NO KINGS"' and
'"THEY WILL PAY A BIG PRICE!"' likewise, and the pivot and the related stories then listed them as names. A run
of two or more words in capitals, each one English writes in lower case (the recaser's word list, or an
inflection of one of its words) and none a one-word name of the name lists ("WHO", "US" are names there), is such
a phrase: no name is made of its words, and a name the model ran into it keeps its own words ("Iran BETTER" is
"Iran"). An acronym stays a name (NATO, IMF, FBI, UNICEF: no English word, or a name of the lists), and so does a
word alone in capitals; a sentence all in capitals (a headline) is the recaser's (see :mod:`feeds.entities.recase`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Span = tuple[int, int, str]
#: Letters that are words alone, as run members: "A BIG PRICE", "I WILL".
_ONE_LETTER = frozenset({"A", "I"})


def shouted(words: Sequence[str], common: Callable[[str], bool], names: frozenset[str]) -> set[int]:
    """Indices of ``words`` in runs of two or more capitalised common words (see the module); ``common(low)``
    says whether English writes a word in lower case, ``names`` are the one-word names of the lists."""
    out: set[int] = set()
    run: list[int] = []
    long = 0  # words of two letters or more in the run
    for i, word in enumerate([*words, ""]):
        low = word.lower()
        if (
            word.isupper()
            and word.replace("'", "").isalpha()
            and (len(word) > 1 or word in _ONE_LETTER)
            and low not in names
            and common(low)
        ):
            run.append(i)
            long += len(word) > 1
            continue
        if long >= 2:
            out.update(run)
        run, long = [], 0
    return out


def unshouted(
    words: Sequence[str], spans: list[Span], common: Callable[[str], bool], names: frozenset[str]
) -> list[Span]:
    """``spans`` without the shouted words of ``words`` (a sentence in normal case): a span is cut to the words
    outside them, and one with none left, or with a shouted word between two of its own, is no name."""
    if not any(len(w) > 1 and w.isupper() for w in words):
        return spans
    loud = shouted(words, common, names)
    if not loud:
        return spans
    kept = []
    for start, end, kind in spans:
        while start < end and start in loud:
            start += 1
        while end > start and end - 1 in loud:
            end -= 1
        if start < end and not any(i in loud for i in range(start, end)):
            kept.append((start, end, kind))
    return kept
