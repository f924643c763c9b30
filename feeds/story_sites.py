"""What particular sites' feeds write into every story in a shape of their own, read as what it says.

- MediaWiki's recent changes and watchlist feeds give each edit as its diff table. Since MediaWiki 1.41 a line's
  "−" or "+" is an attribute of the cell before it (``<td class="diff-marker" data-marker="−"></td>``), before
  that its text: either way the old and the new line read alike ("A heorn is a bird." over "A heron is a bird.").
  Each changed line starts with its mark: "− A heorn is a bird.", "+ A heron is a bird.".
- Google News writes a story's publisher after its headline, set apart by two no-break spaces and a grey
  ``<font>`` ("Storm hits coast  The Daily Planet", read as "Storm hits coast The Daily Planet"): "Storm hits
  coast — The Daily Planet", in the list of the same story elsewhere; a one-story description that says only
  the title and the publisher again is no text.
- arXiv's announcement feeds open every abstract with "arXiv:2612.00001v1 Announce Type: new Abstract:": the
  paper's number (its link says it) and the day's list it is in. The abstract is the story's text.

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


#: Google News's publisher after a headline's link: two no-break spaces and a grey <font>.
_PUBLISHER = re.compile(r"</a>(?:\s|&nbsp;|&#160;|\xa0)*<font\s+color=[\"']?#6f6f6f[\"']?\s*>", re.IGNORECASE)


def site_markup(markup: str) -> tuple[str, int]:
    """``markup`` with MediaWiki's diff marks and Google News's publishers written out (see the module), and how
    many were."""
    changed = 0
    low = markup.lower()  # the class and the colour written in any case, as the patterns read them
    if "diff-marker" in low:
        markup, marks = _DIFF_MARK.subn(_marked, markup)
        changed += marks
    if "6f6f6f" in low:
        markup, publishers = _PUBLISHER.subn("</a> — <font>", markup)
        changed += publishers
    return markup, changed


_ARXIV = re.compile(r"arXiv:\S+ Announce Type: [\w-]+\s+Abstract: *")


def without_arxiv_heading(text: str) -> str:
    """``text`` without arXiv's "arXiv:2612.00001v1 Announce Type: new Abstract:" before its abstract."""
    if not text.startswith("arXiv:"):
        return text
    found = _ARXIV.match(text)
    return text[found.end() :] if found and text[found.end() :].strip() else text


def _words(line: str) -> list[str]:
    return re.findall(r"\w+", line.casefold())


def without_headline_again(text: str, title: str, author: str) -> str:
    """``text``, or nothing when it says only the story's title and its publisher again (Google News's one-story
    description, "Storm hits coast — The Daily Planet")."""
    if " — " not in text or "\n" in text or not author:
        return text
    return "" if _words(text) == _words(f"{title} {author}") else text
