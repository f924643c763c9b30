"""Tokenising raw story text the way CoNLL-2003 was tokenised, keeping every token's exact character span.

The model was trained on CoNLL tokens, so raw text is cut the same way: possessives and contractions split off
("China's" -> "China" "'s", "don't" -> "do" "n't"), hyphenated words and dates kept whole ("Anglo-French",
"1996-08-22"), initialisms and common abbreviations keep their periods ("U.S.", "Mr."), quotes and other
punctuation stand alone. Curly quotes and dashes are left in the spans (they must sit exactly on the text) and
only normalised in :func:`normal` for the features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}                                   # initialisms: U.S. U.K. e.g.
  | \w+(?:(?:[-'’]|(?<=\d)[.,:/](?=\d))\w+)*            # words, hyphenated words, O'Brien, 1996-08-22, 3.5
  | \.{2,} | -{2,}                                      # ellipses, dashes typed as --
  | \S                                                  # any other character alone
    """,
    re.VERBOSE,
)

# Endings split off a word as CoNLL does: 's (possessive or "is"), n't, 're, 've, 'll, 'd, 'm.
_CLITIC = re.compile(r"(?i)(?:n['’]t|['’](?:s|re|ve|ll|d|m))$")

#: Words that keep a following period (titles, company forms, months, initials are handled apart).
ABBREVIATIONS_TEXT = (
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm maj gov sen rep rev fr hon pres inc corp ltd "
    "co bros plc no vs etc approx dept univ assn est jan feb mar apr jun jul aug sep sept oct nov dec mt "
    "ft ave blvd rd"
)
ABBREVIATIONS = frozenset(ABBREVIATIONS_TEXT.split())

_NORMAL = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})
_SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
_CLOSERS = frozenset({'"', "'", ")", "]", "”", "’", "»"})
#: A run of tokens longer than this is cut into pieces: lists and tables have no sentence punctuation.
MAX_SENTENCE = 120


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def normal(word: str) -> str:
    """The form the features see: curly quotes and typographic dashes as their ASCII cousins."""
    return word.translate(_NORMAL)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with exact spans: ``text[t.start:t.end] == t.text`` for every token."""
    tokens: list[Token] = []
    append = tokens.append
    taken = 0  # an abbreviation took the period after it: the next match starts inside it
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if start < taken:
            continue
        word = match.group()
        if len(word) > 2 and ("'" in word or "’" in word):
            clitic = _CLITIC.search(word)
            if clitic and clitic.start() > 0:
                cut = start + clitic.start()
                append(Token(start, cut, text[start:cut]))
                append(Token(cut, end, text[cut:end]))
                continue
        if end < len(text) and text[end] == "." and word[0].isalpha():
            lowered = word.lower()
            if (len(word) == 1 and word.isupper()) or lowered in ABBREVIATIONS:
                end += 1
                taken = end
                word = text[start:end]
        append(Token(start, end, word))
    return tokens


def sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped into rough sentences: after . ! ? (and closing quotes), at line breaks, or when too long."""
    result: list[list[Token]] = []
    current: list[Token] = []
    ended = False
    previous_end = 0
    for token in tokens:
        if current:
            newline = "\n" in text[previous_end : token.start]
            if newline or len(current) >= MAX_SENTENCE or (ended and token.text not in _CLOSERS):
                result.append(current)
                current = []
                ended = False
        current.append(token)
        if token.text in _SENTENCE_END:
            ended = True
        elif ended and token.text not in _CLOSERS:
            ended = False
        previous_end = token.end
    if current:
        result.append(current)
    return result
