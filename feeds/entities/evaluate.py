"""Score the entity model on a CoNLL-style file: ``python -m feeds.entities.evaluate FILE``.

FILE holds one token a line (the word first, its IOB1 or IOB2 tag last), blank lines between sentences and
optional ``-DOCSTART-`` lines between documents. Prints precision, recall and F1 per type (exact span match),
a line beginning ``overall`` with the micro-average over PER, LOC and ORG, and the speed in tokens per second of
CPU time on one core (wall time beside it; the machine may be shared): once tagging the given tokens, once with
``extract()`` on the same words joined into raw text (tokenising, sentence splitting and keys included); each
from a cold feature cache (the figure given first) and again with the cache warm, as in a long-running reader.
Each timed pass starts from a cold feature cache and the best of ``--repeat`` passes is shown (the machine may
be shared: the best pass is the one least disturbed); loading the model is not counted. The raw-text figure is
the whole pipeline a story goes through (text in, keyed entities out) and the one to quote; it includes the
language gate (``language.py``), and a line says how many documents and sentences the gate let through (all of
them, on English data: the gate must never switch tagging off for English).

Tagging uses the fast path (score vectors cached per word type, numpy Viterbi: see ``fast.py``); ``--crfsuite``
hands every feature string to crfsuite's tagger instead, for comparison (same labels, slower).

``--case title`` or ``--case upper`` rewrites every test sentence the way headlines are written (each word's first
letter capitalised, or all capitals) before tagging, and scores against the same gold spans; such lines are
recased before tagging (see ``recase.py``), which ``--no-recase`` turns off to compare.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from feeds.entities.conll import Scorer, read_conll, spans_from_tags
from feeds.entities.language import looks_english
from feeds.entities.tagger import MODEL_PATH, Extractor


def _show(words: list[str], spans: set[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(" ".join(words[start:end]), kind) for start, end, kind in sorted(spans)]


Timing = tuple[float, float]  # CPU seconds, wall seconds


def _timed(extractor: Extractor, work: Callable[[], None], repeat: int) -> tuple[Timing, Timing]:
    """Best (CPU, wall) of ``repeat`` passes from a cold feature cache, and of the passes right after them."""
    cold: Timing = (float("inf"), 0.0)
    warm: Timing = (float("inf"), 0.0)
    for _ in range(max(1, repeat)):
        extractor.clear_cache()
        for state in ("cold", "warm"):
            started, cpu = time.perf_counter(), time.process_time()
            work()
            timing = (time.process_time() - cpu, time.perf_counter() - started)
            if state == "cold":
                cold = min(cold, timing)
            else:
                warm = min(warm, timing)
    return cold, warm


def _speed(label: str, tokens: int, cold: Timing, warm: Timing) -> str:
    """One line: tokens/s from a cold cache (the headline figure), then the same with the cache warm."""
    return (
        f"{label} {tokens / cold[0]:,.0f} ({tokens} tokens, cold cache: {cold[0]:.2f} s CPU, {cold[1]:.2f} s wall;"
        f" warm cache: {tokens / warm[0]:,.0f} tokens/s)"
    )


def as_headline(word: str, case: str) -> str:
    """``word`` as a headline in ``case`` would write it ("title": first letter up, the rest as it was)."""
    if case == "title":
        return word[:1].upper() + word[1:]
    return word.upper() if case == "upper" else word.lower() if case == "lower" else word


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.entities.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("file", type=Path, help="CoNLL-style file with gold tags")
    parser.add_argument(
        "--model", type=Path, default=MODEL_PATH, help="model file (default: the shipped one)"
    )
    parser.add_argument("--no-consistency", action="store_true", help="no document-level type voting")
    parser.add_argument("--no-fill", action="store_true", help="do not tag missed repeats of found names")
    parser.add_argument(
        "--no-recase",
        action="store_true",
        help="tag Title Case and ALL-CAPS lines as written (see recase.py)",
    )
    parser.add_argument("--no-raw", action="store_true", help="skip the raw-text speed measurement")
    parser.add_argument("--crfsuite", action="store_true", help="tag with crfsuite's own tagger (slower)")
    parser.add_argument(
        "--case",
        choices=("keep", "title", "upper", "lower"),
        default="keep",
        help="recase every word of every sentence before tagging (title: first letter capitalised), as headlines"
        " are written; scored against the same gold spans",
    )
    parser.add_argument("--errors", type=Path, help="write the misses and false alarms to this file")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes (each from a cold cache); best is shown"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 2
    docs = read_conll(args.file)
    if args.case != "keep":
        for doc in docs:
            for sentence in doc.sentences:
                sentence.words = [as_headline(w, args.case) for w in sentence.words]
    extractor = Extractor(args.model)
    try:
        extractor.tag_document([["warm", "up"]])
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.no_consistency:
        extractor.consistency = False
    if args.no_fill:
        extractor.fill = False
    extractor.use_crfsuite = args.crfsuite
    extractor.recase = not args.no_recase
    given = [[s.words for s in doc.sentences] for doc in docs]
    predictions: list[list[list[tuple[int, int, str]]]] = []

    def tag_given() -> None:
        predictions[:] = [extractor.tag_document(words) for words in given]

    cold, warm = _timed(extractor, tag_given, args.repeat)

    scorer = Scorer()
    errors: list[str] = []
    tokens = 0
    for doc, predicted in zip(docs, predictions, strict=True):
        for sentence, found in zip(doc.sentences, predicted, strict=True):
            tokens += len(sentence.words)
            gold = spans_from_tags(sentence.tags)
            scorer.add(gold, found)
            if args.errors and set(gold) != set(found):
                words = sentence.words
                errors.append(" ".join(words))
                errors.append(f"  missed: {_show(words, set(gold) - set(found))}")
                errors.append(f"  wrong:  {_show(words, set(found) - set(gold))}")
    for line in scorer.report():
        print(line)
    print(_speed("tokens/s", tokens, cold, warm))
    if not args.no_raw:
        texts = ["\n".join(" ".join(s.words) for s in doc.sentences) for doc in docs]

        def extract_raw() -> None:
            for text in texts:
                if looks_english(text):  # the gate feeds.entities.extract applies
                    extractor.extract(text)

        cold, warm = _timed(extractor, extract_raw, args.repeat)
        print(_speed("raw tokens/s", tokens, cold, warm))
        lines = [" ".join(s.words) for doc in docs for s in doc.sentences]
        print(
            f"language gate: {sum(map(looks_english, texts))} of {len(texts)} documents and "
            f"{sum(map(looks_english, lines))} of {len(lines)} sentences taken as English"
        )
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
