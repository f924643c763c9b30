"""The fault routes of the test server (:mod:`tests.httpserver`): every way a feed server misbehaves that the
fetcher must turn into a clear error, a bounded wait or bounded memory.

Each route is a plain function of the request handler; :func:`handle` picks one by path, or returns False so
the server looks the path up in its content.
"""

from __future__ import annotations

import email.utils
import socket
import struct
import time
import zlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.httpserver import _Handler

SAMPLE_FEED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Sample</title>'
    b"<link>https://sample.example/</link><item><title>One story</title>"
    b"<guid>https://sample.example/1</guid><link>https://sample.example/1</link>"
    b"<description>Plain words.</description></item></channel></rss>\n"
)
HTML_PAGE = (
    b"<!doctype html><html><head><title>A news site</title>"
    b'<link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml"></head>'
    b"<body><h1>A news site</h1><p>Not a feed: a web page that names one.</p></body></html>\n"
)
BOMB_UNPACKED = 200 * 2**20  # bytes of zeros the gzip bomb inflates to
_CHUNK = 64 * 1024


#: Bot protections' answers to a client that has not passed their browser test: the status and the header each
#: documents for it (Cloudflare: any challenge page; Vercel's attack challenge mode; AWS WAF's Challenge and
#: CAPTCHA actions), by the name of the ``/bot-check/<name>`` route.
BOT_CHECKS = {
    "cloudflare": (403, "cf-mitigated", "challenge"),
    "cloudflare-503": (503, "cf-mitigated", "challenge"),
    "vercel": (429, "x-vercel-mitigated", "challenge"),
    "aws-challenge": (202, "x-amzn-waf-action", "challenge"),
    "aws-captcha": (405, "x-amzn-waf-action", "captcha"),
}
BOT_CHECK_PAGE = (
    b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>'
    b"<body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>"
)


