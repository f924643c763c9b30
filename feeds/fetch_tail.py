"""The newest part of a feed larger than the size cap that lists its items oldest first.

A document larger than the cap is kept to its first ``max_bytes`` (see :mod:`feeds.oversize`). For most feeds
those are its newest items; an archive or a podcast's back catalogue lists its oldest first, so its first
megabytes are its oldest episodes and the newest never reached the reader. For such a feed the fetch reads its
newest instead, holding no more than the cap and a piece (twice the cap for a moment, when it starts and ends):

- the order is told from the dates of the first items (:func:`listed_oldest_first`, a look at the first dated
  items of the first :data:`SCAN` bytes, not a parse: a few milliseconds, where feedparser would take seconds),
  before anything past the cap is read: on the first megabyte when the headers already say the body is larger than
  the cap (a range then saves the download of the cap), else at the cap (a feed of a few megabytes costs nothing);
- the document's head (up to its first ``<item>`` or ``<entry>``) is kept, and of the rest, from the bytes already
  read on, only a rolling window of the last ``max_bytes`` less the head (:class:`Window`), over the decoded
  bytes (gzip works as it did);
- at the end, the window is read from its first whole item (:func:`first_item`), after the head: a document
  cut at its front, whole at its end, which the parser reads as any other;
- reading stops after :data:`READ_AT_MOST` times the cap, or when the fetch's time is nearly up: then the window
  is the part read last, and the warning says the newest stories were not reached.

A server that offers byte ranges of the plain body saves the download: the last bytes are asked for (see
:mod:`feeds.fetch_range`); the streaming is :mod:`feeds.fetch_http`'s.

JSON Feed is left as it was (its first items kept, and the warning says the newest were not read): a window
starts inside a JSON string as easily as between two items, and nothing in JSON tells the two apart without
reading from the start. RDF (RSS 1.0) items are ``<item>`` elements too; UTF-16 and UTF-32 documents, and bodies
of stacked codings, keep their first part.
"""

from __future__ import annotations

import calendar
import re
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import mktime_tz, parsedate_tz

from .dates import read as read_date

#: Decoded bytes of a document read at most, in caps, to reach its newest items (200 MB at the 10 MB cap).
READ_AT_MOST = 20
#: How much of a document's start tells its order when its headers already say it is larger than the cap.
DECIDE = 2**20
#: Dated items looked at, at most, to tell the order: enough to outvote a few items out of place.
ENOUGH = 64
#: How far into a document its dated items are looked for: a body of tags costs the look a few tenths of a second
#: per 10 MB (every ``<`` is tried), and two megabytes hold dozens of items of any real feed.
SCAN = 2 * 2**20

_ITEM = re.compile(rb"<(?:item|entry)[\s>]")
_MARK = re.compile(
    rb"<(?:item|entry)[\s>]"
    rb"|<(?:pubDate|dc:date|published|updated|dcterms:issued|dcterms:modified)(?:\s[^>]*)?>"
    rb"\s*(?:<!\[CDATA\[)?([^<\]]{6,80})"
)
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?(?:\.\d+)?\s*(Z|[+-]\d\d:?\d\d)?)?")


class Stopped(Exception):
    """The body's reading ended before the document did (the fetch's time ran out): what was read is kept."""


@dataclass(frozen=True, slots=True)
class Newest:
    """A document's head and its last part, read for its newest items."""

    body: bytes
    #: Decoded bytes of the document left out between its head and the first item kept.
    skipped: int
    #: 0 when the body reaches the document's end; else the decoded bytes read when reading stopped.
    stopped_at: int


def item_date(text: bytes) -> float | None:
    """Epoch seconds of an item's date as feeds write it (RFC 822, ISO 8601, and the shapes of
    :func:`feeds.dates.read`), or None. Only the order of neighbours counts: a zone read wrong costs little."""
    value = text.decode("ascii", "replace").strip()
    try:
        parsed = parsedate_tz(value)
    except (TypeError, ValueError, IndexError):  # the standard library's reader, on a hostile feed's text
        parsed = None
    if parsed is not None:
        try:
            return float(mktime_tz(parsed))
        except (OverflowError, ValueError):
            return None
    found = _ISO.match(value)
    return _iso(found) if found is not None else read_date(value)


