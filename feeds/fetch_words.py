"""The fetcher's failures in plain words: HTTP statuses, Retry-After, and network exceptions by their cause.

The words are what the feed list shows, so they name the cause and, where there is one, what to do or when to
try again ("host not found (DNS)", "too many requests (429); retry after 14:32 (in 2 min)").
"""

from __future__ import annotations

import datetime
import email.utils
import errno
import math
import socket
import ssl
import time
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from typing import Literal

from .paths import describe_os_error

Outcome = Literal["ok", "not_modified", "error", "gone"]
MAX_RETRY_AFTER = 7 * 86400.0  # a server cannot put a feed to sleep for longer than a week


def status_error(
    status: int, retry_after: str, login: bool = False, location: bool = False
) -> tuple[Outcome, str, float | None]:
    """A final status that is neither 2xx nor 304: its outcome, its words, and when to try again (429/503).
    ``login``: the address carried one (a 401 then refused it: "wants a login" sent the user looking for where
    to give one). ``location``: the answer had a Location header (a 3xx that is no redirect we follow)."""
    code = f"{status} {_phrase(status)}".strip()
    retry_at = parse_retry_after(retry_after) if status in (429, 503) else None
    later = f"; retry after {when_words(retry_at)}" if retry_at is not None else ""
    if status == 410:
        return "gone", "gone (410): the feed was removed by its publisher", None
    if status == 404:
        return "error", "not found (404)", None
    if status == 429:
        return "error", f"too many requests (429){later}", retry_at
    if status == 401:
        said = "the server refused the login in the address" if login else "the server wants a login"
        return "error", f"{said} ({code})", None
    if status == 407:
        return "error", f"a proxy wants a login ({code})", None
    if status == 403:
        return "error", f"access denied ({code})", None
    # LinkedIn's answer to a program that reads its pages (Yahoo's once, to too many requests).
    if status == 999:
        return "error", "the site refuses automated readers (status 999)", None
    if status == 444:  # nginx's, for a request it drops unanswered (a proxy in front sends the number on)
        return "error", f"the server closed the connection without answering ({code})", None
    if status == 499:  # nginx's, for a request its client gave up on (a proxy's, between us and the server)
        return "error", f"the request was dropped before the server answered ({code})", None
    # In no class of HTTP's: it was called "server error (999)", which it is not.
    if not 100 <= status < 600:
        return "error", f"the server answered with an unusual status ({status}), not one HTTP defines", None
    if status >= 500:
        return "error", f"server error ({code}){later}", retry_at
    if 300 <= status < 400 and location:  # 305 Use Proxy, 306, a 3xx no one defines: not a redirect to follow
        return "error", f"redirected ({code}), a kind of redirect newsdesk does not follow", None
    if 300 <= status < 400:  # a redirect that names no address (a Location header missing or empty)
        return "error", f"redirected ({code}) without saying where to: no Location header", None
    return "error", f"unexpected answer ({code})", None


#: Headers by which bot protections mark an answer as their browser check (a "Just a moment..." page, a CAPTCHA),
#: not the page asked for: each documents its own, sent with any status (Cloudflare: 403, or 503 for its older
#: pages; Vercel: 429; AWS WAF: 202 for a challenge, 405 for a CAPTCHA). Told by the status alone, the feed read
#: "access denied", "server error" (as if the site were down), "too many requests", or "not a feed: empty body".
_BOT_CHECKS = (
    ("cf-mitigated", ("challenge",), "Cloudflare"),
    ("x-vercel-mitigated", ("challenge",), "Vercel"),
    ("x-amzn-waf-action", ("challenge", "captcha"), "AWS WAF"),
)


def bot_check(status: int, headers: Mapping[str, str]) -> str:
    """The words for an answer that is a bot protection's browser check, by the header it marks it with; else ""."""
    for name, values, who in _BOT_CHECKS:
        if headers.get(name, "").strip().lower() in values:
            code = f"{status} {_phrase(status)}".strip()
            return (
                f"the site's bot protection ({who}) answered with a browser check ({code}), which a feed reader"
                " cannot pass: the site may offer the feed at another address, or let readers through if asked"
            )
    return ""


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _NAMED.get(status, "")


