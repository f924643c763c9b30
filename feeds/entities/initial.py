"""A person's surname opening a sentence: "Putin said on Monday ...".

A capital opening a sentence says nothing of a name, and CoNLL-2003 knows few of today's surnames, so the CRF left
"Putin" untagged at the start of a sentence and tagged it after "On Monday,". News attributes what people say
with the speaker's name before a reporting verb; a sentence opening with a capitalised word that English does not
write in lower case (not in the recaser's word list, nor an inflection of one word of it), nor a title ("President
vows ..."), nor a place's or an organisation's word of the name lists, followed by such a verb, may be that
speaker. Companies and agencies say things too ("Anthropic said ...", "Nvidia told investors"), so the word is a
person only when something says so: the story names it as part of a person's name elsewhere ("John Smith" before
"Smith said"), writes it after a given name of the lists, or it ends a person's name of the lists ("Putin"). A
word the story names as an organisation, a place or another name anywhere is never made a person; a word with no
evidence either way stays untagged (it was a person before: "Anthropic said" made Anthropic one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from feeds.entities.aliases import TITLES

Span = tuple[int, int, str]

#: Verbs that follow a speaker's name in news ("Putin said", "Merkel told reporters", "Erdogan warned").
REPORTING_TEXT = (
    "said says told tells added adds warned warns insisted insists argued argues wrote writes tweeted tweets "
    "stated states replied replies announced announces urged urges denied denies vowed vows claimed claims "
    "acknowledged acknowledges admitted admits"
)
REPORTING = frozenset(REPORTING_TEXT.split())
_OPENERS = frozenset({'"', "'", "(", "``", "“", "‘"})


def opening_speaker(
    words: Sequence[str], found: list[Span], common: Callable[[str], bool], places: frozenset[str]
) -> int | None:
    """The index of an untagged unknown capitalised word opening the sentence before a reporting verb, if any.
    ``common(low)``: whether English writes the word in lower case."""
    i = 0
    while i < len(words) - 1 and words[i] in _OPENERS:
        i += 1
    if i + 1 >= len(words) or words[i + 1] not in REPORTING:
        return None
    word = words[i]
    if not (len(word) > 2 and word.isalpha() and word[0].isupper() and word[1:].islower()):
        return None
    low = word.lower()
    if low in places or low in TITLES or common(low) or any(s[0] <= i < s[1] for s in found):
        return None
    return i


def speakers(
    sentences: Sequence[Sequence[str]],
    found: list[list[Span]],
    common: Callable[[str], bool],
    places: frozenset[str],
    surnames: frozenset[str],
    given_names: frozenset[str],
) -> list[list[Span]]:
    """``found`` (spans per sentence of one document) plus a person for each opening speaker (see
    :func:`opening_speaker`) the document or the name lists give as a person, and as nothing else."""
    wanted: dict[int, int] = {}
    for n, (words, spans) in enumerate(zip(sentences, found, strict=True)):
        if len(words) > 1 and words[1] in REPORTING or len(words) > 2 and words[2] in REPORTING:
            at = opening_speaker(words, spans, common, places)
            if at is not None:
                wanted[n] = at
    if not wanted:
        return found
    lows = {sentences[n][i].lower() for n, i in wanted.items()}
    people: set[str] = set()
    others: set[str] = set()
    for words, spans in zip(sentences, found, strict=True):
        for start, end, kind in spans:
            for word in words[start:end]:
                low = word.lower()
                if low in lows:
                    (people if kind == "PER" else others).add(low)
        for j in range(1, len(words)):  # "John Smith" the CRF left untagged
            if words[j - 1].lower() in given_names and words[j - 1][:1].isupper():
                low = words[j].lower()
                if low in lows:
                    people.add(low)
    out = list(found)
    for n, i in wanted.items():
        low = sentences[n][i].lower()
        if low not in others and (low in people or low in surnames):
            out[n] = sorted([*found[n], (i, i + 1, "PER")])
    return out
