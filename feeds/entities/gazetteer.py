"""Name lists (gazetteers) as CRF features: "is this run of words a known country / organisation / person?".

The lists are small text files beside this module, written by hand from general knowledge (never taken from the
evaluation data). They are tokenised with the same tokenizer as the text, so "U.S." or "St. Petersburg" match
however the story spells the spaces. A match is a hint, not a verdict: the CRF weighs it against the context, so
"Jordan" the country and "Michael Jordan" the player can both come out right.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from feeds.entities.tokens import normal, tokenize

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
                words = tuple(normal(t.text).lower() for t in tokenize(name))
                if not words:
                    continue
                self.phrases.setdefault(words[0], []).append((words, label))
                self.longest = max(self.longest, len(words))
        for options in self.phrases.values():
            options.sort(key=lambda item: -len(item[0]))

    def features(self, lowers: Sequence[str], usable: Sequence[bool]) -> list[list[str]]:
        """Per token: ``g<label><B|I|U>`` features of the longest list match covering it.

        ``usable[i]`` says whether token i may start or continue a match: in mixed-case text a lowercase word is
        not a name ("us" is not "US", "turkey" is not "Turkey"), in all-caps or all-lowercase text every word may be.
        """
        n = len(lowers)
        result: list[list[str]] = [[] for _ in range(n)]
        i = 0
        while i < n:
            options = self.phrases.get(lowers[i]) if usable[i] else None
            if not options:
                i += 1
                continue
            best = 0
            labels: list[str] = []
            for words, label in options:
                size = len(words)
                if size < best:
                    break
                if i + size <= n and tuple(lowers[i : i + size]) == words:
                    if size > best:
                        best, labels = size, [label]
                    elif label not in labels:
                        labels.append(label)
            if not best:
                i += 1
                continue
            for label in labels:
                if best == 1:
                    result[i].append("g" + label + "U")
                else:
                    result[i].append("g" + label + "B")
                    for j in range(i + 1, i + best):
                        result[j].append("g" + label + "I")
            i += best
        return result
