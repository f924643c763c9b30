"""RFC 822 dates written with another language's day and month names, which feedparser does not read.

Feeds outside the English-speaking world often localise ``pubDate``: UOL writes "Seg, 24 Set 2018 19:42:40 -0300"
(Portuguese). feedparser gives such a date up, and the story was stamped with the time it was fetched: years-old
stories showed as "now" at the top of every list. Here the day name is dropped and the month name (Portuguese,
Spanish, French, German, Italian, Dutch; full or abbreviated) put in English, and the standard parser reads the rest.
"""

from __future__ import annotations

import re
import unicodedata
from email.utils import mktime_tz, parsedate_tz

__all__ = ["foreign_rfc822"]

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
_MONTHS = {name: english for english, names in _MONTHS_TEXT.items() for name in names.split()}
_MONTHS.update({english.lower(): english for english in _MONTHS_TEXT})  # "déc", "Mär" fold to English ones

#: [day name,] day month year time [zone]: the day name is any word, and the month a word of letters.
_DATE = re.compile(
    r"^\s*(?:[^\W\d_]+\.?,?\s+)?(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4}),?\s+(\d{1,2}:\d{2}(?::\d{2})?)\s*(\S*)\s*$"
)


def _folded(word: str) -> str:
    """Lower case without accents: "März" -> "marz", "févr" -> "fevr"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def foreign_rfc822(value: str) -> float | None:
    """Epoch seconds (UTC) of an RFC 822 date with localised names, or None when it is not one."""
    if not value or len(value) > 80:
        return None
    found = _DATE.match(value)
    if found is None:
        return None
    day, month, year, clock, zone = found.groups()
    english = _MONTHS.get(_folded(month))
    if english is None:
        return None
    parsed = parsedate_tz(f"{day} {english} {year} {clock} {zone or '+0000'}")
    if parsed is None:
        return None
    if parsed[9] is None:  # a zone it does not know ("BRT"): UTC, not this machine's local time
        parsed = (*parsed[:9], 0)
    try:
        return float(mktime_tz(parsed))
    except (OverflowError, ValueError):
        return None
