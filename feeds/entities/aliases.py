"""From mentions to entities: the cross-story key, short forms joined to full names, and the entity panel's groups.

Across stories an entity is known by :func:`entity_key`, which folds case, accents and punctuation ("U.S." and
"US", "Zürich" and "ZURICH", "Kim Jong-un" and "Kim Jong Un" meet). Within one story :func:`link` gives a short
form the key of the full name the story uses: "Xi" -> "Xi Jinping", "Kim" -> "Kim Jong Un", "Trump" -> "Donald
Trump", "EU" -> "European Union"; the short form also takes the full name's type, so one entity has one type.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from feeds.entities.tokens import normal
from feeds.model import Entity, EntityType
from feeds.text import fold

_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_MINOR = frozenset({"of", "the", "and", "for", "de", "la", "du", "des", "der", "von", "van", "&"})
_TITLES_TEXT = (
    "mr mrs ms dr prof president premier minister chancellor king queen prince princess pope sir lord lady "
    "general gen senator sen governor gov leader chairman secretary ambassador judge"
)
_TITLES = frozenset(_TITLES_TEXT.split())
#: A person's titles, lower case: no name by themselves ("President vows ..."; see initial.py).
TITLES = _TITLES
#: Titles written before a surname ("Mr Samaras", "President Obama"): such a two-word name is the surname. Not
#: the royal and noble ones, written before a given name that is the name ("Prince Harry", "Queen Elizabeth").
_SURNAME_TITLES = _TITLES - frozenset(["king", "queen", "prince", "princess", "pope", "sir", "lord", "lady"])


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """Cross-story identity of a name: case, accents and punctuation folded, possessive 's dropped."""
    text = _POSSESSIVE.sub("", normal(name).strip())
    text = (
        (text.lower() if text.isascii() else fold(text)).replace(".", "").replace("'", "")
    )  # ASCII: fold = lower
    return " ".join(_NOT_WORD.sub(" ", text).split())


def untitled(key: str) -> str:
    """A person's key without the title written before the name, as :func:`link` keys such a mention: "president
    biden" is "biden", "dr fauci" "fauci", "president joe biden" "joe biden"; a royal's title stays ("queen
    elizabeth")."""
    words = key.split()
    if len(words) == 2 and words[0] in _SURNAME_TITLES:
        return words[1]
    while len(words) > 2 and words[0] in _TITLES:
        words = words[1:]
    return " ".join(words)


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w not in _MINOR)


