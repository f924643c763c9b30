"""Feeds read in part: a document larger than the size cap, or one past the parser's element or time budget.

Podcast and archive feeds reach 10-30 MB. Such a document is kept to its first ``max_bytes`` by the fetch
(:attr:`feeds.fetch.FetchResult.cut`) and read here as a document cut short: its whole items are stored, the item
open at the cut is not. The feed is then not failing: its status carries a warning in words (what was read, how
many of the stories in it are stored), shown apart from errors and never counted as a failure. A later refresh that
reads the document whole clears it. A feed that lists its items oldest first, whose first megabytes are its oldest,
has its newest read instead (its head and its last bytes, see :mod:`feeds.fetch_tail`), and the warning says its
oldest were skipped; one whose newest could not be read (a JSON Feed, or one too large to read to its end) says so.

A cut body's hash is stored marked (:func:`cut_digest`), so the whole document of the same first bytes is never
taken for it ("unchanged") and the other way round; its validators are stored as they came, because a 304 means
the same document, of which the same first bytes would be read again, and its warning is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .model import Story, StoryHeader

if TYPE_CHECKING:
    from .fetch import FetchResult

#: How far back from the cut a tag's end is looked for (a longer text is cut where it is).
_TAIL = 2**20


def in_part(fetched: FetchResult, max_bytes: int) -> tuple[int, int, int]:
    """What :func:`feeds.parse.parse_feed` is told of a fetched body: the cap it was cut at (0: read whole), the
    bytes skipped before its newest items and where their reading stopped (see :mod:`feeds.fetch_tail`)."""
    return (max_bytes, fetched.skipped, fetched.stopped_at) if fetched.cut else (0, 0, 0)


def cut_digest(digest: str, cut: bool) -> str:
    """The hash stored for a body: marked when the body is the first bytes of a larger document."""
    return "cut:" + digest if cut else digest


def whole_tags(body: bytes) -> bytes:
    """A body cut at the size cap, ended after its last ``>``: the cut may split a UTF-8 character, and a body
    that fails to decode as UTF-8 is read in another charset, every letter past ASCII as mojibake. ``>`` is never
    part of a multi-byte character in UTF-8 or the legacy charsets; UTF-16 and UTF-32 are decoded forgivingly
    (:func:`feeds.wide_xml.wide_to_utf8`), so they are left as they are."""
    # Imported here: feeds.refresh imports this module, and must not load feedparser (wide_xml does).
    from .wide_xml import wide_encoding

    if wide_encoding(body):
        return body
    end = body.rfind(b">", max(0, len(body) - _TAIL))
    return body[: end + 1] if end >= 0 else body


def oldest_first(stories: Sequence[Story]) -> bool:
    """Whether a document lists its items oldest first (most neighbours in rising date order)."""
    rising = falling = 0
    for before, after in zip(stories, stories[1:], strict=False):
        rising += after.published > before.published
        falling += after.published < before.published
    return rising > falling


def _count(n: int) -> str:
    return f"{n:,} {'story' if n == 1 else 'stories'}"


def _kept(kept: int, found: int, where: str) -> str:
    """How many of the ``found`` stories read are kept, in words: "the newest 500 of the 2,506 stories in them
    kept". The item cap and retention both keep the newest; the user hears of what was kept, not of which cap."""
    if kept >= found:
        return f"the {_count(found)} {where} kept" if found == 1 else f"all {_count(found)} {where} kept"
    return f"the newest {kept:,} of the {_count(found)} {where} kept"


#: The count in a warning, to be said again once retention has kept fewer (:func:`kept_in_part`).
_KEPT = re.compile(r"(?:all |the )?(?:newest ([\d,]+) of the )?([\d,]+) stor(?:y|ies) (in them|read) kept")