def handle(h: _Handler, path: str, query: dict[str, str]) -> bool:
    """Answer ``path`` if it is a fault route; False if it is not one."""
    parts = path.strip("/").split("/", 2)
    head = parts[0]
    if head == "redirect" and len(parts) >= 2 and parts[1].isdigit():
        rest = parts[2] if len(parts) > 2 else ""
        h.send_body(int(parts[1]), b"moved\n", "text/plain", {"Location": "/" + rest})
    elif head == "redirect-to":
        h.send_body(
            int(query.get("code", "302")),
            b"moved\n",
            "text/plain",
            {"Location": query.get("url", "/") + "a" * int(query.get("pad", "0"))},  # pad: a long address
        )
    elif head == "loop":
        other = "/loop/b" if path.endswith("/a") else "/loop/a"
        h.send_body(301, b"moved\n", "text/plain", {"Location": other})
    elif head == "status" and len(parts) == 2 and parts[1].isdigit():
        status(h, int(parts[1]), query)
    elif head == "trickle":
        trickle(h, int(query.get("bytes", "60")), float(query.get("interval", "1")))
    elif head == "trickle-headers":
        trickle_headers(h)
    elif head == "stall":
        stall(h)
    elif head == "hangup":
        h.close_connection = True  # read the request, answer nothing, close
    elif head == "reset":
        reset(h)
    elif head == "overlong":
        overlong(h, 200, SAMPLE_FEED)
    elif head == "not-modified-with-body":
        overlong(h, 304, b"")
    elif head == "not-modified-late-body":
        overlong(h, 304, b"", late=0.2)
    elif head == "overlong-redirect" and len(parts) >= 2:
        overlong(h, 301, b"moved\n", {"Location": "/" + path.strip("/").split("/", 1)[1]})
    elif head == "truncated":  # promise 100 000 bytes, send half the feed, close: a clean end, too soon
        h.wfile.write(
            b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + SAMPLE_FEED[: len(SAMPLE_FEED) // 2]
        )
        h.close_connection = True
    elif (
        head == "closed-early" and len(parts) == 3
    ):  # the document (?keep= bytes of it) in a frame left unended
        closed_early(h, "/" + parts[2], parts[1], int(query.get("keep", "-1")))
    elif head == "bad-chunk":
        h.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + SAMPLE_FEED)
        h.close_connection = True
    elif head == "not-http":  # another service on the port
        h.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        h.close_connection = True
    elif head == "huge-headers":
        h.send_body(200, SAMPLE_FEED, "application/rss+xml", {"X-Padding": "a" * 200_000})
    elif head == "wrong-type":
        h.send_body(200, SAMPLE_FEED, "image/png")
    elif head == "html":
        h.send_body(200, HTML_PAGE, "text/html; charset=utf-8")
    elif head == "big":
        big(h, int(float(query.get("mb", "50")) * 2**20), chunked=False)
    elif head == "big-chunked":
        big(h, int(float(query.get("mb", "50")) * 2**20), chunked=True)
    elif head == "bad-gzip":
        h.send_body(200, b"this is not gzip at all", "application/rss+xml", {"Content-Encoding": "gzip"})
    elif head == "gzip-bomb":
        h.send_body(200, gzip_bomb(), "application/rss+xml", {"Content-Encoding": "gzip"})
    elif head in ("deflate", "raw-deflate") and len(parts) >= 2:
        h.serve_resource("/" + path.strip("/").split("/", 1)[1], encoding=head)
    elif head == "mislabelled" and len(parts) == 3:  # the plain body, said to be in coding parts[1]
        mislabelled(h, "/" + parts[2], parts[1], compress=False)
    elif head == "opaque" and len(parts) == 3:  # binary bytes (the body raw-deflated) said to be in parts[1]
        opaque(h, "/" + parts[2], parts[1])
    elif head == "unlabelled-gzip" and len(parts) >= 2:  # the body gzipped, without Content-Encoding
        mislabelled(h, "/" + path.strip("/").split("/", 1)[1], "", compress=True)
    elif head == "gzip-cut" and len(parts) >= 2:  # the document gzipped, cut after ?keep= of its bytes
        gzip_cut(h, "/" + path.strip("/").split("/", 1)[1], query)
    elif head == "close-cut" and len(parts) >= 2:  # HTTP/1.0, no Content-Length, closed after ?bytes=N
        close_cut(h, "/" + path.strip("/").split("/", 1)[1], int(query.get("bytes", "0")))
    elif head == "encoded" and len(parts) == 3:  # the document in the codings parts[1] names ("gzip,deflate")
        encoded(h, "/" + parts[2], parts[1].split(","))
    elif (
        head == "long-validators"
    ):  # an ETag of ?n= characters (of ?fill=); a request header over 8 KB is refused
        long_validators(h, int(query.get("n", "10000")), query.get("fill", "e"))
    elif head == "cookie-gate":  # a redirect to this very address that sets a cookie; the feed to its bearer
        cookie_gate(h, path, query)
    elif head == "bot-check" and len(parts) == 2 and parts[1] in BOT_CHECKS:  # a browser test's answer
        code, name, value = BOT_CHECKS[parts[1]]
        body = b"" if code == 202 else BOT_CHECK_PAGE
        h.send_body(code, body, "text/html; charset=UTF-8", {name: value, "Cache-Control": "no-store"})
    elif head == "slow" and len(parts) >= 2:
        time.sleep(float(query.get("s", "0.5")))
        h.serve_resource("/" + path.strip("/").split("/", 1)[1])
    else:
        return False
    return True


def status(h: _Handler, code: int, query: dict[str, str]) -> None:
    """Any status; ``retry_after=S`` sends Retry-After in seconds, ``retry_after_date=S`` as an HTTP date."""
    headers = {}
    if "retry_after" in query:
        headers["Retry-After"] = query["retry_after"]
    if "retry_after_date" in query:
        headers["Retry-After"] = email.utils.formatdate(
            time.time() + float(query["retry_after_date"]), usegmt=True
        )
    h.send_body(code, f"status {code}\n".encode(), "text/plain", headers)


def overlong(
    h: _Handler, code: int, body: bytes, headers: dict[str, str] | None = None, *, late: float = 0.0
) -> None:
    """A response followed by bytes it did not announce (a Content-Length shorter than what is sent, or a 304,
    which has no body, sent with one), on a connection kept alive for the client's next request: in the same
    write as the response, or ``late`` seconds after it, once the client has taken the connection again."""
    head = [
        f"HTTP/1.1 {code} {h.responses[code][0]}",
        "Content-Type: application/rss+xml",
        'ETag: "overlong"',
    ]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    head.append(f"Content-Length: {len(body)}")
    response = ("\r\n".join(head) + "\r\n\r\n").encode() + body
    extra = b"<!-- bytes past the announced end -->"
    h.wfile.write(response if late else response + extra)
    h.wfile.flush()
    if late:
        time.sleep(late)
        h.wfile.write(extra)
        h.wfile.flush()