def link(mentions: Sequence[Entity]) -> list[Entity]:
    """Mentions of one story with keys: short forms take the key (and type) of the full name they abbreviate.

    A one-word mention that is the last word of a longer PER name of the story, or the first word of a longer
    name of its own type (PER or ORG), joins it (the latest such name before it, else the most mentioned one);
    an all-capitals one-word mention that spells the initials of a longer ORG or LOC joins that. A person's
    title is not part of the name: "Mr Samaras" or "President Obama" is the surname, and joins the story's one
    full name that ends with it ("Antonis Samaras"; with two, "Mrs Obama" beside "Barack" and "Michelle Obama",
    it stays the surname alone, as a title cannot tell them apart). A middle name or initial does not make
    another person: "Barack H. Obama" is the story's "Barack Obama", and a name that ends the story's one longer
    name is that name ("Lula da Silva", "Luiz Inacio Lula da Silva"). Everything else keeps its own folded key.
    """
    keys = [entity_key(m.text) for m in mentions]
    titled = [False] * len(keys)
    names: list[
        tuple[int, str, EntityType] | None
    ] = []  # per mention: (position, full key, type) if 2+ words
    for index, (mention, key) in enumerate(zip(mentions, keys, strict=True)):
        words = key.split()
        if mention.type == "PER" and len(words) == 2 and words[0] in _SURNAME_TITLES:
            keys[index], titled[index] = words[1], True
            words = words[1:]
        while mention.type == "PER" and len(words) > 2 and words[0] in _TITLES:
            words = words[1:]
        names.append((len(names), " ".join(words), mention.type) if len(words) >= 2 else None)
    short = {e[1] for e in names if e and e[2] == "PER" and e[1].count(" ") == 1}
    for index, entry in enumerate(names):
        if entry and entry[2] == "PER" and entry[1].count(" ") >= 2:
            words = entry[1].split()
            if f"{words[0]} {words[-1]}" in short:
                names[index] = (index, f"{words[0]} {words[-1]}", "PER")
    # A person's name that ends a longer one of the story is that person: "Lula da Silva" is its "Luiz Inacio Lula
    # da Silva", "Al-Assad" its "Bashar al-Assad", "Tayyip Erdogan" its "Recep Tayyip Erdogan" (each was a second
    # person in the story's names, and "Assad" alone took the shorter one's key). Not when two names end so.
    longer: dict[str, set[str]] = {}
    for whole in {e[1] for e in names if e and e[2] == "PER" and e[1].count(" ") >= 2}:
        words = whole.split()
        for cut in range(1, len(words) - 1):
            longer.setdefault(" ".join(words[cut:]), set()).add(whole)
    for index, entry in enumerate(names):
        if entry and entry[2] == "PER" and len(found := longer.get(entry[1], ())) == 1:
            names[index] = (index, next(iter(found)), "PER")
    by_first: dict[str, list[tuple[int, str, EntityType]]] = {}
    by_last: dict[str, list[tuple[int, str, EntityType]]] = {}
    by_initials: dict[str, list[tuple[int, str, EntityType]]] = {}
    for entry in names:
        if entry is None:
            continue
        words = entry[1].split()
        if entry[2] in ("PER", "ORG"):
            by_first.setdefault(words[0], []).append(entry)
        if entry[2] == "PER" and words[-1] != words[0]:
            by_last.setdefault(words[-1], []).append(entry)
        if entry[2] in ("ORG", "LOC"):
            by_initials.setdefault(_initials(words), []).append(entry)
    counts = Counter(entry[1] for entry in names if entry)
    linked: list[Entity] = []
    for index, (mention, key) in enumerate(zip(mentions, keys, strict=True)):
        name, kind = key, mention.type
        own = names[index]
        if own is not None:
            name = own[1]
        elif titled[index]:
            full = {c[1] for c in by_last.get(key, ())}
            if len(full) == 1:
                name = full.pop()
        elif key and " " not in key:
            candidates = [c for c in by_first.get(key, ()) if c[2] == mention.type]
            candidates += by_last.get(key, ())
            if 2 <= len(key) <= 6 and mention.text.replace(".", "").isupper():
                candidates += by_initials.get(key, ())
            if candidates:
                before = [c for c in candidates if c[0] < index]
                if before:
                    _, name, kind = max(before)
                else:
                    _, name, kind = max(candidates, key=lambda c: (counts[c[1]], -c[0]))
        linked.append(Entity(mention.start, mention.end, kind, mention.text, name, mention.title))
    return linked


def _cased(text: str) -> bool:
    return not text.isupper() and not text.islower()


def group_entities(entities: Iterable[Entity]) -> list[tuple[str, EntityType, str, int]]:
    """(key, type, display name, mentions) per entity, most mentioned first; for the UI's entity panel.

    Grouped by key (folded from the text when a mention has none); the type is the one most mentions carry and
    the display name the longest form the story used (in mixed case where there is one: "Xi Jinping" over a
    headline's "XI JINPING").
    """
    # Counted in C, by (key, type) and (key, form) pairs: a long story's 15,000 names, counted one Counter update
    # at a time, took 20-40 ms of every opening of it. A Counter keeps its pairs in the order first seen, so ties
    # go to the first, as they did.
    keyed = [(entity.key or entity_key(entity.text), entity.type, entity.text) for entity in entities]
    keyed = [triple for triple in keyed if triple[0]]
    order = {key: position for position, key in enumerate(dict.fromkeys(key for key, _, _ in keyed))}
    types: dict[str, list[tuple[str, int]]] = {}
    for (key, label), count in Counter((key, kind) for key, kind, _ in keyed).items():
        types.setdefault(key, []).append((label, count))
    names: dict[str, list[tuple[str, int]]] = {}
    for (key, text), count in Counter((key, text) for key, _, text in keyed).items():
        names.setdefault(key, []).append((text, count))
    groups: list[tuple[str, EntityType, str, int]] = []
    for key in order:
        kind: EntityType = max(types[key], key=lambda item: item[1])[0]  # type: ignore[assignment]
        # The longest form; between equals, one in mixed case (not a headline's capitals), then the most used.
        display = max(names[key], key=lambda item: (len(item[0]), _cased(item[0]), item[1]))[0]
        groups.append((key, kind, display, sum(count for _, count in types[key])))
    groups.sort(key=lambda g: (-g[3], order[g[0]]))
    return groups
