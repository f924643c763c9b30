"""Document-level consistency: one name, one type, every mention found (a second pass over the CRF's output).

A CRF labels each sentence on its own, so a story can call "Leicestershire" an ORG in one sentence and a LOC in
the next, or miss it in a table row while finding it in the prose. Within one document a name almost always
means the same thing, so after tagging we (1) give each name the type most of its mentions got, and (2) tag
untagged repeats of a multi-word or capitalised name that was found elsewhere in the document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from feeds.entities.features import CAPS, sentence_mode

Span = tuple[int, int, str]

#: Last words that make a name a company whatever the CRF thought ("Pirelli SpA", "Ruch SA", "Boeing Co").
COMPANY_ENDINGS_TEXT = (
    "inc inc. corp corp. co co. ltd ltd. plc sa spa ag gmbh nv bv ab asa oy oyj kk llc lp bhd tbk "
    "group holdings holding bancorp bancshares airlines airways pharmaceuticals industries"
)
COMPANY_ENDINGS = frozenset(COMPANY_ENDINGS_TEXT.split())

_SKIP = frozenset(
    {"the", "a", "an", "in", "on", "at", "of", "and", "to", "for", "by", "with", "it", "he", "she"}
)


def _name(words: Sequence[str], start: int, end: int) -> tuple[str, ...]:
    return tuple(map(str.lower, words[start:end]))


def harmonise(
    sentences: Sequence[Sequence[str]],
    spans: list[list[Span]],
    fill: bool = True,
    fill_parts: bool = True,
    places: frozenset[str] = frozenset(),
    given_names: frozenset[str] = frozenset(),
    caps: Sequence[bool] | None = None,
) -> list[list[Span]]:
    """Spans per sentence after type voting and (if ``fill``) tagging the missed repeats of found names.

    ``places``: lowercase words known to name places or organisations (from the name lists); a longer PER name
    that contains one ("Lebed Chechnya", a CRF slip) does not turn that word's other mentions into a person,
    unless it starts with a known given name (``given_names``: "Neil Jordan" makes "Jordan" the director).
    ``caps``: which sentences are in ALL CAPS (computed when not given).
    """
    spans = [
        [(s, e, "ORG" if e - s > 1 and words[e - 1].lower() in COMPANY_ENDINGS else k) for s, e, k in found]
        for words, found in zip(sentences, spans, strict=True)
    ]
    spans = [
        _ampersands(words, found) if "&" in words else found
        for words, found in zip(sentences, spans, strict=True)
    ]
    votes: dict[tuple[str, ...], Counter[str]] = {}
    if caps is None:
        caps = [sentence_mode(words) == CAPS for words in sentences]
    cased_names: set[tuple[str, ...]] = set()  # names found in sentences whose case could tell
    for words, found, upper in zip(sentences, spans, caps, strict=True):
        for start, end, kind in found:
            name = _name(words, start, end)
            votes.setdefault(name, Counter())[kind] += 1
            if not upper:
                cased_names.add(name)
    if not votes:
        return spans
    winner: dict[tuple[str, ...], str] = {}
    for name, counter in votes.items():
        (best, count), *rest = counter.most_common(2) + [("", 0)]
        if count > rest[0][1]:
            winner[name] = best
    # A one-word mention that is part of a longer name of the document: "Pirelli" after "Pirelli SpA" is the
    # company, "Washington" after "MaliVai Washington" the player.
    parts: dict[str, str] = {}
    for name, kind in winner.items():
        if len(name) >= 2 and kind == "ORG":
            parts.setdefault(name[0], kind)
    for name, kind in winner.items():
        if len(name) >= 2 and kind == "PER":
            trusted = name[0] in given_names
            for word in (name[0], name[-1]):
                if trusted or word not in places:
                    parts[word] = kind
    by_first: dict[str, list[tuple[str, ...]]] = {}
    known: dict[tuple[str, ...], str] = {}
    by_word = _index(cased_names)
    if fill:
        # Only names found where case could tell are repeated elsewhere (a headline's guesses are not).
        known = {
            name: kind for name, kind in winner.items() if name in cased_names or not _glued(name, by_word)
        }
        if fill_parts:
            for name, kind in winner.items():
                word = name[-1]
                surname = len(name) >= 2 and kind == "PER" and name in cased_names
                if surname and (word not in places or name[0] in given_names):
                    known.setdefault((word,), kind)
                    cased_names.add((word,))
            by_word = _index(cased_names)
        for name in sorted(known, key=len, reverse=True):
            if name[0] not in _SKIP and any(ch.isalpha() for ch in name[0]):
                by_first.setdefault(name[0], []).append(name)
    voted = {**winner, **known}
    result: list[list[Span]] = []
    for words, found, upper in zip(sentences, spans, caps, strict=True):
        if upper and cased_names:
            # An ALL-CAPS headline: a span that glues together words of two different names of the body
            # ("PUTIN AND XI" when the story names Vladimir Putin and Xi Jinping) is dropped; the names inside
            # are then found by the fill below.
            found = [(s, e, k) for s, e, k in found if not _glued(words[s:e], by_word)]
        fixed = found if upper else [(s, e, voted.get(_name(words, s, e), k)) for s, e, k in found]
        fixed = [(s, e, _part_type(words[s].lower(), k, parts) if e - s == 1 else k) for s, e, k in fixed]
        if by_first:
            fixed = _fill(words, fixed, known, by_first)
        result.append(fixed)
    return result


def _ampersands(words: Sequence[str], found: list[Span]) -> list[Span]:
    """ "Douglas & Lomason", "Procter & Gamble": capitalised words on both sides of "&" make one company."""
    result = sorted(found)
    for i in [i for i, word in enumerate(words) if word == "&"]:
        if not (0 < i < len(words) - 1 and words[i - 1][:1].isupper() and words[i + 1][:1].isupper()):
            continue
        left = next((span for span in result if span[1] == i), None)
        right = next((span for span in result if span[0] == i + 1), None)
        if left is None and right is None:
            continue
        start = left[0] if left else i - 1
        end = right[1] if right else i + 2
        result = [span for span in result if span is not left and span is not right]
        result.append((start, end, "ORG"))
        result.sort()
    return result


def _index(names: set[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        for word in set(name):
            index.setdefault(word, []).append(name)
    return index


def _glued(words: Sequence[str], names: dict[str, list[tuple[str, ...]]]) -> bool:
    """Whether these words hold words of two names and no one name holds them all (``names``: word -> names)."""
    if len(words) < 2:
        return False
    lowered = {w.lower() for w in words}
    touched = {name for w in lowered if w in names for name in names[w]}
    if len(touched) < 2:
        return False
    inside = lowered.intersection(w for name in touched for w in name)
    return not any(inside <= set(name) for name in touched)


def _part_type(word: str, kind: str, parts: dict[str, str]) -> str:
    whole = parts.get(word)
    if whole == "ORG" and kind == "PER" or whole == "PER" and kind != "MISC":
        return whole
    return kind


def _fill(
    words: Sequence[str],
    found: list[Span],
    winner: dict[tuple[str, ...], str],
    by_first: dict[str, list[tuple[str, ...]]],
) -> list[Span]:
    """Tag untagged runs that spell a name found elsewhere: longest names first, capitalised words only."""
    n = len(words)
    starts = [i for i in range(n) if words[i][:1].isupper() and words[i].lower() in by_first]
    if not starts:
        return found
    # In an ALL-CAPS line every word is capitalised: a name there is told by the document, not by its neighbours.
    caps = all(w.isupper() for w in words if w.isalpha() and len(w) > 1)
    taken = [False] * n
    for start, end, _ in found:
        for i in range(start, end):
            taken[i] = True
    added = list(found)
    for i in starts:
        if taken[i]:
            continue
        match = None
        for name in by_first[words[i].lower()]:
            end = i + len(name)
            if end <= n and not any(taken[i:end]) and _name(words, i, end) == name:
                # A repeat must stand alone: not glued to a capitalised word that would make it a longer name.
                before = words[i - 1] if i else ""
                after = words[end] if end < n else ""
                if not caps and (before[:1].isupper() or after[:1].isupper()):
                    continue
                match = (i, end, winner[name])
                break
        if match is None:
            continue
        added.append(match)
        for j in range(match[0], match[1]):
            taken[j] = True
    added.sort()
    return added
