"""Name lists (gazetteers) as CRF features: "is this run of words a known country / organisation / person?".

The lists are small text files beside this module, written by hand from general knowledge (never taken from the
evaluation data). They are tokenised with the same tokenizer as the text and accent-folded, so "U.S.",
"St. Petersburg" or "São Paulo" match however the story spells the spaces and accents. A match is a hint, not a
verdict: the CRF weighs it against the context, so "Jordan" the country and "Michael Jordan" the player can both
come out right.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from feeds.entities.tokens import normal, tokenize
from feeds.text import fold

HERE = Path(__file__).resolve().parent

#: gazetteer file -> the label its matches carry in the features.
LISTS: dict[str, str] = {
    "gaz_loc.txt": "LOC",
    "gaz_nat.txt": "NAT",
    "gaz_org.txt": "ORG",
    "gaz_per.txt": "PER",
    "gaz_first.txt": "FIRST",
    "gaz_club.txt": "CLUB",
}


def _entries(path: Path) -> list[str]:
    names: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        # The first-name list holds several names a line; the others one (possibly multi-word) name a line.
        names.extend(line.split() if path.name == "gaz_first.txt" else [line])
    return names


class Gazetteers:
    """Longest-match lookup of lowercased token runs in the name lists."""

    def __init__(self, folder: Path = HERE) -> None:
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.longest = 1
        for filename, label in LISTS.items():
            path = folder / filename
            if not path.is_file():
                continue
            for name in _entries(path):
                words = tuple(fold(normal(t.text)) for t in tokenize(name))
                if not words:
                    continue
                self.phrases.setdefault(words[0], []).append((words, label))
                self.longest = max(self.longest, len(words))
        for options in self.phrases.values():
            options.sort(key=lambda item: -len(item[0]))

    def words(self, labels: Sequence[str]) -> frozenset[str]:
        """The one-word names of the given lists (lowercase)."""
        return frozenset(
            first
            for first, options in self.phrases.items()
            for words, label in options
            if len(words) == 1 and label in labels
        )

    def surnames(self) -> frozenset[str]:
        """The last word of every name of the people's list (lowercase): "putin" of "Vladimir Putin"."""
        return frozenset(
            words[-1] for options in self.phrases.values() for words, label in options if label == "PER"
        )

    def features(self, lowers: Sequence[str], words: Sequence[str], any_case: bool) -> dict[int, list[str]]:
        """Token index -> ``g<label><B|I|U>`` features of the longest list match covering it (sparse).

        In mixed-case text a lowercase word does not start a match ("us" is not "US", "turkey" is not
        "Turkey"); in all-caps or all-lowercase text (``any_case``) every word may.
        """
        n = len(lowers)
        result: dict[int, list[str]] = {}
        phrases = self.phrases
        if not "".join(lowers).isascii():
            lowers = [low if low.isascii() else fold(low) for low in lowers]
        covered = 0
        for i in [i for i, low in enumerate(lowers) if low in phrases]:
            if i < covered or (not any_case and words[i].islower()):
                continue
            best = 0
            labels: list[str] = []
            for names, label in phrases[lowers[i]]:
                size = len(names)
                if size < best:
                    break
                if i + size <= n and tuple(lowers[i : i + size]) == names:
                    if size > best:
                        best, labels = size, [label]
                    elif label not in labels:
                        labels.append(label)
            if not best:
                continue
            for label in labels:
                if best == 1:
                    result.setdefault(i, []).append("g" + label + "U")
                else:
                    result.setdefault(i, []).append("g" + label + "B")
                    for j in range(i + 1, i + best):
                        result.setdefault(j, []).append("g" + label + "I")
            covered = i + best
        return result
