"""The HTTP side of a fetch: a conditional GET, redirects followed by hand, the answer read under a cap.

Redirects are followed one hop at a time so we know whether every hop was permanent (then the caller stores the
new address) and can name a loop or a hop to a local file. A request that failed on a kept-alive connection
before any answer came is sent once more. The body is streamed and decoded under the size cap and the total
deadline (a document larger than the cap that lists its items oldest first has its newest read instead: see
:mod:`feeds.fetch_tail`), and a short leftover body is read to its end so its connection goes back to the pool.

Imported lazily by :mod:`feeds.fetch`, like :mod:`feeds.fetch_net` (httpx costs about 0.2 s to import, and the
first paint does not need it).
"""

from __future__ import annotations

import io
import itertools
import threading
import time
import urllib.parse
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple

import httpx

from .fetch import Failure, FetchRequest, FetchResult
from .fetch_decode import (
    GZIP_MAGIC,
    PIECE,
    BoundedDecoder,
    CutShort,
    UnsupportedEncoding,
    closed_early,
    decode_first,
)
from .fetch_net import NameTimeout, budget, cancelled, reused_connection
from .fetch_words import bot_check, causes, describe, size_words, status_error, timed_out

MAX_REDIRECTS = 10
_MEDIA = frozenset({"audio", "video", "image"})  # what no feed is served as
#: 300 Multiple Choices with a Location names the server's preferred choice, which browsers and curl follow
#: (Apache's content negotiation answers so); it was said to have "no Location header".
_REDIRECTS = frozenset({300, 301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})


def fetch_http(
    client: httpx.Client,
    req: FetchRequest,
    url: str,
    max_bytes: int,
    timeout: float,
    deadline: float,
    cancel: tuple[threading.Event, ...],
) -> FetchResult:
    """Fetch ``url`` for ``req`` by ``deadline``; raises :class:`~feeds.fetch.Failure` in words for the user."""
    headers = {}
    if header_safe(req.etag):
        headers["If-None-Match"] = req.etag
    if header_safe(req.last_modified):
        headers["If-Modified-Since"] = req.last_modified
    current, seen, permanent, reading, answered = url, {url}, True, False, False
    try:
        with budget(deadline, cancel):
            for _hop in range(MAX_REDIRECTS + 1):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Failure(timed_out(timeout))
                request = client.build_request("GET", current, headers=headers, timeout=httpx.Timeout(left))
                response = send(client, request)
                answered = True
                try:
                    status = response.status_code
                    location = response.headers.get("location", "")
                    if status in _REDIRECTS and location:
                        current, permanent = _next_hop(
                            response, location, seen, permanent and status in _PERMANENT
                        )
                        continue
                    reading = True
                    result = _answer(client, response, req, current, max_bytes, deadline, timeout)
                finally:
                    _drain(response, deadline, cancel)
                if permanent and current != url and result.outcome in ("ok", "not_modified"):
                    _storable(current)
                    result = replace(result, permanent_url=current)
                return result
            raise Failure(f"too many redirects (more than {MAX_REDIRECTS})")
    except Failure:
        raise
    except Exception as exc:
        if any(e.is_set() for e in cancel):
            raise Failure("cancelled") from None
        unresolved = next((e for e in causes(exc) if isinstance(e, NameTimeout)), None)
        if unresolved is not None:
            raise Failure(
                f"the name {unresolved.host} did not resolve in time ({timed_out(timeout)})"
            ) from None
        if time.monotonic() >= deadline - 0.05 or isinstance(exc, httpx.TimeoutException):
            raise Failure(timed_out(timeout), silent=not answered) from None
        words = describe(exc, reading)
        if current != url and words.startswith("invalid URL"):  # the address is the redirect's, not ours
            words = "redirected to an invalid address (" + words.removeprefix("invalid URL: ") + ")"
        raise Failure(words) from None


