"""What particular sites' feeds write into every story in a shape of their own, read as what it says.

- MediaWiki's recent changes and watchlist feeds give each edit as its diff table. Since MediaWiki 1.41 a line's
  "−" or "+" is an attribute of the cell before it (``<td class="diff-marker" data-marker="−"></td>``), before
  that its text: either way the old and the new line read alike ("A heorn is a bird." over "A heron is a bird.").
  Each changed line starts with its mark: "− A heorn is a bird.", "+ A heron is a bird.".

Ids are made from the text as read before any of this (see :func:`feeds.story_tidy.story_html`).
"""

from __future__ import annotations

import re

#: A diff's mark cell (its mark as an attribute, or as its text), the cell of the line it marks, and that
#: cell's first block, where the mark goes.
_DIFF_MARK = re.compile(
    r"""<td\b(?=[^<>]*\bdiff-marker\b)(?:[^<>]*?\bdata-marker\s*=\s*["']([^"'<>]*)["'])?[^<>]*>([^<]*)</td>"""
    r"""(\s*<td\b[^<>]*>\s*(?:<div\b[^<>]*>)?)""",
    re.IGNORECASE,
)
_MARKS = {"−": "−", "-": "−", "+": "+", "&#8722;": "−", "&minus;": "−", "&#43;": "+"}


def _marked(found: re.Match[str]) -> str:
    mark = _MARKS.get((found.group(1) or found.group(2) or "").strip(), "")
    return f"{found.group(3)}{mark} " if mark else found.group(3)


def site_markup(markup: str) -> tuple[str, int]:
    """``markup`` with MediaWiki's diff marks written out (see the module), and how many were."""
    changed = 0
    if "diff-marker" in markup:
        markup, marks = _DIFF_MARK.subn(_marked, markup)
        changed += marks
    return markup, changed
