"""Elements a browser does not show, left out of a story's text.

A newsletter sent to a feed (Mailchimp, Substack, Buttondown archives) opens with a "preheader": the preview
line a mail client lists, in an element styled ``display:none`` (with ``max-height:0; overflow:hidden;
opacity:0; mso-hide:all`` and the like for clients that ignore it). A page keeps a dialog's text or an
alternative version in elements with the ``hidden`` attribute. A browser shows none of it; the story showed it
first, above the real opening ("View this email in your browser", a teaser repeated word for word).

Only what the element says of itself counts: the ``hidden`` attribute, or an inline ``style`` whose ``display``
is ``none`` or whose ``visibility`` is ``hidden``/``collapse`` (the declaration read as CSS reads it: any case,
spaces around the colon, ``!important``, the last declaration winning, comments). Class rules from a
stylesheet are not applied, so a spoiler hidden by its class, or in a ``<details>``, stays readable, as does
``hidden="until-found"`` (a browser's find-in-page opens it). Kept too: a hidden element inside something
named a spoiler (forums' spoilers are ``display:none`` blocks that a click shows), ``mso-hide:all`` alone (it
hides from Outlook only), and a ``visibility:hidden`` element with a descendant that says it is visible (a
browser shows that descendant).

Most stories have neither word: :func:`may_hide` looks for them first, so they pay a few microseconds.
"""

from __future__ import annotations

import re
from typing import Any

#: Elements that may hide themselves, found in C: a newsletter styles every cell and image (``display:block``),
#: and reading each one's style in Python made such a story a third slower.
_CANDIDATES = (
    '[hidden], [style*="display" i][style*="none" i], [style*="visibility" i][style*="hidden" i],'
    ' [style*="visibility" i][style*="collapse" i]'
)
_VISIBLE_INSIDE = '[style*="visib" i]'
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_SPOILER = re.compile(r"spoil", re.IGNORECASE)
#: Ancestors looked at for a spoiler's class or id.
_SPOILER_DEPTH = 3


def may_hide(markup: str, low: str | None = None) -> bool:
    """Whether ``markup`` could hold an element that hides itself: false for most stories (and for a newsletter
    whose every cell says ``display:block``), told in about 3 us for 2 KB: a copy in lower case (``low``, when the
    caller has it) and a few searches in C (one case-blind pattern took 50 us, half a story's conversion)."""
    # A lone visibility:collapse (a table's rows) is not looked for.
    low = markup.lower() if low is None else low
    return "hidden" in low or ("display" in low and "none" in low)


def declarations(style: str, names: frozenset[str]) -> dict[str, str]:
    """The values an inline ``style`` gives the properties in ``names``, lower case, as CSS resolves them: the
    last declaration of a property wins, unless an earlier one is ``!important`` and it is not."""
    if "/*" in style:
        style = _COMMENT.sub("", style)
    found: dict[str, str] = {}
    important: set[str] = set()
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        if not colon:
            continue
        name = name.strip().lower()
        if name not in names:
            continue
        value = value.strip().lower()
        bang = value.rfind("!")
        is_important = bang >= 0 and value[bang + 1 :].strip() == "important"
        if is_important:
            value = value[:bang].strip()
        if name in important and not is_important:
            continue
        found[name] = value
        if is_important:
            important.add(name)
    return found


_DISPLAY_VISIBILITY = frozenset({"display", "visibility"})
_VISIBILITY = frozenset({"visibility"})
_INVISIBLE = frozenset({"hidden", "collapse"})


def _shows_a_descendant(node: Any) -> bool:
    for inner in node.css(_VISIBLE_INSIDE):  # the node itself, if found, says hidden
        value = declarations(inner.attributes.get("style") or "", _VISIBILITY).get("visibility")
        if value is not None and value not in _INVISIBLE:
            return True
    return False


def _in_a_spoiler(node: Any) -> bool:
    for _ in range(_SPOILER_DEPTH + 1):
        if node is None:
            return False
        attributes = node.attributes
        if _SPOILER.search(attributes.get("class") or "") or _SPOILER.search(attributes.get("id") or ""):
            return True
        node = node.parent
    return False


def _hides_itself(node: Any) -> bool:
    attributes = node.attributes
    if "hidden" in attributes and (attributes["hidden"] or "").strip().lower() != "until-found":
        return True
    style = attributes.get("style")
    if not style:
        return False
    values = declarations(style, _DISPLAY_VISIBILITY)
    if values.get("display") == "none":
        return True
    return values.get("visibility") in _INVISIBLE and not _shows_a_descendant(node)


def drop_hidden(tree: Any) -> bool:
    """Remove from a parsed ``tree`` (selectolax, lexbor) every element that hides itself; whether any was."""
    dropped = [node for node in tree.css(_CANDIDATES) if _hides_itself(node) and not _in_a_spoiler(node)]
    for node in dropped:
        node.decompose()
    return bool(dropped)