def send(client: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Send ``request``; once more when a kept-alive connection failed before any answer came.

    A server may close an idle connection just as we reuse it, or leave bytes on it after its last response (a
    Content-Length shorter than the body, a 304 sent with a body) that arrive too late for the pool to notice;
    the request then fails through no fault of its own feed ("illegal status line"). Browsers send such a request
    again; so do we, once (a GET is safe to repeat). A failure on a new connection is the server's answer."""
    try:
        return client.send(request, stream=True)
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
        if not reused_connection() or cancelled():
            raise
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        # httpx reads a redirect's Location as it receives the answer: this address is the server's, not ours
        # (it read "invalid URL: For absolute URLs, path must be empty or begin with '/'", as if ours were wrong).
        raise Failure("redirected to an invalid address") from None
    except UnicodeError:  # the same, for a Location whose host IDNA cannot read ("xn--zz")
        raise Failure("redirected to an invalid address (the host name is not a valid domain name)") from None
    return client.send(request, stream=True)


def _drain(response: httpx.Response, deadline: float, cancel: tuple[threading.Event, ...]) -> None:
    """Close a response, first reading what is left of a short body (a 304's, a redirect's, an error page's).

    A connection goes back to the pool only when its response was read to the end: without this every 304 and
    redirect would cost a new TCP (and TLS) connection. A body still coming after 64 KB or half a second is not
    worth it: the connection is dropped instead."""
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


def _storable(target: str) -> None:
    """Refuse an address moved to for good that is too long to store as the feed's: a 60 KB one was stored, and
    written out again in every list, export and request after."""
    from .html import MAX_URL  # here: the fetch path does not load the HTML parser otherwise

    if len(target) > MAX_URL:
        raise Failure(
            f"its address redirects for good to an address of {len(target):,} characters (at most {MAX_URL:,}"
            " are taken): the feed keeps its own address"
        )


def _next_hop(response: httpx.Response, location: str, seen: set[str], permanent: bool) -> tuple[str, bool]:
    """The address a redirect sends us to, and whether every hop so far was permanent (and none left https).

    An address met before is a loop, unless this answer set a cookie: a cookie check (or a load balancer such as
    F5's, or a consent page) answers the first request with a redirect to the very same address and a cookie,
    and the feed to the request that carries it. Counted as a loop, such a feed failed on every refresh; the
    redirect limit still ends a loop that sets cookies for ever."""
    try:
        target = str(response.url.join(location.strip()))
    except Exception:
        raise Failure(f"redirect ({response.status_code}) to an invalid address") from None
    parts = urllib.parse.urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):  # never let a web server point us at a local file
        raise Failure(f"redirected to an unsupported URL scheme '{scheme[:20]}'")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:  # past 65535 it was tried, and read "connection refused", as if the feed's host were down
        raise Failure(f"redirect ({response.status_code}) to an invalid address: port out of range 1-65535")
    target = _keep_login(str(response.url), target)
    if target in seen and "set-cookie" not in response.headers:
        raise Failure("redirect loop")
    seen.add(target)
    # From https to http is followed, never taken for good: stored, every later request went out unencrypted, where
    # anyone on the network could answer it with a move of their own.
    return target, permanent and not (response.url.scheme == "https" and scheme == "http")


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _keep_login(here: str, target: str) -> str:
    """``target`` with the login of ``here`` when it sends us to the same host and port (or from http to https
    on their usual ports) without one of its own, as curl does. Servers write a redirect as a whole address
    without the login (Apache's ``/feed`` -> ``http://host/feed/``): a protected feed then answered 401, and a
    move for good stored its address without the password. Never to another host or port."""
    was, to = urllib.parse.urlsplit(here), urllib.parse.urlsplit(target)
    login = was.netloc.rpartition("@")[0]
    if not login or "@" in to.netloc or was.hostname != to.hostname:
        return target
    try:
        ports = (was.port or _DEFAULT_PORTS[was.scheme], to.port or _DEFAULT_PORTS[to.scheme])
    except (KeyError, ValueError):
        return target
    same = was.scheme == to.scheme and ports[0] == ports[1]
    if not same and (was.scheme, to.scheme, ports) != ("http", "https", (80, 443)):
        return target
    return urllib.parse.urlunsplit(to._replace(netloc=f"{login}@{to.netloc}"))


