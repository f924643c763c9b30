"""Byte ranges in a fetch: the last bytes of a feed listed oldest first, and a part nobody asked for.

A feed larger than the size cap that lists its items oldest first has its newest read (see
:mod:`feeds.fetch_tail`). When the server offers ranges of the plain body (``Accept-Ranges: bytes`` and a
Content-Length), its last bytes are asked for instead of the whole document streamed: a download of the cap, not
of the document. A server that ignores the range (a 200) has the whole document streamed after all; a 206 to a
request that asked for no range is a part of the document, never taken for the whole.

Imported by :mod:`feeds.fetch_http` where it is needed, and importing it in turn.
"""

from __future__ import annotations

import io
import re
import time

import httpx

from .fetch import Failure
from .fetch_http import Read, header_safe, read_body, send
from .fetch_tail import in_range

_CONTENT_RANGE = re.compile(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*\Z", re.I)


def ranged(
    client: httpx.Client,
    response: httpx.Response,
    head: bytes,
    length: int,
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> Read:
    """The ``head`` of a document of ``length`` bytes listed oldest first, and its last bytes, asked for as a
    range (with If-Range, so they are of the same document). A server that answers the whole document (200) has
    it streamed for its newest; any other answer, or a part that is not the one asked for, has the document asked
    for again, whole, and streamed."""
    room = max_bytes - len(head)
    asked = {"Range": f"bytes={length - room}-{length - 1}", "Accept-Encoding": "identity"}
    etag, modified = response.headers.get("etag", ""), response.headers.get("last-modified", "")
    if header_safe(etag) and not etag.startswith("W/"):  # If-Range takes a strong validator only
        asked["If-Range"] = etag
    elif header_safe(modified):
        asked["If-Range"] = modified
    response.close()  # first: a second connection of this thread could wait for the first's place in the pool
    answer = send(client, client.build_request("GET", response.url, headers=asked, timeout=_left(deadline)))
    try:
        if answer.status_code == 200:
            return read_body(answer, max_bytes, deadline, timeout, listed_oldest=True)
        said = _CONTENT_RANGE.match(answer.headers.get("content-range", ""))
        whole = said is not None and said.group(3) == str(length)
        if answer.status_code == 206 and whole and said and int(said.group(1)) == length - room:
            part = _exactly(answer, room, deadline)
            if part is not None:
                newest = in_range(head, part, length - room)
                return Read(newest.body, True, newest.skipped)
    finally:
        answer.close()
    again = send(client, client.build_request("GET", response.url, timeout=_left(deadline)))
    try:
        if not 200 <= again.status_code < 300 or again.status_code == 206:
            raise Failure(f"the server answered {again.status_code} when the feed was asked for again")
        return read_body(again, max_bytes, deadline, timeout, listed_oldest=True)
    finally:
        again.close()


def _left(deadline: float) -> httpx.Timeout:
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpx.ReadTimeout("deadline passed")
    return httpx.Timeout(left)


def _exactly(answer: httpx.Response, size: int, deadline: float) -> bytes | None:
    """The plain body of a range answer when it holds ``size`` bytes, as asked; else None."""
    if answer.headers.get("content-encoding", "identity").strip().lower() != "identity":
        return None
    buf = io.BytesIO()
    for chunk in answer.iter_raw():
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("deadline passed")  # said as the fetch's timeout
        if buf.tell() + len(chunk) > size:
            return None
        buf.write(chunk)
    return buf.getvalue() if buf.tell() == size else None


def unasked_part(response: httpx.Response, max_bytes: int, deadline: float, timeout: float) -> Read:
    """A 206 (part of a document) to a request that asked for all of it, as a cache or proxy may send: its first
    bytes are read as a document cut short (whole when the part is all of it), any other part is no document.
    Read as the whole feed, it stored the first part's items and no word said the rest was missing; read as cut
    at the cap, its warning said "only the first 10 MB read" of a part of 40 KB (``stopped_at`` says its size)."""
    said = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
    if said is None or said.group(1) != "0":
        raise Failure("the server sent part of the feed (206) from its middle, to a request for all of it")
    read = read_body(response, max_bytes, deadline, timeout, part=True)
    whole = said.group(3) != "*" and int(said.group(2)) + 1 == int(said.group(3))
    if whole or read.cut:  # all of it, or a part larger than the cap, cut there
        return read
    return read._replace(cut=True, stopped_at=len(read.body))  # its size is said, not the cap's
