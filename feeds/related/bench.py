"""Speed, memory and duplicate-threshold measurements of the related-stories index.

``python -m feeds.related.bench [--stories 50000] [--queries 300]``
    Builds an index of synthetic-but-realistic stories (sentences of wikiref220 sampled per topic with a fixed
    seed, plus rare made-up names so the vocabulary grows as a real one does, plus 3% edited copies), then
    reports build time, memory held by the index, per-query time of ``related()``, an incremental add, the
    duplicate grouping, and a save/load round trip.

``python -m feeds.related.bench --duplicates``
    The data behind ``dupes.DUPLICATE_JACCARD``: estimated shingle Jaccard of made duplicates (copies with a
    new title and edited words, updated versions with a sentence added, shortened versions) against pairs of
    different reports on the same topic.

Speed is measured here, never asserted in tests (shared machines make timed assertions flaky).
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from feeds.related import dupes
from feeds.related.analysis import Doc
from feeds.related.evaluate import read_jsonl
from feeds.related.index import RelatedIndex
from feeds.text import clean_line, clean_text

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "related" / "wikiref220.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def topics(path: Path) -> dict[str, list[list[str]]]:
    """Sentences of each article, grouped by label."""
    out: dict[str, list[list[str]]] = {}
    for row in read_jsonl(path):
        text = clean_text(str(row.get("text") or ""))
        sentences = [s for s in _SENTENCE.split(text.replace("\n", " ")) if len(s.split()) >= 5]
        if sentences:
            out.setdefault(str(row["label"]), []).append(sentences)
    return out


def synthetic(n: int, path: Path, seed: int = 7) -> list[Doc]:
    """``n`` news-sized stories: 2-10 sentences drawn from one topic, a title from a sentence start, rare names.

    Sentences are drawn from anywhere in the topic (not a run of one article), so two stories rarely share
    wording by accident; 3% are edited copies of an earlier story (another feed, or an update). The made-up
    names, log-uniform over 400k, make the vocabulary grow as a real one does (wikiref220 alone has ~15k stems).
    """
    rng = random.Random(seed)
    by_topic = {label: [s for article in arts for s in article] for label, arts in topics(path).items()}
    labels = sorted(by_topic)
    weights = [len(by_topic[label]) for label in labels]
    docs: list[Doc] = []
    for i in range(n):
        if docs and rng.random() < 0.03:
            src = docs[rng.randrange(len(docs))]
            words = src.text.split()
            words[rng.randrange(len(words))] = "reportedly"
            docs.append(Doc(f"s{i}", f"f{i % 200}", src.title, " ".join(words), float(i)))
            continue
        pool = by_topic[rng.choices(labels, weights)[0]]
        sentences = rng.sample(pool, min(len(pool), rng.randint(2, 10)))
        names = [f"name{int(400_000 ** rng.random())}" for _ in range(4)]
        text = " ".join(sentences) + " " + " ".join(names).title() + "."
        title = clean_line(" ".join(rng.choice(pool).split()[:9]))
        docs.append(Doc(f"s{i}", f"f{i % 200}", title, text, float(i)))
    return docs


def bench(n: int, queries: int) -> None:
    docs = synthetic(n + 500, DATA)
    extra, docs = docs[n:], docs[:n]
    words = statistics.mean(len(d.text.split()) for d in docs)
    print(f"{n} synthetic stories, {words:.0f} words each on average")
    gc.collect()
    tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    index = RelatedIndex()
    index.add(docs)
    index.compact()
    built, built_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"build {built:.1f} s ({built_cpu:.1f} s cpu, under tracemalloc); index holds {held / 2**20:.1f} MiB (peak while building {peak / 2**20:.1f} MiB)"
    )
    arrays = {
        name: getattr(index, name).nbytes
        for name in (
            "_fterms",
            "_ftf",
            "_fperson",
            "_pdocs",
            "_pw",
            "_sigs",
            "_df",
            "_cf",
            "_people",
            "_published",
            "_lengths",
        )
    }
    print("  arrays: " + ", ".join(f"{k.strip('_')} {v / 2**20:.1f}" for k, v in arrays.items()) + " MiB")
    print(f"  vocabulary {len(index._terms)} terms")
    rng = random.Random(1)
    sample = [d.id for d in rng.sample(docs, queries)]
    index.related(sample[0])
    wall, cpu, found = [], [], 0
    for doc_id in sample:
        t0, c0 = time.perf_counter(), time.process_time()
        found += bool(index.related(doc_id, 8))
        wall.append(1000 * (time.perf_counter() - t0))
        cpu.append(1000 * (time.process_time() - c0))
    for name, times in (("wall", wall), ("cpu", cpu)):
        times.sort()
        print(
            f"related() {name}: mean {statistics.mean(times):.2f} ms, median {times[len(times) // 2]:.2f}, "
            f"p95 {times[int(len(times) * 0.95)]:.2f}, max {times[-1]:.2f}"
        )
    print(f"  {found}/{queries} stories had neighbours above the threshold")
    t0, c0 = time.perf_counter(), time.process_time()
    groups = index.duplicate_groups()
    print(f"duplicate_groups(): {len(groups)} groups in {_took(t0, c0)}")
    t0, c0 = time.perf_counter(), time.process_time()
    index.add(extra)
    print(f"add 500 more: {_took(t0, c0)}")
    t0, c0 = time.perf_counter(), time.process_time()
    for doc_id in sample[:100]:
        index.related(doc_id, 8)
    print(f"100 related() with those 500 in the buffer: {_took(t0, c0)}")
    t0, c0 = time.perf_counter(), time.process_time()
    index.compact()
    print(f"compact(): {_took(t0, c0)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "related.npz"
        t0, c0 = time.perf_counter(), time.process_time()
        index.save(path)
        print(f"save: {_took(t0, c0)}, file {path.stat().st_size / 2**20:.1f} MiB")
        t0, c0 = time.perf_counter(), time.process_time()
        loaded = RelatedIndex.load(path)
        print(f"load: {_took(t0, c0)}, {len(loaded)} stories")


def _took(wall_start: float, cpu_start: float) -> str:
    """Wall and CPU milliseconds since the two starts (CPU is what a busy shared machine distorts least)."""
    wall = 1000 * (time.perf_counter() - wall_start)
    cpu = 1000 * (time.process_time() - cpu_start)
    return f"{wall:.0f} ms wall, {cpu:.0f} ms cpu"


def duplicates(path: Path, seed: int = 3) -> None:
    """Estimated Jaccard of made duplicates versus different reports of one topic (news-sized leads)."""
    rng = random.Random(seed)
    by_topic = topics(path)
    positives: dict[str, list[float]] = {
        "copy, new title, 1 word in 50 edited": [],
        "update, +1 sentence": [],
    }
    positives["shortened to 70%"] = []
    negatives: list[float] = []
    for articles in by_topic.values():
        leads = [" ".join(a[:4]) for a in articles if len(a) >= 5]
        for lead, nxt in zip(leads, [" ".join(a[4:5]) for a in articles if len(a) >= 5], strict=True):
            base = dupes.signature("A title", lead)
            if base is None:
                continue
            words = lead.split()
            for _ in range(max(1, len(words) // 50)):
                words[rng.randrange(len(words))] = "edited"
            variants = {
                "copy, new title, 1 word in 50 edited": dupes.signature(
                    "Another headline here", " ".join(words)
                ),
                "update, +1 sentence": dupes.signature("A title", lead + " " + nxt),
                "shortened to 70%": dupes.signature(
                    "A title", " ".join(lead.split()[: int(len(lead.split()) * 0.7)])
                ),
            }
            for name, sig in variants.items():
                if sig is not None:
                    positives[name].append(float(dupes.jaccard(base, sig)))
        sigs = [s for s in (dupes.signature("", lead) for lead in leads) if s is not None]
        for i in range(len(sigs)):
            for j in range(i + 1, len(sigs)):
                negatives.append(float(dupes.jaccard(sigs[i], sigs[j])))
    for name, values in positives.items():
        v = np.array(values)
        print(
            f"{name:40s} n={len(v):4d} min {v.min():.2f} p1 {np.percentile(v, 1):.2f} median {np.median(v):.2f}"
        )
    v = np.array(negatives)
    print(
        f"{'different reports, same topic':40s} n={len(v):4d} max {v.max():.2f} "
        f"p99.9 {np.percentile(v, 99.9):.2f} median {np.median(v):.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m feeds.related.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--duplicates", action="store_true", help="measure the duplicate threshold instead")
    parser.add_argument("--data", type=Path, default=DATA, help="JSON lines of id, label, title, text")
    args = parser.parse_args(argv)
    if args.duplicates:
        duplicates(args.data)
    else:
        bench(args.stories, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