def _answer(
    client: httpx.Client,
    response: httpx.Response,
    req: FetchRequest,
    url: str,
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> FetchResult:
    """The final response of a chain: its body for a 2xx, validators for a 304, words for the rest."""
    status = response.status_code
    headers = response.headers
    etag, last_modified = _validator(headers.get("etag", "")), _validator(headers.get("last-modified", ""))
    ctype = headers.get("content-type", "")
    if status == 304 and not (header_safe(req.etag) or header_safe(req.last_modified)):
        # nothing was asked to be compared: a cache or proxy that answers 304 to everything left a feed that was
        # never fetched "unchanged" and fine, for ever, with no story in it
        raise Failure("the server answered 304 (not modified) to a request that had nothing to compare")
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
    checked = bot_check(status, headers)
    if checked:  # a bot protection's page, whatever its status (a 202 or a 200 too): no feed in it
        return FetchResult(req.url, "error", status_code=status, final_url=url, error=checked)
    if not 200 <= status < 300:
        login = "@" in urllib.parse.urlsplit(url).netloc
        location = headers.get("location", "").strip()
        outcome, error, retry_at = status_error(status, headers.get("retry-after", ""), login, bool(location))
        return FetchResult(
            req.url, outcome, status_code=status, final_url=url, error=error, retry_after=retry_at
        )
    if status == 206:  # we asked for no range: this part is the document's first bytes, or no document
        from .fetch_range import unasked_part

        read = unasked_part(response, max_bytes, deadline, timeout)
    else:
        read = read_body(response, max_bytes, deadline, timeout, client)
    return FetchResult(
        req.url,
        "ok",
        body=read.body,
        cut=read.cut,
        skipped=read.skipped,
        stopped_at=read.stopped_at,
        status_code=status,
        final_url=url,
        etag=etag,
        last_modified=last_modified,
        content_type=ctype,
    )


class Read(NamedTuple):
    """A body as read: see :attr:`FetchResult.cut`, :attr:`~FetchResult.skipped` and
    :attr:`~FetchResult.stopped_at`."""

    body: bytes
    cut: bool
    skipped: int = 0
    stopped_at: int = 0


def read_body(
    response: httpx.Response,
    max_bytes: int,
    deadline: float,
    timeout: float,
    client: httpx.Client | None = None,
    listed_oldest: bool = False,
    part: bool = False,
) -> Read:
    """Stream the body, decoding it ourselves so the cap counts decoded bytes and no step makes more than the
    room left under it (a gzip bomb stops at the cap, not at the end of its first 64 KB chunk).

    A body larger than the cap is kept to its first ``max_bytes`` and said to be cut (True): podcast and archive
    feeds of 10-30 MB failed whole ("body larger than the 10 MB cap"), and their first items read as a
    document cut short are whole. Reading stops there, unless the document lists its items oldest first: then
    its newest are read instead (see :mod:`feeds.fetch_tail`), asked for as a range when the server offers
    ranges (``client``), else streamed. The order is told at the first megabyte when the headers say the body is
    larger than the cap, else at the cap; ``listed_oldest``: it is known already (the server ignored the range);
    ``part``: the body is itself a part of a document (a 206), of which the first bytes are kept."""
    # fetch_tail (its patterns, a dataclass) where a body is read: a 304 reads none
    from .fetch_tail import DECIDE, READ_AT_MOST

    try:
        decoder = BoundedDecoder(response.headers.get("content-encoding", ""))
    except UnsupportedEncoding as exc:
        raise Failure(str(exc)) from None
    length, mime = response.headers.get("content-length", ""), response.headers.get("content-type", "")
    mime = mime.split(";")[0].strip().lower()
    if length.isdigit() and int(length) > max_bytes and mime.split("/")[0] in _MEDIA:
        # An episode's audio subscribed by mistake: refused at its headers, as every body over the cap was
        # before the first bytes of a larger feed were read, not 10 MB of it downloaded on each refresh.
        raise Failure(f"not a feed: the server sends {mime[:40]} of {size_words(int(length))}")
    larger = listed_oldest or (
        length.isdigit() and int(length) > max_bytes
    )  # encoded: the decoded is larger still
    look_at, told = (min(DECIDE, max_bytes) if larger else max_bytes), False
    buf, total, cut = io.BytesIO(), 0, False
    raw = response.iter_raw()
    try:
        for chunk in raw:
            if time.monotonic() > deadline:
                raise Failure(timed_out(timeout))
            pieces = decoder.decode(chunk, max_bytes * READ_AT_MOST - total)  # lazy: a bomb stops at the cap
            for piece in pieces:
                if not part and not told and total + len(piece) > look_at:
                    # where its first item starts, when its newest are to be read; -1: read on, -2: look again
                    start = _first_look(buf, piece, listed_oldest, max_bytes)
                    if start >= 0 and not decoder.inner:
                        buf.write(piece)
                        more = _more(pieces, raw, decoder, max_bytes)
                        return _newest(
                            response, client, decoder, buf, start, more, max_bytes, deadline, timeout
                        )
                    told, look_at = start != -2 or look_at >= max_bytes, max_bytes
                if total + len(piece) > max_bytes:
                    buf.write(piece[: max_bytes - total])
                    total, cut = max_bytes, True
                    break
                total += len(piece)
                buf.write(piece)
            if cut:
                break
        out = b"" if cut else decoder.flush()  # a stream left before its end is cut by us, not short
    except Failure:
        raise
    except (CutShort, UnsupportedEncoding) as exc:  # the latter: no text at its first bytes (see _sniff)
        raise Failure(str(exc)) from None
    except httpx.RemoteProtocolError as exc:  # closed early: read if what came is the whole document
        if buf.closed:  # while its newest part was read (see _newest): no whole document
            raise
        out = closed_early(exc, buf.getvalue(), decoder)
    except Exception as exc:
        if isinstance(exc, zlib.error):
            raise Failure(f"could not decode the {decoder.coding} body: {exc}") from None
        raise
    if total + len(out) > max_bytes:
        out, cut = out[: max_bytes - total], True
    buf.write(out)
    body = buf.getvalue()
    for coding in decoder.inner:  # the layers under the last one named ("gzip, gzip"), each under the cap
        body, cut = _decode_layer(body, coding, max_bytes, cut)
    if decoder.coding and body.startswith(GZIP_MAGIC):  # no feed starts with these bytes
        return Read(*_gunzip_again(body, max_bytes, cut))
    return Read(body, cut)


def _more(
    pieces: Iterator[bytes], raw: Iterator[bytes], decoder: BoundedDecoder, max_bytes: int
) -> Iterator[bytes]:
    """The rest of a body, decoded: what is left of the chunk being decoded, then the chunks still to come, then
    the decoder's last bytes. A read that times out ends it with :class:`~feeds.fetch_tail.Stopped` (what was
    read is kept); the consumer stops pulling at its bound, so no step makes more than a piece past it."""
    from .fetch_tail import READ_AT_MOST, Stopped

    yield from pieces
    try:
        for chunk in raw:
            yield from decoder.decode(chunk, max_bytes * READ_AT_MOST)
    except httpx.TimeoutException:
        raise Stopped from None
    yield decoder.flush()


def _first_look(buf: io.BytesIO, piece: bytes, listed_oldest: bool, max_bytes: int) -> int:
    """Where the first item of a document starts when it lists its items oldest first (``listed_oldest``: known) and
    its newest are to be read; -1 when they are not (it lists its newest first, or where its first item starts is
    not known), -2 when its order cannot be told yet. Looks at its first :data:`~feeds.fetch_tail.SCAN` bytes
    (``buf`` and then ``piece``), copying no more."""
    from .fetch_tail import SCAN, first_item, listed_oldest_first

    with buf.getbuffer() as view:
        start = bytes(view[:SCAN])
    start += piece[: SCAN - len(start)]
    order = True if listed_oldest else listed_oldest_first(start)
    if order is None:
        return -2
    at = first_item(start) if order else -1
    return at if 0 <= at <= min(_MOST_HEAD, max_bytes // 2) else -1


#: The longest head (the document before its first item) kept with its newest items (at most half the cap).
_MOST_HEAD = 2**20


def _newest(
    response: httpx.Response,
    client: httpx.Client | None,
    decoder: BoundedDecoder,
    buf: io.BytesIO,
    start: int,
    more: Iterator[bytes],
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> Read:
    """The newest part of a document listed oldest first, of which ``buf`` holds the first bytes (its first item
    at ``start``) and ``more`` yields the rest: its last bytes as a range when the server offers ranges of the
    plain body, else streamed to its end. ``buf`` is emptied on the way: the window takes its place."""
    from .fetch_tail import stream_newest

    with buf.getbuffer() as view:
        head = bytes(view[:start])
    headers = response.headers
    length = headers.get("content-length", "")
    ranges = "bytes" in headers.get("accept-ranges", "").lower() and not decoder.coding
    if client is not None and ranges and length.isdigit() and int(length) > max_bytes:
        buf.close()
        from .fetch_range import ranged  # here: only a feed listed oldest first, of which ranges are offered

        return ranged(client, response, head, int(length), max_bytes, deadline, timeout)
    newest = stream_newest(head, itertools.chain(_held(buf, start), more), max_bytes, deadline - _SLACK)
    return Read(newest.body, bool(newest.skipped or newest.stopped_at), newest.skipped, newest.stopped_at)


def _held(buf: io.BytesIO, start: int) -> Iterator[bytes]:
    """The bytes of ``buf`` from ``start``, copied a piece at a time, and ``buf`` closed once they are: the
    window holds them without the buffer's copy beside it."""
    with buf.getbuffer() as view:
        for at in range(start, len(view), PIECE):
            yield bytes(view[at : at + PIECE])
    buf.close()


#: How long before the fetch's deadline the reading of a document's newest part stops, keeping what it read.
_SLACK = 0.5


def _decode_layer(body: bytes, coding: str, max_bytes: int, cut: bool, what: str = "") -> tuple[bytes, bool]:
    """One more layer of a body whose Content-Encoding names several (``gzip, gzip``, ``deflate, gzip``), kept
    to its first ``max_bytes``, and whether it is cut (``cut``: the layer around it already was, so its stream
    may end early); ``what`` names it in an error (by default "the <coding> layer of the body")."""
    try:
        return decode_first(body, coding, max_bytes, ended=not cut)
    except CutShort as exc:
        raise Failure(str(exc)) from None
    except zlib.error as exc:
        raise Failure(f"could not decode {what or f'the {coding} layer of the body'}: {exc}") from None


def _gunzip_again(body: bytes, max_bytes: int, cut: bool) -> tuple[bytes, bool]:
    """A body gzipped twice: a ``.xml.gz`` file that the server gzips again on the way out (a precompressed
    file beside on-the-fly compression). Decoded once it was still gzip, and failed as "not well-formed XML".
    Decoded a second time under the same cap, and never past it: a megabyte of gzipped zeros inside the first
    layer was a gigabyte in memory before the cap was checked."""
    return _decode_layer(body, "gzip", max_bytes, cut, "the body gzipped twice")


#: The longest ETag or Last-Modified kept and sent back. Real ones are a few dozen characters; web servers refuse
#: a request whose header line passes 8 KB (nginx: 400, others 431), so a feed that once sent a longer validator
#: failed every refresh after it: the validator was sent back each time, and only a 200 could replace it.
MAX_VALIDATOR = 1024


def _validator(value: str) -> str:
    """A validator from a response as it is stored: none when it could not be sent back, too long or not printable
    ASCII. A server's control characters were stored and never sent, and `feeds --json` printed its C1 ones raw
    (JSON escapes only C0): an ETag holding U+009B (CSI) or U+009D (OSC) wrote escape sequences to the terminal."""
    return value if header_safe(value) else ""


def header_safe(value: str) -> bool:
    """A stored validator goes back out as a header: only printable ASCII, or httpx refuses the request, and at
    most :data:`MAX_VALIDATOR` characters (one stored before that cap is not sent)."""
    return bool(value) and len(value) <= MAX_VALIDATOR and value.isascii() and value.isprintable()
