"""A mutation fuzzer for the parser: real feed documents (the test fixtures and the shared feeds) with a few bytes
inserted, deleted or cut off, through :func:`feeds.parse.parse_feed`; prints every new kind of "could not parse
the feed (...)" (the words of a bug: an exception the parser did not expect) and keeps the document that raised it.

    python -m tests.fuzz_mutations [SEED] [SECONDS] [OUT_DIR]

It found feedparser's handlers raising on a Podlove chapter without a start or outside its chapters and on a
category ending in another element, and a stray byte in a declared encoding (``tests/test_redteam7_feeds.py``).
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

from feeds.parse import parse_feed

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data" / "feeds"
TOKENS = [
    *(b"<", b">", b"&", b";", b'"', b"'", b"=", b" ", b"\n", b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf"),
    *(b"&#x0;", b"&#xD800;", b"&#9999999;", b"&amp;", b"&lt;", b"]]>", b"<![CDATA[", b"<!--", b"-->"),
    *(b"<item>", b"</item>", b"<entry>", b"</entry>", b"<title>", b"</title>", b"<guid>", b"</guid>"),
    *(b"<link>", b"<pubDate>", b"0001", b"9999", b"-", b"javascript:", b'type="html"', b'xml:base=".."'),
    *(b'xmlns:a="x"', b"<a:b>", b"<!DOCTYPE x [<!ENTITY e 'x'>]>", b"&e;"),
    b"<?xml version='1.0' encoding='utf-16'?>",
]
CONTENT_TYPES = ["", "application/rss+xml", "text/xml; charset=windows-1251", "application/json"]


def documents() -> list[bytes]:
    paths = [p for p in (ROOT / "fixtures" / "feeds").iterdir() if not p.name.endswith(".gz")]
    if SHARED.is_dir():
        kinds = (".xml", ".json", ".rss", ".atom", ".rdf")
        paths += [p for p in SHARED.rglob("*") if p.suffix in kinds and p.stat().st_size < 300_000]
    return [p.read_bytes() for p in paths if p.is_file()]


def mutate(doc: bytes, rnd: random.Random) -> bytes:
    out = bytearray(doc)
    for _ in range(rnd.randint(1, 8)):
        op, pos = rnd.random(), rnd.randrange(len(out) + 1)
        if op < 0.4:
            out[pos:pos] = rnd.choice(TOKENS)
        elif op < 0.7:
            del out[pos : pos + rnd.randint(1, 50)]
        elif op < 0.85:
            del out[pos:]
        else:
            start = rnd.randrange(len(out) + 1)
            out[pos:pos] = out[start : start + rnd.randint(1, 200)]
    return bytes(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz_mutations", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("seed", nargs="?", type=int, default=1)
    parser.add_argument("seconds", nargs="?", type=float, default=60.0)
    parser.add_argument("out_dir", nargs="?", type=Path, default=Path("."), help="where raising documents go")
    args = parser.parse_args(argv)
    seed, seconds, out_dir = args.seed, args.seconds, args.out_dir
    rnd, docs, kinds = random.Random(seed), documents(), collections.Counter[str]()
    ends, count = time.monotonic() + seconds, 0
    while time.monotonic() < ends:
        doc = mutate(rnd.choice(docs), rnd)
        count += 1
        feed = parse_feed(doc, "f", url="http://e.example/feed", content_type=rnd.choice(CONTENT_TYPES))
        if feed.error.startswith("could not parse"):
            kind = feed.error[:120]
            if not kinds[kind]:
                (out_dir / f"raised-{len(kinds)}.bin").write_bytes(doc)
                print("raised:", kind, flush=True)
            kinds[kind] += 1
    print(f"{count} documents, {sum(kinds.values())} raised")
    return 1 if kinds else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
