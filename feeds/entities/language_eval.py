"""Measure the language gate on the shared news feeds: ``python -m feeds.entities.language_eval [SHARED_DATA]``.

SHARED_DATA is the shared data folder (default ``../shared/data``). For every feed in its ``feeds/news/``: the
language it declares, how many story bodies (what enrichment tags) and titles the text check alone takes as
English, how many stories the whole gate lets through (declared language, then text), and how many names the
extractor finds with and without the gate. Then the same check on every sentence and document of CoNLL-2003
``eng.train`` and ``eng.testa`` (all English: every one must pass), and the gate's cost per story body.
The figures quoted in :mod:`feeds.entities.language` come from this command.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from feeds.entities.conll import read_conll
from feeds.entities.language import is_english, looks_english
from feeds.entities.tagger import Extractor

#: The feeds in another language than English (the rest are English), by file name.
LANGUAGES = {
    "aktuality-sk.rss": "sk",
    "bbc-chinese_2015-03.atom": "zh",
    "dw-chinese_2015-03.rdf": "zh",
    "golem-de_2018-10_iso-8859-1.xml": "de",
    "heise-online_2018-10.rdf": "de",
    "bbc-urdu.xml": "ur",
    "uol-noticias_pt.rss": "pt",
}


def _share(hits: int, total: int) -> str:
    return f"{hits}/{total}"


def feeds_report(news: Path, extractor: Extractor) -> list[str]:
    from feeds.parse import parse_feed

    lines = [
        f"{'feed':<42} {'lang':<4} {'declared':<8} {'bodies':>9} {'titles':>9} {'gate':>9} {'names':>11}"
    ]
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * 8)
    bodies: list[str] = []
    for path in sorted(news.iterdir()):
        parsed = parse_feed(path.read_bytes(), "eval", url="http://example.com/")
        lang = LANGUAGES.get(path.name, "en")
        texts = [s.text for s in parsed.stories if s.text.strip()]
        titles = [s.title for s in parsed.stories]
        bodies += texts
        row = [
            sum(map(looks_english, texts)),
            len(texts),
            sum(map(looks_english, titles)),
            len(titles),
            sum(is_english(t, parsed.language) for t in texts),
            len(texts),
            sum(len(extractor.extract(t)) for t in texts if is_english(t, parsed.language)),
            sum(len(extractor.extract(t)) for t in texts),
        ]
        totals[lang] = [a + b for a, b in zip(totals[lang], row, strict=True)]
        lines.append(
            f"{path.name[:42]:<42} {lang:<4} {parsed.language[:8] or '-':<8} {_share(*row[0:2]):>9} "
            f"{_share(*row[2:4]):>9} {_share(*row[4:6]):>9} {_share(*row[6:8]):>11}"
        )
    lines.append("per language (judged English / all; names kept / found without the gate):")
    for lang, row in sorted(totals.items()):
        lines.append(
            f"  {lang}: bodies {_share(*row[0:2])}, titles {_share(*row[2:4])}, gate {_share(*row[4:6])}, "
            f"names {_share(*row[6:8])}"
        )
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for text in bodies:
            looks_english(text)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    for text in bodies:
        extractor.extract(text)  # the model's word cache is warm by now, as in a long-running reader
    tagging = time.perf_counter() - start
    count = max(len(bodies), 1)
    lines.append(
        f"cost per story body ({len(bodies)} bodies): gate {best / count * 1e6:.1f} µs (best of 5), "
        f"tagging {tagging / count * 1e6:.0f} µs"
    )
    return lines


def conll_report(path: Path) -> str:
    docs = read_conll(path)
    sentences = [" ".join(s.words) for d in docs for s in d.sentences]
    texts = ["\n".join(" ".join(s.words) for s in d.sentences) for d in docs]
    return (
        f"{path.name}: {sum(map(looks_english, texts))}/{len(texts)} documents and "
        f"{sum(map(looks_english, sentences))}/{len(sentences)} sentences taken as English"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.entities.language_eval", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=Path("../shared/data"),
        help="the shared data folder (default: %(default)s)",
    )
    data = parser.parse_args(argv).data
    news = data / "feeds" / "news"
    if not news.is_dir():
        print(f"no shared feeds at {news}", file=sys.stderr)
        return 2
    for line in feeds_report(news, Extractor()):
        print(line)
    for name in ("eng.train", "eng.testa"):
        conll = data / "ner" / "conll2003" / name
        if conll.is_file():
            print(conll_report(conll))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
