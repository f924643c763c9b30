"""Fetching feeds: HTTP(S) with conditional GET, redirects, a total deadline and a size cap; local files too.

``fetch`` never raises: every failure comes back as a :class:`FetchResult` whose ``error`` says in plain words
what went wrong and why ("host not found (DNS)", "timed out after 20 s"), because the feed list shows it to the
user as it is. Redirects are followed by hand so we know whether every hop was permanent (then the caller stores
the new address) and can name a loop. The timeout is a total per feed, enforced while streaming, and the body is
capped as it arrives, after decoding: a slow or hostile server costs at most ``timeout`` seconds and ``max_bytes``
of memory (twice the cap, for a moment), and a larger document is kept to its first ``max_bytes`` (``cut``), never
read past them; unless it lists its items oldest first, when its head and its newest part are kept instead (see
:mod:`feeds.fetch_tail`). ``fetch_many`` runs many fetches on threads sharing one connection pool. The HTTP path
itself (redirects, retries, the capped body) is :mod:`feeds.fetch_http`, imported at the first http fetch.
"""

from __future__ import annotations

import concurrent.futures as cf
import email.utils
import mimetypes
import os
import stat
import threading
import time
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from . import VERSION
from .fetch_decode import GZIP_MAGIC, CutShort, decode_first
from .fetch_order import HostOrder, host_of
from .fetch_words import Outcome, parse_retry_after, when_words
from .paths import expand_user
from .text import clean_line

__all__ = [
    "MAX_BYTES",
    "TIMEOUT",
    "USER_AGENT",
    "FetchRequest",
    "FetchResult",
    "Outcome",
    "fetch",
    "fetch_many",
    "make_client",
    "parse_retry_after",
]

if TYPE_CHECKING:
    import httpx

    from .fetch_net import Resolve
    from .fetch_tail import Newest

MAX_BYTES = 10 * 2**20
TIMEOUT = 20.0
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


USER_AGENT = f"newsdesk/{VERSION} (terminal news reader)"


@dataclass(frozen=True, slots=True)
class FetchRequest:
    url: str  # http(s) URL, file:// URL, or a local file path
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # as requested
    outcome: Outcome
    body: bytes = b""
    status_code: int = 0
    final_url: str = ""  # after redirects
    permanent_url: str = ""  # every hop was 301/308 and the final answer was ok/not_modified: store it
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    error: str = ""  # plain words a user can act on
    retry_after: float | None = None  # absolute epoch seconds (Retry-After on 429/503)
    elapsed: float = 0.0
    #: The document is larger than the size cap: ``body`` is its first ``max_bytes`` (read as a document cut
    #: short: its whole items are kept, see :func:`feeds.parse.parse_feed`'s ``cut_at``), or, for a document that
    #: lists its items oldest first, its head and its last items (``skipped``; see :mod:`feeds.fetch_tail`).
    cut: bool = False
    #: Decoded bytes of the document left out between its head and the items of ``body`` (0: none).
    skipped: int = 0
    #: 0 when ``body`` reaches the document's end; else the decoded bytes read when reading stopped, short of it.
    stopped_at: int = 0
    #: The deadline passed before the host sent anything back: no connection, or one accepted and never answered.
    silent: bool = False


class Failure(Exception):
    """A failure already put in words, with the outcome it means: raised by the file and HTTP paths, made
    into a :class:`FetchResult` by the one place that keeps ``fetch``'s promise never to raise."""

    def __init__(
        self,
        error: str,
        outcome: Outcome = "error",
        retry_after: float | None = None,
        *,
        silent: bool = False,
    ) -> None:
        super().__init__(error)
        self.error, self.outcome, self.retry_after, self.silent = error, outcome, retry_after, silent


