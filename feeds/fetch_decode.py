"""Bounded decoding of a fetched body: gzip, deflate and stacked codings ("gzip, gzip"), each layer under the cap.

httpx's own gzip decoder inflates a whole network chunk at once: 64 KB of a gzip bomb is 64 MB of zeros before
anyone can count. :class:`BoundedDecoder` inflates with ``max_length`` so no call ever makes more than asked.

Plain zlib, no httpx: a gzipped feed file on disk (:mod:`feeds.fetch`) is read with it too.

Any other coding (Brotli, Zstandard, compress, a name no one knows) was not asked for, and the feed fails in words
that name it (see :data:`_NAMED`): nothing of such a body is read, so nothing undecoded is ever stored. Unless its
first bytes are a document's plain text: the name is then a mistake ("Content-Encoding: UTF-8", a charset in the
wrong header), which browsers, feedparser and httpx pass through as it is, and the body is read as it came.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any

PIECE = 256 * 1024  # most bytes one inflate step makes

GZIP_MAGIC = b"\x1f\x8b\x08"
_CODINGS = frozenset({"gzip", "x-gzip", "deflate"})
#: Content codings one answer may stack ("gzip, gzip"); each layer is held to the size cap.
MAX_CODINGS = 3


#: Codings servers send that we do not decode, by their names in words. We ask for gzip and deflate only (and a
#: server sends what it was not asked for only by mistake, such as a cache that kept a Brotli copy made for a
#: browser): decoding Brotli or Zstandard would need a compiled package of a few megabytes, for a bandwidth saving
#: over gzip of a fifth or so on a feed.
_NAMED = {"br": "Brotli", "zstd": "Zstandard", "compress": "Unix compress", "x-compress": "Unix compress"}


class UnsupportedEncoding(ValueError):
    """The server used a Content-Encoding we did not ask for and cannot decode."""


def _refused(coding: str) -> UnsupportedEncoding:
    """The failure of a body in ``coding``, in words that name it."""
    coding = coding[:40]
    named = f" ({_NAMED[coding]})" if coding in _NAMED else ""
    return UnsupportedEncoding(
        f"unsupported content encoding '{coding}'{named}, which was not asked for: only gzip and deflate are read"
    )


class CutShort(ValueError):
    """The body ended before its compressed stream did (a dropped connection, a proxy or a cache that kept part
    of the file). zlib says nothing: the part inflated reads as a shorter feed, and its last story was stored
    cut off."""


class BoundedDecoder:
    """Content-Encoding decoding (gzip, deflate, identity) that never makes more bytes than asked per call.

    ``decode(data, limit)`` yields at most ``limit`` bytes; compressed input it could not yet inflate is kept
    only while the output is at the limit, which the caller treats as "over the cap" and stops.
    """

    def __init__(self, encoding: str) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        unknown = [c for c in codings if c not in _CODINGS]
        #: A coding we do not read: the body is refused at its first bytes unless they are plain text (_sniff).
        self._unknown = unknown[0] if unknown else ""
        if len(codings) > MAX_CODINGS:
            raise UnsupportedEncoding(
                f"unsupported content encoding '{encoding.strip()[:40]}': more than {MAX_CODINGS} layers"
            )
        # Codings are listed in the order they were applied ("gzip, gzip": a .xml.gz file gzipped again on the
        # way out, each layer named): this decoder takes off the last one as the body streams in; the others are
        # ``inner``, for :func:`decode_first`, outermost first. Refused, such a feed failed on every refresh.
        self.coding = codings[-1] if codings else ""
        self.inner = codings[-2::-1]
        self._raw_deflate = False
        self._started = False
        self._later_member = False  # decoding a gzip member after the first
        self._member_made = 0  # bytes the current member has made
        self._trailing = False  # the bytes after the last gzip member were not another member: ignored
        self._sniffed = False  # the first bytes were looked at (see _sniff)
        if self._unknown:
            self.coding, self.inner = "", []  # plain, or refused (see _sniff)
        elif self.coding in ("gzip", "x-gzip"):
            self._zlib: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> Iterator[bytes]:
        """Decoded pieces of ``data``, each at most ``PIECE`` bytes and at most ``limit`` bytes in all, so the
        caller can count and store them one by one: nothing here ever holds more than one piece."""
        if data and not self._sniffed:
            self._sniff(data)
        if not self.coding:
            if data:
                yield data[:limit] if len(data) > limit else data
            return
        made = 0
        while data and made < limit and not self._trailing:
            try:
                piece = self._zlib.decompress(data, min(PIECE, limit - made))
            except zlib.error:
                if self.coding == "deflate" and not self._started and not self._raw_deflate:
                    # Many servers send raw deflate, not the zlib stream HTTP names "deflate".
                    self._raw_deflate = True
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                if self._later_member and not self._member_made:
                    # Not the header of another member: a tail (often a newline) after the gzip stream, which
                    # browsers ignore too. Failing here threw away a feed already decoded whole.
                    self._trailing = True
                    return
                raise
            self._started = True
            made += len(piece)
            self._member_made += len(piece)
            if piece:
                yield piece
            if self._zlib.eof and self._zlib.unused_data and self.coding != "deflate":
                data = self._zlib.unused_data  # a further gzip member
                self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._later_member, self._member_made = True, 0
            elif piece:
                data = self._zlib.unconsumed_tail
            else:
                break  # no output and no progress: the rest is for a later chunk

    def _sniff(self, data: bytes) -> None:
        """Servers misname their bodies: a gzipped file sent without Content-Encoding (a ``.xml.gz`` served as
        is, storage that lost the header), or plain text sent as gzip or deflate. The first bytes decide; each
        failed the feed before ("not well-formed (invalid token)", "incorrect header check")."""
        self._sniffed = True
        if self._unknown:
            if not plain_text(data):
                raise _refused(self._unknown)
            return  # read as it came (the gzip magic is no text: such a body is refused above)
        if not self.coding and data.startswith(GZIP_MAGIC):  # a feed never starts with these bytes
            self.coding = "gzip"
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
            return
        start = data.lstrip(b" \t\r\n").removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:5].lower()
        if self.coding in ("gzip", "x-gzip") and start[:1] in (b"<", b"{"):  # gzip starts with 1f 8b
            self.coding = ""
        elif self.coding == "deflate" and start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
            self.coding = ""  # raw deflate can start with "<", but not with one of these names

    def flush(self) -> bytes:
        """The last bytes, once all the input went through :meth:`decode`; raises :class:`CutShort` when the
        input ended inside a compressed stream. An empty body is no stream at all (left to the parser), and a
        few bytes after a whole gzip member that made nothing are a tail, as in :meth:`decode`."""
        if not self.coding or self._trailing:
            return b""
        tail = bytes(self._zlib.flush())
        tail_only = self._later_member and not self._member_made and not tail
        if self._started and not self._zlib.eof and not tail_only:
            raise CutShort("the server's compressed answer was cut short")
        return tail


#: C0 controls no text holds (tab, line feed and carriage return aside), and DEL.
_CONTROLS = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def plain_text(data: bytes) -> bool:
    """Whether a body's first bytes are a document's plain text: ``<`` or ``{`` or ``[`` first (after blanks and a
    UTF-8 BOM), and no control character in its first 256 bytes, in whatever charset. Compressed bytes hold one
    every nine bytes or so: 256 of them without one is a chance of about 1 in 10^13."""
    head = data.lstrip(b" \t\r\n").removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:256]
    return head[:1] in (b"<", b"{", b"[") and len(head.translate(None, _CONTROLS)) == len(head)


def decode_first(body: bytes, coding: str, max_bytes: int, *, ended: bool = True) -> tuple[bytes, bool]:
    """``body`` decoded from ``coding`` (gzip or deflate, as :class:`BoundedDecoder` reads them) and kept to its
    first ``max_bytes``, and whether it was cut: there, or (``ended`` False: ``body`` is itself the start of a
    longer one) before its stream ended. Raises ``zlib.error`` if it is not in that coding and
    :class:`CutShort` if it ``ended`` before its stream does.

    Holds at most ``max_bytes`` and one piece: the decoder's flush, which inflates all the input still waiting,
    runs only once every byte went through the capped steps (a bomb stops at the cap, not in the flush)."""
    decoder, out, total = BoundedDecoder(coding), io.BytesIO(), 0
    for piece in decoder.decode(body, max_bytes + 1):
        if total + len(piece) > max_bytes:
            out.write(piece[: max_bytes - total])
            return out.getvalue(), True
        total += len(piece)
        out.write(piece)
    try:
        tail = decoder.flush()  # decode stopped under its limit: it took all the input, so this is small
    except CutShort:
        if ended:
            raise
        return out.getvalue(), True
    out.write(tail[: max_bytes - total])
    return out.getvalue(), not ended or total + len(tail) > max_bytes


#: The end of a whole XML feed: its root's end tag (``</rss>``, ``</feed>``, ``</rdf:RDF>``, a prefix allowed), then
#: nothing but blanks.
_FEED_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)\s*>[\s\x00]*\Z", re.I)


def closed_early(exc: Exception, body: bytes, decoder: BoundedDecoder) -> bytes:
    """The last bytes of a body (``body``: decoded so far) whose connection closed before its framing ended, when
    what came is the whole document (see :func:`whole_document`); else ``exc`` (httpx's) goes on, to be said in
    words ("the server closed the connection before the whole feed arrived")."""
    if "without sending complete message body" not in str(exc):
        raise exc
    try:
        tail = decoder.flush()  # a compressed stream cut short is no whole document
    except (CutShort, zlib.error):
        raise exc from None
    if not whole_document(body + tail):
        raise exc
    return tail


def whole_document(body: bytes) -> bool:
    """Whether ``body`` (decoded) ends as a whole feed ends: an XML feed's root closed, or JSON that reads whole.

    For a body whose connection closed before its framing said it would (a Content-Length too large, chunked
    encoding without its last chunk): what a load balancer that mishandles chunks, or a length counted before a
    filter trimmed the body, leaves is the whole document, and the feed failed on every refresh for it."""
    if _FEED_END.search(body[-512:]):
        return True
    if body.rstrip()[-1:] != b"}":
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True
