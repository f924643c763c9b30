"""Measure fetch_many: 200 generated feeds (about 100 KB each) from the local test server, fresh and all-304.

Run: ``.venv/bin/python -m tests.bench_fetch [--feeds 200] [--items 50] [--concurrency 16] [--rounds 3]``

The server runs in a child process, as a real feed server would: in the same process its threads would compete
with the fetcher's for the GIL and the numbers would mostly measure that (``--in-process`` shows it).

Fresh: no validators, so every feed comes back whole (gzipped on the wire, as the client asks). All-304: each
request carries the ETag and Last-Modified of the fresh round. The server gzips each feed once before timing
starts, so the numbers are the client's and the loopback's, not the test server's compressor. Speed is measured
here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection

from feeds.fetch import FetchRequest, FetchResult, fetch_many
from tests.feedgen import make_feed
from tests.httpserver import FeedServer


def _round(reqs: list[FetchRequest], concurrency: int, cpu: list[float]) -> tuple[float, list[FetchResult]]:
    """Wall seconds for one fetch_many over ``reqs``; this process's CPU seconds are appended to ``cpu`` (on a
    busy machine they say more about the fetcher's own cost than the wall clock does)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    results = list(fetch_many(reqs, concurrency=concurrency))
    cpu.append(time.process_time() - cpu_started)
    return time.perf_counter() - started, results


def _serve(feeds: int, items: int, conn: Connection) -> None:
    """Child process: serve the feeds (gzipped once up front), report the base URL, wait for "stop", report
    the server's counters."""
    with FeedServer({f"/feed/{n}.xml": make_feed(n, items) for n in range(feeds)}) as server:
        for res in server.resources.values():
            res.gzipped()
        conn.send(server.base_url)
        conn.recv()
        conn.send((server.total, server.max_active))


@contextmanager
def _server(feeds: int, items: int, in_process: bool) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """The base URL of a running server; after the block, the list holds (requests served, most in flight)."""
    stats: list[tuple[int, int]] = []
    if in_process:
        with FeedServer({f"/feed/{n}.xml": make_feed(n, items) for n in range(feeds)}) as server:
            for res in server.resources.values():
                res.gzipped()
            yield server.base_url, stats
            stats.append((server.total, server.max_active))
        return
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(feeds, items, child), daemon=True)
    proc.start()
    try:
        yield parent.recv(), stats
        parent.send("stop")
        stats.append(parent.recv())
    finally:
        proc.join(10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--in-process", action="store_true", help="run the server on threads of this process")
    args = parser.parse_args(argv)

    content = {f"/feed/{n}.xml": make_feed(n, args.items) for n in range(args.feeds)}
    size = sum(len(b) for b in content.values())
    print(
        f"{args.feeds} feeds, {size / args.feeds / 1024:.0f} KB each on average ({size / 2**20:.1f} MB), "
        f"concurrency {args.concurrency}, server {'in this process' if args.in_process else 'in a child process'}"
    )
    fresh_times: list[float] = []
    cond_times: list[float] = []
    fresh_cpu: list[float] = []
    cond_cpu: list[float] = []
    with _server(args.feeds, args.items, args.in_process) as (base_url, stats):
        plain = [FetchRequest(base_url + path) for path in content]
        for _ in range(args.rounds):
            seconds, results = _round(plain, args.concurrency, fresh_cpu)
            assert all(r.outcome == "ok" for r in results), [r.error for r in results if r.error][:3]
            assert sum(len(r.body) for r in results) == size
            fresh_times.append(seconds)
            conditional = [FetchRequest(r.url, r.etag, r.last_modified) for r in results]
            seconds, results = _round(conditional, args.concurrency, cond_cpu)
            assert all(r.outcome == "not_modified" for r in results)
            cond_times.append(seconds)
    print(f"requests served: {stats[0][0]}, most in flight at once: {stats[0][1]}")
    for name, times, cpu in (("fresh", fresh_times, fresh_cpu), ("all-304", cond_times, cond_cpu)):
        print(
            f"{name:8} median {statistics.median(times):.3f} s  best {min(times):.3f} s  "
            f"({', '.join(f'{t:.3f}' for t in times)}); client CPU median {statistics.median(cpu):.3f} s"
        )


if __name__ == "__main__":
    main()
