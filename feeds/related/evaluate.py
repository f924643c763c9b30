"""Measure related-story precision on a labelled collection: ``python -m feeds.related.evaluate FILE``.

FILE is JSON lines with ``id``, ``label``, ``title`` and ``text`` (as ``shared/data/related/wikiref220.jsonl``).
Every article is indexed, then each is used as a query; a suggestion is right when it carries the query's
label. Prints ``P@1 0.xxx`` and ``P@5 0.xxx`` on lines of their own, then details. Precision is over the
ranking itself (the display threshold off, every query counted, a missing place counted wrong), so a list cut
short by the threshold does not hide a bad ranking; how the threshold behaves is reported after.

``--variants`` runs the table of weighting variants that chose the defaults; ``--halves`` measures again on
halves of the file split by label (two splits: alternate labels in sorted order, and by a hash of the label),
each half indexed alone, to check that a choice helps in general and not just on this one file. Entities come
from ``feeds.entities.extract`` when that module works (``--no-entities`` for text only).

On wikiref220, text only (P@1 / P@5; the P@5 ceiling of that file is 0.950, as 11 of its 220 articles have
fewer than five same-label neighbours):

    0.909 / 0.899  TF-IDF, raw tf, no title boost, no stemming
    0.936 / 0.906  sublinear tf (1 + log tf)
    0.941 / 0.905  + title words x3
    0.936 / 0.908  + light stemming
    0.945 / 0.902  + at most 128 terms a story, 64 a query  <- default (memory and speed; within noise)
    0.936 / 0.893  without stop words;  0.932 / 0.900 with bigrams;  0.945 / 0.890 BM25 weights;
    0.945 / 0.903  with pseudo relevance feedback (3 docs, Rocchio 0.5);  0.932 / 0.895 with 64 terms kept

With entities (the reader's setting; P@1 / P@5 on the whole file, then P@5 on the four halves):

    0.936 / 0.907   halves 0.933 0.957 | 0.964 0.901   words and names pooled in one vector (the old rule)
    0.945 / 0.910   halves 0.931 0.957 | 0.964 0.906   names blended at a share of 0.2  <- default
    0.950 / 0.917   halves 0.910 0.954 | 0.964 0.901   names blended at 0.5: best here, but not robust
    0.950 / 0.917   halves 0.922 0.956 | 0.964 0.901   pooled, names counted twice

Hubness corrections looked best in a separate experiment over dense, unpruned vectors: CSLS (score minus 0.3 x
the candidate's mean cosine with its 5 nearest stories) and plain centring (score minus the candidate's mean
cosine with every story) each gained 0.005-0.015 P@5 on every half there. Built into this index (centring: one
number per story from the postings), it did not carry over: 0.910 -> 0.911 on the file, -0.011 on one half, so
it was left out. P@5 0.93 is not reached; the misses are the label borders named below. Differences under 0.005 are one or two hits in 220 queries: noise. What is left is not noise in the method
but in the labels' borders: "smartphone" articles rank "Samsung Galaxy S5" ones first, "Barack Obama" ones
rank "Michelle Obama" ones, "Greek debt crisis" and "Greek elections" mix. Stacking everything found in a
separate sweep (bigrams, idf^1.5, capitalised-phrase entities, a hubness correction) reached 0.920, still
short of 0.93, and at the price of a per-story neighbourhood statistic we chose not to maintain.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from feeds.related.analysis import Doc, Params
from feeds.related.index import RelatedIndex
from feeds.text import clean_line, clean_text, fold

Extractor = Callable[[str], Sequence[Any]]

VARIANTS: dict[str, Params] = {
    "tfidf plain (raw tf, no title boost, no stemming)": Params(
        sublinear=False, title_boost=1.0, stemming=False, max_terms=100_000, query_terms=100_000
    ),
    "tfidf sublinear": Params(title_boost=1.0, stemming=False, max_terms=100_000, query_terms=100_000),
    "+ title x3": Params(stemming=False, max_terms=100_000, query_terms=100_000),
    "+ stemming": Params(max_terms=100_000, query_terms=100_000),
    "+ prune to 128 terms, 64 query terms (default)": Params(),
    "default, no stop words": Params(stop_words=False),
    "default + bigrams": Params(bigrams=True),
    "default, title x1": Params(title_boost=1.0),
    "default, title x5": Params(title_boost=5.0),
    "bm25 weights (k1 1.2, b 0.75)": Params(scheme="bm25"),
    "default + pseudo relevance feedback (3 docs)": Params(prf_docs=3),
    "words and names pooled in one vector": Params(entity_share=None),
    "names blended at 0.5": Params(entity_share=0.5),
    "default, 64 terms kept": Params(max_terms=64, query_terms=48),
    "default, 256 terms kept": Params(max_terms=256, query_terms=64),
}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The labelled articles; blank lines are skipped, a malformed line is an error naming its number."""
    rows = []
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc})") from exc
        if not isinstance(row, dict) or not {"id", "label"} <= row.keys():
            raise ValueError(f"{path}:{number}: needs at least 'id' and 'label'")
        rows.append(row)
    return rows


