"""Document-level consistency: one name, one type, every mention found (a second pass over the CRF's output).

A CRF labels each sentence on its own, so a story can call "Leicestershire" an ORG in one sentence and a LOC in
the next, or miss it in a table row while finding it in the prose. Within one document a name almost always
means the same thing, so after tagging we (1) give each name the type most of its mentions got, and (2) tag
untagged repeats of a multi-word or capitalised name that was found elsewhere in the document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Span = tuple[int, int, str]

_SKIP = frozenset(
    {"the", "a", "an", "in", "on", "at", "of", "and", "to", "for", "by", "with", "it", "he", "she"}
)


def _name(words: Sequence[str], start: int, end: int) -> tuple[str, ...]:
    return tuple(w.lower() for w in words[start:end])


def harmonise(
    sentences: Sequence[Sequence[str]], spans: list[list[Span]], fill: bool = True, fill_parts: bool = True
) -> list[list[Span]]:
    """Spans per sentence after type voting and (if ``fill``) tagging the missed repeats of found names."""
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for words, found in zip(sentences, spans, strict=True):
        for start, end, kind in found:
            votes.setdefault(_name(words, start, end), Counter())[kind] += 1
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
            parts[name[0]] = parts[name[-1]] = kind
    by_first: dict[str, list[tuple[str, ...]]] = {}
    if fill:
        known = dict(winner)
        if fill_parts:
            for name, kind in winner.items():
                if len(name) >= 2 and kind == "PER":
                    known.setdefault(name[-1:], kind)
        for name in sorted(known, key=len, reverse=True):
            if name[0] not in _SKIP and any(ch.isalpha() for ch in name[0]):
                by_first.setdefault(name[0], []).append(name)
        winner = known
    result: list[list[Span]] = []
    for words, found in zip(sentences, spans, strict=True):
        fixed = [(s, e, winner.get(_name(words, s, e), k)) for s, e, k in found]
        fixed = [(s, e, _part_type(words[s].lower(), k, parts) if e - s == 1 else k) for s, e, k in fixed]
        if by_first:
            fixed = _fill(words, fixed, winner, by_first)
        result.append(fixed)
    return result


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
                if before[:1].isupper() and i > 0 or after[:1].isupper():
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
