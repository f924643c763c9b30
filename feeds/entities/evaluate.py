"""Score the entity model on a CoNLL-style file: ``python -m feeds.entities.evaluate FILE``.

FILE holds one token a line (the word first, its IOB1 or IOB2 tag last), blank lines between sentences and
optional ``-DOCSTART-`` lines between documents. Prints precision, recall and F1 per type (exact span match),
a line beginning ``overall`` with the micro-average over PER, LOC and ORG, and the speed in tokens per second of
CPU time on one core (wall time beside it; the machine may be shared): once tagging the given tokens, once with
``extract()`` on the same words joined into raw text (tokenising, sentence splitting and keys included).
Each timing starts from a cold feature cache; loading the model is not counted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from feeds.entities.conll import Scorer, read_conll, spans_from_tags
from feeds.entities.tagger import MODEL_PATH, Extractor


def _show(words: list[str], spans: set[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(" ".join(words[start:end]), kind) for start, end, kind in sorted(spans)]


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
    parser.add_argument("--no-raw", action="store_true", help="skip the raw-text speed measurement")
    parser.add_argument(
        "--case", choices=("keep", "upper", "lower"), default="keep", help="recase every word"
    )
    parser.add_argument("--errors", type=Path, help="write the misses and false alarms to this file")
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
                sentence.words = [w.upper() if args.case == "upper" else w.lower() for w in sentence.words]
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
    extractor.clear_cache()

    scorer = Scorer()
    errors: list[str] = []
    tokens = 0
    started, cpu = time.perf_counter(), time.process_time()
    predictions = [extractor.tag_document([s.words for s in doc.sentences]) for doc in docs]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
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
    print(
        f"tokens/s {tokens / cpu:,.0f} (tagging {tokens} given tokens: {cpu:.2f} s CPU, {elapsed:.2f} s wall)"
    )
    if not args.no_raw:
        texts = ["\n".join(" ".join(s.words) for s in doc.sentences) for doc in docs]
        raw = Extractor(args.model)
        raw.mentions("warm up")
        raw.clear_cache()
        started, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            raw.extract(text)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"raw tokens/s {tokens / cpu:,.0f} (extract() on raw text: {cpu:.2f} s CPU, {elapsed:.2f} s wall)"
        )
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
