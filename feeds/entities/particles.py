"""Lower-case particles inside people's names: "Ursula von der Leyen", "Mohammed bin Salman", "Lula da Silva".

CoNLL-2003 has few such names, so the CRF reads the lower-case words as the end of a name: "Ursula von der Leyen"
came out as an organisation "Ursula" and a person "Leyen", "Crown Prince Mohammed bin Salman" as "Prince Mohammed"
and "Salman", two people each. News writes a particle only between the parts of one person's name, or before a
surname written alone ("von der Leyen said"), so a run of particles is joined to the names around it when one of
them is a person: the whole is one person. Places and organisations stay as they were ("Tour de France", "Rio de
Janeiro": neither side is a person).

An Arabic article joined to the word after it by a hyphen ("el-Sheikh", "al-Assad", "ash-Shaykh") is a word of
the name before it, whatever the name is: the CRF read "Sharm el-Sheikh" as a place "Sharm", and the related
stories gave "Sharm" as a name two stories share. A name followed by such a word takes it in (see
:func:`join_hyphened`); "Bashar al-Assad", tagged whole already, is left as it was.

Such a word standing alone is a name too ("fighters from al-Shabaab", "troops entered el-Fasher"): English writes
no common word that way. Where the CRF and the document's other mentions leave it untagged, it is kept as a name
of no known type (MISC, see :func:`lone_hyphened`) rather than dropped: it is still highlighted, searched and
shared by related stories.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int, str]

#: Particles of family names (German and Dutch, Romance languages, Arabic): written in lower case between a given
#: name and a surname. "al"/"el" joined by a hyphen ("al-Assad") are one word already.
PARTICLES_TEXT = "von van der den de da di del della dos das du bin bint ibn al el"
PARTICLES = frozenset(PARTICLES_TEXT.split())


def _capital(word: str) -> bool:
    return word[:1].isupper()


def join_particles(words: Sequence[str], found: list[Span]) -> list[Span]:
    """``found`` (token spans of one sentence, in order) with names split by lower-case particles joined."""
    if not found:
        return found
    n = len(words)
    i = 0
    spans = list(found)
    while i < n:
        if words[i] not in PARTICLES:
            i += 1
            continue
        j = i
        while j < n and words[j] in PARTICLES:
            j += 1
        after = next((s for s in spans if s[0] == j), None)
        before = next((s for s in spans if s[1] == i), None)
        # A capitalised particle opens a sentence or a name: "Von der Leyen said", "Bin Salman".
        if before is None and i > 0 and words[i - 1].lower() in PARTICLES and _capital(words[i - 1]):
            start = i - 1
        elif before is not None:
            # A span the CRF did not call a person ends with the given name only: "European Commission President
            # Ursula" keeps "European Commission President" and gives "Ursula" to the person.
            start = before[0] if before[2] == "PER" else before[1] - 1
        else:
            start = i
        if after is not None and j < n and (after[2] == "PER" or (before is not None and before[2] == "PER")):
            end = after[1]
        elif after is None and before is not None and before[2] == "PER" and j < n and _capital(words[j]):
            end = j + 1  # the surname the CRF left out: "Mohammed bin Salman" with "Salman" untagged
        else:
            i = j
            continue
        spans = [s for s in spans if s[1] <= start or s[0] >= end] + [(start, end, "PER")]
        if before is not None and before[0] < start:
            spans.append((before[0], start, before[2]))
        spans.sort()
        i = end
    return spans


#: An Arabic article, as transliterations write it, joined by a hyphen to a capitalised word: "el-Sheikh",
#: "al-Assad", "ad-Din", "ash-Sham", "ul-Haq".
HYPHENED = re.compile(r"(?:a[ldnrstz]|ash|e[ldnrstz]|u[ldr])[-\u2010\u2011][A-Z]\w")


def join_hyphened(words: Sequence[str], found: list[Span]) -> list[Span]:
    """``found`` with each name followed by hyphened articled words ("Sharm" + "el-Sheikh") taking them in."""
    if not found:
        return found
    n = len(words)
    starts = {s[0] for s in found}
    spans = []
    for start, end, kind in found:
        while end < n and end not in starts and HYPHENED.match(words[end]):
            end += 1
        spans.append((start, end, kind))
    return spans


def hyphens_joined(sentences: Sequence[Sequence[str]], found: list[list[Span]]) -> list[list[Span]]:
    """:func:`join_hyphened` over a document's sentences: a hyphen is rare, so few are looked at."""
    return [
        join_hyphened(words, spans) if spans and "-" in "".join(words) else spans
        for words, spans in zip(sentences, found, strict=True)
    ]


#: An articled word as a whole: the article, a hyphen and a capitalised word of at least three letters ("al-Aqsa",
#: not a language code such as "en-US").
LONE = re.compile(r"(?:a[ldnrstz]|ash|e[ldnrstz]|u[ldr])[-\u2010\u2011][A-Z][a-z]\w+")


def lone_hyphened(words: Sequence[str], found: list[Span]) -> list[Span]:
    """``found`` with each untagged articled word ("al-Shabaab") a name of its own, of no known type."""
    taken = {i for start, end, _ in found for i in range(start, end)}
    lone = [(i, i + 1, "MISC") for i, word in enumerate(words) if i not in taken and LONE.fullmatch(word)]
    return sorted([*found, *lone]) if lone else found
