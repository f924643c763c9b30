"""Refresh: fetch -> parse -> store for N feeds, with a progress event and a result per feed.

Fetching runs in threads (``fetch_many``), parsing in a process pool on every core when there is enough to parse
(feedparser is pure Python and is most of a refresh's time), and saving in the calling thread: the store has one
writer. Parsed feeds are saved a few at a time as they come in (within :data:`GATHER` seconds, one commit group
for them all), so a crash loses at most the feeds parsed in that moment, and a cancel none already parsed.
Feed records (validators, status) are written together every second or so and at the end, so an all-304 refresh
costs one small write in all.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import functools
import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .fetch import FetchRequest, FetchResult, fetch_many
from .fetch_words import MAX_RETRY_AFTER, when_words
from .identity import known_again
from .model import Feed, FeedStatus
from .moved import moved_onto, moved_words, same_address_words
from .oversize import cut_digest, held_now, in_part, stored_in_part
from .refresh_pool import POOL_MIN, Parsed, Parser, connections_within, ctrl_c_held
from .storage import StoreError
from .store import Store
from .store_feeds import address_key
from .text import hide_password

Outcome = Literal["new", "updated", "unchanged", "failed", "gone", "skipped"]

#: A refresh saves its parsed feeds in commit groups of this many, or of those parsed within GATHER seconds of
#: the first: one round of fsyncs (each file's, each folder's) for the group. Saved as each came in, a fresh
#: refresh of 200 feeds made 117-179 groups of one or two feeds, and their syncs were a third of the saving
#: process's CPU; now about 30.
GROUP = 8
GATHER = 0.15


@dataclass(frozen=True, slots=True)
class FeedResult:
    feed_id: str
    name: str
    outcome: Outcome
    new: int = 0
    updated: int = 0
    error: str = ""
    warning: str = ""  # the document was read in part, in words (see feeds.oversize); not a failure

    @property
    def read_in_part(self) -> bool:
        """The document was read in part and the feed did not fail (as :attr:`FeedStatus.read_in_part`)."""
        return bool(self.warning) and self.outcome not in ("failed", "gone")


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    current: str  # the feed just finished
    errors: int
    result: FeedResult | None = None
    new_story_ids: tuple[str, ...] = ()


def body_hash(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=8).hexdigest()


def _failure(
    feed: Feed,
    now: float,
    error: str,
    *,
    gone: bool = False,
    retry_after: float | None = None,
    moved_to: str = "",
) -> Feed:
    return feed.with_status(
        last_attempt=now,
        last_error=error,
        failures=feed.status.failures + 1,
        gone=gone,
        retry_after=retry_after,
        moved_to=moved_to,
    )


def _kept_site(feed: Feed, fetched: FetchResult) -> str:
    """The stored site address when the feed names none this time, unless it is the feed's own address: what an
    empty Atom ``<link href=""/>`` left there before it was read as no link (the site opened the feed document)."""
    return "" if feed.site_url in (feed.url, fetched.url, fetched.final_url) else feed.site_url


def _success(feed: Feed, now: float, unchanged: FetchResult | None = None, warning: str = "") -> Feed:
    """``feed`` fetched; ``unchanged`` (a 304, or the same bytes) drops a site address that is the feed's own too
    (see :func:`_kept_site`), in the write of its status: a feed that kept answering 304 kept it for good. It
    keeps the warning of the document read last, which is the same one (see :mod:`feeds.oversize`); a document
    read anew has ``warning``."""
    if unchanged is not None:
        warning = feed.status.warning
    status = FeedStatus(last_success=now, last_attempt=now, warning=warning)  # no error, wait or move left
    feed = replace(feed, status=status)
    return feed if unchanged is None else replace(feed, site_url=_kept_site(feed, unchanged))


def _held_now(store: Store, feed: Feed) -> Feed:
    """``feed`` answered unchanged (a 304, or the same bytes): the warning of its document read in part stands, its
    count of the stories kept said again when the store holds fewer now (see :func:`feeds.oversize.held_now`)."""
    if not feed.status.warning:
        return feed
    return feed.with_status(warning=held_now(feed.status.warning, store.stored_count(feed.id)))


def refresh(
    store: Store,
    feeds: Iterable[Feed] | None = None,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    concurrency: int = 16,
    timeout: float = 20.0,
    max_bytes: int = 10 * 2**20,
    include_waiting: bool = False,
) -> list[FeedResult]:
    """Refresh ``feeds`` (default: every subscription that is not gone) and return a result per feed.

    A feed whose server asked us to wait (429/503 with Retry-After) is skipped until then unless
    ``include_waiting``; a feed marked gone (410) is only refreshed when named explicitly. So is a feed whose
    address moved for good to another subscription's while that one is subscribed (see :func:`moved_onto`): it
    fails in words as when it was fetched, without a request to its old address and a download of the other
    feed's document on every refresh; once the other is removed (or moves itself), it is fetched and moves.
    """
    explicit = feeds is not None
    todo: list[Feed] = list(feeds) if feeds is not None else store.feeds()
    now = time.time()
    results: list[FeedResult] = []
    errors = 0

    def report(result: FeedResult, done: int, total: int, new_ids: Sequence[str] = ()) -> None:
        results.append(result)
        if on_progress is not None:
            on_progress(Progress(done, total, result.name, errors, result, tuple(new_ids)))

    runnable: list[Feed] = []
    skipped: list[FeedResult] = []
    copies: list[tuple[Feed, str]] = []  # a second subscription of one address, and its error
    subscribed = store.by_address()  # made once for both: a second subscription of one address, and a move
    earlier = store.same_address(subscribed)
    onto = moved_onto(subscribed, todo) if not explicit else {}
    for feed in todo:
        if feed.status.gone and not explicit:
            skipped.append(FeedResult(feed.id, feed.name, "skipped", error="gone (410): not refreshed"))
        elif feed.id in earlier:  # it stored every story a second time: not fetched, named for removal
            copies.append((feed, same_address_words(feed.url, earlier[feed.id])))
        elif feed.id in onto:  # its address serves the other's document: not fetched, named for removal
            copies.append((feed, moved_words(feed.status.moved_to, onto[feed.id])))
        elif not include_waiting and (wait := feed.status.retry_after) is not None and _waiting(wait, now):
            when = when_words(wait)  # "02:49 (in 3 h)", with the date a day or more ahead
            skipped.append(
                FeedResult(feed.id, feed.name, "skipped", error=f"the server asked us to wait until {when}")
            )
        else:
            runnable.append(feed)
    total = len(todo)
    done = 0
    for result in skipped:
        done += 1
        report(result, done, total)

    runnable = store.refetch_lost(runnable)  # a feed whose stories file is gone is fetched and parsed whole
    by_url = {f.url: f for f in runnable}
    pending_feeds: dict[str, Feed] = {}  # feed records to write at the next flush
    last_flush = time.monotonic()
    for feed, error in copies:
        done += 1
        errors += 1
        pending_feeds[feed.id] = _failure(feed, now, error, moved_to=feed.status.moved_to)
        report(FeedResult(feed.id, feed.name, "failed", error=error), done, total)

    def flush_feeds(force: bool = False) -> None:
        """Write the pending feed records, about once a second. A failed write (disk full) keeps them pending
        and the refresh going - each feed reports its own failure; only the final flush may raise."""
        nonlocal last_flush
        if pending_feeds and (force or time.monotonic() - last_flush > 1.0):
            last_flush = time.monotonic()
            try:
                store.update_feeds(pending_feeds.values())
            except StoreError:
                if force:
                    raise
                return
            pending_feeds.clear()

    def latest(feed: Feed) -> Feed:
        """The feed as stored now (the user may have renamed it meanwhile), with this refresh's URL change."""
        current = pending_feeds.get(feed.id) or store.get_feed(feed.id)
        return replace(current, url=feed.url) if current is not None else feed

    addresses: dict[str, str] = {}  # address key -> feed id, made at the first move for good

    def subscribed_elsewhere(feed: Feed, url: str) -> Feed | None:
        """Another subscription at ``url``, its address compared as the store compares subscriptions, and
        counting the moves of this refresh not yet written (two feeds moved to one new address are one)."""
        if not addresses:  # of two subscriptions of one address, the first added is named (see same_address)
            for other in sorted(store.feeds(), key=lambda f: f.added):
                addresses.setdefault(address_key(other.url), other.id)
        other_id = addresses.get(address_key(url))
        if other_id is None or other_id == feed.id:
            return None
        return pending_feeds.get(other_id) or store.get_feed(other_id)  # None: removed meanwhile

    def move(feed: Feed, url: str) -> None:
        """Count ``url`` as the feed's too. Its old address stays its own until the refresh ends: the move is
        only taken once the new address serves a feed (see save_parsed), and a feed sent back to its old address
        would have shared it with another feed moved onto that address meanwhile."""
        addresses[address_key(url)] = feed.id

    def stay(feed: Feed, url: str) -> None:
        """The feed did not move to ``url`` after all: the address is no longer counted as its own."""
        if (key := address_key(url)) != address_key(feed.url) and addresses.get(key) == feed.id:
            del addresses[key]

    parser: Parser | None = None  # made inside the try below, so whatever happens it is closed
    saved_feeds: set[str] = set()  # held to the retention by their save
    parsing: dict[cf.Future[Parsed], tuple[Feed, FetchResult, str]] = {}
    parsed_queue: queue.SimpleQueue[cf.Future[Parsed]] = queue.SimpleQueue()

    def save_parsed(fut: cf.Future[Parsed]) -> tuple[FeedResult, Sequence[str], Feed | None]:
        """Save one parsed feed (inside the caller's commit group): its result, new ids and the feed record to
        store (None: leave the record as it is)."""
        nonlocal errors
        feed, fetched, digest = parsing.pop(fut)
        feed = latest(feed)
        try:
            parsed = fut.result()
        except (
            Exception
        ) as exc:  # a worker died (out of memory, killed): that feed fails, the refresh goes on
            parsed = Parsed("", "", "", [], f"the parser failed: {exc.__class__.__name__}")
        if parsed.error and not parsed.stories:
            errors += 1
            error = parsed.error
            if fetched.permanent_url and feed.url == fetched.permanent_url != fetched.url:
                # Moved for good to no feed (a home page, a challenge page): the feed keeps its own address.
                feed = replace(feed, url=fetched.url)
                stay(feed, fetched.permanent_url)
                error = f"its address redirects for good to {hide_password(fetched.permanent_url)}: {error}"
            return FeedResult(feed.id, feed.name, "failed", error=error), (), _failure(feed, now, error)
        try:
            stories = known_again(
                store.headers(feed.id),
                parsed.stories,
                parsed.former_ids,
                first_seen=functools.partial(store.first_seen, feed.id),
                feed_dates=functools.partial(store.feed_dates, feed.id),
            )
            saved = store.save_stories(feed.id, stories, now=now)
            saved_feeds.add(feed.id)
            store.forget_purged(feed.id, {s.id for s in stories})
        except StoreError as exc:  # the feed was removed meanwhile, or the store is read-only
            errors += 1
            return FeedResult(feed.id, feed.name, "failed", error=str(exc)), (), None
        # read in part: the count is of the stories stored, after retention
        warning = stored_in_part(parsed.warning, stories, store.headers(feed.id)) if parsed.warning else ""
        updated_feed = replace(
            _success(feed, now, warning=warning).with_own_title(parsed.title),  # a user's title stays
            site_url=parsed.site_url or _kept_site(feed, fetched),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            content_hash=digest,
            language=parsed.language,  # what the feed declares now; enrichment tags names in English only
        )
        outcome: Outcome = "new" if saved.new else "updated" if saved.updated else "unchanged"
        result = FeedResult(
            feed.id, updated_feed.name, outcome, len(saved.new), len(saved.updated), warning=warning
        )
        return result, saved.new + saved.updated, updated_feed

    held: list[cf.Future[Parsed]] = []  # parsed, not saved yet: saved together (see save_ready)
    held_since = 0.0

    def save_ready(block: bool, *, hold: bool = True) -> None:
        """Save the parsed feeds waiting in one commit group, then report them: once :data:`GROUP` of them (or
        all still parsing) are in, or :data:`GATHER` seconds after the first came in, else they are held for the
        next call (``block`` waits for one, then for the rest that long; ``hold=False`` saves what there is). A
        group's fsyncs cost one round whatever its size, so holding the feeds a moment costs less CPU, which the
        parse workers share. Feed records (validators, status) are only updated once their stories are safely
        on disk: if the group fails (disk full), every feed in it fails in words, and the next refresh fetches
        them again."""
        nonlocal done, errors, held_since
        if block and not held:
            held.append(parsed_queue.get())
        while True:
            try:
                held.append(parsed_queue.get_nowait())
            except queue.Empty:
                break
        if not held:
            return
        if not held_since:
            held_since = time.monotonic()
        want = min(GROUP, len(parsing)) if hold else 0  # parsing: every feed submitted and not saved yet
        while block and len(held) < want and (left := held_since + GATHER - time.monotonic()) > 0:
            try:
                held.append(parsed_queue.get(timeout=left))
            except queue.Empty:
                break
        if len(held) < want and time.monotonic() - held_since < GATHER:
            return
        futs = held.copy()
        held.clear()
        held_since = 0.0
        outcomes: list[tuple[FeedResult, Sequence[str], Feed | None]] = []
        try:
            with store.saving():
                outcomes.extend(save_parsed(fut) for fut in futs)
        except StoreError as exc:  # the group could not be saved (disk full): the stored data is intact
            for result, _, _ in outcomes:
                if result.outcome != "failed":
                    errors += 1
                done += 1
                report(FeedResult(result.feed_id, result.name, "failed", error=str(exc)), done, total)
            return
        for result, new_ids, record in outcomes:
            done += 1
            if record is not None:
                pending_feeds[record.id] = record
            report(result, done, total, new_ids)

    reqs = [FetchRequest(f.url, f.etag, f.last_modified) for f in runnable]

    def idle() -> None:  # waiting for slow feeds: save and report the ones parsed meanwhile
        save_ready(block=False)
        flush_feeds()

    # As many connections at once as the open-files limit leaves room for: 16 at `ulimit -n` 11 left the saves none.
    width = connections_within(min(concurrency, len(runnable)), len(runnable))
    fetches = fetch_many(
        reqs, concurrency=width, timeout=timeout, max_bytes=max_bytes, cancel=cancel, on_idle=idle
    )
    try:
        # Feeds without validators will send bodies (a first refresh, or servers that never answer 304). Made
        # with Ctrl-C held: interrupted half-way, its process pool went unclosed, and a worker it had begun to
        # start printed a traceback once we had exited.
        with ctrl_c_held():
            warm = sum(not (f.etag or f.last_modified) for f in runnable) >= POOL_MIN
            parser = Parser(len(runnable), warm=warm, beside=width)
        for fetched in fetches:
            feed = latest(by_url[fetched.url])
            if fetched.permanent_url and fetched.permanent_url != feed.url:
                other = subscribed_elsewhere(feed, fetched.permanent_url)
                if other is not None:  # its address now serves another subscription's stories
                    done += 1
                    errors += 1
                    error = moved_words(fetched.permanent_url, other)
                    pending_feeds[feed.id] = _failure(feed, now, error, moved_to=fetched.permanent_url)
                    report(FeedResult(feed.id, feed.name, "failed", error=error), done, total)
                    save_ready(block=False)
                    flush_feeds()
                    continue
                # Taken for good only once the new address serves the feed (see save_parsed): a feed sent to
                # the site's home page kept that address, and never came back when the site was put right.
                move(feed, fetched.permanent_url)
                feed = replace(feed, url=fetched.permanent_url)
            if fetched.outcome == "ok":
                digest = cut_digest(body_hash(fetched.body), fetched.cut)  # a cut body is not the whole
                if digest == feed.content_hash:  # same bytes as last time: nothing to parse or store
                    done += 1
                    feed = _held_now(store, feed)
                    pending_feeds[feed.id] = replace(
                        _success(feed, now, fetched), etag=fetched.etag, last_modified=fetched.last_modified
                    )
                    report(
                        FeedResult(feed.id, feed.name, "unchanged", warning=feed.status.warning), done, total
                    )
                else:
                    url, part = fetched.final_url or feed.url, in_part(fetched, max_bytes)
                    fut = parser.submit(fetched.body, feed.id, url, fetched.content_type, now, part)
                    parsing[fut] = (feed, replace(fetched, body=b""), digest)  # the body is not needed again
                    fut.add_done_callback(parsed_queue.put)
            elif fetched.outcome == "not_modified":
                done += 1
                feed = _held_now(store, feed)
                pending_feeds[feed.id] = _success(feed, now, fetched)
                report(FeedResult(feed.id, feed.name, "unchanged", warning=feed.status.warning), done, total)
            else:
                done += 1
                errors += 1
                gone = fetched.outcome == "gone"
                pending_feeds[feed.id] = _failure(
                    feed, now, fetched.error, gone=gone, retry_after=fetched.retry_after
                )
                report(
                    FeedResult(feed.id, feed.name, "gone" if gone else "failed", error=fetched.error),
                    done,
                    total,
                )
            save_ready(block=False)
            flush_feeds()
        while parsing and not (cancel is not None and cancel.is_set()):
            save_ready(block=True)
            flush_feeds()
        save_ready(block=False, hold=False)  # cancelled: the feeds parsed and held are saved still
        flush_feeds()
        if not (cancel is not None and cancel.is_set()):
            # The feeds not saved (unchanged, failed, skipped) are held to the retention too: a feed answering 304
            # for months was never trimmed by age, nor by a lowered cap. Read only if over a limit (see
            # feeds.store_retention); a disk too full to purge: the next refresh tries again.
            with contextlib.suppress(StoreError):
                store.keep_within_retention([f.id for f in todo if f.id not in saved_feeds], now=now)
    finally:
        # Stops the fetches still under way now: interrupted (Ctrl-C), the generator was only closed when it
        # was collected, and the command waited for a stalled feed's timeout before it could exit.
        fetches.close()
        if parser is not None:
            parser.close()
        # If this fails, validators and status are not saved: the next refresh fetches in full, nothing is lost.
        with contextlib.suppress(StoreError):
            flush_feeds(force=True)
    return results


def _waiting(retry_after: float, now: float) -> bool:
    """Whether a server's "retry after" still holds. One further ahead than the longest wait we record was
    recorded by a clock that was ahead and has been put right since: it would have held the feed back for as
    long as the clock was wrong (a year ahead, a year without refreshes)."""
    return now < retry_after <= now + MAX_RETRY_AFTER
