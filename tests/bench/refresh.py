"""Part 1: refresh side by side. ``newsdesk refresh`` and ``newsboat -x reload`` on the same generated feeds.

The feeds (``tests/feedgen.make_feed(n, 50)``, fixed seed) are served by ``tests/httpserver.FeedServer`` on
127.0.0.1, with ETag and Last-Modified and 304s for conditional requests, gzipped when asked (compressed once
before timing, so the server's compressor is not in any figure). Each run starts from an empty store / cache:
newsdesk imports an OPML file of the feeds (not timed), then ``newsdesk refresh`` is timed as a whole command,
process start to exit; then a second refresh with nothing changed. newsboat the same with its cache. Runs
alternate which tool goes first. After each newsdesk refresh the stories are checked: ``newsdesk stories --json
--limit 0`` must list every generated story (by link), each with its title.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

from tests.httpserver import FeedServer

from . import corpus, paint, stores
from .common import (
    NOT_AVAILABLE,
    NOT_BUILT,
    Context,
    Row,
    Section,
    child_env,
    judge,
    median,
    newsboat_path,
    newsdesk_command,
)
from .newsboat import CONFIG, MISSING, Newsboat

TOOLS = ("newsdesk", "newsboat")


def _opml(urls: list[str]) -> str:
    outlines = "\n".join(
        f'    <outline type="rss" text="Generated News {n}" xmlUrl={quoteattr(u)}/>'
        for n, u in enumerate(urls)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>bench</title></head><body>\n'
        f"{outlines}\n</body></opml>\n"
    )


class NewsdeskRun:
    """One fresh newsdesk data folder subscribed to the feeds."""

    def __init__(self, folder: Path, opml: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.env = child_env(folder)
        self.run("import", str(opml))

    def run(self, *args: str, timeout: float = 300) -> tuple[float, str]:
        argv = [*newsdesk_command(), *args, "--data-dir", str(self.data)]
        started = time.perf_counter()
        proc = subprocess.run(
            argv, env=self.env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
        )
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"newsdesk {args[0]} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
        return elapsed, proc.stdout

    def check_stored(self, expected: dict[str, str]) -> tuple[int, list[str]]:
        """(stories listed, problems) of ``newsdesk stories --json --limit 0`` against link -> title."""
        _, out = self.run("stories", "--json", "--limit", "0")
        listed = json.loads(out)
        problems = []
        links = {s["link"]: s["title"] for s in listed}
        missing = set(expected) - set(links)
        if missing:
            problems.append(f"{len(missing)} generated stories are not listed, e.g. {sorted(missing)[0]}")
        wrong = [link for link, title in expected.items() if link in links and links[link] != title]
        if wrong:
            problems.append(f"{len(wrong)} stories listed with another title, e.g. {wrong[0]}")
        if len(listed) != len(links):
            problems.append(f"{len(listed) - len(links)} stories listed twice")
        return len(listed), problems


def _conditional(server: FeedServer, paths: list[str]) -> int:
    """How many of the last requests for ``paths`` carried If-None-Match or If-Modified-Since."""
    count = 0
    for path in paths:
        headers = server.headers(path)
        count += bool(headers.get("if-none-match") or headers.get("if-modified-since"))
    return count


def _painted(ctx: Context, nd: NewsdeskRun) -> float:
    """Seconds from start to the reader painting the newest refreshed story (raises if it never does)."""
    marker = stores.newest_title(ctx, "small")[:16]
    return paint.launch(nd.data, nd.folder, marker).paint_s


def run(ctx: Context) -> Section:
    sec = Section("refresh", "Refresh side by side")
    feeds, per_feed = ctx.feeds, ctx.per_feed("small")
    runs = 1 if ctx.quick else ctx.runs
    paths = [f"/feed/{n}.xml" for n in range(feeds)]
    ctx.log(f"refresh: generating {feeds} feeds x {per_feed} stories")
    content = {p: corpus.rss(ctx, n, per_feed) for n, p in enumerate(paths)}
    expected = {it.link: it.title for it in corpus.items(ctx, feeds, per_feed)}
    have_newsboat = newsboat_path() is not None
    times: dict[tuple[str, str], list[float]] = {(t, k): [] for t in TOOLS for k in ("fresh", "unchanged")}
    stored: list[int] = []
    painted: list[float] = []
    problems: list[str] = []
    seen: dict[str, dict[str, int]] = {}
    with FeedServer(content) as server:
        for res in server.resources.values():
            res.gzipped()  # compress once, before any timing
        urls = [server.url(p) for p in paths]
        opml = ctx.work / "refresh-feeds.opml"
        opml.write_text(_opml(urls), encoding="utf-8")
        sec.details["feed_bytes"] = sum(len(b) for b in content.values())
        for n in range(runs):
            order = TOOLS if n % 2 == 0 else TOOLS[::-1]
            for tool in order:
                if tool == "newsboat" and not have_newsboat:
                    continue
                folder = ctx.scratch(f"refresh-{tool}-{n}")
                if tool == "newsdesk":
                    nd = NewsdeskRun(folder, opml)
                    server.reset_stats()
                    fresh = nd.run("refresh")[0]
                    gz_fresh = sum(server.gzipped.values())
                    count, found = nd.check_stored(expected)
                    stored.append(count)
                    problems += found
                    if not painted and paint.reader_built():
                        painted.append(_painted(ctx, nd))
                    server.reset_stats()
                    again = nd.run("refresh")[0]
                else:
                    nb = Newsboat(folder, urls)
                    server.reset_stats()
                    fresh = nb.reload()
                    gz_fresh = sum(server.gzipped.values())
                    _, unread = nb.unread()
                    if unread != len(expected):
                        problems.append(f"newsboat holds {unread} unread articles, not {len(expected)}")
                    server.reset_stats()
                    again = nb.reload()
                    ctx.cache.setdefault("newsboat", {})["small"] = nb  # start-up's reference reuses it
                seen[tool] = {
                    "gzipped_fresh": gz_fresh,
                    "requests_second_refresh": server.total,
                    "conditional_second_refresh": _conditional(server, paths),
                    "gzipped_second_refresh": sum(server.gzipped.values()),
                }
                times[(tool, "fresh")].append(fresh)
                times[(tool, "unchanged")].append(again)
                ctx.log(
                    f"refresh run {n + 1}/{runs}: {tool} fresh {fresh:.2f} s, nothing changed {again:.2f} s"
                )
    sec.details["times_s"] = {f"{t}.{k}": v for (t, k), v in times.items()}
    sec.details["second_refresh_requests"] = seen
    sec.details["stored_counts"] = stored
    total = len(expected)
    for kind, label, budget in (
        ("fresh", f"refresh {feeds} feeds x {per_feed}, empty store", 0.7),
        ("unchanged", "second refresh, nothing changed", 0.1),
    ):
        mine = median(times[("newsdesk", kind)])
        sec.add(Row(f"refresh.{kind}.newsdesk", f"{label}: newsdesk", mine, "s", stories=total))
        theirs_times = times[("newsboat", kind)]
        theirs: float | str = median(theirs_times) if theirs_times else NOT_AVAILABLE
        sec.add(Row(f"refresh.{kind}.newsboat", f"{label}: newsboat -x reload", theirs, "s", stories=total))
        ratio: float | str = mine / theirs if isinstance(theirs, float) else NOT_AVAILABLE
        sec.add(
            Row(
                f"refresh.{kind}.ratio",
                f"{label}: newsdesk / newsboat",
                ratio,
                "x",
                f"<= {budget}x",
                judge(ratio, budget, ctx),
                total,
            )
        )
    ok = bool(stored) and all(c == total for c in stored) and not problems
    sec.add(
        Row(
            "refresh.stored",
            "stories stored and listed after the refresh (min over runs)",
            min(stored),
            "stories",
            f"= {total:,}",
            ok,
            total,
        )
    )
    sec.add(
        Row(
            "refresh.visible",
            "reader on the refreshed store: start to newest story painted",
            painted[0] if painted else NOT_BUILT,
            "s",
            "newest story shown",
            True if painted else None,
            total,
        )
    )
    sec.notes.append(
        f"Each figure is the median of {runs} run(s) of the whole command (process start to exit), tools "
        "alternating which goes first, each run on an empty store / cache; the second refresh follows on the same "
        "store. The HTTP server runs in the benchmark's own process on the same 2 cores."
    )
    sec.notes.append(
        "newsboat config: " + "; ".join(CONFIG.strip().splitlines()) + " (-u/-c/-C in a scratch HOME)."
    )
    for tool, stats in seen.items():
        sec.notes.append(
            f"{tool}: fresh refresh, {stats['gzipped_fresh']}/{feeds} bodies sent gzipped; second refresh, "
            f"{stats['conditional_second_refresh']}/{feeds} requests conditional, "
            f"{stats['gzipped_second_refresh']} bodies sent gzipped."
        )
    if not have_newsboat:
        sec.notes.append(MISSING)
    sec.notes += problems
    return sec