def find_extractor() -> Extractor | None:
    """``feeds.entities.extract`` if newsdesk has a working one (module present, model trained); else None."""
    try:
        from feeds import entities

        extract = getattr(entities, "extract", None)
        if not callable(extract):
            return None
        extract("Angela Merkel met Emmanuel Macron in Paris.")
    except Exception as exc:  # any failure of an optional part means "text only", said aloud
        print(f"note: entities off ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None
    return extract


def to_doc(row: dict[str, Any], extract: Extractor | None) -> Doc:
    """An evaluation row as the index sees a story: clean text, entity keys when an extractor is given."""
    title = clean_line(str(row.get("title") or ""))
    text = clean_text(str(row.get("text") or ""))
    keys: list[str] = []
    names: dict[str, str] = {}
    if extract is not None:
        for entity in extract(f"{title}\n\n{text}"):
            name = str(getattr(entity, "text", "") or "")
            key = str(getattr(entity, "key", "") or fold(name))
            if key:
                keys.append(key)
                names.setdefault(key, name or key)
    return Doc(str(row["id"]), "eval", title, text, 0.0, tuple(keys), names)


def evaluate(docs: list[Doc], labels: dict[str, str], params: Params) -> dict[str, float]:
    """P@1 and P@5 of the ranking (threshold off), and how often the threshold empties or cuts a list."""
    index = RelatedIndex(dataclasses.replace(params, min_score=0.0))
    index.add(docs)
    shown = RelatedIndex(params)
    shown.add(docs)
    sizes = Counter(labels.values())
    p1 = p5 = 0.0
    lonely_empty = lonely = kept_right = kept = 0
    started = time.perf_counter()
    for doc in docs:
        label = labels[doc.id]
        top = index.related(doc.id, k=5)
        hits = [labels[s.id] == label for s in top]
        p1 += float(bool(hits) and hits[0])
        p5 += sum(hits) / 5
        visible = shown.related(doc.id, k=5)
        kept += len(visible)
        kept_right += sum(labels[s.id] == label for s in visible)
        if sizes[label] == 1:
            lonely += 1
            lonely_empty += not visible
    elapsed = time.perf_counter() - started
    n = max(len(docs), 1)
    return {
        "p1": p1 / n,
        "p5": p5 / n,
        "shown_precision": kept_right / max(kept, 1),
        "shown_per_query": kept / n,
        "lonely": lonely,
        "lonely_empty": lonely_empty,
        "ms_per_query": 1000 * elapsed / n / 2,
    }


def halves(labels: dict[str, str]) -> list[tuple[str, set[str]]]:
    """Four halves of the labels, from two splits, each naming the labels it keeps."""
    names = sorted(set(labels.values()))
    odd = set(names[::2])
    hashed = {name for name in names if zlib.crc32(name.encode()) % 2}
    return [
        ("sorted labels, 1st of each pair", odd),
        ("sorted labels, 2nd of each pair", set(names) - odd),
        ("label hash odd", hashed),
        ("label hash even", set(names) - hashed),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.related.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("file", type=Path, help="JSON lines of id, label, title, text")
    parser.add_argument("--no-entities", action="store_true", help="text only, even if an extractor exists")
    parser.add_argument("--variants", action="store_true", help="also measure each weighting variant")
    parser.add_argument("--halves", action="store_true", help="also measure on halves of the file, by label")
    args = parser.parse_args(argv)
    try:
        rows = read_jsonl(args.file)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    extract = None if args.no_entities else find_extractor()
    docs = [to_doc(row, extract) for row in rows]
    labels = {doc.id: str(row["label"]) for doc, row in zip(docs, rows, strict=True)}
    result = evaluate(docs, labels, Params())
    print(f"P@1 {result['p1']:.3f}")
    print(f"P@5 {result['p5']:.3f}")
    sizes = Counter(labels.values())
    ceiling = sum(min(5, sizes[label] - 1) / 5 for label in labels.values()) / max(len(labels), 1)
    print(
        f"ceiling of P@5 on this file (a label with fewer than 6 articles cannot fill 5 places): {ceiling:.3f}"
    )
    print(
        f"queries {len(docs)}, entities {'on' if extract else 'off'}, {result['ms_per_query']:.2f} ms/query"
    )
    print(
        f"with the threshold (cosine >= {Params().min_score}): {result['shown_per_query']:.2f} shown per query, "
        f"{result['shown_precision']:.3f} of them right; "
        f"{result['lonely_empty']}/{result['lonely']} stories alone in their label got an empty list"
    )
    if args.halves:
        for name, keep in halves(labels):
            part = [doc for doc in docs if labels[doc.id] in keep]
            r = evaluate(part, labels, Params())
            print(f"  half ({name}, {len(part)} queries): P@1 {r['p1']:.3f}  P@5 {r['p5']:.3f}")
    if args.variants:
        variants = dict(VARIANTS)
        if extract is not None:
            variants["default + entities x2"] = Params(entity_weight=2.0)
            variants["default, entities off"] = Params(entity_weight=0.0)
        for name, params in variants.items():
            r = evaluate(docs, labels, params)
            print(f"  {r['p1']:.3f}  {r['p5']:.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
