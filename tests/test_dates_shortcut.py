"""``feeds.dates.read`` and ``feeds.parse._dated`` answer at once for the common RFC 822 shape and for no date,
without trying every reader: each must give what the full readers gave, for every string (the old logic is kept
here as the reference)."""

from __future__ import annotations

import calendar
from typing import Any

import feedparser
from feedparser.datetimes import _parse_date
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds import dates
from feeds.parse import _dated


def _old_read(value: str) -> float | None:
    for reader in (dates.unix_time, dates.named_zone, dates.iso_zoned, dates.iso_compact, dates.month_first):
        seconds = reader(value)
        if seconds is not None:
            return seconds
    return dates.slashed(value) if "/" in value else None


def _old_dated(entry: Any, key: str, china: bool) -> float | None:
    raw = dict.get(entry, key) or ""
    ours = dates.china_cst(raw) if china else None
    if ours is None:
        ours = _old_read(raw)
    if ours is None and dates.year_slash(raw):
        return None
    if ours is not None:
        return ours
    parsed = dict.get(entry, f"{key}_parsed")
    if not parsed:
        return None
    try:
        return float(calendar.timegm(parsed))
    except (TypeError, ValueError, OverflowError):
        return None


ODD = [
    "",
    " ",
    "Mon, 02 Nov 2026 10:00:00 +0000",
    "Mon, 02 Nov 2026 10:00:00 GMT",
    "Mon, 02 Nov 2026 10:00:00 GMT+1",
    "Mon, 02 Nov 2026 10:00:00 GMT\n",
    " Mon, 02 Nov 2026 10:00:00 GMT",
    "Mon, 02 Nov 2026 10:00:00 +0000 ",
    "Mon, 2 Nov 2026 10:00:00 +0000",
    "Mon, 02 Nov 26 10:00:00 +0000",
    "Mon, 02 Nov 2026 10:00 +0000",
    "Mon, 02 Nov 2026 10:00:00 EST",
    "Mon, 02 Nov 2026 10:00:00 PDT",
    "Mon, 02 Nov 2026 10:00:00 GST",
    "Mon, 02 Nov 2026 10:00:00 SST",
    "Mon, 02 Nov 2026 10:00:00 CST",
    "Mon, 02 Nov 2026 10:00:00 CET",
    "Mon, 02 Nov 2026 10:00:00 UT",
    "Mon, 02 Nov 2026 10:00:00 Z",
    "Mon, 02 Nov 2026 10:00:00 +2400",
    "Mon, 02 Nov 2026 10:00:00 +0530",
    "Mon, 31 Feb 2026 10:00:00 +0000",
    "Mon, 02 Nov 0001 00:00:00 +0000",
    "Fri, 31 Dec 9999 23:59:59 +0000",
    "Mon, 02 Nov 1901 10:00:00 -1200",
    "Mon, 02 Nov 2026 25:61:61 +0000",
    "Seg, 24 Set 2018 19:42:40 -0300",
    "Mon, 02 Mär 2026 10:00:00 +0100",
    "2026-11-02T10:00:00Z",
    "2026-11-02 10:00:00 CET",
    "20261102T100000Z",
    "1704164645",
    "1704164645000",
    "2020/1/10 14:33:00",
    "2020/2/30",
    "Dec 6, 2026",
    "December 6th, 2026 10:00 am EST",
    "Mon Nov 02 2026 10:00:00 GMT+0000",
    "garbage",
    "Mon, 02 Nov 2026 10:00:00 +0000 (UTC)",
]

_DAYS = st.sampled_from(["mon", "Seg", "Xyz", "Monday", "", "2", "Mon."])
_MONTHS = st.sampled_from(["nov", "Set", "Mär", "November", "Foo", "13", "Sept"])
_ZONES = st.sampled_from(
    ["UT", "UTC", "Z", "EST", "PDT", "CST", "CET", "GST", "SST", "GMT+1", "UTC-05:30", "+00:00", "", "(CET)"]
    + ["+000", "gmt", "JST", "+24000", "+05", "A"]
)
_SEP = st.sampled_from([" ", ", ", ",", "  ", "\t", ". ", "/", "-", "", "T", "\n"])
_NUMBER = st.integers(0, 99999).map(str)
_CLOCK = st.sampled_from(["10:00", "10:00:00.5", "1:2:3", "99:99:99", "10.00.00", "10:00 am", "10:00:00Z"])
_TAIL = st.sampled_from([" ", "\n", "x", " GMT", " (UTC)", " CST", "0"])
_ALTERNATIVES = [_DAYS, _SEP, _NUMBER, _SEP, _MONTHS, _SEP, _NUMBER, _SEP, _CLOCK, _SEP, _ZONES]


@st.composite
def _near_rfc822(draw: st.DrawFn) -> str:
    """The common shape ("Mon, 02 Nov 2026 10:00:00 +0000") with its values drawn, then up to two parts changed."""
    parts = [
        draw(st.sampled_from(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])),
        ", ",
        f"{draw(st.integers(1, 31)):02d}",
        " ",
        draw(
            st.sampled_from(
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            )
        ),
        " ",
        f"{draw(st.integers(1, 9999)):04d}",
        " ",
        f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}:{draw(st.integers(0, 60)):02d}",
        " ",
        draw(
            st.sampled_from(
                ["+0000", "GMT", f"{draw(st.sampled_from('+-'))}{draw(st.integers(0, 2999)):04d}"]
            )
        ),
    ]
    for _ in range(draw(st.integers(0, 2))):
        n = draw(st.integers(0, len(_ALTERNATIVES)))
        if n == len(_ALTERNATIVES):
            parts.append(draw(_TAIL))
        else:
            parts[n] = draw(_ALTERNATIVES[n])
    return "".join(parts)


def _check(raw: str) -> None:
    assert dates.read(raw) == _old_read(raw), raw
    entry = feedparser.FeedParserDict(published=raw, published_parsed=_parse_date(raw))
    for china in (False, True):
        assert _dated(entry, "published", china) == _old_dated(entry, "published", china), raw
        assert _dated(entry, "updated", china) == _old_dated(entry, "updated", china), raw


def test_odd_dates_read_as_before() -> None:
    for raw in ODD:
        _check(raw)
    entry = feedparser.FeedParserDict(updated_parsed=_parse_date("Mon, 02 Nov 2026 10:00:00 GMT"))
    assert _dated(entry, "updated") == _old_dated(entry, "updated", False)


@settings(max_examples=1500, deadline=None)
@given(_near_rfc822())
def test_dates_near_rfc822_read_as_before(raw: str) -> None:
    _check(raw)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("MonNvGT+-0123456789:, /TZ")), max_size=40))
def test_any_string_read_as_before(raw: str) -> None:
    _check(raw)
