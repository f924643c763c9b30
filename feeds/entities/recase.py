"""Recasing "shouty" lines (Title Case or ALL CAPS headlines) before tagging, so the CRF sees normal case.

The model reads capitalisation as the strongest sign of a name, so a headline written "Xi Jinping Receives Kim
Jong Un In Beijing For Talks On Trade" turns into one long PER and one MISC. Such a line is recased word by word
before tagging (the tags then go back onto the original words, so spans and entity text are untouched):

1. the word's dominant form elsewhere in the same story (non-initial words of normal mixed-case sentences)
   wins: "Trade" is "trade" if the body writes it so, "Beijing" stays as the body writes it;
2. else a word that is usually written in lower case (``lower_words.txt``, derived from the CoNLL-2003 training
   split by ``python -m feeds.entities.recase TRAIN_FILE``: only the word list is shipped) is lowered;
3. else the word keeps its capital (an unknown word in a headline is most likely a name); in an ALL-CAPS line it
   keeps its first capital only ("BEIJING" -> "Beijing"), short words that are no given name excepted ("NATO").

Words inside a multi-word name of the name lists ("New York") keep their capital.

A line is Title Case when no word after the first is a lower-case content word, and enough of its capitalised
words are ones normally written in lower case ("Receives", "In", "For"): "Cleveland Indians at New York Yankees"
is not. An ALL-CAPS line is recased only when the story has no mixed-case body: with one, the CRF's own
all-caps features plus the consistency pass (which checks the headline's names against the body's) do better
on CoNLL-2003 (whose headlines are in capitals) than a recasing; alone, the recasing does better. So does it
for a headline (the first line) whose would-be names the body does not write at all: there is nothing to check
them against, and "KIM JONG UN WARNS SEOUL" over "North Korea's leader warned the South" gave "KIM JONG".
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from feeds.entities.conll import read_conll
from feeds.entities.features import CAPS, MIXED, sentence_mode
from feeds.entities.gazetteer import Gazetteers

HERE = Path(__file__).resolve().parent
LEXICON_NAME = "lower_words.txt"
#: Function words: lower case in a headline whatever the word list says, and allowed to stay lower in a Title
#: Case line ("Kim Jong Un in Beijing for Talks on Trade" is still a Title Case line).
FUNCTION_WORDS_TEXT = (
    "a an the and or but nor so yet of in on at to for by with from into onto upon over under about as "
    "than via per vs vs. is are was were be been am has have had do does did will would can could may "
    "might must shall should not no it its he she his her they their we our you your i this that these "
    "those after before amid against between during off out up down near since until while"
)
FUNCTION_WORDS = frozenset(FUNCTION_WORDS_TEXT.split())
#: The only lower-case words a Title Case line may hold (styles that keep short words down: "Talks on Trade").
SHORT_WORDS_TEXT = "a an the and or but nor of in on at to for by with from as vs vs. via per"
SHORT_WORDS = frozenset(SHORT_WORDS_TEXT.split())
#: Endings of unlisted inflections, with what may replace them to give a listed word.
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ies", ("y",)),
    ("sses", ("ss",)),
    ("shes", ("sh",)),
    ("ches", ("ch",)),
    ("xes", ("x",)),
    ("s", ("",)),
    ("ied", ("y",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
    ("ly", ("",)),
    ("men", ("man",)),
    ("en", ("",)),  # deepen, weaken, tighten: a base of four letters or more (not Allen, Bowen)
)
_OPENERS = frozenset({'"', "'", "(", ":", "-", "--", "``", "[", "|"})


def lexicon_words(path: Path) -> list[str]:
    """Words that non-initial positions of mixed-case sentences of a CoNLL file write in lower case more often
    than capitalised (the lower-case form, sorted)."""
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for doc in read_conll(path):
        for sentence in doc.sentences:
            words = sentence.words
            if sentence_mode(words) != MIXED:
                continue
            for i in range(1, len(words)):
                word = words[i]
                if not word[:1].isalpha() or words[i - 1] in _OPENERS:
                    continue
                if word.islower():
                    lower[word] += 1
                elif word[:1].isupper():
                    upper[word.lower()] += 1
    return sorted(word for word, count in lower.items() if count > upper[word])


def load_lexicon(folder: Path = HERE) -> frozenset[str]:
    path = folder / LEXICON_NAME
    if not path.is_file():
        return FUNCTION_WORDS
    words = path.read_text(encoding="utf-8").split()
    return frozenset(words) | FUNCTION_WORDS


def _forms(sentences: Iterable[Sequence[str]]) -> dict[str, str]:
    """Lowercase word -> the form mixed-case sentences of the story write it in most, after their first word."""
    counts: dict[str, Counter[str]] = {}
    for words in sentences:
        for i in range(1, len(words)):
            word = words[i]
            if word[:1].isalpha() and words[i - 1] not in _OPENERS:
                counts.setdefault(word.lower(), Counter())[word] += 1
    return {low: counter.most_common(1)[0][0] for low, counter in counts.items()}


class Recaser:
    """Finds the shouty lines of a document and gives their words the case a normal sentence would have."""

    def __init__(
        self,
        lexicon: frozenset[str] | None = None,
        gazetteers: Gazetteers | None = None,
        given_names: frozenset[str] = frozenset(),
    ) -> None:
        """``gazetteers``: words inside a multi-word name of the lists keep their capital ("New York", "Kansas
        City"); ``given_names``: in an ALL-CAPS line these keep no capitals however short ("XI" -> "Xi")."""
        self.lexicon = load_lexicon() if lexicon is None else lexicon
        self.gazetteers = gazetteers
        self.given_names = given_names

    def title_case(self, words: Sequence[str]) -> bool:
        """Whether a mixed-case line is a Title Case headline (see the module docstring)."""
        lexicon = self.lexicon
        capitalised = common = function = 0
        for i in range(1, len(words)):
            word = words[i]
            first = word[:1]
            if not first.isalpha() or len(word) < 2:
                continue
            if first.islower():
                if word not in SHORT_WORDS and not any(c.isupper() for c in word[1:]):  # "iPhone" is a name
                    return False
            elif words[i - 1] not in _OPENERS:
                capitalised += 1
                low = word.lower()
                if low in lexicon or self.inflected(low):
                    common += 1
                    if low in SHORT_WORDS:
                        function += 1
        # A capitalised "And", "Of", "In" inside a line without lower-case words is a headline's, not a name's.
        return common >= 2 and (3 * common >= capitalised or function > 0)

    def inflected(self, low: str) -> bool:
        """Whether an unlisted word is an inflection of a listed one ("debates", "boatmen", "rigs")."""
        lexicon = self.lexicon
        for ending, stems in _ENDINGS:
            if low.endswith(ending) and len(low) > len(ending) + (3 if ending == "en" else 2):
                base = low[: -len(ending)]
                if any(base + stem in lexicon for stem in stems):
                    return True
        return False

    def document(self, sentences: Sequence[Sequence[str]], modes: Sequence[str]) -> list[bool]:
        """Which sentences are shouty and get recased (``modes``: each one's :func:`sentence_mode`)."""
        # The CRF's all-caps features plus the consistency pass with a mixed-case body beat a recasing there.
        body = CAPS in modes and any(
            mode == MIXED and any(len(w) > 1 and w.islower() for w in words)
            for words, mode in zip(sentences, modes, strict=True)
        )
        written: set[str] = set()
        if body and modes[0] == CAPS:  # the words the body writes, to check an ALL-CAPS headline against
            for words, mode in zip(sentences, modes, strict=True):
                if mode == MIXED:
                    written.update(w.lower() for w in words if w[:1].isupper())
        return [
            (mode == CAPS and (not body or (i == 0 and self.unwritten(words, written))))
            or (mode == MIXED and self.title_case(words))
            for i, (words, mode) in enumerate(zip(sentences, modes, strict=True))
        ]

    def unwritten(self, words: Sequence[str], written: set[str]) -> bool:
        """Whether no would-be name of an ALL-CAPS line (a word English does not write in lower case) is written
        capitalised in the story's body ("KIM JONG UN WARNS SEOUL" over "North Korea's leader warned the South":
        the CRF's all-caps features alone gave "KIM JONG", the "UN" read as an acronym). Only a headline is
        asked: CoNLL-2003's ALL-CAPS table rows ("W L PCT GB") lost more than they gained."""
        lexicon = self.lexicon
        names = [
            low
            for w in words
            if len(w) > 1 and w.isalpha() and (low := w.lower()) not in lexicon and not self.inflected(low)
        ]
        return bool(names) and not any(low in written for low in names)

    def recase(self, sentences: Sequence[Sequence[str]], shouty: Sequence[bool]) -> list[Sequence[str]]:
        """The sentences with every shouty one recased; each word keeps its length (others are returned as is)."""
        forms = _forms(
            words
            for words, loud in zip(sentences, shouty, strict=True)
            if not loud and sentence_mode(words) == MIXED
        )
        return [
            self.line(words, forms) if loud else words for words, loud in zip(sentences, shouty, strict=True)
        ]

    def line(self, words: Sequence[str], forms: dict[str, str]) -> list[str]:
        """One shouty line's words in the case the story (``forms``) or the word list suggests."""
        lexicon = self.lexicon
        caps = sentence_mode(words) == CAPS
        lowers = [word.lower() for word in words]
        names: set[int] = set()  # inside a multi-word name of the lists
        if self.gazetteers is not None:
            for i, labels in self.gazetteers.features(lowers, words, True).items():
                if any(label[-1] in "BI" for label in labels):
                    names.add(i)
        out: list[str] = []
        start = True
        for i, word in enumerate(words):
            if not word[:1].isalpha() or len(word) < 2:
                out.append(word)
                start = word in _OPENERS or start and not word[:1].isalpha()
                continue
            low = lowers[i]
            form = forms.get(low)
            if form is None:
                if (low in lexicon or self.inflected(low)) and i not in names:
                    form = low
                elif caps and not (len(word) <= 4 and word.isalpha() and low not in self.given_names):
                    form = word[:1] + word[1:].lower()
                else:
                    form = word
            if start and form[:1].islower():
                form = form[:1].upper() + form[1:]
            out.append(form if len(form) == len(word) else word)
            start = False
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.entities.recase", description="Write the list of usually-lower-case words."
    )
    parser.add_argument("file", type=Path, help="CoNLL training file (only the word list is written)")
    parser.add_argument("--out", type=Path, default=HERE / LEXICON_NAME)
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 2
    words = lexicon_words(args.file)
    args.out.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.out.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
