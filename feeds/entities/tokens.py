"""Tokenising raw story text the way CoNLL-2003 was tokenised, keeping every token's exact character span.

The model was trained on CoNLL tokens, so raw text is cut the same way: possessives and contractions split off
("China's" -> "China" "'s", "don't" -> "do" "n't"), hyphenated words and dates kept whole ("Anglo-French",
"1996-08-22"), initialisms and common abbreviations keep their periods ("U.S.", "Mr."), quotes and other
punctuation stand alone. Curly quotes are read as their ASCII cousins (:func:`normal` maps one character to one
character, so offsets into the normalised text are offsets into the original); dashes other than the hyphen
stand alone, so "Russia—signing" is two words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

ABBREVIATIONS_TEXT = (
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm maj gov sen rep rev fr hon pres inc corp ltd "
    "co bros plc vs etc approx dept univ assn est jan feb mar apr jun jul aug sep sept oct nov dec mt "
    "ft ave blvd rd"
)
#: Words that keep a following period (besides initials such as "P." and initialisms such as "U.S.").
ABBREVIATIONS = frozenset(ABBREVIATIONS_TEXT.split())
_ABBREVIATION = "|".join(
    sorted(
        {form for word in ABBREVIATIONS for form in (word, word.capitalize(), word.upper())},
        key=len,
        reverse=True,
    )
)

_TOKEN = re.compile(
    rf"""
    (?:[^\W\d_]\.){{2,}}                                 # initialisms: U.S. U.K. e.g.
  | (?=[^\W\d_]{{1,6}}\.)(?:[A-Z]|{_ABBREVIATION})\.     # an initial or an abbreviation with its period
  | \w+(?:(?:-|'(?!(?i:s|re|ve|ll|d|m)\b)|(?<=\d)[.,:/](?=\d))\w+)*   # words, Anglo-French, 1996-08-22
  | '(?i:s|re|ve|ll|d|m)\b                               # clitics split off as CoNLL does: 's 're 've ...
  | \.{{2,}} | -{{2,}}                                    # ellipses, dashes typed as --
  | \S                                                  # any other character alone
    """,
    re.VERBOSE,
)

# Dashes stay as they are: an em dash between two words ("Russia—signing") separates them, a hyphen joins.
_NORMAL = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"'})
_SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
_CLOSERS = frozenset({'"', "'", ")", "]", "»"})
#: A run of tokens longer than this is cut into pieces: lists and tables have no sentence punctuation.
MAX_SENTENCE = 120


class Token(NamedTuple):
    start: int
    end: int
    text: str


def normal(text: str) -> str:
    """The form the features see: curly quotes as their ASCII cousins, same length."""
    return text.translate(_NORMAL)


def spans(text: str) -> tuple[list[str], list[int]]:
    """Words of (already :func:`normal`) ``text`` and their start offsets; a word ends at start + len(word)."""
    words: list[str] = _TOKEN.findall(text)
    starts: list[int] = []
    append = starts.append
    find = text.find
    position = 0
    for word in words:
        position = find(word, position)
        append(position)
        position += len(word)
    # "n't" is glued to its verb by the regex ("don't" is one word there); CoNLL splits it off: "do" "n't".
    if "'t" in text:
        for i in range(len(words) - 1, -1, -1):
            word = words[i]
            if len(word) > 3 and word[-3:].lower() == "n't":
                words[i : i + 1] = [word[:-3], word[-3:]]
                starts[i : i + 1] = [starts[i], starts[i] + len(word) - 3]
    return words, starts


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with exact spans: ``text[t.start:t.end] == t.text`` for every token."""
    words, starts = spans(normal(text))
    return [
        Token(start, start + len(word), text[start : start + len(word)])
        for word, start in zip(words, starts, strict=True)
    ]


def sentence_breaks(text: str, words: list[str], starts: list[int]) -> list[int]:
    """Indexes where sentences end: after . ! ? (and closing quotes), at line breaks, or when too long."""
    n = len(words)
    lines: set[int] = set()  # the first word after each line break
    position = text.find("\n")
    while position >= 0:
        lines.add(bisect_left(starts, position))
        position = text.find("\n", position + 1)
    cuts = set(lines)
    for i in [i for i, word in enumerate(words) if word in _SENTENCE_END]:
        j = i + 1
        while j < n and j not in lines and words[j] in _CLOSERS:
            j += 1
        cuts.add(j)
    breaks: list[int] = []
    first = 0
    for cut in sorted(cuts | {n}):
        if cut > n:
            break
        while cut - first > MAX_SENTENCE:
            first += MAX_SENTENCE
            breaks.append(first)
        if cut > first:
            breaks.append(cut)
            first = cut
    if not breaks or breaks[-1] != n:
        breaks.append(n)
    return breaks


def sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped into rough sentences (see :func:`sentence_breaks`)."""
    normalised = normal(text)
    words = [normalised[t.start : t.end] for t in tokens]
    groups: list[list[Token]] = []
    first = 0
    for end in sentence_breaks(normalised, words, [t.start for t in tokens]):
        if end > first:
            groups.append(tokens[first:end])
        first = end
    return groups
