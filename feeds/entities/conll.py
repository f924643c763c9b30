"""Reading CoNLL-style files and scoring entity spans, shared by the training and evaluation commands.

A CoNLL file has one token a line (the word first, its tag last, anything between ignored: we never use POS or
chunk columns because raw feed text has none), blank lines between sentences and ``-DOCSTART-`` lines between
documents. Tags may be IOB1 (CoNLL-2003: ``B-`` only between two touching entities of one type) or IOB2; both are
read into spans, so the scores do not depend on the scheme.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: The types the headline score averages over; MISC is reported but left out of it (see DESIGN.md).
CORE_TYPES: tuple[str, ...] = ("PER", "LOC", "ORG")
ALL_TYPES: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC")

Span = tuple[int, int, str]  # token start, token end (exclusive), type


@dataclass
class Sentence:
    words: list[str]
    tags: list[str]


@dataclass
class Document:
    sentences: list[Sentence] = field(default_factory=list)


def read_conll(path: Path) -> list[Document]:
    """Documents of a CoNLL file; a file without ``-DOCSTART-`` lines is one document."""
    docs: list[Document] = [Document()]
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if words:
            docs[-1].sentences.append(Sentence(words[:], tags[:]))
            words.clear()
            tags.clear()

    with open(path, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            parts = raw.split()
            if not parts:
                flush()
                continue
            if parts[0] == "-DOCSTART-":
                flush()
                if docs[-1].sentences:
                    docs.append(Document())
                continue
            words.append(parts[0])
            tags.append(parts[-1] if len(parts) > 1 else "O")
    flush()
    return [doc for doc in docs if doc.sentences]


def spans_from_tags(tags: Sequence[str]) -> list[Span]:
    """Entity spans from IOB1 or IOB2 tags: an entity starts at ``B-``, at ``I-`` after another type or ``O``."""
    spans: list[Span] = []
    start = -1
    kind = ""
    last = -2
    for i in [i for i, tag in enumerate(tags) if tag != "O"]:
        tag = tags[i]
        label = tag[2:]
        if start >= 0 and (i != last + 1 or tag[0] == "B" or label != kind):
            spans.append((start, last + 1, kind))
            start = -1
        if start < 0:
            start, kind = i, label
        last = i
    if start >= 0:
        spans.append((start, last + 1, kind))
    return spans


def tags_from_spans(length: int, spans: Iterable[Span]) -> list[str]:
    """IOB2 tags of a sentence: what the model is trained on, so it can tell two touching names apart."""
    tags = ["O"] * length
    for start, end, kind in spans:
        tags[start] = "B-" + kind
        for i in range(start + 1, end):
            tags[i] = "I-" + kind
    return tags


def to_iob2(tags: Sequence[str]) -> list[str]:
    return tags_from_spans(len(tags), spans_from_tags(tags))


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct += other.correct

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Scorer:
    """Exact span match per type: a predicted span counts only with the same start, end and type."""

    def __init__(self) -> None:
        self.counts: dict[str, Counts] = {kind: Counts() for kind in ALL_TYPES}

    def add(self, gold: Iterable[Span], predicted: Iterable[Span]) -> None:
        gold_set = set(gold)
        pred_set = set(predicted)
        for start, end, kind in gold_set:
            self.counts.setdefault(kind, Counts()).gold += 1
            if (start, end, kind) in pred_set:
                self.counts[kind].correct += 1
        for _, _, kind in pred_set:
            self.counts.setdefault(kind, Counts()).predicted += 1

    def overall(self, kinds: Sequence[str] = CORE_TYPES) -> Counts:
        total = Counts()
        for kind in kinds:
            total.add(self.counts.get(kind, Counts()))
        return total

    def report(self) -> Iterator[str]:
        """Lines for people and scripts: one per type, then ``overall`` (micro-average over PER, LOC, ORG)."""
        yield f"{'type':<8} {'precision':>9} {'recall':>7} {'f1':>7} {'gold':>6} {'found':>6}"
        for kind in ALL_TYPES:
            c = self.counts[kind]
            yield f"{kind:<8} {c.precision:9.4f} {c.recall:7.4f} {c.f1:7.4f} {c.gold:6d} {c.predicted:6d}"
        c = self.overall()
        yield f"{'overall':<8} {c.precision:9.4f} {c.recall:7.4f} {c.f1:7.4f} {c.gold:6d} {c.predicted:6d}"