def trickle(h: _Handler, size: int, interval: float) -> None:
    """Promise ``size`` bytes, then send one byte per ``interval`` seconds: only a total deadline ends this."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(size))
    h.end_headers()
    h.wfile.flush()
    for _ in range(size):
        if h.server.feeds.stopping.wait(interval):
            break
        h.wfile.write(b" ")
        h.wfile.flush()
    h.close_connection = True


def trickle_headers(h: _Handler) -> None:
    """The status line and headers one byte per second: the client never even gets a response object."""
    raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n" + b"X-Slow: " + b"." * 200 + b"\r\n\r\n"
    for byte in raw:
        if h.server.feeds.stopping.wait(1.0):
            break
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
    h.close_connection = True


def stall(h: _Handler) -> None:
    """Headers, then silence until the client gives up (or the server stops)."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.flush()
    h.server.feeds.stopping.wait(120)
    h.close_connection = True


def reset(h: _Handler) -> None:
    """Promise 100 000 bytes, send 5 000, then abort the connection with a TCP reset (SO_LINGER 0)."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(SAMPLE_FEED[:40] + b" " * 4960)
    h.wfile.flush()
    time.sleep(0.1)  # let the client start reading the body
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.rfile.close()  # drop the makefile reference so close() really closes (and resets)
    h.connection.close()
    h.close_connection = True


def big(h: _Handler, size: int, *, chunked: bool) -> None:
    """``size`` bytes generated on the fly (never held): with Content-Length, or chunked so only counting the
    bytes as they arrive can stop it."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    if chunked:
        h.send_header("Transfer-Encoding", "chunked")
    else:
        h.send_header("Content-Length", str(size))
    h.end_headers()
    block = (b"<!-- padding -->" * (_CHUNK // 16))[:_CHUNK]
    sent = 0
    while sent < size:
        piece = block[: min(_CHUNK, size - sent)]
        h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        sent += len(piece)
    if chunked:
        h.wfile.write(b"0\r\n\r\n")


@cache
def gzip_bomb() -> bytes:
    """About 200 KB of gzip that inflates to 200 MB of zeros, as one valid stream.

    Compressing 200 MB takes seconds; instead 1 MB of zeros is deflated once, ending in a full flush (which
    resets the compressor, so every further megabyte would come out as the very same bytes), and that block is
    repeated, between a gzip header and a trailer whose CRC and size are computed for the whole."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(2**20)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    count = BOMB_UNPACKED // len(zeros)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, mtime 0
    trailer = struct.pack("<II", crc, BOMB_UNPACKED & 0xFFFFFFFF)
    return header + block * count + comp.flush() + trailer


def mislabelled(h: _Handler, path: str, coding: str, *, compress: bool) -> None:
    """A served document with a wrong Content-Encoding: ``coding`` named for a plain body, or none for a gzipped
    one (a ``.xml.gz`` file served as it is)."""
    import gzip

    with h.server.feeds.lock:
        res = h.server.feeds.resources.get(path)
    if res is None:
        h.send_body(404, b"not found\n", "text/plain")
        return
    body = gzip.compress(res.body, mtime=0) if compress else res.body
    h.send_body(200, body, res.content_type, {"Content-Encoding": coding} if coding else {})


def gzip_cut(h: _Handler, path: str, query: dict[str, str]) -> None:
    """The document gzipped and cut after ``keep`` (a fraction) of its compressed bytes, or with ``junk``
    appended after the whole stream; Content-Length says what is sent, so the HTTP framing is complete and
    only the gzip stream is cut short (a proxy or a cache that stored a partial file)."""
    import gzip

    with h.server.feeds.lock:
        res = h.server.feeds.resources.get(path)
    if res is None:
        h.send_body(404, b"not found\n", "text/plain")
        return
    packed = gzip.compress(res.body, mtime=0)
    body = packed[: int(len(packed) * float(query.get("keep", "1")))] + query.get("junk", "").encode()
    h.send_body(200, body, res.content_type, {"Content-Encoding": "gzip"})


def deflate(body: bytes, *, raw: bool) -> bytes:
    """HTTP "deflate" is a zlib stream; many servers send raw deflate instead. Both are served to test both."""
    comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return comp.compress(body) + comp.flush()


def close_cut(h: _Handler, path: str, keep: int) -> None:
    """An HTTP/1.0 answer without Content-Length, its connection closed after the first ``keep`` bytes of the
    document: the end of such a body is wherever the connection ends, so a server (or a proxy) that dies while
    sending it leaves an answer that looks whole."""
    with h.server.feeds.lock:
        res = h.server.feeds.resources.get(path)
    body = b"" if res is None else res.body[:keep]
    h.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n" + body)
    h.wfile.flush()
    h.close_connection = True


def closed_early(h: _Handler, path: str, how: str, keep: int) -> None:
    """The document's first ``keep`` bytes (all of it if negative) in a frame the connection closes before it ends:
    ``length``, a Content-Length 100 bytes too large; ``chunked``, one chunk and no last chunk; ``gzip-chunked``,
    the document gzipped, likewise (a load balancer that mishandles chunked encoding drops the last chunk)."""
    import gzip

    with h.server.feeds.lock:
        res = h.server.feeds.resources.get(path)
    body = b"" if res is None else res.body if keep < 0 else res.body[:keep]
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
    if how == "length":
        h.wfile.write(head + b"Content-Length: %d\r\n\r\n" % (len(body) + 100) + body)
    else:
        if how == "gzip-chunked":
            body, head = gzip.compress(body, mtime=0), head + b"Content-Encoding: gzip\r\n"
        h.wfile.write(head + b"Transfer-Encoding: chunked\r\n\r\n%x\r\n" % len(body) + body + b"\r\n")
    h.wfile.flush()
    h.close_connection = True


def encoded(h: _Handler, path: str, codings: list[str]) -> None:
    """The document encoded with each of ``codings`` in turn, and Content-Encoding naming them all in that order
    (RFC 9110: "gzip, gzip" is a body gzipped twice)."""
    import gzip

    with h.server.feeds.lock:
        res = h.server.feeds.resources.get(path)
    if res is None:
        h.send_body(404, b"not found\n", "text/plain")
        return
    body = res.body
    for coding in codings:
        body = (
            gzip.compress(body, mtime=0) if coding == "gzip" else deflate(body, raw=coding == "raw-deflate")
        )
    names = ", ".join("deflate" if c == "raw-deflate" else c for c in codings)
    h.send_body(200, body, res.content_type, {"Content-Encoding": names})


def opaque(h: _Handler, path: str, coding: str) -> None:
    """The document in bytes that are no text (raw deflate), labelled with ``coding``: a body really in a coding
    the client does not read (Brotli, Zstandard), as this server cannot make those."""
    with h.server.feeds.lock:
        res = h.server.feeds.resources.get(path)
    if res is None:
        h.send_body(404, b"not found\n", "text/plain")
        return
    h.send_body(200, deflate(res.body, raw=True), res.content_type, {"Content-Encoding": coding})


def long_validators(h: _Handler, size: int, fill: str = "e") -> None:
    """A feed whose ETag is ``size`` characters long (``fill`` repeated, sent as Latin-1 bytes), behind a web server
    that refuses any request header line over 8 KB, as nginx and Apache do by default (431 here; nginx says 400)."""
    if any(len(value) > 8190 for value in h.headers.values()):
        h.send_body(431, b"request header fields too large\n", "text/plain")
        return
    etag = '"' + (fill * size)[: max(0, size - 2)] + '"'
    if h.headers.get("If-None-Match") == etag:
        h.send_body(304, b"", "application/rss+xml", {"ETag": etag})
        return
    h.send_body(200, SAMPLE_FEED, "application/rss+xml", {"ETag": etag})


def cookie_gate(h: _Handler, path: str, query: dict[str, str]) -> None:
    """A cookie check, as load balancers (F5's) and consent pages do it: a request without the cookie is sent back
    to the same address with ``Set-Cookie`` (``/cookie-gate/through``: first to ``/cookie-gate/consent``, which
    sets it and sends the request back); one that carries it gets the feed. ``?cookie=no`` never sets one."""
    if path == "/cookie-gate/consent":
        back = {"Location": query.get("back", "/cookie-gate"), "Set-Cookie": "gate=open; Path=/"}
        h.send_body(302, b"", "text/plain", back)
    elif "gate=open" in h.headers.get("Cookie", ""):
        h.send_body(200, SAMPLE_FEED, "application/rss+xml")
    elif path == "/cookie-gate/through":
        h.send_body(302, b"", "text/plain", {"Location": "/cookie-gate/consent?back=/cookie-gate/through"})
    elif query.get("cookie") == "no":
        h.send_body(302, b"", "text/plain", {"Location": "/cookie-gate?cookie=no"})
    else:
        h.send_body(302, b"", "text/plain", {"Location": path, "Set-Cookie": "gate=open; Path=/"})
