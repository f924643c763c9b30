"""Fetching feeds: HTTP(S) with conditional GET, redirects, a total deadline and a size cap; local files too.

``fetch`` never raises: every failure comes back as a :class:`FetchResult` whose ``error`` says in plain words
what went wrong and why ("host not found (DNS)", "timed out after 20 s"), because the feed list shows it to the
user as it is. Redirects are followed by hand so we know whether every hop was permanent (then the caller stores
the new address) and can name a loop. The timeout is a total per feed, enforced while streaming, and the body is
capped as it arrives, after decoding: a slow or hostile server costs at most ``timeout`` seconds and ``max_bytes``
of memory. ``fetch_many`` runs many fetches on threads sharing one connection pool.
"""

from __future__ import annotations

import concurrent.futures as cf
import email.utils
import io
import itertools
import mimetypes
import os
import stat
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .fetch_words import Outcome, causes, describe, parse_retry_after, size_words, status_error, timed_out
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

MAX_BYTES = 10 * 2**20
TIMEOUT = 20.0
MAX_REDIRECTS = 10
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


def _version() -> str:
    try:
        return metadata.version("newsdesk")
    except metadata.PackageNotFoundError:
        return "dev"


USER_AGENT = f"newsdesk/{_version()} (terminal news reader)"


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


class _Failure(Exception):
    """A failure already put in words, with the outcome it means."""

    def __init__(self, error: str, outcome: Outcome = "error", retry_after: float | None = None) -> None:
        super().__init__(error)
        self.error, self.outcome, self.retry_after = error, outcome, retry_after


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

    from .fetch_net import LazyTransport, SchemeTransport, install_budget, system_addresses

    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)

    def proxied(proxy: str) -> LazyTransport:
        return LazyTransport(lambda: httpx.HTTPTransport(proxy=proxy, limits=limits))

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
            result = _fetch_http(client, req, target, max_bytes, timeout, started + timeout, cancel)
    except _Failure as failure:
        result = FetchResult(req.url, failure.outcome, error=failure.error, retry_after=failure.retry_after)
    except Exception as exc:  # the promise is "never raises": a bug here must not take a refresh down
        result = FetchResult(req.url, "error", error=f"unexpected error: {type(exc).__name__}: {exc}")
    if result.error:
        result = replace(result, error=clean_line(result.error, 300))
    return replace(result, elapsed=time.monotonic() - started)


