"""Making untrusted feed text safe to show in a terminal.

Feed text is plain text to us. Before it is stored it loses terminal escape sequences (CSI, OSC such as OSC 52
clipboard writes and OSC 8 links, DCS/APC/PM/SOS strings), C0 and C1 control characters, bidi overrides and
zero-width characters, blank "letters" (Hangul fillers) and more than a few combining marks on one character.
Newlines survive in body text (paragraphs); titles become one line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (ESC ] ... BEL or ST), and
# two-character escapes. The 8-bit C1 forms (U+009B CSI, U+009D OSC, ...) are matched too. A string sequence is
# removed with its payload only when it is terminated: an unterminated introducer is most often mojibake (a UTF-8
# closing quote read as Latin-1 is "â€" + U+009D), and swallowing the rest of the story would lose text. Its
# introducer goes anyway (with every control character, below), so what is left is inert text. The payload may
# not contain another introducer and is read possessively, so the scan is linear whatever the input.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                         # CSI ... final byte
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\x90\x98\x9d\x9e\x9f]{0,65536}+(?:\x07|\x1b\\|\x9c)
                                                            # OSC / DCS / SOS / PM / APC ... BEL or ST
  | \x1b[ -/]*[0-~]                                         # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


# Characters that show as nothing, or as a blank the width of which terminals and Rich disagree on (so a row they
# are in comes out misaligned), yet count as letters or marks: a title made only of them looked empty but was not.
# Hangul fillers, the Khmer inherent vowels Unicode says not to use, and format controls of old or special scripts.
_BLANK_RANGES = (
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180E, 0x180E),
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
)
_BLANKS = _char_class(_BLANK_RANGES)
# C0 controls except \t and \n, DEL, C1 controls; bidi embeddings, overrides and isolates; zero-width and
# invisible formatting characters; the BOM; line/paragraph separators (turned into newlines below). Soft
# hyphens too: German sites put them in long words, and "Bundes\xadregierung" was not found by a search for
# "Bundesregierung", and showed as a "-" in some terminals and as nothing in others.
# Noncharacters too (U+FDD0-FDEF and the last two code points of every plane, U+FFFE and U+FFFF among them):
# "not for interchange", drawn by terminals as nothing or as a box, so a row holding one came out misaligned.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
)
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad"
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f" + _BLANKS + _NONCHARACTERS + "]"
)
#: Most combining marks kept on one character. Real text stacks up to about four (Hebrew with points and
#: cantillation, Vietnamese, Thai); "Zalgo" text stacks hundreds, which terminals draw over the rows around.
MAX_MARKS = 4
# The combining blocks such floods are made of: general diacritics and their extensions and supplement,
# half marks, the Cyrillic, Hebrew, Arabic and Thai marks, the marks for symbols (a keycap emoji holds one, so
# the cap keeps it) and the musical ones: a title of a thousand enclosing circles (U+20DD) came through whole.
_MARK_RANGES = (
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06E4),
    (0x0E31, 0x0E31),
    (0x0E34, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20F0),
    (0xFE20, 0xFE2F),
    (0x1D165, 0x1D169),
    (0x1D16D, 0x1D172),
    (0x1D17B, 0x1D182),
    (0x1D185, 0x1D18B),
    (0x1D1AA, 0x1D1AD),
)
_MARKS = _char_class(_MARK_RANGES)
_MARK_FLOOD = re.compile(f"([{_MARKS}]{{{MAX_MARKS}}})[{_MARKS}]+")
# What printable text can still hold that strip_unsafe changes: a blank letter, or a flood of marks. A regular
# expression reads about fifty characters a microsecond; the encoded text is first asked, in C at a byte a
# nanosecond, whether it holds any first byte of those characters' UTF-8, then (for those it holds) any of their
# first two or three bytes: the common text that holds none is cleared without the expression.
_PRINTABLE_UNSAFE = re.compile(f"[{_BLANKS}]|[{_MARKS}]{{{MAX_MARKS + 1}}}")


def _utf8_starts(ranges: tuple[tuple[int, int], ...]) -> dict[bytes, tuple[bytes, ...]]:
    """First byte -> the first bytes (all but the last) of the UTF-8 of every character in ``ranges``."""
    starts: dict[bytes, tuple[bytes, ...]] = {}
    for start in sorted({chr(cp).encode()[:-1] for a, b in ranges for cp in range(a, b + 1)}):
        starts[start[:1]] = (*starts.get(start[:1], ()), start)
    return starts


_UNSAFE_STARTS = _utf8_starts((*_BLANK_RANGES, *_MARK_RANGES))
_UNSAFE_LEADS = b"".join(_UNSAFE_STARTS)
_NEEDS_ESCAPE_SCAN = re.compile("[\x1b\x80-\x9f]")  # a C scan, not a Python loop over every character
# Lone surrogates: what Python makes of bytes that are not UTF-8 in a command-line argument or a file name, and
# of "\ud800" escapes in JSON. They can be neither stored (orjson refuses them) nor printed.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Line breaks of other kinds: vertical tab and form feed (a PDF's page break, white space in HTML) and the
# file, group and record separators were removed as control characters, gluing the words on either side.
_SEPARATORS = re.compile("[\r\u2028\u2029\x85\x0b\x0c\x1c-\x1e]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
#: The whitespace ``str.split()`` splits ASCII text on, but for single spaces (CPython's ``_Py_ascii_whitespace``).
_ASCII_SPACING = ("\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "  ")


def ascii_folded(text: str) -> bool:
    """Whether the ASCII ``text`` holds no whitespace but single spaces: ``" ".join(text.split())`` changes nothing
    inside it. Told by a search in C for each kind, where splitting makes a string per word."""
    for spacing in _ASCII_SPACING:  # noqa: SIM110 - a loop: all() over a generator took a third longer (2 KB)
        if spacing in text:
            return False
    return True


_BLANK_LINES = re.compile(r"\n\n\n+")  # lines are already stripped when this runs
# Anything strip_unsafe would change: escapes and C1 (via the ESC/C1 range), separators, invisible characters.
_ANY_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u2028\u2029\ud800-\udfff"
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f" + _BLANKS + _NONCHARACTERS + "]"
    f"|[{_MARKS}]{{{MAX_MARKS + 1}}}"
)

#: The longest title we keep; anything longer is cut with an ellipsis (a hostile feed can send megabytes).
MAX_TITLE = 500
#: The longest feed tag we keep (tags come from users and from OPML folder titles).
MAX_TAG = 60
#: The most tags one feed or one bookmark has (the store refuses more; OPML and bookmark imports keep the first).
#: Every OPML folder level copied the tags above it: a 2 MB file of 100,000 nested folders took 23 GB and was killed.
MAX_TAGS = 20
#: The longest body text we keep, in characters.
MAX_TEXT = 200_000


def _is_safe(text: str) -> bool:
    """Whether :func:`strip_unsafe` would leave ``text`` as it is: the common case, answered by the fastest scan
    in C that can. ASCII text can only hold C0 controls and DEL, which deleting from its bytes finds at about a
    byte a nanosecond. Everything strip_unsafe removes is non-printable to Python (control and format
    characters, line and paragraph separators), so printable text is safe but for blank letters and floods of
    combining marks, which one more scan in C finds; text with other non-printables (no-break spaces, soft
    hyphens) is asked the full question."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_UNSAFE)) == len(text)
    if text.replace("\n", " ").replace("\t", " ").isprintable():
        data = text.encode("utf-8", "surrogatepass")
        if len(data.translate(None, _UNSAFE_LEADS)) == len(data):
            return True
        if not any(s in data for lead, starts in _UNSAFE_STARTS.items() if lead in data for s in starts):
            return True
        return not _PRINTABLE_UNSAFE.search(text)
    return not _ANY_UNSAFE.search(text)