def read_in_part(
    stories: Sequence[Story], read: int, cut_at: int, stopped: str, skipped: int = 0, stopped_at: int = 0
) -> str:
    """The warning for a document read in part, or "" when it was read whole (or nothing was stored).

    ``read``: items read before the item cap kept the newest (see :mod:`feeds.item_cap`); ``cut_at``: the size
    cap the body was cut at (0: not cut); ``stopped``: the parser's budget that ended the reading ("more than
    100,000 elements"); ``skipped``: the bytes of a document listed oldest first left out before the items read,
    its newest (see :mod:`feeds.fetch_tail`), and ``stopped_at`` the bytes read when that reading stopped short
    of the end (0: it reached it); ``stopped_at`` without ``skipped``: the body is the document's first
    ``stopped_at`` bytes, all the server sent, fewer than the cap. One sentence, true whichever ended the
    reading: what was read, how many of the stories in it are kept, and for a feed listing its oldest first,
    whether its newest were read."""
    if not stories or not (cut_at or stopped):
        return ""
    from .fetch_words import size_words  # here: only a feed read in part needs it

    size = size_words(cut_at)
    if skipped and not stopped:
        return _newest_read(stories, read, size, skipped, stopped_at)
    if stopped:
        also = f"; it is also larger than the {size} cap" if cut_at else ""
        why, where = f"not read to its end ({stopped}{also})", "read"
    elif stopped_at:  # all the server sent: a part nobody asked for (a 206), or it stopped sending
        why, where = f"only the first {_about(stopped_at)} read (the server sent part of the feed)", "in them"
    else:
        why, where = f"only the first {size} read (the feed is larger)", "in them"
    what = _kept(len(stories), max(read, len(stories)), where)
    if oldest_first(stories):
        what += "; the feed lists its oldest first, so its newest stories were not read"
    return f"{why}: {what}"


def _about(n: int) -> str:
    """A size in round figures: "24 MB", "1.5 MB", "640 KB"."""
    for unit, name in ((2**20, "MB"), (2**10, "KB")):
        if n >= unit:
            return f"{n / unit:.1f} {name}" if n < 10 * unit else f"{round(n / unit):,} {name}"
    return f"{n:,} bytes"


def _newest_read(stories: Sequence[Story], read: int, size: str, skipped: int, stopped_at: int) -> str:
    """The warning of a document listed oldest first of which the newest part was read, its oldest skipped."""
    what = _kept(len(stories), max(read, len(stories)), "in them")
    if stopped_at:
        return (
            f"only {size} of the feed read, after skipping its first {_about(skipped)} (it lists its oldest first,"
            f" and reading stopped after {_about(stopped_at)}, before its end): {what}; its newest stories were"
            " not reached"
        )
    return (
        f"only its last {size} read (the feed is larger and lists its oldest first: its oldest {_about(skipped)}"
        f" skipped): {what}"
    )


def stored_in_part(warning: str, stories: Sequence[Story], held: Iterable[StoryHeader]) -> str:
    """The warning of a document read in part once its ``stories`` are saved, of which the store
    ``held`` the feed's stories afterwards (see :func:`kept_in_part`): a refresh and a subscription both say it."""
    if not warning:
        return warning
    held_ids = {h.id for h in held}
    return kept_in_part(warning, len(stories), len({s.id for s in stories} & held_ids))


def kept_in_part(warning: str, found: int, kept: int) -> str:
    """The warning of a document read in part once its ``found`` stories are saved and ``kept`` of them stored.

    The parse counts what the document held; retention (the newest 500 of a feed by default, or an age) and the
    stories it purged before keep fewer: "1,095 stories" was said of a feed with 500 stored. The count is said
    again of the ones stored, out of the ones read; a warning of all of them stored is left as it was."""
    said = _KEPT.search(warning)
    if said is None or kept >= found:
        return warning
    total = int(said.group(2).replace(",", ""))
    return warning[: said.start()] + _kept(kept, total, said.group(3)) + warning[said.end() :]