def make_client(
    *, timeout: float = TIMEOUT, max_connections: int = 16, resolve: Resolve | None = None
) -> httpx.Client:
    """One pooled HTTP client for many fetches (threads may share it). Honours the user's proxy settings.

    Host names are looked up with ``resolve`` (a host name to its IP addresses, best first; by default the
    system's resolver) on a thread of their own, so a look-up that hangs ends with its fetch's deadline
    (:class:`~feeds.fetch_net.Names`). Tests give a resolver of their own here to serve names from 127.0.0.1.

    Plain-HTTP requests go through a transport without TLS; the HTTPS transport (and any proxy's) is made at its
    first request (see :class:`~feeds.fetch_net.SchemeTransport`): loading the system's certificate store costs a
    tenth of a second of CPU, which a refresh of http feeds, or of nothing but 304s, need not pay. Proxies from
    the environment are mounted as httpx itself would mount them (httpx skips them once a transport is given).
    """
    import httpx

    from .fetch_net import (
        LazyTransport,
        ProxyTransport,
        SchemeTransport,
        install_budget,
        one_location,
        system_addresses,
    )

    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)

    def proxied(proxy: str) -> LazyTransport:
        return ProxyTransport(proxy, lambda: httpx.HTTPTransport(proxy=proxy, limits=limits))

    mounts: dict[str, httpx.BaseTransport | None] = {
        pattern: None if proxy is None else proxied(proxy)
        for pattern, proxy in httpx._utils.get_environment_proxies().items()
    }
    transport = SchemeTransport(
        plain=httpx.HTTPTransport(limits=limits, verify=False),  # http:// only: no TLS on this one, ever
        tls=LazyTransport(lambda: httpx.HTTPTransport(limits=limits)),
    )
    client = httpx.Client(
        timeout=httpx.Timeout(timeout),
        limits=limits,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
        transport=transport,
        mounts=mounts,
        event_hooks={"response": [one_location]},
    )
    install_budget(client, resolve or system_addresses)
    return client


def fetch(
    client: httpx.Client,
    req: FetchRequest,
    *,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
    cancel: threading.Event | None = None,
) -> FetchResult:
    """Fetch one feed. Never raises; ``cancel`` (optional) aborts it within about a quarter of a second."""
    return _fetch(client, req, max_bytes, timeout, () if cancel is None else (cancel,))


def _fetch(
    client: httpx.Client,
    req: FetchRequest,
    max_bytes: int,
    timeout: float,
    cancel: tuple[threading.Event, ...],
) -> FetchResult:
    started = time.monotonic()
    try:
        kind, target = _classify(req.url)
        if kind == "file":
            result = _fetch_file(req, target, max_bytes)
        else:
            from .fetch_http import fetch_http

            result = fetch_http(client, req, target, max_bytes, timeout, started + timeout, cancel)
    except Failure as failure:
        result = FetchResult(
            req.url,
            failure.outcome,
            error=failure.error,
            retry_after=failure.retry_after,
            silent=failure.silent,
        )
    except Exception as exc:  # the promise is "never raises": a bug here must not take a refresh down
        result = FetchResult(req.url, "error", error=f"unexpected error: {type(exc).__name__}: {exc}")
    if result.error:
        result = replace(result, error=clean_line(result.error, 300))
    return replace(result, elapsed=time.monotonic() - started)


