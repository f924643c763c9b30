"""Byte ranges for :mod:`tests.httpserver`: a document served plain with ``Accept-Ranges: bytes``, as a static
file server sends a large file it does not compress.

``server.set(path, body, ranges=...)``:

- ``"bytes"``: a ``Range`` (``bytes=A-B``, ``bytes=A-``, ``bytes=-N``) is answered with a 206 and that part, when
  its ``If-Range`` (if any) names the document's ETag or Last-Modified; else the whole document (200);
- ``"ignored"``: ranges are offered, and every request is answered with the whole document (200);
- ``"refused"``: ranges are offered, and a request for one is refused (416); others get the whole document;
- ``"unasked"``: every request is answered with the first half of the document as a 206, asked for or not (a
  cache or proxy that kept part of the file); ``"unasked-middle"``: its second half;
- ``"stall"``: no ranges: the whole document is announced, its first half sent, and then nothing until the server
  stops (a server that hangs mid-body).

The server counts the 206s per path (``server.ranged``) and the bytes they carried (``server.ranged_bytes``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.httpserver import Resource, _Handler

_RANGE = re.compile(r"\s*bytes=(\d*)-(\d*)\s*\Z")


def serve(h: _Handler, res: Resource, path: str, headers: dict[str, str]) -> None:
    """Answer a request for ``res`` (served with ranges); ``headers``: its validators, already chosen."""
    body = res.body
    extra = {**headers, "Accept-Ranges": "bytes"}
    size = len(body)
    if res.ranges in ("unasked", "unasked-middle"):
        start, end = (0, size // 2 - 1) if res.ranges == "unasked" else (size // 2, size - 1)
        _part(h, path, body, start, end, res.content_type, extra)
        return
    if res.ranges == "stall":
        h.send_response(200)
        h.send_header("Content-Type", res.content_type)
        h.send_header("Content-Length", str(size))
        h.end_headers()
        h.wfile.write(body[: size // 2])
        h.wfile.flush()
        h.server.feeds.stopping.wait(10)
        h.close_connection = True
        return
    asked = _RANGE.match(h.headers.get("Range") or "")
    if_range = h.headers.get("If-Range")
    fresh = if_range is None or if_range in (res.etag, res.last_modified)
    if res.ranges == "bytes" and asked is not None and fresh and (asked.group(1) or asked.group(2)):
        first, last = asked.groups()
        if not first:  # the last N bytes
            start, end = max(0, size - int(last)), size - 1
        else:
            start, end = int(first), min(size - 1, int(last)) if last else size - 1
        if start <= end:
            _part(h, path, body, start, end, res.content_type, extra)
            return
    if res.ranges == "refused" and asked is not None:
        h.send_body(416, b"no ranges today\n", "text/plain", {"Content-Range": f"bytes */{size}"})
        return
    h.send_body(200, body, res.content_type, extra)


def _part(
    h: _Handler, path: str, body: bytes, start: int, end: int, ctype: str, headers: dict[str, str]
) -> None:
    feeds = h.server.feeds
    with feeds.lock:
        feeds.ranged[path] += 1
        feeds.ranged_bytes[path] += end + 1 - start
    h.send_body(
        206, body[start : end + 1], ctype, {**headers, "Content-Range": f"bytes {start}-{end}/{len(body)}"}
    )