_ASCII_UNSAFE = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])  # _ANY_UNSAFE's ASCII part


def strip_unsafe(text: str) -> str:
    """Remove escape sequences and invisible or control characters (a lone surrogate becomes U+FFFD); keep tabs
    and newlines."""
    if not text:
        return ""
    if _is_safe(text):  # no copy
        return text
    if _NEEDS_ESCAPE_SCAN.search(text):
        text = _ESCAPES.sub("", text)
    text = _SURROGATES.sub("\ufffd", _SEPARATORS.sub("\n", text))
    return _MARK_FLOOD.sub(r"\1", _INVISIBLE.sub("", text))


def clean_text(text: str) -> str:
    """Body text: safe characters, runs of spaces folded, at most one blank line between paragraphs.

    After :func:`strip_unsafe` the only whitespace left besides newlines is what ``_SPACES`` matches, which is
    what ``str.split()`` splits on: splitting and joining each line folds and strips it in C, several times
    faster than a regular expression over the text.
    """
    text = strip_unsafe(text)
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT].rstrip() + "…"
    text = "\n".join([" ".join(line.split()) for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


# Emoji whose width terminals disagree on. Variation selector 16 asks for a character's emoji presentation: Rich
# counts "❤\ufe0f" two cells, as kitty and WezTerm draw it, where tmux, xterm, VTE and every terminal measuring by
# the C library's wcwidth draw one. A skin tone (U+1F3FB-U+1F3FF) is two cells of its own to those terminals and
# nothing to Rich, which counts "👍🏽" as two cells where they draw four. Every row holding one ran a cell or two
# long or short there, pushing its age and the pane's border out of line. Without them the character is its
# default presentation, the same width everywhere ("❤", "👍"). Selector 15 (text presentation, Hugo's "↩\ufe0e")
# stays: no cells to either.
_EMOJI_WIDTHS = "\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"
_EMOJI_WIDTH = re.compile(f"[{_EMOJI_WIDTHS}]")


def narrow_emoji(text: str) -> str:
    """``text`` without the emoji presentation selector and the skin tones that terminals draw at widths Rich does
    not count (see ``_EMOJI_WIDTHS``): what the reader and the command line show, so their columns hold in every
    terminal. Kept out of :func:`clean_text`, which also makes the text an untitled item's id is made from: that
    id stays."""
    if text.isascii() or not _EMOJI_WIDTH.search(text):  # no copy
        return text
    return _EMOJI_WIDTH.sub("", text)


def _without_leading_marks(text: str) -> str:
    """``text`` from its first character that is no combining mark (and no space left after them)."""
    start = 0
    while start < len(text) and (unicodedata.category(text[start])[0] == "M" or text[start] == " "):
        start += 1
    return text[start:]


def clean_line(text: str, limit: int = MAX_TITLE) -> str:
    """One-line text (titles, authors, feed names): safe characters, all whitespace folded to single spaces,
    emoji as every terminal measures them (:func:`narrow_emoji`), no combining mark at the start with nothing
    to sit on (a title of marks alone is no title)."""
    if len(text) > limit * 4:
        text = text[: limit * 4]
    # Once strip_unsafe is done, the only whitespace left is newlines and what _SPACES matches, which is what
    # ``str.split()`` splits on: splitting and joining folds and strips it in C, four times faster than the pattern.
    text = " ".join(strip_unsafe(text).split())
    if not text.isascii():
        text = narrow_emoji(text)
        if unicodedata.category(text[0])[0] == "M":
            # A mark drawn at a line's start sits on whatever the screen has before it (a border, the list's
            # margin): a title made of marks alone showed as nothing, or as accents on the pane's edge.
            text = _without_leading_marks(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def fold(text: str) -> str:
    """Case- and accent-folded form for matching: "Zürich" and "ZURICH" both give "zurich". Turkish dotless ı
    folds to i, as dotted İ does: "Kadıköy", "KADIKÖY" and "kadikoy" are one word (casefold leaves ı as it is,
    it is no accented i to Unicode, but a reader types i for it as for İ)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NUMBERS = re.compile(r"\d+")


def natural_key(name: str) -> str:
    """What feed (and tag) names are sorted by for display: folded as :func:`fold` folds them, digits compared as
    numbers, so "Generated News 2" comes before "Generated News 10" (it came after, by character). A string, so
    the sort compares in C: a run of digits becomes "0", a character that grows with its length, and the digits
    without their leading zeros ("0" sorts as a digit would against any other character). An ASCII name, most
    of them, skips the accent fold; one without digits is only folded."""
    folded = name.lower() if name.isascii() else fold(name)
    return _NUMBERS.sub(_number, folded) if _NUMBERS.search(folded) else folded


def _number(match: re.Match[str]) -> str:
    digits = match[0].lstrip("0") or "0"
    return "0" + chr(0x100 + min(len(digits), 0xFFFF)) + digits


def hide_password(url: str) -> str:
    """``url`` fit to show: the password of a ``user:password@`` login becomes ``***`` (and a login with no
    colon, often a token, is hidden whole), and like any text from outside it loses control characters and
    escape sequences (a local feed file's name can hold them, and was printed raw). A feed address is kept as
    given for fetching and export, but the feed list, errors and messages show this form."""
    url = strip_unsafe(url)
    login = _login_at(url)
    if login is None:
        return url
    start, at = login
    user, colon, _password = url[start:at].partition(":")
    shown = f"{user}:***" if colon else "***"
    return url[:start] + shown + url[at:]


def without_login(url: str) -> str:
    """``url`` without its login and the ``@`` after it, otherwise as given: what a bookmark export names a feed
    by (it is shared as a reading list, and a feed's password or token must not travel with it)."""
    login = _login_at(url)
    return url if login is None else url[: login[0]] + url[login[1] + 1 :]


def _login_at(url: str) -> tuple[int, int] | None:
    """Where the login of ``url`` is (``bob:pw`` of ``https://bob:pw@host/feed``, or a token alone): its first
    character and the ``@`` ending it, the last one before the host ends at ``/``, ``?`` or ``#``; None when it has
    none. The one rule :func:`hide_password` and :func:`without_login` read an address's login by."""
    scheme = url.find("://")
    if scheme < 0:
        return None
    start = scheme + 3
    end = min((i for i in (url.find(c, start) for c in "/?#") if i >= 0), default=len(url))
    at = url.rfind("@", start, end)
    return None if at < 0 else (start, at)


def quoted(value: str, limit: int = 60) -> str:
    """A value the user gave, quoted in an error, cut to ``limit`` characters with an ellipsis: `newsdesk show`
    echoed a 100 KB story id in its error (cut only at the error line's 2,000 characters)."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def counted(n: int, one: str, many: str) -> str:
    """``n`` and the noun that agrees with it, with thousands separators: "1 feed", "0 feeds", "1,095 stories"."""
    return f"{n:,} {one if n == 1 else many}"


def unique_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """``tags`` without the empty ones and without duplicates, case-insensitively: the first spelling stays
    ("News", "news" is "News"), as for bookmark tags. A feed's tags were told apart by case, and one feed could
    carry "News" and "news", two groups in the feed list for what its user meant as one."""
    seen: dict[str, str] = {}
    for tag in tags:
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())
