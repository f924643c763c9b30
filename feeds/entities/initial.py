"""A person's surname opening a sentence: "Putin said on Monday ...".

A capital opening a sentence says nothing of a name, and CoNLL-2003 knows few of today's surnames, so the CRF left
"Putin" untagged at the start of a sentence and tagged it after "On Monday,". News attributes what people say
with the speaker's name before a reporting verb; a sentence opening with a capitalised word that English does not
write in lower case (not in the recaser's word list, nor an inflection of one word of it), nor a title ("President
vows ..."), nor a place's or an organisation's word of the name lists, followed by such a verb, is that speaker.
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


def speaker(
    words: Sequence[str],
    found: list[Span],
    common: Callable[[str], bool],
    places: frozenset[str],
) -> list[Span]:
    """``found`` plus a person for an untagged unknown capitalised word opening the sentence before a reporting
    verb. ``common(low)``: whether English writes the word in lower case."""
    i = 0
    while i < len(words) - 1 and words[i] in _OPENERS:
        i += 1
    if i + 1 >= len(words) or words[i + 1] not in REPORTING:
        return found
    word = words[i]
    if not (len(word) > 2 and word.isalpha() and word[0].isupper() and word[1:].islower()):
        return found
    low = word.lower()
    if low in places or low in TITLES or common(low) or any(s[0] <= i < s[1] for s in found):
        return found
    return sorted([*found, (i, i + 1, "PER")])
