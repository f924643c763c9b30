"""RFC 822 dates written with another language's day and month names, which feedparser does not read.

Feeds outside the English-speaking world often localise ``pubDate``: UOL writes "Seg, 24 Set 2018 19:42:40 -0300"
(Portuguese). feedparser gives such a date up, and the story was stamped with the time it was fetched: years-old
stories showed as "now" at the top of every list. Here the day name is dropped and the month name (Portuguese,
Spanish, French, German, Italian, Dutch; full or abbreviated) put in English, and the standard parser reads the rest.

Zone names: RFC 822 and feedparser know only UT/GMT/Z, the North American ones (EST, PDT, ...) and MET/MEST, and
read any other name as UTC, so "10:00:00 CET" was an hour late and "10:00:00 JST" nine hours late. ``named_zone``
reads the table of other common news zone names below, in English or localised dates.

Year-first dates with slashes: some CMSs write "2020/1/10 14:33:00" (a Chinese forum's feed in the shared data).
feedparser reads every such date as 1 December of its year, midnight, whatever the month and day: ``slashed``
reads them (the time, an offset or a zone name of the table when there is one; UTC when none, as feedparser
reads a date without a zone, or a name it does not know). Day-first and month-first forms ("10/1/2020") are left
alone: they cannot be told apart.

ISO-like dates with a zone: CMSs write "2026-11-02 10:00:00 CET" (a space for the 'T', a zone name for the offset).
feedparser reads such a date as midnight whenever a space stands before the time and a name after it (any name,
GMT and EST too), reads "2026-11-02T10:00:00 CET" as UTC, and drops the minutes of an offset written without a
colon ("+0530" read as "+05:00"). ``iso_zoned`` reads them: the date and time (with 'T' or a space, with or
without seconds, a fraction dropped as feedparser drops it), then an offset ("+01:00", "+0100", "+01", "UTC+1",
Go's "+0800 CST", where the offset is what counts) or a name of the table or of feedparser's RFC 822 table (UT,
GMT, EST, CST, PDT, PT, MET, ...), with the meaning feedparser gives it in an RFC 822 date: CST is US Central
(-6), PST US Pacific (-8), AST Atlantic (-4), as "Mon, 02 Nov 2026 10:00:00 CST" reads, so one feed's dates are
read alike whichever shape it writes them in (Go's "+0800 CST" is read by its offset). An RSS or Atom feed that
declares itself in Chinese is the exception: its CST is China's (+8) in every shape (``china_cst``). A date
without a zone, or with a name it does not know, keeps feedparser's reading.

Dates written month first in English ("Dec 6, 2026", "December 6th, 2026 10:00 am EST"), as hand-made feeds
write them: feedparser gives them up. ``month_first`` reads them.

Compact ISO 8601 dates: "20261102T100000Z", "20261102T100000+0100" (the basic format, without '-' and ':').
feedparser reads every one as midnight of its day, whatever its time and offset. ``iso_compact`` reads them: the
day, then after a 'T' the hour, minutes and seconds (each of the last two optional, a fraction dropped), then 'Z',
an offset ("+0100", "+01:00", "+01") or nothing (UTC, as feedparser reads a date without a zone).
"""

from __future__ import annotations

import calendar
import re
import time
import unicodedata

__all__ = [
    "ZONES",
    "china_cst",
    "chinese",
    "foreign_rfc822",
    "iso_compact",
    "iso_zoned",
    "month_first",
    "named_zone",
    "read",
    "slashed",
    "unix_time",
    "utc_day",
    "utc_iso",
    "year_slash",
]