def _iso(found: re.Match[str]) -> float | None:
    year, month, day, hour, minute, second, zone = found.groups()
    offset = 0
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        offset = (int(digits[:2]) * 3600 + int(digits[2:]) * 60) * (-1 if zone[0] == "-" else 1)
    fields = (int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    try:
        return float(calendar.timegm((*fields, 0, 0, 0)) - offset)
    except (OverflowError, ValueError):
        return None


def listed_oldest_first(data: bytes) -> bool | None:
    """Whether a feed document's first items are listed oldest first, from the first date of each of its first
    :data:`ENOUGH` dated items in its first :data:`SCAN` bytes (most neighbours in rising order, as :func:`feeds.oversize.oldest_first` judges the
    stories read); None when fewer than two items are dated (or the document is no RSS, RDF or Atom in ASCII or
    UTF-8: JSON Feed, UTF-16)."""
    dates: list[float] = []
    dated = True  # no item is open: a channel's date is not an item's
    for found in _MARK.finditer(data, 0, SCAN):
        if found.group(1) is None:
            dated = False
        elif not dated:
            dated = True
            when = item_date(found.group(1))
            if when is not None:
                dates.append(when)
                if len(dates) >= ENOUGH:
                    break
    if len(dates) < 2:
        return None
    rising = sum(after > before for before, after in zip(dates, dates[1:], strict=False))
    falling = sum(after < before for before, after in zip(dates, dates[1:], strict=False))
    return rising > falling


def _inside(data: bytes, pos: int, opens: bytes, closes: bytes) -> bool:
    """Whether ``pos`` lies inside a section (CDATA, a comment) that opened before ``data`` starts: its end comes
    before any start of another."""
    close = data.find(closes, pos)
    return close >= 0 and data.find(opens, pos, close) < 0


def first_item(data: bytes, pos: int = 0) -> int:
    """Where the first whole item (``<item>``, ``<entry>``) starts in ``data``, which may start anywhere in a
    document; -1 when none does. One inside a CDATA section or a comment that ``data`` starts in (an item's HTML
    may hold ``<item>``) is not one."""
    for found in _ITEM.finditer(data, pos):
        at = found.start()
        if not (_inside(data, at, b"<![CDATA[", b"]]>") or _inside(data, at, b"<!--", b"-->")):
            return at
    return -1


class Window:
    """The last ``room`` bytes of a stream, held in the pieces they came in: at most ``room`` and one piece."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.pieces: deque[bytes] = deque()
        self.held = 0
        self.dropped = 0  # bytes of the stream no longer held
        self.most = 0  # the most bytes ever held (for tests of the bound)

    def add(self, piece: bytes) -> None:
        if len(piece) >= self.room:  # a piece larger than the window: only its end is kept
            self.dropped += self.held + len(piece) - self.room
            self.pieces.clear()
            piece, self.held = piece[len(piece) - self.room :], 0
        self.pieces.append(piece)
        self.held += len(piece)
        while self.held - len(self.pieces[0]) >= self.room:
            old = self.pieces.popleft()
            self.held -= len(old)
            self.dropped += len(old)
        self.most = max(self.most, self.held)

    def value(self) -> tuple[bytes, int]:
        """The last ``room`` bytes, and how many bytes of the stream came before them; the window is emptied."""
        over = max(0, self.held - self.room)
        if over:
            self.pieces[0] = self.pieces[0][over:]
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data, self.dropped + over


def stream_newest(head: bytes, pieces: Iterable[bytes], max_bytes: int, stop_by: float) -> Newest:
    """The newest part of a document: its ``head`` (up to its first item) and the whole items of its last bytes,
    at most ``max_bytes`` in all, from ``pieces`` (the decoded bytes after the head, to the end; raising
    :class:`Stopped` when they cannot go on). Reading stops after :data:`READ_AT_MOST` caps or at ``stop_by``
    (``time.monotonic``), keeping the part read last."""
    window = Window(max_bytes - len(head))
    read, stopped_at = len(head), 0
    try:
        for piece in pieces:
            window.add(piece)
            read += len(piece)
            if read >= max_bytes * READ_AT_MOST or time.monotonic() > stop_by:
                stopped_at = read
                break
    except Stopped:
        stopped_at = read
    part, dropped = window.value()
    at = first_item(part) if dropped else 0
    if at < 0:  # no item starts in the last bytes: one item larger than the cap
        at = len(part)
    return Newest(b"".join((head, memoryview(part)[at:])), dropped + at, stopped_at)


def in_range(head: bytes, part: bytes, part_starts: int) -> Newest:
    """The newest part of a document from its head and its last bytes ``part`` (asked for as a range), which
    start ``part_starts`` bytes into it."""
    at = first_item(part)
    at = len(part) if at < 0 else at
    return Newest(b"".join((head, memoryview(part)[at:])), part_starts + at - len(head), 0)
