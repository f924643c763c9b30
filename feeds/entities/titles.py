"""Names of a story's title: "Macron names new prime minister" over a body that says "The president named ...".

A headline is the hardest line of a story for a case-based tagger: many are in Title Case ("Trump Meets Xi In
Beijing As Trade Talks Stall") or ALL CAPS, short, and open with the name they are about, where a capital says
nothing. Tagged with the body as one document, the headline's slips spread into the body by the consistency pass
(on the shared news feeds "Army", "Nike", "Covid" became people in 51 of 1,221 bodies), so the title is tagged on
its own, after the body, and the body's names only vouch for it:

1. a Title Case or ALL CAPS title is recased first, each word as the body writes it, else as the word list does
   (:mod:`feeds.entities.recase`), then tagged as a sentence;
2. a title name the body names too takes the body's type ("Macron" a place in "Macron names ..." is the body's
   person); a capitalised run of title words the body names but the title's tagging missed is added with the
   body's type ("Trump" opening "Trump says ...", which a sentence's first capital hides);
3. a title name the body does not name is kept when the tagging can be trusted: in a sentence-case title unless
   it is a one-word opening the word list writes in lower case ("Hair is the BBC news!"); in a Title Case or
   ALL CAPS one only when the name lists know a word of it, or two or more words none of which English writes in
   lower case ("Elon Musk"), so "Stall" and "Robots" of a Title Case line are no names;
4. a one-word name, or an untagged capitalised word, that ends a name of the people's list is a person
   ("PUTIN MEETS XI IN BEIJING" with no body at all).

The text's own names are never changed by the title's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from feeds.entities.aliases import TITLES, entity_key
from feeds.entities.consistency import harmonise
from feeds.entities.features import CAPS, MIXED, sentence_mode
from feeds.entities.particles import PARTICLES
from feeds.entities.recase import FUNCTION_WORDS, _forms
from feeds.model import Entity
from feeds.text import fold

if TYPE_CHECKING:
    from feeds.entities.tagger import Extractor

Span = tuple[int, int, str]
#: The longest run of title words looked up among the body's names.
LONGEST = 4
_OPENERS = frozenset({'"', "'", "(", "``", "“", "‘", "[", "|", "-", ":"})


def _body_types(body: Sequence[Entity]) -> dict[str, Counter[str]]:
    """Key -> the types the body gives it; a person's surname and an organisation's first word count too."""
    types: dict[str, Counter[str]] = {}
    for entity in body:
        key = entity_key(entity.text)
        types.setdefault(key, Counter())[entity.type] += 1
        words = key.split()
        if len(words) > 1 and entity.type == "PER":
            types.setdefault(words[-1], Counter())["PER"] += 1
    return types


def title_mentions(
    extractor: Extractor,
    title: str,
    body_words: Sequence[Sequence[str]],
    body_spans: Sequence[list[Span]],
    body: Sequence[Entity],
) -> list[Entity]:
    """The names of ``title`` (``Entity.title`` set, offsets into it), checked against the body's ``body``
    names; ``body_words`` are the body's sentences as the tagger saw them (for the body's spelling of words)."""
    from feeds.entities.tagger import Sentences

    _tagger, featurizer = extractor._load()
    recaser = extractor._recaser
    assert recaser is not None
    head = Sentences(title)
    modes = [sentence_mode(words) for words in head.words]
    loud = [
        mode == CAPS or (mode == MIXED and recaser.title_case(words))
        for words, mode in zip(head.words, modes, strict=True)
    ]
    words = head.words
    if any(loud):
        forms = _forms(w for w in body_words if sentence_mode(w) == MIXED)
        words = [recaser.line(w, forms) if shouty else w for w, shouty in zip(words, loud, strict=True)]
    found = extractor._tag(words)
    if body:
        # The body's names vote on the title's types, as in one document, but only the title's spans are kept.
        lows = {w.lower() for sentence in head.words for w in sentence if w[:1].isupper()}
        near = [i for i, sentence in enumerate(body_words) if any(w.lower() in lows for w in sentence)]
        if near:
            voted = harmonise(
                [*head.words, *(body_words[i] for i in near)],
                [*found, *(body_spans[i] for i in near)],
                places=featurizer.places,
                given_names=featurizer.given_names,
                caps=[*(m == CAPS for m in modes), *(sentence_mode(body_words[i]) == CAPS for i in near)],
            )
            found = voted[: len(found)]
    types = _body_types(body)
    gaz = featurizer.gazetteers

    def common(word: str) -> bool:
        low = word.lower()
        return low in recaser.lexicon or recaser.inflected(low)

    def listed(run: Sequence[str]) -> bool:
        lows = [fold(w.lower()) for w in run]
        if any(
            low in featurizer.places or low in featurizer.given_names or low in extractor.surnames
            for low in lows
        ):
            return True
        return any(names == tuple(lows) for names, _label in gaz.phrases.get(lows[0], ()))

    kept: list[list[Span]] = []
    for original, shown, spans, shouty in zip(head.words, words, found, loud, strict=True):
        first = next((i for i, w in enumerate(original) if w not in _OPENERS), 0)
        out: list[Span] = []
        for start, end, kind in spans:
            run = original[start:end]
            seen = types.get(entity_key(" ".join(run)))
            if not seen and end - start > 1 and run[0].lower().rstrip(".") in TITLES:
                # "Dr. Fauci" of the title is the body's "Fauci" (the body's span leaves the title out)
                seen = types.get(entity_key(" ".join(run[1:])))
                if seen:
                    start, run = start + 1, run[1:]
            if seen:
                out.append((start, end, seen.most_common(1)[0][0]))
                continue
            if shouty:
                names = [w for w in run if w.lower() not in PARTICLES and w.lower() not in FUNCTION_WORDS]
                if not (listed(run) or (len(names) >= 2 and not any(common(w) for w in names))):
                    continue
            elif end - start == 1 and start == first and common(run[0]):
                continue
            low = fold(run[0].lower())
            if end - start == 1 and low in extractor.surnames and low not in featurizer.places:
                kind = "PER"
            out.append((start, end, kind))
        out = _fill(original, shown, out, types, extractor.surnames, featurizer.places, common)
        kept.append(out)
    return head.entities(kept, title=True)


def _fill(
    original: Sequence[str],
    shown: Sequence[str],
    spans: list[Span],
    types: dict[str, Counter[str]],
    surnames: frozenset[str],
    places: frozenset[str],
    common: Callable[[str], bool],
) -> list[Span]:
    """``spans`` plus the capitalised runs of the title the body names (with the body's type), and the untagged
    capitalised words that end a name of the people's list (persons)."""
    taken = [False] * len(original)
    for start, end, _kind in spans:
        for i in range(start, end):
            taken[i] = True
    added: list[Span] = []
    i = 0
    n = len(original)
    while i < n:
        if taken[i] or not original[i][:1].isupper():
            i += 1
            continue
        for size in range(min(LONGEST, n - i), 0, -1):
            run = original[i : i + size]
            if any(taken[i : i + size]) or not run[-1][:1].isupper():
                continue
            seen = types.get(entity_key(" ".join(run)))
            if seen:
                added.append((i, i + size, seen.most_common(1)[0][0]))
                i += size
                break
        else:
            low = fold(original[i].lower())
            word = shown[i]
            if low in surnames and low not in places and word.isalpha() and not common(word):
                added.append((i, i + 1, "PER"))
            i += 1
    return sorted([*spans, *added]) if added else spans
