"""Names of a story's title: "Macron names new prime minister" over a body that says "The president named ...".

A headline is the hardest line of a story for a case-based tagger: many are in Title Case ("Trump Meets Xi In
Beijing As Trade Talks Stall") or ALL CAPS, short, and open with the name they are about, where a capital says
nothing. Tagged with the body as one document, the headline's slips spread into the body by the consistency pass
(on the shared news feeds "Army", "Nike", "Covid" became people in 51 of 1,221 bodies). So the title is labelled
in the body's pass (:meth:`Extractor.story`: one CRF pass, the body's case hints, none of the body's labels
changed) and then checked against the body's names, which only vouch for it:

1. a Title Case or ALL CAPS title is recased first, each word as the body writes it, else as the word list does
   (:mod:`feeds.entities.recase`);
2. the body's names vote on the title's types and fill the title's missed repeats of them, as the consistency
   pass does in one document ("Macron" a place in "Macron names ..." is the body's person; "Trump" opening
   "Trump says ..." is found although a sentence's first capital hides it); a "Surname says" opening takes the
   body's evidence (:mod:`feeds.entities.initial`);
3. a title name the body does not name is dropped when the body writes its words and names nothing by them
   ("named by Army" over "an Army vehicle"); else kept when the tagging can be trusted: in a sentence-case title
   unless it is a one-word opening the word list writes in lower case ("Hair is the BBC news!"); in a Title Case
   or ALL CAPS one (or one with every word capitalised) only when the name lists know a word of it, or it is two
   or more words none of which English writes in lower case ("Elon Musk"): "Stall", "Robots" are no names;
4. an opening word glued to a name loses it ("How Trump's cuts ..."), a title before a name the body writes
   without it too ("Dr. Fauci"); a one-word name, or an untagged capitalised word, that ends a name of the
   people's list is a person ("PUTIN MEETS XI IN BEIJING" with no body at all).

Measured on the headlines of CoNLL-2003 testa (each document's first line, ALL CAPS): typed F1 0.842 with the
body, 0.788 with none (precision 0.868); tagging title and body as one document gave 0.853, at the cost of the
bodies' names above. On the shared news feeds 1,092 of 1,222 English titles name someone or something.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from feeds.entities.aliases import TITLES, entity_key
from feeds.entities.consistency import harmonise
from feeds.entities.features import CAPS, MIXED, sentence_mode
from feeds.entities.initial import speakers
from feeds.entities.particles import PARTICLES, join_particles
from feeds.entities.recase import FUNCTION_WORDS, _forms
from feeds.model import Entity
from feeds.text import fold

if TYPE_CHECKING:
    from feeds.entities.tagger import Extractor, Sentences

Span = tuple[int, int, str]
#: The longest run of title words looked up among the body's names.
LONGEST = 4
#: The body's sentences that vote on the title's names at most (those sharing a word with it, first first): a
#: long story's dozens of them cost more than the title's tagging, and said what the first few do (the same
#: names on the shared news feeds and CoNLL-2003's headlines with 3 as with 12; with none, F1 0.842 -> 0.837).
NEAR = 4
#: Words that open a headline with a capital and are no part of a name after them ("How Trump's cuts ...").
OPENING_WORDS_TEXT = "how why what when where who which whose inside insight"
OPENING_WORDS = FUNCTION_WORDS | frozenset(OPENING_WORDS_TEXT.split())
#: The type a name of each list is, for a title's name the body does not settle ("Inside Google, a fight").
LIST_TYPES = {"LOC": "LOC", "NAT": "MISC", "ORG": "ORG", "CLUB": "ORG", "PER": "PER"}
#: Parts of words the tokenizer cuts off ("Can't" is "Ca" and "n't"): no lower-case word of a Title Case line.
_CLITICS = frozenset({"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"})
_OPENERS = frozenset({'"', "'", "(", "``", "“", "‘", "[", "|", "-", ":"})


def _body_types(body: Sequence[Entity]) -> dict[str, str]:
    """Key -> the type the body gives it most (the first among equals); a person's surname counts too."""
    pairs: Counter[tuple[str, str]] = Counter((entity_key(e.text), e.type) for e in body)  # counted in C
    for (key, kind), count in list(pairs.items()):
        if kind == "PER" and " " in key:
            pairs[key.rsplit(" ", 1)[1], "PER"] += count
    types: dict[str, str] = {}
    best: dict[str, int] = {}
    for (key, kind), count in pairs.items():
        if count > best.get(key, 0):
            types[key], best[key] = kind, count
    return types


def recased_title(
    extractor: Extractor, sentences: Sequence[Sequence[str]], body_words: Sequence[Sequence[str]]
) -> tuple[list[Sequence[str]], list[bool]]:
    """The title's sentences as they are tagged: a Title Case or ALL CAPS one recased, each word as the body
    writes it, else as the word list does; and which were."""
    extractor._load()
    recaser = extractor._recaser
    assert recaser is not None
    loud = [
        mode == CAPS or (mode == MIXED and recaser.title_case([w for w in words if w not in _CLITICS]))
        for words in sentences
        for mode in (sentence_mode(words),)
    ]
    if not any(loud):
        return list(sentences), loud
    wanted = {w.lower() for words, shouty in zip(sentences, loud, strict=True) if shouty for w in words}
    # Only the title's words are looked up: the body's other words are not counted (a long body's were, 5 ms)
    forms = _forms(
        [w if i == 0 or not w[:1].isalpha() or w.lower() in wanted else "" for i, w in enumerate(words)]
        for words in body_words
        if not wanted.isdisjoint(map(str.lower, words)) and sentence_mode(words) == MIXED
    )
    return [recaser.line(w, forms) if shouty else w for w, shouty in zip(sentences, loud, strict=True)], loud


