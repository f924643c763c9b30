"""The bytes the reader draws its screen with: the terminal's encoding, whatever Python's output encoding is.

Textual writes the screen to standard error as text, in the encoding Python chose for that stream. With
``PYTHONIOENCODING=ascii`` (or a C locale where Python coerces nothing: ``PYTHONUTF8=0``, an old system) that is
ASCII, and every border and mark was drawn as "?" (the command line makes its streams print "?" for what they
cannot encode, rather than fail half-way). ``PYTHONIOENCODING`` is about Python's text streams, which may be
pipes and files; the screen is for the terminal, whose encoding is its locale's (``LC_ALL``, ``LC_CTYPE``,
``LANG``). So the screen is written in the locale's encoding, with two rules:

- The C (POSIX) locale, which names ASCII, is taken for UTF-8, as Python itself takes it (PEP 538 and PEP 540):
  it is what a terminal gets when no locale was set (a bare ``ssh``, ``env -i``, a container), and terminals
  today show UTF-8.
- A locale in another encoding (``en_US.ISO-8859-1``, ``ru_RU.KOI8-R``) is a terminal that shows that encoding
  and nothing more: a character it lacks is drawn as a lookalike of one cell (box drawing as ``+-|``, ``●`` as
  ``o``, ``★`` as ``*``, ``…`` as ``.``, an accented letter as its plain letter), else as one "?" per cell it
  takes, so the columns after it stay in place. The reader's own cut text ends in "..." there, laid out in
  three cells (:func:`tui.widgets.cells.use_terminal_encoding`); the "." is for what Textual cuts itself (a
  border title, a label that overflows). It was "~", which the feed list also draws as its mark of a feed read
  in part: a cut name read as that mark.
- A double-byte East Asian locale (``ja_JP.eucJP``, ``zh_CN.GBK``, ``zh_TW.Big5``, ``ko_KR.eucKR``) is a
  terminal that draws every character its encoding writes in two or three bytes two cells wide (glibc's
  ``wcwidth`` there says 2), the marks and box drawing included, which Rich counts as one: every row of the
  screen ran two cells long for each, and borders broke. Such a character is drawn as its lookalike too
  (:func:`drawn_wide`); wide characters (Han, kana) are left as they are, and so are half-width kana.

A UTF-8 terminal in an East Asian locale draws those signs (East Asian "ambiguous" width) one cell wide, as
glibc's ``wcwidth`` says in ``ja_JP.UTF-8`` and as terminals do unless told to draw them wide (an option of
VTE, iTerm2, xterm's ``cjkWidth``). Told so, every Textual border (box drawing is ambiguous too) breaks, not only
our marks, and Rich cannot be told: that case is left alone.

This module does not import Textual (:mod:`tui.terminal_driver` hands the driver a :class:`ScreenStream`).
"""

from __future__ import annotations

import codecs
import locale
import unicodedata
from typing import TextIO

from rich.cells import cell_len

#: Lookalikes of one cell for the marks and signs the reader (and Textual) draws, where the encoding lacks them.
LOOKALIKES = {
    "●": "o", "•": "o", "◦": "o", "○": "o",  # bullets as groff writes them in ASCII
    "★": "*", "☆": "*", "✱": "*",
    "…": ".", "·": "-", "×": "x", "↳": ">", "⏎": "<",
    "▾": "v", "▼": "v", "▴": "^", "▲": "^", "▸": ">", "▶": ">", "◂": "<", "◀": "<",
    "←": "<", "→": ">", "↑": "^", "↓": "v",
    "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "‹": "<", "›": ">", "«": "<", "»": ">",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " ", "✓": "v", "✔": "v", "✗": "x", "✘": "x",
    "█": "#", "▌": "|", "▐": "|", "▀": "-", "▄": "-",
}  # fmt: skip
_ERRORS = "newsdesk-screen"


def _box_lookalike(char: str) -> str | None:
    """A box-drawing or block character as ASCII by its name: a line across "-", a line down "|", a corner, an
    arc, a tee or a cross "+"; a partial block as the edge it draws ("▁" "-", "▎" "|"), a shade "#"."""
    if not "\u2500" <= char <= "\u259f":
        return None
    name = unicodedata.name(char, "")
    if "SHADE" in name or "QUADRANT" in name:
        return "#"
    if name.endswith("BLOCK") and name != "FULL BLOCK":  # eighths, quarters, halves
        return "|" if "LEFT" in name or "RIGHT" in name else "-"
    if "DIAGONAL" in name:
        return "/" if "UPPER RIGHT TO LOWER LEFT" in name else "\\" if "UPPER LEFT" in name else "X"
    across, down = "HORIZONTAL" in name, "VERTICAL" in name
    if across and not down and "AND" not in name:
        return "=" if "DOUBLE" in name else "-"
    if down and not across and "AND" not in name:
        return "|"
    return "+"