#: Statuses HTTP does not define that servers send, by the names their senders give them. They read "unexpected
#: answer (444)" or "server error (522)", numbers only. Cloudflare's 52x and 530 are its origin's failures seen
#: from its edge, like a gateway's 502 and 504: server errors, tried again at the next refresh as those are.
_NAMED = {
    444: "No Response, nginx",
    499: "Client Closed Request, nginx",
    520: "Unknown Error, Cloudflare",
    521: "Web Server Is Down, Cloudflare",
    522: "Connection Timed Out, Cloudflare",
    523: "Origin Is Unreachable, Cloudflare",
    524: "A Timeout Occurred, Cloudflare",
    525: "SSL Handshake Failed, Cloudflare",
    526: "Invalid SSL Certificate, Cloudflare",
    527: "Railgun Error, Cloudflare",
    530: "Origin Error, Cloudflare",
}


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Retry-After (delay seconds or an HTTP date) as absolute epoch seconds, at most a week ahead; None for
    none, a value that is no time, or a time already past (a date gone by, a negative or zero delay): that asks
    for no wait at all, and was shown as "retry after 23:27 (in 0 s)"."""
    now = time.time() if now is None else now
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:  # "-0000": the date is in UTC
            when = when.replace(tzinfo=datetime.UTC)
        seconds = when.timestamp() - now
    if math.isnan(seconds) or seconds < 1:  # under a second is no wait either: "(in 0 s)"
        return None
    # a number past a float's range ("1e400", four hundred nines) is a very long wait, not none: the week
    return now + min(seconds, MAX_RETRY_AFTER)


def when_words(at: float, now: float | None = None) -> str:
    """A time ahead as the clock and how far off it is: "14:32 (in 2 min)", "2026-12-14 09:00 (in 7 days)"."""
    delta = at - (time.time() if now is None else now)
    clock = time.strftime("%H:%M" if delta < 86400 else "%Y-%m-%d %H:%M", time.localtime(at))
    if delta < 0.5:  # passed while it was being said
        return f"{clock} (now)"
    if delta < 90:
        return f"{clock} (in {delta:.0f} s)"
    if delta < 5400:
        return f"{clock} (in {delta / 60:.0f} min)"
    if delta < 48 * 3600:
        return f"{clock} (in {delta / 3600:.0f} h)"
    return f"{clock} (in {delta / 86400:.0f} days)"


def timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def size_words(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:g} MB"
    if n >= 2**10:
        return f"{n / 2**10:g} KB"
    return f"{n} bytes"


def causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        yield node
        node = node.__cause__ or node.__context__


def _protocol_words(text: str, reading: bool) -> str:
    """h11's complaint in words. Its messages quote the server's bytes (``illegal status line: bytearray(b'...')``):
    those are left out, as they mean nothing to a reader."""
    if "without sending complete message body" in text:  # Content-Length or chunks promised more
        return "the server closed the connection before the whole feed arrived"
    if "without sending a response" in text:
        return "the server closed the connection without answering"
    if "Receive buffer too long" in text:
        return "the server sent response headers too large to read (over 100 KB)"
    if text.startswith("Invalid URL in location header"):
        return "redirected to an invalid address"
    if text.startswith("illegal status line"):
        return "the server did not answer in HTTP (is the address https://, or the port another service's?)"
    what = text.partition(": bytearray(")[0].rstrip(".")
    return f"the server broke the HTTP protocol{' while sending the feed' if reading else ''}: {what}"


def describe(exc: Exception, reading: bool) -> str:
    """A network exception in words, from the most specific cause in its chain."""
    import httpx

    chain = list(causes(exc))
    for err in chain:
        if isinstance(err, socket.gaierror):
            return "host not found (DNS)"
        if isinstance(err, ssl.SSLCertVerificationError):
            return f"TLS error: {err.verify_message or err.reason or err}"
        if isinstance(err, ssl.SSLError):
            reason = (err.reason or str(err)).replace("_", " ").lower()
            if reason == "wrong version number":  # what OpenSSL says when the answer to its hello is not TLS
                return "TLS error: the server does not speak TLS on this port (is the address http://?)"
            return f"TLS error: {reason}"
        if isinstance(err, ConnectionRefusedError):
            return "connection refused"
        if isinstance(err, UnicodeError):  # the host name, as IDNA encodes or decodes it ("xn--zz", "a..b")
            return "invalid URL: the host name is not a valid domain name"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"invalid URL: {exc}"
    reset = any(isinstance(err, ConnectionResetError | BrokenPipeError) for err in chain)
    if reset or (reading and isinstance(exc, httpx.ReadError)):
        return "connection reset while reading"
    if isinstance(exc, httpx.RemoteProtocolError):
        return _protocol_words(str(exc), reading)
    if isinstance(exc, httpx.ConnectError):
        oserr = next((e for e in chain if isinstance(e, OSError) and e.strerror), None)
        if oserr is not None and oserr.errno in (errno.EMFILE, errno.ENFILE):  # whose limit, and what it is
            return f"could not connect: {describe_os_error(oserr)}"
        return f"could not connect: {oserr.strerror if oserr else exc}"
    if isinstance(exc, httpx.HTTPError):
        return f"network error: {exc}"
    raise exc  # not a network failure: a bug, reported as such by _fetch