_MONTHS_TEXT = {
    "Jan": "janeiro enero janvier januar gennaio januari ene janv gen",
    "Feb": "fevereiro febrero fevrier februar febbraio februari fev fevr",
    "Mar": "marco marzo mars marz maart mrz mrt",
    "Apr": "abril avril aprile avr",
    "May": "maio mayo mai maggio mei mag",
    "Jun": "junho junio juin juni giugno giu",
    "Jul": "julho julio juillet juli luglio juil lug",
    "Aug": "agosto aout augustus ago",
    "Sep": "setembro septiembre septembre settembre set sept",
    "Oct": "outubro octubre octobre oktober ottobre out okt ott",
    "Nov": "novembro noviembre novembre",
    "Dec": "dezembro diciembre decembre dezember dicembre december dez dic",
}
#: Zone name -> hours east of UTC. From the IANA time zone database (tzdata): the abbreviations its zones use
#: today (Europe/Paris CET/CEST, Asia/Tokyo JST, Australia/Sydney AEST/AEDT, ...) or used until lately (MSD, BRST),
#: plus a few that tzdata has since replaced by numbers ("+08") but news sites still write (SGT, MYT, PHT, ICT, BRT,
#: ART, NPT, IRST, TRT, GST, ...) and the German MEZ/MESZ. feedparser reads every name it does not know as UTC.
#: A name with more than one meaning has the one most feeds mean, and the others are read hours off, never dropped:
#: IST is India's (+5:30; not Ireland's +1 or Israel's +2), for India's English-language press; BST British Summer
#: Time (+1; not Bangladesh's +6); GST Gulf Standard Time (+4: the Emirates' and Oman's press; South Georgia's -2
#: has none); SST Singapore Standard Time (+8, as people there write it; tzdata's SST is American Samoa's -11,
#: some 50,000 people): read as +8 a Samoan story is dated 19 hours early, where read as -11 a story from
#: Singapore would be 19 hours ahead, in the future. Left out on purpose: the names feedparser already reads (a
#: test keeps the two apart), with CST (US -6 / China +8: see ``china_cst``), AST (Atlantic -4 / Arabia +3) and PST
#: (Pacific -8 / Philippines +8) among them in their American meaning; and names as likely to mean one zone as
#: another, ECT (Ecuador -5 / Eastern Caribbean -4), AMT (Amazon -4 / Armenia +4), BDT and WST, which stay UTC.
ZONES: dict[str, float] = {
    **{
        "WET": 0,
        "WEST": 1,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "MEZ": 1,
        "MESZ": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
    },
    **{"WAT": 1, "CAT": 2, "SAST": 2, "EAT": 3, "IDT": 3, "IRST": 3.5, "PKT": 5, "IST": 5.5, "NPT": 5.75},
    **{"ICT": 7, "WIB": 7, "WITA": 8, "WIT": 9, "SGT": 8, "MYT": 8, "PHT": 8, "HKT": 8, "AWST": 8},
    **{"JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13},
    **{"HST": -10, "AKST": -9, "AKDT": -8, "NST": -3.5, "NDT": -2.5, "BRT": -3, "ART": -3},
    **{"MSD": 4, "TRT": 3, "GST": 4, "AZT": 4, "GET": 4, "AFT": 4.5, "IRDT": 4.5, "UZT": 5, "BTT": 6},
    **{"MMT": 6.5, "SST": 8, "PHST": 8, "CHST": 10, "FJT": 12, "HDT": -9, "HAST": -10, "HADT": -9},
    **{"BRST": -2, "UYT": -3, "CLST": -3, "CLT": -4, "BOT": -4, "VET": -4, "COT": -5, "PET": -5},
}

_MONTHS = {name: english for english, names in _MONTHS_TEXT.items() for name in names.split()}
_MONTHS.update({english.lower(): english for english in _MONTHS_TEXT})  # "déc", "Mär" fold to English ones

#: [day name,] day month year time [zone]: the day name is any word, and the month a word of letters.
_DATE = re.compile(
    r"^\s*(?:[^\W\d_]+\.?,?\s+)?(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{2,4}),?\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*(\S*)\s*$"
)


#: year/month/day [time] [zone]: "2020/1/10 14:33:00", "2020/01/10 14:33 +0800", "2020/1/10".
_SLASHED = re.compile(
    r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*"
    r"(?:([+-])(\d{2}):?(\d{2})|([A-Za-z]{1,5}))?\s*$"
)


#: date, 'T' or blanks, time (seconds and a fraction optional), then an offset (after GMT/UTC/UT or not, a name
#: after it ignored) or a zone name (in brackets or not): "2026-11-02 10:00:00 CET", "2026-11-02T10:00+0530".
_ISO_ZONED = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(?:(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?:\s+\(?[A-Za-z]{1,5}\)?)?|\(?([A-Za-z]{1,5})\)?)"
)
#: Zone names an ISO-like date may end with: the table's, and feedparser's RFC 822 names with its meanings (it reads
#: them in RFC 822 dates, but not after an ISO-like date: "2026-11-02 10:00:00 CST" was midnight UTC, and
#: "2026-11-02T10:00:00 PST" 10:00 UTC). Its one-letter military zones are left out. A test holds the two tables
#: equal.
_ISO_NAMES: dict[str, float] = {
    **{"Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "EDT": -4, "EST": -5, "ET": -5, "CDT": -5, "CST": -6, "CT": -6},
    **{"MDT": -6, "MST": -7, "MT": -7, "PDT": -7, "PST": -8, "PT": -8, "ADT": -3, "AST": -4, "AT": -4},
    **{"MET": 1, "MEST": 2},
    **ZONES,
}


#: year month day, then 'T' hour [minute [second [fraction]]] and 'Z' or an offset or nothing: "20261102T100000Z".
_ISO_COMPACT = re.compile(
    r"(\d{4})(\d{2})(\d{2})(?:[Tt](\d{2})(?:(\d{2})(?:(\d{2})(?:[.,]\d+)?)?)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?)?"
)


_YEAR_SLASH = re.compile(r"^\s*\d{4}/\d")


def year_slash(value: str) -> bool:
    """Whether ``value`` starts as a year-first date with slashes: one :func:`slashed` cannot read (30 February,
    an offset of 24 hours) is no date, not feedparser's 1 December."""
    return _YEAR_SLASH.match(value) is not None


def _folded(word: str) -> str:
    """Lower case without accents: "März" -> "marz", "févr" -> "fevr"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


#: An offset after GMT or UTC, as people write it: "GMT+1", "UTC+05:30", "GMT-0500".
_GMT_OFFSET = re.compile(r"(?:GMT|UTC|UT)([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def foreign_rfc822(value: str) -> float | None:
    """Epoch seconds (UTC) of an RFC 822 date with localised names, or None when it is not one."""
    return _rfc822(value, named_only=False)


def named_zone(value: str) -> float | None:
    """Epoch seconds (UTC) of an RFC 822 date whose zone is a name of ``ZONES`` ("... 10:00:00 CET") or an offset
    after GMT or UTC ("... 10:00:00 GMT+1"), or whose year has two or three digits ("01 Jan 75"), else None.

    None for every other date, so dates feedparser reads (numeric offsets, GMT, EST, ...) keep its reading.
    """
    return _rfc822(value, named_only=True)


def _year(written: str) -> int:
    """The year of an RFC 822 date as RFC 5322 (4.3) reads it: two digits are 2000-2049 below 50, else 1950-1999
    (feedparser read "75" as 2075); three digits are years since 1900 (C's ``tm_year``: "126" is 2026). Four
    digits are the year as written, zeros and all: "0001" is the year 1, which the standard library read as two
    digits, 2001 (Go's zero date with a zone name, "Mon, 01 Jan 0001 00:00:00 CET", was a story of 2001, not an
    undated one)."""
    year = int(written)
    if len(written) == 2:
        return year + (2000 if year < 50 else 1900)
    return year + 1900 if len(written) == 3 else year


def _rfc822(value: str, named_only: bool) -> float | None:
    if not value or len(value) > 80:
        return None
    found = _DATE.match(value)
    if found is None:
        return None
    day, month, year, clock, zone = found.groups()
    name = zone.strip("()").upper()
    hours = ZONES.get(name)
    after_gmt = _GMT_OFFSET.fullmatch(zone) if hours is None else None
    if after_gmt is not None:  # "GMT+1", "UTC+05:30": feedparser read them as GMT, hours off
        sign, off_h, off_m = after_gmt.groups()
        seconds = _offset(sign, off_h, off_m)
        hours = None if seconds is None else seconds / 3600
    short = len(year) < 4  # feedparser misreads a short year (see _year): the date is ours whatever its zone
    if hours is None and short:
        hours = _ISO_NAMES.get(name)  # feedparser's names (MET, PT, ...) as it reads them; else as written
    if named_only and hours is None and not short:
        return None
    english = _MONTHS.get(_folded(month))
    if english is None:
        return None
    if hours is not None:  # "+0100": minutes of an offset such as +5:45 kept
        minutes = round(abs(hours) * 60)
        zone = f"{'-' if hours < 0 else '+'}{minutes // 60:02d}{minutes % 60:02d}"
    from email.utils import mktime_tz, parsedate_tz  # not at import: the reader's start-up needs neither

    parsed = parsedate_tz(f"{day} {english} {year} {clock} {zone or '+0000'}")
    if parsed is None:
        return None
    if parsed[9] is None:  # a zone it does not know ("BRT"): UTC, not this machine's local time
        parsed = (*parsed[:9], 0)
    parsed = (_year(year), *parsed[1:])  # parsedate_tz read "0001" as 2001
    try:
        return float(mktime_tz(parsed))
    except (OverflowError, ValueError):
        return None


def slashed(value: str) -> float | None:
    """Epoch seconds (UTC) of a year-first date with slashes ("2020/1/10 14:33:00"), or None when it is not one
    (a zone name it does not know is UTC, see :func:`_named_or_utc`)."""
    if not value or len(value) > 80:
        return None
    found = _SLASHED.match(value)
    if found is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m, name = found.groups()
    offset = _offset(sign, off_h, off_m) if sign else _named_or_utc(name) if name else 0
    if offset is None:
        return None
    fields = (int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    return _utc_epoch(fields, offset)


def iso_zoned(value: str) -> float | None:
    """Epoch seconds (UTC) of an ISO-like date and time with an offset or a known zone name ("2026-11-02
    10:00:00 CET", "2026-11-02T10:00+0530"), or None: no such date, no zone, a name it does not know, or a day or
    time that does not exist (feedparser's reading is kept then)."""
    if not value or len(value) > 80:
        return None
    found = _ISO_ZONED.fullmatch(value.strip())
    if found is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m, name = found.groups()
    offset = _offset(sign, off_h, off_m) if sign else _named(name)
    if offset is None:
        return None
    fields = (int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    return _utc_epoch(fields, offset)


def iso_compact(value: str) -> float | None:
    """Epoch seconds (UTC) of a compact ISO 8601 date ("20261102T100000Z", "20261102T100000+0100", "20261102"),
    or None: no such date, or a day, time or offset that does not exist (feedparser's reading is kept then)."""
    if not value or len(value) > 40:
        return None
    found = _ISO_COMPACT.fullmatch(value.strip())
    if found is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = found.groups()
    offset = _offset(sign, off_h, off_m) if sign else 0
    if offset is None:
        return None
    fields = (int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    return _utc_epoch(fields, offset)


#: Month first, as people write a date in English: "Dec 6, 2026", "December 6th, 2026 10:00 am EST", "Sunday,
#: December 6, 2026 at 9:30 PM", "Sept 30, 2026 23:15 +0200". feedparser gives such a date up.
_MONTH_FIRST = re.compile(
    r"\s*(?:[A-Za-z]+\.?,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    r"(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?"
    r"\s*(?:([+-])(\d{2}):?(\d{2})|([A-Za-z]{1,5}))?\s*",
    re.ASCII,
)
_ENGLISH_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for name in names.split()
}


def month_first(value: str) -> float | None:
    """Epoch seconds (UTC) of an English date written month first (see :data:`_MONTH_FIRST`), its time 12-hour or
    24-hour, its zone a name of :data:`_ISO_NAMES` or an offset, else UTC (a name it does not know too); None when
    it is no such date, or names a day or time that does not exist."""
    if not value or len(value) > 80:
        return None
    found = _MONTH_FIRST.fullmatch(value)
    if found is None:
        return None
    month_name, day, year, hour, minute, second, half, sign, off_h, off_m, name = found.groups()
    month = _ENGLISH_MONTHS.get(month_name.lower())
    offset = _offset(sign, off_h, off_m) if sign else _named_or_utc(name) if name else 0
    if month is None or offset is None:
        return None
    hours = int(hour or 0)
    if half:  # 12 am is midnight, 12 pm noon
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half in "Pp" else 0)
    fields = (int(year), month, int(day), hours, int(minute or 0), int(second or 0))
    return _utc_epoch(fields, offset)


def _offset(sign: str, hours: str, minutes: str | None) -> int | None:
    """Seconds east of UTC of an offset ("+", "05", "30"), or None when it does not exist ("+24:00")."""
    if int(hours) > 23 or int(minutes or 0) > 59:
        return None
    return (int(hours) * 60 + int(minutes or 0)) * 60 * (-1 if sign == "-" else 1)


def _named(name: str) -> int | None:
    """Seconds east of UTC of a zone name of :data:`_ISO_NAMES` ("CET", "GMT", "EST"), or None when unknown."""
    hours = _ISO_NAMES.get(name.upper())
    return None if hours is None else round(hours * 3600)


def _named_or_utc(name: str) -> int:
    """:func:`_named`, with a name it does not know read as UTC, as feedparser reads one in an RFC 822 or ISO date:
    hours off at worst. A date of a shape feedparser gives up (month first, year first with slashes) was left with
    no date for it, and its story dated when first seen."""
    return _named(name) or 0


#: The shape most feeds write ("Mon, 02 Nov 2026 10:00:00 +0000", "... GMT"), which feedparser reads right. None of
#: the readers of :func:`read` takes it (it starts with a letter, its zone is no name of ``ZONES`` and has no offset
#: after GMT, a day name is no month), so ``read`` says None at once: it tried them all on every such date, as many
#: regular expressions as readers, after feedparser had read it.
_PLAIN_RFC822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} (?:[+-]\d{4}|GMT)\Z",
    re.ASCII,
)


def read(value: str) -> float | None:
    """Epoch seconds (UTC) of a date in one of the shapes above that feedparser and the standard library misread
    or give up on (Unix time, a zone name, ISO-like with a zone, compact ISO, month first in English, year-first
    with slashes), or None: the date is in none of them, and their readings stand. The one list both the XML and
    the JSON Feed parsers try."""
    if not value or _PLAIN_RFC822.match(value):  # feedparser's reading stands: skip the readers (see above)
        return None
    for reader in (unix_time, named_zone, iso_zoned, iso_compact, month_first):
        seconds = reader(value)
        if seconds is not None:
            return seconds
    return slashed(value) if "/" in value else None


#: A time, then CST (in brackets or not) at the end: "... 10:00:00 CST", "2026-11-02 10:00 (CST)". Go's "+0800 CST"
#: is not one: its offset counts.
_CST_END = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\s*\(?CST\)?\s*\Z", re.IGNORECASE)


def chinese(language: str) -> bool:
    """Whether a feed's declared language is Chinese ("zh", "zh-cn", "zh_TW", "zh-Hant"), where CST is China's."""
    return language[:2].lower() == "zh" and language[2:3] in ("", "-", "_")


def china_cst(value: str) -> float | None:
    """Epoch seconds (UTC) of a date whose zone is CST, read as China Standard Time (+8, Taiwan's too), in any shape
    read here or by feedparser (RFC 822 in English or localised, ISO-like, year-first with slashes); None for any
    other date. For a feed in Chinese only: PHP's ``date("T")`` writes CST for Asia/Shanghai, and read as US Central
    (as feedparser reads it in RFC 822) a story of 10:00 in Beijing was listed 14 hours ahead of its time."""
    if not value or len(value) > 80 or not value.rstrip().rstrip(")").upper().endswith("CST"):
        return None
    found = _CST_END.search(value)
    if found is None:
        return None
    offset = value[: found.start()] + found.group(1) + " +0800"
    for reader in (iso_zoned, slashed, foreign_rfc822):
        seconds = reader(offset)
        if seconds is not None:
            return seconds
    return None


def _utc_epoch(fields: tuple[int, int, int, int, int, int], offset: int) -> float | None:
    """Epoch seconds of year, month, day, hour, minute, second written ``offset`` seconds east of UTC; None when
    that day or time does not exist (a leap second, :60, is the next second), or in a year the calendar has not:
    year 0 ("0000-01-01T00:00:00Z", a zero date like Go's) raised out of ``timegm`` and failed the whole feed."""
    year, month, day, hour, minute, second = fields
    if not 1 <= year <= 9999 or not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    if hour > 23 or minute > 59 or second > 60:
        return None
    return float(calendar.timegm((*fields, 0, 0, 0)) - offset)


def utc_iso(ts: float) -> str:
    """``ts`` in ISO 8601, UTC ("2026-01-02T03:04:05Z"), its year always of four digits: C's ``strftime`` writes
    the year 999 as "999" and the year 1 as "1", which no ISO reader takes (``stories --json`` gave
    "1-01-01T00:00:00Z" for a story of a Go feed's zero date, and a script reading it failed)."""
    t = time.gmtime(ts)
    return f"{utc_day(ts)}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}Z"


def utc_day(ts: float) -> str:
    """The day of ``ts`` in UTC, "2026-01-02", its year of four digits (see :func:`utc_iso`)."""
    t = time.gmtime(ts)
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"


_UNIX_TIME = re.compile(r"\s*(\d{10}|\d{13})(?:\.\d+)?\s*\Z")


def unix_time(value: str) -> float | None:
    """A date written as Unix time ("1704164645", or in milliseconds "1704164645000"), as scripts that build a
    feed from a database write it; None for anything else. feedparser read those ten digits as a compact ISO
    date: the year 1704, so the story was listed last, 322 years old. Ten digits are seconds (September 2001 to
    2286), thirteen milliseconds; other counts are left alone ("20240102" is a date)."""
    found = _UNIX_TIME.match(value)
    if found is None:
        return None
    digits = found.group(1)
    return int(digits) / 1000 if len(digits) == 13 else float(int(digits))