def lookalike(char: str, encoding: str) -> str:
    """What a terminal in ``encoding`` is shown for ``char``, which that encoding lacks: a lookalike of the same
    width, else "?" for each cell ``char`` takes."""
    width = cell_len(char)
    found = LOOKALIKES.get(char) or _box_lookalike(char)
    if found is None:  # an accented letter: its letter ("é" -> "e"), if the terminal has that
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        found = base if len(base) == 1 and base != char else None
    if found is not None and cell_len(found) == width:
        try:
            found.encode(encoding)
            return found
        except UnicodeEncodeError:
            pass
    return "?" * width


def drawn_wide(char: str, encoding: str) -> bool:
    """Whether a terminal in ``encoding`` draws ``char`` two cells wide where Rich counts one: a double-byte
    East Asian encoding writes it in two or three bytes (every legacy CJK terminal draws those two cells wide),
    other than the half-width kana that EUC-JP writes in two. A UTF-8 terminal draws them one cell wide (see the
    module's words); a single-byte encoding never writes two bytes."""
    if char.isascii() or encoding.startswith("utf") or "\uff61" <= char <= "\uff9f" or cell_len(char) != 1:
        return False
    try:
        return 2 <= len(char.encode(encoding)) <= 3
    except UnicodeEncodeError:  # not drawn at all: a lookalike takes its place (_screen_errors)
        return False


def shown_as(char: str, encoding: str) -> str:
    """What a terminal in ``encoding`` is given for ``char``: itself, or its :func:`lookalike` of one cell where
    the encoding lacks it or the terminal draws it wide (:func:`drawn_wide`)."""
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return lookalike(char, encoding)
    return lookalike(char, "ascii") if drawn_wide(char, encoding) else char


class _NarrowTable(dict[int, str]):
    """A :meth:`str.translate` table for a double-byte terminal: each character as :func:`shown_as` gives it,
    worked out the first time it is drawn and kept."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self.encoding = encoding

    def __missing__(self, code: int) -> str:
        char = chr(code)
        shown = self[code] = lookalike(char, "ascii") if drawn_wide(char, self.encoding) else char
        return shown


def _double_byte(encoding: str) -> bool:
    """A legacy East Asian encoding (EUC-JP, Shift JIS, GBK, Big5, EUC-KR...): "中" in two bytes."""
    try:
        return not encoding.startswith("utf") and len("中".encode(encoding)) >= 2
    except UnicodeEncodeError:
        return False


def _screen_errors(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    shown = "".join(lookalike(char, exc.encoding) for char in exc.object[exc.start : exc.end])
    return shown, exc.end


codecs.register_error(_ERRORS, _screen_errors)


def terminal_encoding() -> str:
    """The encoding the terminal shows, by its locale (Python set ``LC_CTYPE`` from the environment at start):
    UTF-8 for the C locale, as Python takes it (see the module's words)."""
    try:
        name = codecs.lookup(locale.nl_langinfo(locale.CODESET)).name
    except (AttributeError, LookupError, ValueError):  # no nl_langinfo, or a codeset Python does not know
        return "utf-8"
    return "utf-8" if name == "ascii" else name


class ScreenStream:
    """The terminal's stream (standard error) as the driver writes the screen to it: the text in ``encoding``,
    each character the encoding lacks, or that the terminal draws wide, as its :func:`lookalike` (see
    :func:`shown_as`). Flushes the stream's own text first, so what was printed before the screen comes before
    it."""

    def __init__(self, stream: TextIO, encoding: str) -> None:
        self.stream = stream
        self.encoding = encoding
        self._buffer = stream.buffer
        self._narrow = _NarrowTable(encoding) if _double_byte(encoding) else None

    def write(self, text: str) -> int:
        self.stream.flush()
        shown = text if self._narrow is None else text.translate(self._narrow)
        self._buffer.write(shown.encode(self.encoding, _ERRORS))
        return len(text)

    def flush(self) -> None:
        self._buffer.flush()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()


def screen_stream(stream: TextIO | None) -> TextIO | ScreenStream | None:
    """``stream`` (the terminal's standard error) for the screen: itself when it writes UTF-8 to a terminal
    that shows UTF-8 (the common case), else a :class:`ScreenStream` in the terminal's encoding."""
    if stream is None or getattr(stream, "buffer", None) is None:  # no bytes under it to write to
        return stream
    encoding = terminal_encoding()
    try:
        own = codecs.lookup(stream.encoding).name
    except (AttributeError, LookupError, TypeError):
        own = ""
    return stream if own == encoding == "utf-8" else ScreenStream(stream, encoding)