def _unnamed(sentences: Sequence[Sequence[str]], spans: Sequence[list[Span]], run: Sequence[str]) -> bool:
    """Whether the body writes every word of ``run`` (in any of its usual cases), its sentences' first words
    aside, and never inside a name."""
    wanted = {form for w in run for form in (w, w.lower(), w.upper(), w[:1].upper() + w[1:].lower())}
    outside: set[str] = set()
    inside: set[str] = set()
    for words, found in zip(sentences, spans, strict=True):
        if wanted.isdisjoint(words):
            continue
        named = {i for start, end, _kind in found for i in range(start, end)}
        for i in range(1, len(words)):
            if words[i] in wanted:
                (inside if i in named else outside).add(words[i].lower())
    return all((low := w.lower()) in outside and low not in inside for w in run)


def title_mentions(
    extractor: Extractor,
    head: Sentences,
    shown: Sequence[Sequence[str]],
    loud: Sequence[bool],
    raw: list[list[Span]],
    body_words: Sequence[Sequence[str]],
    body_spans: Sequence[list[Span]],
    body: Sequence[Entity],
) -> list[Entity]:
    """The names of the title ``head`` (``Entity.title`` set, offsets into it) from the CRF's spans ``raw`` of its
    ``shown`` (recased, where ``loud``) sentences, checked against the body's ``body`` names; ``body_words`` and
    ``body_spans`` are the body's sentences as the tagger saw them and its spans of them."""
    _tagger, featurizer = extractor._load()
    recaser = extractor._recaser
    assert recaser is not None
    found = [
        join_particles(words, spans) if spans and not PARTICLES.isdisjoint(words) else spans
        for words, spans in zip(shown, raw, strict=True)
    ]
    n = len(found)
    # Evidence of a speaker ("Zelensky says ...") and the votes on types come from the body as in one document;
    # only the title's spans are kept. Only the body's sentences that share a capitalised word with it can tell.
    # As the title is shown to the tagger (an ALL CAPS one recased), as the body would write them.
    cased = {
        w
        for sentence, spans in zip(shown, found, strict=True)
        for i, w in enumerate(sentence)
        if w[:1].isupper() and (w.lower() not in recaser.lexicon or any(a <= i < b for a, b, _ in spans))
    }
    near: list[int] = []
    for i, sentence in enumerate(body_words):
        if not cased.isdisjoint(sentence):
            near.append(i)
            if len(near) == NEAR:
                break
    context = [body_words[i] for i in near]
    found = [*found, *(body_spans[i] for i in near)]
    found = speakers(
        [*shown, *context],
        found,
        lambda word: word in recaser.lexicon or recaser.inflected(word),
        featurizer.places,
        extractor.surnames,
        featurizer.given_names,
    )
    if extractor.consistency and (context or any(found[:n])):
        found = harmonise(
            [*head.words, *context],
            found,
            fill=extractor.fill,
            places=featurizer.places,
            given_names=featurizer.given_names,
            caps=[sentence_mode(w) == CAPS for w in (*head.words, *context)],
        )
    found = found[:n]
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
    for original, recased, spans, shouty in zip(head.words, shown, found, loud, strict=True):
        # Every word capitalised ("The Great Romance Slump"): the capitals tell nothing, recased or not.
        capitalised = [w for w in original if len(w) > 1 and w[:1].isalpha()]
        shouty = shouty or (len(capitalised) >= 3 and all(w[:1].isupper() for w in capitalised))
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
            trimmed = False
            opening = start == first or original[start - 1] in _OPENERS
            if not seen and end - start > 1 and opening and run[0].lower() in OPENING_WORDS:
                # "How Trump's cuts ...": the capital of the opening word made it part of the name
                start, run, trimmed = start + 1, run[1:], True
                seen = types.get(entity_key(" ".join(run)))
            if seen:
                out.append((start, end, seen))
                continue
            if _unnamed(body_words, body_spans, run):
                continue  # the body writes it and names nothing by it: "named by Army" over "an Army vehicle"
            if shouty:
                names = [w for w in run if w.lower() not in PARTICLES and w.lower() not in FUNCTION_WORDS]
                if not (listed(run) or (len(names) >= 2 and not any(common(w) for w in names))):
                    continue
            elif end - start == 1 and start == first and common(run[0]):
                continue
            low = fold(run[0].lower())
            if end - start == 1 and low in extractor.surnames and low not in featurizer.places:
                kind = "PER"
            elif end - start > 1 and low in featurizer.given_names and all(w.isalpha() for w in run):
                kind = "PER"  # "Nikolas Cruz to Plead Guilty": a given name opens a person's name
            elif trimmed:  # the type the tagger gave the longer span is no guide: the lists' is, if any
                folded = tuple(fold(w.lower()) for w in run)
                labels = [label for names, label in gaz.phrases.get(folded[0], ()) if names == folded]
                kind = LIST_TYPES.get(labels[0], kind) if labels else kind
            out.append((start, end, kind))
        out = _fill(original, recased, out, types, extractor.surnames, featurizer.places, common)
        kept.append(out)
    return head.entities(kept, title=True)


def _fill(
    original: Sequence[str],
    shown: Sequence[str],
    spans: list[Span],
    types: dict[str, str],
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
                added.append((i, i + size, seen))
                i += size
                break
        else:
            low = fold(original[i].lower())
            word = shown[i]
            if low in surnames and low not in places and word.isalpha() and not common(word):
                added.append((i, i + 1, "PER"))
            i += 1
    return sorted([*spans, *added]) if added else spans