def _classify(url: str) -> tuple[Literal["http", "file"], str]:
    """("http", url) or ("file", path); raises a failure for an empty, malformed or other-scheme address."""
    text = url.strip()
    if not text:
        raise Failure("invalid URL: the address is empty")
    if text.startswith(("/", "~", "./", "../")):
        return "file", text
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError as exc:
        raise Failure(f"invalid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise Failure("invalid URL: no host name")
        try:
            parts.port  # noqa: B018 (raises for a port past 65535, which httpx sent on as 'connection refused')
        except ValueError as exc:
            raise Failure(f"invalid URL: {str(exc).lower()}") from None
        return "http", text
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise Failure(f"invalid URL: file URLs name this machine, not '{parts.netloc}'")
        return "file", urllib.request.url2pathname(parts.path)
    if not scheme or (os.name == "nt" and len(scheme) == 1):  # a relative path, or a Windows drive letter
        return "file", text
    raise Failure(f"unsupported URL scheme '{scheme}' (only http, https and file)")


def _fetch_file(req: FetchRequest, path_text: str, max_bytes: int) -> FetchResult:
    """A local feed: the same cap (a larger file is kept to its first ``max_bytes``, or its head and last bytes
    when it lists its oldest first, gzipped or not), and validators from the file's size and mtime
    so an unchanged file is "not_modified" like an HTTP 304."""
    path = expand_user(path_text)
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise Failure(f"is a folder, not a feed file: {path}")
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device could block or never end
            raise Failure(f"not a regular file: {path}")
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        last_modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        ctype = mimetypes.guess_type(path.name)[0] or ""
        base = FetchResult(
            req.url, "ok", final_url=req.url, etag=etag, last_modified=last_modified, content_type=ctype
        )
        if req.etag and req.etag == etag:
            return replace(base, outcome="not_modified")
        with path.open("rb") as fh:
            body = fh.read(max_bytes + 1)
            cut = len(body) > max_bytes  # kept to its first max_bytes, as an HTTP body is
            body = body[:max_bytes] if cut else body
            if cut and not body.startswith(GZIP_MAGIC):
                newest = _newest_in_file(fh, body, max_bytes)
                if newest is not None:  # listed oldest first: its head and its last bytes, as a range is read
                    return replace(base, body=newest.body, cut=True, skipped=newest.skipped)
        if body.startswith(GZIP_MAGIC):
            body, cut = _gunzip_file(body, max_bytes, path, cut)
            newest = _newest_in_gzip(path, body, max_bytes) if cut else None
            if newest is not None:
                return replace(
                    base, body=newest.body, cut=True, skipped=newest.skipped, stopped_at=newest.stopped_at
                )
        return replace(base, body=body, cut=cut)
    except FileNotFoundError:
        raise Failure(f"file not found: {path}") from None
    except PermissionError:
        raise Failure(f"permission denied: {path}") from None
    except IsADirectoryError:
        raise Failure(f"is a folder, not a feed file: {path}") from None
    except OSError as exc:
        raise Failure(f"could not read {path}: {exc.strerror or exc}") from None


def _oldest_head(first: bytes, max_bytes: int) -> int:
    """Where the first item starts in ``first``, a document's first bytes, when it lists its items oldest first
    (and its head is at most half the cap); else -1."""
    from .fetch_tail import SCAN, first_item, listed_oldest_first

    start = first_item(first[:SCAN]) if listed_oldest_first(first[:SCAN]) else -1
    return start if 0 <= start <= max_bytes // 2 else -1


def _newest_in_file(fh: BinaryIO, first: bytes, max_bytes: int) -> Newest | None:
    """A feed file larger than the cap that lists its items oldest first (``first``: its first bytes): its head
    and its last bytes, read where they are (see :mod:`feeds.fetch_tail`); None for any other."""
    from .fetch_tail import in_range

    start = _oldest_head(first, max_bytes)
    if start < 0:
        return None
    size = fh.seek(0, os.SEEK_END)
    room = max_bytes - start
    fh.seek(size - room)
    return in_range(first[:start], fh.read(room), size - room)


def _newest_in_gzip(path: Path, first: bytes, max_bytes: int) -> Newest | None:
    """A gzipped feed file larger than the cap once decoded that lists its items oldest first (``first``: its first
    decoded bytes): its head and its last bytes, decoded from the start through the window an HTTP body goes
    through (see :mod:`feeds.fetch_tail`), within the same bounds; None for any other."""
    from .fetch_decode import PIECE, BoundedDecoder
    from .fetch_tail import READ_AT_MOST, stream_newest

    start = _oldest_head(first, max_bytes)
    if start < 0:
        return None

    def after_head() -> Generator[bytes, None, None]:
        decoder, skip = BoundedDecoder("gzip"), start
        with path.open("rb") as fh:
            while chunk := fh.read(PIECE):
                for piece in decoder.decode(chunk, max_bytes * READ_AT_MOST):
                    drop, skip = min(skip, len(piece)), skip - min(skip, len(piece))
                    yield piece[drop:]
            yield decoder.flush()

    try:
        return stream_newest(first[:start], after_head(), max_bytes, time.monotonic() + TIMEOUT)
    except CutShort:
        raise Failure(f"the gzipped file is cut short: {path}") from None
    except zlib.error as exc:
        raise Failure(f"could not decode the gzipped file: {exc}: {path}") from None


def _gunzip_file(body: bytes, max_bytes: int, path: Path, cut: bool) -> tuple[bytes, bool]:
    """A gzipped feed on disk (``feed.xml.gz``, whatever its name): read as the HTTP path reads a gzipped body,
    decoded and kept to the same cap (``cut``: the file was larger than it). It failed as "not well-formed
    (invalid token)"."""
    try:
        return decode_first(body, "gzip", max_bytes, ended=not cut)
    except CutShort:
        raise Failure(f"the gzipped file is cut short: {path}") from None
    except zlib.error as exc:
        raise Failure(f"could not decode the gzipped file: {exc}: {path}") from None


def fetch_many(
    reqs: Sequence[FetchRequest],
    *,
    concurrency: int = 16,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
    cancel: threading.Event | None = None,
    on_idle: Callable[[], None] | None = None,
    resolve: Resolve | None = None,
) -> Generator[FetchResult, None, None]:
    """Fetch many feeds, at most ``concurrency`` at once on threads sharing one client (and at most
    :data:`~feeds.fetch_order.PER_HOST` from one host), yielding each result as it finishes. Once ``cancel`` is set no fetch starts, fetches in flight are aborted (within about a quarter of a
    second, except a TCP connect already under way, which ends by its deadline) and nothing more is yielded: a
    cancelled fetch is not a failure of its feed. Closing the generator early does the same. ``on_idle`` is
    called, on the consumer's thread, each quarter second in which no fetch finishes: a caller with other work
    (saving the feeds parsed meanwhile) does it then, instead of waiting for a slow feed. ``resolve``: see
    :func:`make_client`."""
    if not reqs:
        return
    width = max(1, min(concurrency, len(reqs)))
    stop = threading.Event()
    events = (stop,) if cancel is None else (stop, cancel)
    client = make_client(timeout=timeout, max_connections=width, resolve=resolve)
    pool = cf.ThreadPoolExecutor(max_workers=width, thread_name_prefix="newsdesk-fetch")
    order = HostOrder(reqs)
    urls: dict[cf.Future[FetchResult], str] = {}
    refused: dict[str, FetchResult] = {}  # host -> its 429, or a fetch it never answered
    heard: set[str] = set()  # hosts that answered a fetch in this refresh

    def start(req: FetchRequest) -> None:
        fut = pool.submit(_fetch, client, req, max_bytes, timeout, events)
        urls[fut] = req.url
        pending.add(fut)

    pending: set[cf.Future[FetchResult]] = set()
    try:  # from the first start: interrupted while starting them, the fetches must still be told to stop
        for _ in range(width):
            if (first := order.take()) is None:
                break
            start(first)
        while pending:
            done, pending = cf.wait(pending, timeout=0.25, return_when=cf.FIRST_COMPLETED)
            if not done and on_idle is not None:
                on_idle()
            for fut in done:
                if cancel is not None and cancel.is_set():
                    return
                result = fut.result()
                host = order.done(urls.pop(fut))
                if (
                    host is not None
                    and result.status_code == 429
                    and host_of(result.final_url or result.url) == host
                ):
                    order.block(host)
                    refused[host] = result
                elif host is not None and not result.silent:
                    heard.add(host)
                elif host is not None and host not in heard:
                    # The host is down or drops what it is sent: each of its feeds would wait out the whole
                    # timeout too, four at a time, and a hundred took eight minutes. One that answers another
                    # feed is up: only that feed is slow, and the others are asked.
                    order.block(host)
                    refused.setdefault(host, result)
                yield result
                if cancel is not None and cancel.is_set():
                    return
                nxt = order.take(freed=host)
                if nxt is not None:
                    start(nxt)
                while order.skipped:
                    yield _not_asked(order.skipped.popleft(), refused)
                    if cancel is not None and cancel.is_set():
                        return
            if cancel is not None and cancel.is_set():
                return
    finally:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        if any(not f.done() for f in pending):
            # A fetch in a TCP connect cannot be interrupted (it ends by its deadline): close the client once
            # it ends, without making the caller wait for it.
            threading.Thread(target=_close_later, args=(pool, client), daemon=True).start()
        else:
            client.close()


def _not_asked(req: FetchRequest, refused: dict[str, FetchResult]) -> FetchResult:
    """The result of a request not made because its host answered another feed 429, or answered nothing to
    another before its deadline (see ``fetch_many``)."""
    host = host_of(req.url) or ""
    said = refused[host]
    if said.status_code != 429:
        error = f"not asked: {host} did not answer another feed ({said.error})"
        return FetchResult(req.url, "error", error=clean_line(error, 300))
    later = f"; retry after {when_words(said.retry_after)}" if said.retry_after is not None else ""
    error = f"not asked: {host} answered another feed 'too many requests (429)'{later}"
    return FetchResult(req.url, "error", error=clean_line(error, 300), retry_after=said.retry_after)


def _close_later(pool: cf.ThreadPoolExecutor, client: httpx.Client) -> None:
    pool.shutdown(wait=True)
    client.close()
