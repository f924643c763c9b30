"""Text that stays legible where the terminal has 16 colours (``TERM=screen``, ``TERM=linux``, ``TERM=xterm``).

Themes are made of 24-bit colours. On a terminal said to have 16 (over ssh inside GNU screen, on the Linux
console), each colour is sent as the nearest of the 16, foreground and background alike, and two colours that
differ became one: a light theme's scroll bar was the colour of its track, the key bar's letters cyan on grey,
the feed errors' address grey on grey. Nothing could show them apart, whatever the terminal's own palette.

:class:`KeepLegible` is a line filter: when the nearest colours of a segment's text and background are the same or
nearly (by the palette Rich assumes in choosing them), the text is drawn in black or white, whichever stands out
from the background. Colours that stay apart are left as the theme has them. Terminals with 256 colours or more
are not touched: the filter is not installed (:func:`keep_legible`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich._palettes import STANDARD_PALETTE
from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter

#: Below this contrast (WCAG ratio, 1 to 21) between the 16 colours chosen, the text is redrawn in black or white.
FLOOR = 2.0
_BLACK = RichColor.from_ansi(0)
_WHITE = RichColor.from_ansi(15)


def _luminance(color: RichColor) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    number = color.downgrade(ColorSystem.STANDARD).number
    r, g, b = STANDARD_PALETTE[number] if number is not None else color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(text: RichColor, background: RichColor) -> float:
    """The contrast of the 16 colours ``text`` and ``background`` are sent as, by Rich's standard palette."""
    high, low = sorted((_luminance(text), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(4096)
def legible(text: RichColor, background: RichColor) -> RichColor | None:
    """The colour to draw ``text`` in on ``background`` in 16 colours: None to keep it, else black or white."""
    if contrast(text, background) >= FLOOR:
        return None
    return _BLACK if contrast(_BLACK, background) >= contrast(_WHITE, background) else _WHITE


class KeepLegible(LineFilter):
    """Text whose 16 colours are those of its background (or nearly) drawn in black or white instead."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out: list[Segment] = []
        under = background.rich_color
        for segment in segments:
            style = segment.style
            if style is None or style.color is None or not segment.text.strip():
                out.append(segment)
                continue
            text, back = style.color, style.bgcolor or under
            if style.reverse:
                text, back = back, text
            better = legible(text, back)
            if better is None:
                out.append(segment)
            elif style.reverse:
                out.append(Segment(segment.text, style + Style(bgcolor=better), segment.control))
            else:
                out.append(Segment(segment.text, style + Style(color=better), segment.control))
        return out


def keep_legible(app: App[Any]) -> None:
    """Install :class:`KeepLegible` in ``app`` if its terminal has 16 colours (or 8)."""
    if app.console.color_system in ("standard", "windows"):
        app._filters.append(KeepLegible())  # Textual has no public way to add one; its own live in this list
