"""A widget's component style as Rich draws it, with its colour worked out as Textual paints widgets.

The lists draw their rows as Rich segments from component styles (``row-list--dim``...). Textual's partial
component style (``get_component_rich_style(..., partial=True)``) takes a colour as it is declared: a theme's
``$text-muted`` is ``auto 60%``, "the colour that contrasts with the background, at 60%", and came out as its
placeholder, pure white at full strength. On every light theme the story list's feed and age columns were white
on a light grey (a contrast of 1.3: not there at all), and the feed list's and the terminal's 16 colours made them
white on white; on a dark theme the "dim" columns were brighter than the titles.

A background with alpha fared no better: a light theme's cursor in a list without focus is 30% of a dark blue,
and came out as that blue at full strength, under its dark text (the feed list's cursor row could not be read while
the stories had the focus). Here a background with alpha is blended over the widget's, an ``auto`` colour is the
text colour that contrasts with what lies under the part, and a colour with alpha is blended over that, as Textual
does for a widget's own text.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def painted_part(widget: Widget, part: str) -> Style:
    """The component style ``part`` of ``widget`` as a partial Rich style whose colours are the ones painted."""
    style = widget.get_component_rich_style(part, partial=True)
    styles = widget.get_component_styles(part)
    under = widget.background_colors[1]
    if styles.has_rule("background") and 0 < styles.background.a < 1:
        under += styles.background
        style += Style(bgcolor=under.rich_color)
    elif styles.has_rule("background") and styles.background.a:
        under = styles.background
    auto = styles.has_rule("auto_color") and styles.auto_color
    color = styles.color
    if not styles.has_rule("color") or (not auto and color.a >= 1):
        return style
    if auto:
        color = under.get_contrast_text(color.a)
    return style + Style(color=(under + color).rich_color)
