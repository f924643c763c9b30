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
from dataclasses import replace

from feeds.entities.tokens import normal
from feeds.model import Entity, EntityType
from feeds.text import fold

_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_MINOR = frozenset({"of", "the", "and", "for", "de", "la", "du", "des", "der", "von", "van", "&"})
_TITLES_TEXT = (
    "mr mrs ms dr prof president premier minister chancellor king queen prince princess pope sir lord "
    "general gen senator sen governor gov leader chairman secretary ambassador judge"
)
_TITLES = frozenset(_TITLES_TEXT.split())


def entity_key(name: str) -> str:
    """Cross-story identity of a name: case, accents and punctuation folded, possessive 's dropped."""
    text = _POSSESSIVE.sub("", normal(name).strip())
    text = fold(text).replace(".", "").replace("'", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w not in _MINOR)


def link(mentions: Sequence[Entity]) -> list[Entity]:
    """Mentions of one story with keys: short forms take the key (and type) of the full name they abbreviate.

    A one-word PER or ORG mention that is the first or last word of a longer name of the story joins it (the
    latest such name before it, else the most mentioned one); an all-capitals one-word mention that spells the
    initials of a longer ORG or LOC joins that. Everything else keeps its own folded key.
    """
    keys = [entity_key(m.text) for m in mentions]
    full: list[tuple[int, list[str], str, EntityType]] = []  # position, words (titles stripped), key, type
    for index, (mention, key) in enumerate(zip(mentions, keys, strict=True)):
        words = key.split()
        while len(words) > 2 and words[0] in _TITLES:
            words = words[1:]
        if len(words) >= 2:
            full.append((index, words, " ".join(words), mention.type))
    if not full:
        return [replace(m, key=k) for m, k in zip(mentions, keys, strict=True)]
    counts = Counter(key for _, _, key, _ in full)
    linked: list[Entity] = []
    for index, (mention, key) in enumerate(zip(mentions, keys, strict=True)):
        words = key.split()
        target: tuple[str, EntityType] | None = None
        if len(words) == 1 and words[0]:
            word = words[0]
            acronym = mention.text.replace(".", "").isupper() and 2 <= len(word) <= 6
            candidates = [
                (pos, name, kind)
                for pos, parts, name, kind in full
                if (kind == "PER" and word in (parts[0], parts[-1]))
                or (kind == "ORG" and mention.type != "PER" and word == parts[0])
                or (acronym and kind in ("ORG", "LOC") and _initials(parts) == word)
            ]
            if candidates:
                before = [c for c in candidates if c[0] < index]
                if before:
                    _, name, kind = before[-1]
                else:
                    _, name, kind = max(candidates, key=lambda c: (counts[c[1]], -c[0]))
                target = (name, kind)
        elif len(words) >= 2:
            while len(words) > 2 and words[0] in _TITLES:
                words = words[1:]
            target = (" ".join(words), mention.type)
        if target is None:
            linked.append(replace(mention, key=key))
        else:
            linked.append(replace(mention, key=target[0], type=target[1]))
    return linked


def group_entities(entities: Iterable[Entity]) -> list[tuple[str, EntityType, str, int]]:
    """(key, type, display name, mentions) per entity, most mentioned first; for the UI's entity panel.

    Grouped by key (folded from the text when a mention has none); the type is the one most mentions carry and
    the display name the longest form the story used.
    """
    order: dict[str, int] = {}
    types: dict[str, Counter[str]] = {}
    names: dict[str, Counter[str]] = {}
    for position, entity in enumerate(entities):
        key = entity.key or entity_key(entity.text)
        if not key:
            continue
        order.setdefault(key, position)
        types.setdefault(key, Counter())[entity.type] += 1
        names.setdefault(key, Counter())[entity.text] += 1
    groups: list[tuple[str, EntityType, str, int]] = []
    for key in order:
        kind: EntityType = types[key].most_common(1)[0][0]  # type: ignore[assignment]
        display = max(names[key].items(), key=lambda item: (len(item[0]), item[1]))[0]
        groups.append((key, kind, display, sum(types[key].values())))
    groups.sort(key=lambda g: (-g[3], order[g[0]]))
    return groups
