"""The shared terms of a related story as a reader reads them: words as the stories write them, and no dates.

The index keeps stems ("thoma" for "Ridley-Thomas", "election" for "elections"), which are no words to show: the
reasons name a term by the word the story being read writes most often for it ("thomas", "elections"). The
index holds no story's text, so the reader and ``newsdesk related`` pass it in (:func:`as_written`).

Years, month and weekday names and bare numbers count in the score like any term, but are no reason to list:
"2021, october" was most of the reason given for a story of another feed that shared nothing else.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from feeds.related.tokens import content_terms, words

_CALENDAR = frozenset(
    content_terms(
        words(
            "january february march april may june july august september sept october november december"
            " monday tuesday wednesday thursday friday saturday sunday"
        )
    )
)
#: A bare number, with separators, as an ordinal or a decade ("1,000", "279.4", "21st", "1990s"); an amount
#: with its unit ("2.5bn") is a term of its own.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?")
#: Chinese and Japanese characters: their terms are pairs of characters, joined back as written already.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_date_or_number(term: str) -> bool:
    """A year, a month or weekday name, or a bare number: no reason to list (it still counts in the score)."""
    return term in _CALENDAR or _NUMBER.fullmatch(term) is not None


def as_written(terms: Iterable[str], texts: Sequence[str], *, stemming: bool = True) -> tuple[str, ...]:
    """``terms`` (a suggestion's ``shared_terms``) each as the word ``texts`` write most often for it (the first
    written on a tie), in their order; a term no text writes is left out, for a stem is no word to show.

    A phrase ("flood victims") is already as a headline writes it, and so are joined Chinese characters.
    """
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for word in words(text):
            one = content_terms([word], stemming=stemming)
            if one:
                forms.setdefault(one[0], Counter())[word.replace("’", "'").removesuffix("'s")] += 1
    out: list[str] = []
    for term in terms:
        if " " in term or _CJK.search(term) or term[:1].isdigit():
            out.append(term)
        elif term in forms:
            out.append(forms[term].most_common(1)[0][0])
    return tuple(out)