#: A count said again of what the store holds now (see :func:`held_now`).
_NOW = re.compile(
    r"([\d,]+) stor(?:y|ies) (in them|read); (?:none|[\d,]+) of the feed's stories (?:is|are) stored now"
)


def held_now(warning: str, stored: int) -> str:
    """The warning of a document read in part, kept through an unchanged answer (a 304, or the same bytes), once the
    store holds ``stored`` of the feed's stories.

    The document is the one read last, so what was read stands. The count of its stories kept was true when they
    were saved, but stories can go without another reading (a stories file damaged or edited by hand, its damaged
    records left out): "all 1,095 stories in them kept" was said on every refresh of a feed with 400 stored. When
    fewer are stored than it says were kept, the count kept, which can no longer be known without the document, is
    dropped, and the feed's stories stored now are said instead; otherwise the warning stands."""
    said = _KEPT.search(warning)
    if said is not None:
        if stored >= int((said.group(1) or said.group(2)).replace(",", "")):
            return warning
        found, where = said.group(2), said.group(3)
    elif (said := _NOW.search(warning)) is not None:
        found, where = said.group(1), said.group(2)
    else:
        return warning
    held = f"{f'{stored:,}' if stored else 'none'} of the feed's stories {'is' if stored == 1 else 'are'} stored now"
    return f"{warning[: said.start()]}{_count(int(found.replace(',', '')))} {where}; {held}{warning[said.end() :]}"


def nothing_whole(cut_at: int, skipped: int = 0, stopped_at: int = 0) -> str:
    """The error of a document cut at the size cap in which nothing whole was found (``skipped``: in its last
    bytes, read for its newest; ``stopped_at`` alone: in the first bytes the server sent; see
    :func:`read_in_part`)."""
    from .fetch_words import size_words

    if stopped_at and not skipped:
        return f"the server sent part of the feed, and its first {_about(stopped_at)} hold no whole story"
    size = size_words(cut_at)
    where = "the part of it read for its newest holds" if skipped else f"its first {size} hold"
    return f"the feed is larger than the {size} cap, and {where} no whole story"


_BLANKS = re.compile(r"[ \t\r\n]*")


def _after_blanks(text: str, pos: int) -> int:
    found = _BLANKS.match(text, pos)
    return found.end() if found else pos


def json_int(digits: str) -> int:
    """An integer of a JSON Feed; one of hundreds of digits (no field we read holds one) is 0 rather than a
    failed feed: Python refuses to convert more than 4,300 digits, and orjson anything past a double."""
    return int(digits) if len(digits) <= 100 else 0


def whole_members(text: str) -> dict[str, Any]:
    """A JSON Feed object cut short: its members before the cut, and of its ``items`` the whole ones (the cut item
    is left out; members after ``items`` were not reached). Empty when the text is no JSON object."""
    decoder = json.JSONDecoder(strict=False, parse_int=json_int)
    doc: dict[str, Any] = {}
    pos = _after_blanks(text, 0)
    if not text.startswith("{", pos):
        return doc
    try:
        while True:
            key, pos = decoder.raw_decode(text, _after_blanks(text, pos + 1))  # after "{" or ","
            pos = _after_blanks(text, pos)
            if not isinstance(key, str) or not text.startswith(":", pos):
                return doc
            pos = _after_blanks(text, pos + 1)
            if key == "items" and text.startswith("[", pos):
                doc["items"] = items = []
                pos = _after_blanks(text, pos + 1)
                while not text.startswith("]", pos):
                    item, pos = decoder.raw_decode(text, pos)
                    items.append(item)
                    pos = _after_blanks(text, pos)
                    if not text.startswith(",", pos):
                        break
                    pos = _after_blanks(text, pos + 1)
                if not text.startswith("]", pos):
                    return doc
                pos += 1
            else:
                doc[key], pos = decoder.raw_decode(text, pos)
            pos = _after_blanks(text, pos)
            if not text.startswith(",", pos):
                return doc
    except (ValueError, RecursionError):  # the cut: what was whole before it is kept
        return doc
