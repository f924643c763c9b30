"""Which stored names are one person across stories: the rule the entity pivot and ``person:`` searches share.

Within a story, :func:`feeds.entities.aliases.link` keys "Xi" by the story's "Xi Jinping". Across stories each
story keys a name as it wrote it, so "Putin" (Reuters) and "Vladimir Putin" (CNN), or "Tayyip Erdogan" and "Recep
Tayyip Erdogan", are different keys. :func:`person_forms` says which keys the stories of one name are found
under. The pivot (:mod:`feeds.entity_index`) and the search index (:mod:`feeds.search.tables`) each answer the
three questions of :class:`Names` from their own tables and call this one function, so that `person:"Recep Tayyip
Erdogan"` lists the stories the pivot of that name lists: the search once had a copy of the rule with its
first half only, and missed the stories writing "Tayyip Erdogan".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

#: The share of a surname's full-name stories one full name must hold to stand for the surname alone.
ONE_PERSON = 0.8


class Names(Protocol):
    """What :func:`person_forms` asks of a table of names (keys: folded words joined by single spaces)."""

    def stories(self, key: str) -> int:
        """How many stories name ``key`` (0: none does)."""
        ...

    def is_person(self, key: str) -> bool:
        """Whether most stories naming ``key`` take it for a person ("UN" is a person in a few)."""
        ...

    def with_word(self, word: str) -> Iterable[str]:
        """Every key (with stories) that has ``word`` as one of its words; more is harmless, never fewer."""
        ...


def _holder(names: Names, keys: Iterable[str]) -> str | None:
    """The one of ``keys`` holding :data:`ONE_PERSON` of their stories, if any (ties: the later key)."""
    full = {k: names.stories(k) for k in dict.fromkeys(keys)}
    top = max(full, key=lambda k: (full[k], k), default=None)
    return top if top is not None and full[top] >= ONE_PERSON * sum(full.values()) else None


def person_forms(key: str, names: Names) -> list[str]:
    """``key`` and the other keys that name the same person across stories: a surname alone ("putin") and the
    full name that ends with it ("vladimir putin"), either way round. Only a person's surname that stories use
    alone, and only when one full name holds :data:`ONE_PERSON` of the stories naming a full name ending with it
    ("donald trump"): "mojtaba khamenei" is not "ali khamenei".

    A family name written first, as Chinese and Korean names are, is the same: "Xi" alone in one story and
    "Xi Jinping" in others are one person.

    A word of a person's name that no story uses alone stands for that name on the same terms: a story that
    writes "Xi Jinping" and then "Xi" keys the short form by the full name. So do several words of it, in order
    ("al assad" of "bashar al assad").

    A person's name that ends a longer one of other stories is that person on the same terms: "Tayyip Erdogan"
    and "Recep Tayyip Erdogan", "Lula da Silva" and "Luiz Inacio Lula da Silva", either way round."""
    words = key.split()
    if not words:
        return [key]

    def dominant(word: str) -> str | None:
        """The full name holding ONE_PERSON of the stories naming one with ``word`` at either end."""
        return _holder(
            names,
            (
                k
                for k in names.with_word(word)
                if k != word and (k.endswith(" " + word) or k.startswith(word + " ")) and names.is_person(k)
            ),
        )

    def longer(name: str) -> str | None:
        """The person's name holding ONE_PERSON of the stories naming one that ends with ``name``."""
        last = name.rsplit(" ", 1)[-1]
        return _holder(
            names, (k for k in names.with_word(last) if k.endswith(" " + name) and names.is_person(k))
        )

    if not names.stories(key):  # no story names it so: a part of people's names ("xi", "al assad")
        inside = (k for k in names.with_word(words[0]) if f" {key} " in f" {k} " and names.is_person(k))
        top = _holder(names, inside)
        return [key] if top is None else [key, top]
    if not names.is_person(key):
        return [key]
    if len(words) == 1:  # a surname alone ("putin"), or a family name first ("xi" of "xi jinping")
        top = dominant(key)
        return [key] if top is None else [key, top]
    # The word at either end, where stories use it alone for this person and no other.
    ends = [w for w in dict.fromkeys((words[-1], words[0])) if names.is_person(w) and dominant(w) == key]
    # A name ending a longer one is that person when one longer name holds ONE_PERSON of those ending so:
    # "Tayyip Erdogan" in one story, "Recep Tayyip Erdogan" in others. Either way round.
    top = longer(key)
    shorter = [
        tail
        for cut in range(1, len(words) - 1)
        if names.is_person(tail := " ".join(words[cut:])) and longer(tail) == key
    ]
    return list(dict.fromkeys([key, *([top] if top else []), *shorter, *ends]))
