"""A list item's hanging indent in the story view: its wrapped rows under its text, not at the margin.

The story text marks an item's line (:mod:`feeds.html_lists`): its indent, its label (a bullet or a number) and
:data:`~feeds.html_lists.LABEL_END`, a no-break space the feed's own text cannot hold (the cleaning folds every
one it brings into a plain space). A paragraph that starts with "1." or "- " has a plain space there and is no
item; nor are the items of a story stored before the mark was made: they wrap to the margin, as they did.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from feeds.html_lists import LABEL_END, MAX_INDENT

#: The fewest columns an item's text keeps beside its label: narrower (a deep item in a narrow pane), the item
#: wraps to the margin as a paragraph does.
HANG_MIN_TEXT = 16
#: The longest label (a bullet, or a number as feeds.html_lists writes it; the feed's own "&#3;" makes no indent).
_LONGEST = 24
_LABEL = re.compile(f" {{0,{2 * MAX_INDENT}}}[^ {LABEL_END}]{{1,{_LONGEST}}}{LABEL_END}")
_REACH = 2 * MAX_INDENT + _LONGEST + 1


def hang(text: str, width: int) -> tuple[int, int]:
    """For an item's line ``text`` wrapped at ``width``: the characters of its label (its indent and the no-break
    space after it included) and the cells they take, which its rows are indented by. (0, 0) for any other line,
    an item with no text after its label, or where too few columns would be left beside the label."""
    if text.find(LABEL_END, 0, _REACH) < 0:
        return 0, 0
    found = _LABEL.match(text)
    if found is None or found.end() == len(text):
        return 0, 0
    cells = cell_len(text[: found.end()])
    return (found.end(), cells) if width - cells >= HANG_MIN_TEXT else (0, 0)