def _classify(url: str) -> tuple[Literal["http", "file"], str]:
    """("http", url) or ("file", path); raises a failure for an empty, malformed or other-scheme address."""
    text = url.strip()
    if not text:
        raise _Failure("invalid URL: the address is empty")
    if text.startswith(("/", "~", "./", "../")):
        return "file", text
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError as exc:
        raise _Failure(f"invalid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise _Failure("invalid URL: no host name")
        try:
            parts.port  # noqa: B018 (raises for a port past 65535, which httpx sent on as 'connection refused')
        except ValueError as exc:
            raise _Failure(f"invalid URL: {str(exc).lower()}") from None
        return "http", text
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise _Failure(f"invalid URL: file URLs name this machine, not '{parts.netloc}'")
        return "file", urllib.request.url2pathname(parts.path)
    if not scheme or (os.name == "nt" and len(scheme) == 1):  # a relative path, or a Windows drive letter
        return "file", text
    raise _Failure(f"unsupported URL scheme '{scheme}' (only http, https and file)")


def _fetch_file(req: FetchRequest, path_text: str, max_bytes: int) -> FetchResult:
    """A local feed: the same cap, and validators from the file's size and mtime so an unchanged file is
    "not_modified" like an HTTP 304."""
    path = Path(path_text).expanduser()
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise _Failure(f"is a folder, not a feed file: {path}")
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device could block or never end
            raise _Failure(f"not a regular file: {path}")
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        last_modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        ctype = mimetypes.guess_type(path.name)[0] or ""
        base = FetchResult(
            req.url, "ok", final_url=req.url, etag=etag, last_modified=last_modified, content_type=ctype
        )
        if req.etag and req.etag == etag:
            return replace(base, outcome="not_modified")
        if st.st_size > max_bytes:
            raise _Failure(f"file larger than the {size_words(max_bytes)} cap: {path}")
        with path.open("rb") as fh:
            body = fh.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise _Failure(f"file larger than the {size_words(max_bytes)} cap: {path}")
        return replace(base, body=body)
    except FileNotFoundError:
        raise _Failure(f"file not found: {path}") from None
    except PermissionError:
        raise _Failure(f"permission denied: {path}") from None
    except IsADirectoryError:
        raise _Failure(f"is a folder, not a feed file: {path}") from None
    except OSError as exc:
        raise _Failure(f"could not read {path}: {exc.strerror or exc}") from None


def _fetch_http(
    client: httpx.Client,
    req: FetchRequest,
    url: str,
    max_bytes: int,
    timeout: float,
    deadline: float,
    cancel: tuple[threading.Event, ...],
) -> FetchResult:
    import httpx

    from .fetch_net import NameTimeout, budget

    headers = {}
    if _header_safe(req.etag):
        headers["If-None-Match"] = req.etag
    if _header_safe(req.last_modified):
        headers["If-Modified-Since"] = req.last_modified
    current, seen, permanent, reading = url, {url}, True, False
    try:
        with budget(deadline, cancel):
            for _hop in range(MAX_REDIRECTS + 1):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _Failure(timed_out(timeout))
                request = client.build_request("GET", current, headers=headers, timeout=httpx.Timeout(left))
                response = _send(client, request)
                try:
                    status = response.status_code
                    location = response.headers.get("location", "")
                    if status in _REDIRECTS and location:
                        current, permanent = _next_hop(
                            response, location, seen, permanent and status in _PERMANENT
                        )
                        continue
                    reading = True
                    result = _answer(response, req, current, max_bytes, deadline, timeout)
                finally:
                    _drain(response, deadline, cancel)
                if permanent and current != url and result.outcome in ("ok", "not_modified"):
                    result = replace(result, permanent_url=current)
                return result
            raise _Failure(f"too many redirects (more than {MAX_REDIRECTS})")
    except _Failure:
        raise
    except Exception as exc:
        if any(e.is_set() for e in cancel):
            raise _Failure("cancelled") from None
        unresolved = next((e for e in causes(exc) if isinstance(e, NameTimeout)), None)
        if unresolved is not None:
            raise _Failure(
                f"the name {unresolved.host} did not resolve in time ({timed_out(timeout)})"
            ) from None
        if time.monotonic() >= deadline - 0.05 or isinstance(exc, httpx.TimeoutException):
            raise _Failure(timed_out(timeout)) from None
        raise _Failure(describe(exc, reading)) from None


def _send(client: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Send ``request``; once more when a kept-alive connection failed before any answer came.

    A server may close an idle connection just as we reuse it, or leave bytes on it after its last response (a
    Content-Length shorter than the body, a 304 sent with a body) that arrive too late for the pool to notice;
    the request then fails through no fault of its own feed ("illegal status line"). Browsers send such a request
    again; so do we, once (a GET is safe to repeat). A failure on a new connection is the server's answer."""
    import httpx

    from .fetch_net import cancelled, reused_connection

    try:
        return client.send(request, stream=True)
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
        if not reused_connection() or cancelled():
            raise
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        # httpx reads a redirect's Location as it receives the answer: this address is the server's, not ours
        # (it read "invalid URL: For absolute URLs, path must be empty or begin with '/'", as if ours were wrong).
        raise _Failure("redirected to an invalid address") from None
    return client.send(request, stream=True)


def _drain(response: httpx.Response, deadline: float, cancel: tuple[threading.Event, ...]) -> None:
    """Close a response, first reading what is left of a short body (a 304's, a redirect's, an error page's).

    A connection goes back to the pool only when its response was read to the end: without this every 304 and
    redirect would cost a new TCP (and TLS) connection. A body still coming after 64 KB or half a second is not
    worth it: the connection is dropped instead."""
    from .fetch_net import budget

    try:
        if not response.is_stream_consumed:
            with budget(min(deadline, time.monotonic() + 0.5), cancel):
                read = 0
                for chunk in response.iter_raw():
                    read += len(chunk)
                    if read > 65536:
                        break
    except Exception:
        pass  # the answer is already known; a broken tail only means this connection is not reused
    finally:
        response.close()


def _next_hop(response: httpx.Response, location: str, seen: set[str], permanent: bool) -> tuple[str, bool]:
    try:
        target = str(response.url.join(location.strip()))
    except Exception:
        raise _Failure(f"redirect ({response.status_code}) to an invalid address") from None
    scheme = urllib.parse.urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):  # never let a web server point us at a local file
        raise _Failure(f"redirected to an unsupported URL scheme '{scheme[:20]}'")
    if target in seen:
        raise _Failure("redirect loop")
    seen.add(target)
    return target, permanent


def _answer(
    response: httpx.Response, req: FetchRequest, url: str, max_bytes: int, deadline: float, timeout: float
) -> FetchResult:
    """The final response of a chain: its body for a 2xx, validators for a 304, words for the rest."""
    status = response.status_code
    headers = response.headers
    etag, last_modified = headers.get("etag", ""), headers.get("last-modified", "")
    ctype = headers.get("content-type", "")
    if status == 304:
        return FetchResult(
            req.url,
            "not_modified",
            status_code=304,
            final_url=url,
            etag=etag or req.etag,
            last_modified=last_modified or req.last_modified,
            content_type=ctype,
        )
    if not 200 <= status < 300:
        outcome, error, retry_at = status_error(status, headers.get("retry-after", ""))
        return FetchResult(
            req.url, outcome, status_code=status, final_url=url, error=error, retry_after=retry_at
        )
    body = _read_body(response, max_bytes, deadline, timeout)
    return FetchResult(
        req.url,
        "ok",
        body=body,
        status_code=status,
        final_url=url,
        etag=etag,
        last_modified=last_modified,
        content_type=ctype,
    )


def _read_body(response: httpx.Response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """Stream the body, decoding it ourselves so the cap counts decoded bytes and no step makes more than the
    room left under it (a gzip bomb stops at the cap, not at the end of its first 64 KB chunk)."""
    from .fetch_net import BoundedDecoder, UnsupportedEncoding

    cap_error = f"body larger than the {size_words(max_bytes)} cap"
    try:
        decoder = BoundedDecoder(response.headers.get("content-encoding", ""))
    except UnsupportedEncoding as exc:
        raise _Failure(str(exc)) from None
    length = response.headers.get("content-length", "")
    if not decoder.coding and length.isdigit() and int(length) > max_bytes:
        raise _Failure(cap_error)
    buf, total = io.BytesIO(), 0
    try:
        for chunk in response.iter_raw():
            if time.monotonic() > deadline:
                raise _Failure(timed_out(timeout))
            for piece in decoder.decode(chunk, max_bytes - total + 1):
                total += len(piece)
                if total > max_bytes:
                    raise _Failure(cap_error)
                buf.write(piece)
        out = decoder.flush()
    except _Failure:
        raise
    except Exception as exc:
        import zlib

        if isinstance(exc, zlib.error):
            raise _Failure(f"could not decode the {decoder.coding} body: {exc}") from None
        raise
    if total + len(out) > max_bytes:
        raise _Failure(cap_error)
    buf.write(out)
    return buf.getvalue()


def _header_safe(value: str) -> bool:
    """A stored validator goes back out as a header: only printable ASCII, or httpx refuses the request."""
    return bool(value) and value.isascii() and value.isprintable()


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
    """Fetch many feeds, at most ``concurrency`` at once on threads sharing one client, yielding each result as
    it finishes. Once ``cancel`` is set no fetch starts, fetches in flight are aborted (within about a quarter of a
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
    todo = iter(reqs)

    def start(req: FetchRequest) -> cf.Future[FetchResult]:
        return pool.submit(_fetch, client, req, max_bytes, timeout, events)

    pending: set[cf.Future[FetchResult]] = set()
    try:  # from the first start: interrupted while starting them, the fetches must still be told to stop
        for req in itertools.islice(todo, width):
            pending.add(start(req))
        while pending:
            done, pending = cf.wait(pending, timeout=0.25, return_when=cf.FIRST_COMPLETED)
            if not done and on_idle is not None:
                on_idle()
            for fut in done:
                if cancel is not None and cancel.is_set():
                    return
                yield fut.result()
                if cancel is not None and cancel.is_set():
                    return
                nxt = next(todo, None)
                if nxt is not None:
                    pending.add(start(nxt))
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


def _close_later(pool: cf.ThreadPoolExecutor, client: httpx.Client) -> None:
    pool.shutdown(wait=True)
    client.close()
