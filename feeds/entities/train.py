"""Train the entity model: ``python -m feeds.entities.train [--data eng.train] [--out model.crfsuite]``.

Reads the CoNLL-2003 English training split from the shared data beside the repo (never shipped: only the
trained weights are), adds case-augmented copies of some sentences so ALL-CAPS and all-lowercase headlines are
tagged too, and trains a linear-chain CRF (L-BFGS, elastic net) with crfsuite on one thread. The feature options
and training settings are written to a JSON file beside the model so run time builds the very same features.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path

from feeds.entities.conll import Document, Sentence, read_conll, to_iob2
from feeds.entities.features import MIXED, Featurizer, Options, sentence_mode
from feeds.entities.tagger import MODEL_PATH, config_path
from feeds.entities.tokens import normal

ROOT = Path(__file__).resolve().parents[2]
CONLL = ROOT.parent / "shared" / "data" / "ner" / "conll2003"


def augment(docs: list[Document], upper: float, lower: float, seed: int = 13) -> int:
    """Append upper- and lower-cased copies of a random share of each document's mixed-case sentences."""
    rng = random.Random(seed)
    added = 0
    for doc in docs:
        copies: list[Sentence] = []
        for sentence in doc.sentences:
            if sentence_mode(sentence.words) != MIXED or len(sentence.words) < 4:
                continue
            if rng.random() < upper:
                copies.append(Sentence([w.upper() for w in sentence.words], sentence.tags))
            if rng.random() < lower:
                copies.append(Sentence([w.lower() for w in sentence.words], sentence.tags))
        doc.sentences.extend(copies)
        added += len(copies)
    return added


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m feeds.entities.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=CONLL / "eng.train", help="CoNLL training file")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    parser.add_argument("--c1", type=float, default=0.2, help="L1 penalty (sparser, smaller model)")
    parser.add_argument("--c2", type=float, default=0.05, help="L2 penalty")
    parser.add_argument("--iterations", type=int, default=150, help="L-BFGS iterations")
    parser.add_argument("--minfreq", type=float, default=0, help="drop features seen fewer times than this")
    parser.add_argument("--upper", type=float, default=0.3, help="share of sentences added in ALL CAPS")
    parser.add_argument("--lower", type=float, default=0.2, help="share of sentences added in lower case")
    parser.add_argument("--no-consistency", action="store_true", help="run time: no document type voting")
    parser.add_argument("--no-fill", action="store_true", help="run time: do not tag missed repeats of names")
    defaults = Options()
    parser.add_argument("--affixes", type=int, default=defaults.affixes)
    parser.add_argument("--window", type=int, default=defaults.window)
    for name, value in asdict(defaults).items():
        if isinstance(value, bool):
            flag = name.replace("_", "-")
            parser.add_argument(f"--{flag}", dest=name, action="store_true", default=value)
            parser.add_argument(f"--no-{flag}", dest=name, action="store_false")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    args = parse_args(argv)
    if not args.data.is_file():
        print(f"error: training data not found: {args.data}", file=sys.stderr)
        return 2
    options = Options(**{name: getattr(args, name) for name in asdict(Options())})
    started = time.perf_counter()
    docs = read_conll(args.data)
    added = augment(docs, args.upper, args.lower)
    featurizer = Featurizer(options)
    trainer = pycrfsuite.Trainer(verbose=False)
    sentences = tokens = 0
    for doc in docs:
        words = [[normal(w) for w in s.words] for s in doc.sentences]
        for feats, sentence in zip(featurizer.document(words), doc.sentences, strict=True):
            trainer.append(feats, to_iob2(sentence.tags))
            sentences += 1
            tokens += len(feats)
    built = time.perf_counter()
    print(
        f"{sentences} sentences ({added} case-augmented), {tokens} tokens: features in {built - started:.1f} s"
    )
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    finished = time.perf_counter()
    size = args.out.stat().st_size
    info = trainer.logparser.last_iteration or {}
    print(
        f"trained in {finished - built:.1f} s ({len(trainer.logparser.iterations)} iterations, "
        f"loss {info.get('loss', 0):.1f}, {info.get('active_features', 0)} active features), "
        f"model {size / 1e6:.2f} MB"
    )
    config = {
        "features": asdict(options),
        "consistency": not args.no_consistency,
        "fill": not args.no_fill,
        "training": {
            "data": args.data.name,
            "c1": args.c1,
            "c2": args.c2,
            "iterations": args.iterations,
            "minfreq": args.minfreq,
            "upper": args.upper,
            "lower": args.lower,
            "sentences": sentences,
            "seconds": round(finished - started, 1),
        },
    }
    config_path(args.out).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
