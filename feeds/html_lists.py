"""List items in story text: numbers for the items of ordered lists, and each item's label on its text's line.

:func:`feeds.html.html_to_text` puts :data:`BULLET` before every ``<li>`` in one regular-expression pass. A story
with an ``<ol>`` then takes one more pass over its list tags alone (the tags are found in C; Python sees only
``<ol>``, ``<ul>`` and ``<li>``), which writes the number of each item of an ordered list where its bullet
was: "1." "2." ..., from the list's ``start``, counting down for ``reversed``, in letters or Roman numerals for
``type="a"``, ``"A"``, ``"i"``, ``"I"``, and from an item's own ``value``, as browsers number them. Nested
lists are numbered each on its own, and their items indented two spaces a level (:data:`INDENT`, a space the
folding of whitespace keeps), with a line break around a nested list, not a paragraph's blank line: as browsers
set them. A nested list's items were set at the margin, no different from the items of the list around it. The
same pass runs for a story with two lists or more; a story with none costs one search for one.

Every label ends in :data:`ITEM`, a control character the feed's own text cannot bring (it is removed from the
markup first; a story with a reference that makes one, ``&#4;``, is read again without it: :func:`forged`), so
:func:`items_joined` knows a label from the feed's own "2026." or "•". In the text made, a label is followed by
:data:`LABEL_END`, a no-break space, where the feed's own text can have none (the cleaning folds every one it
brings into a plain space): the reader knows an item's line by it, and hangs the item's wrapped rows under its
text (:mod:`tui.widgets.item_hang`). A paragraph that merely starts with "1." or "- " is no item. Text stored
before has a plain space there: its items are shown as they were, wrapped to the margin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Ends an item's label (a bullet or a number); it is gone before the text is cleaned.
ITEM = "\x04"
#: What goes before each ``<li>``; the bullet is swapped for a number in an ordered list.
BULLET = "•" + ITEM + " "
#: A space that the folding of whitespace keeps (:mod:`feeds.html`'s, for ``<pre>`` too): a nested item's indent.
INDENT = "\x03"
#: :mod:`feeds.html`'s paragraph and line break markers, as they stand before a list's tags.
_PARA, _LINE = "\x02", "\x01"
#: Between an item's label and its text: a no-break space (one character for the space it stands for, so the
#: offsets of the names found in the text are those of the text with a space there).
LABEL_END = "\u00a0"
#: What stands for :data:`LABEL_END` until the text is cleaned, which folds every no-break space: printable and no
#: whitespace, so neither the cleaning nor the folding touches it. The feed's own (an object replacement
#: character, a stand-in for a picture in text copied from an editor) is dropped from the text first.
_LABEL_MARK = "\ufffc"
#: A character reference to :data:`ITEM` (decimal or hexadecimal, with or without its semicolon).
_ITEM_REFERENCE = re.compile(r"&#(?:0*4(?![0-9])|[xX]0*4(?![0-9a-fA-F]));?")
#: Levels of nesting indented, at most: deeper items are set as deep as that.
MAX_INDENT = 8
_LIST_OPEN = re.compile(r"<(ol|ul|menu|dir)[\s/>]", re.IGNORECASE)
# A list's tag or an item's start tag: group 1 is "/" for an end tag, group 2 the list's name (None for an item),
# group 3 the attributes. One literal first, so the search skips in C to each "<".
_LIST_TAG = re.compile(r"<(?:(/?)(ol|ul|menu|dir)|li)(?=[\s/>])([^<>]*)", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]*)))?""")
_INTEGER = re.compile(
    r"\s*([+-]?\d{1,9})(?!\d)"
)  # longer numbers are no number, as an overflow is to browsers
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(slots=True)
class _List:
    name: str  #: ol, ul, menu or dir
    ordered: bool = False
    start: int | None = None
    reversed: bool = False
    kind: str = "1"  #: its type: 1, a, A, i or I
    items: int = 0
    next: int | None = None  #: the number of its next item, once one is numbered


def _attributes(text: str) -> dict[str, str]:
    """A tag's attributes by lower-case name (the first of a name counts, as in HTML); a bare one is ""."""
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), double or single or bare)
    return found


def _integer(value: str | None) -> int | None:
    """An HTML integer (leading spaces, a sign, digits, anything after), or None."""
    found = _INTEGER.match(value) if value else None
    return int(found.group(1)) if found else None


def _label(n: int, kind: str) -> str:
    """Item ``n`` of a list of ``type`` ``kind``; numbers that letters or Roman numerals cannot write are digits."""
    if kind in ("a", "A") and n > 0:
        letters = ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return (letters.upper() if kind == "A" else letters) + "."
    if kind in ("i", "I") and 0 < n < 4000:
        roman = ""
        for value, numeral in _ROMAN:
            count, n = divmod(n, value)
            roman += numeral * count
        return (roman.upper() if kind == "I" else roman) + "."
    return f"{n}."


def numbered(markup: str) -> str:
    """``markup`` (with :data:`BULLET` before its items) with numbers for the items of its ordered lists, and the
    items of nested lists indented.

    Two passes over the list tags, so a ``reversed`` list without a ``start`` counts down from its number of
    items, and a list closed by the end tag of a list around it (``</ul>`` with an ``<ol>`` still open) ends
    there, as the HTML parser ends it. Linear, however the lists nest."""
    first = _LIST_OPEN.search(markup)
    if first is None or (first.group(1).lower() != "ol" and _LIST_OPEN.search(markup, first.end()) is None):
        return markup  # no list, or one list of bullets alone
    stack: list[_List] = []
    open_by_name: dict[str, int] = {}
    # (where the bullet is, its list when ordered, the item's own value, its depth); a depth of -1: the paragraph
    # break before a nested list's tag, made a line break
    edits: list[tuple[int, _List | None, int | None, int]] = []
    for found in _LIST_TAG.finditer(markup):
        closing, name, tag_attributes = found.groups()
        if name is None:  # an item's start tag, the bullet before it (feeds.html_blocks.mark_blocks)
            where = found.start() - len(BULLET)
            if stack and (stack[-1].ordered or len(stack) > 1) and markup.startswith(BULLET, where):
                value, listed = None, None
                if stack[-1].ordered:
                    listed = stack[-1]
                    if tag_attributes and "value" in tag_attributes.lower():
                        value = _integer(_attributes(tag_attributes).get("value"))
                    listed.items += 1
                edits.append((where, listed, value, len(stack) - 1))
            continue
        name = name.lower()
        if closing:
            if open_by_name.get(name):  # else a stray end tag: the parser ignores it
                while stack:  # each list is popped once: linear
                    popped = stack.pop().name
                    open_by_name[popped] -= 1
                    if popped == name:
                        break
                if stack and markup.startswith(_PARA, found.start() - 1):
                    edits.append((found.start() - 1, None, None, -1))
            continue
        if stack and markup.startswith(_PARA, found.start() - 1):
            edits.append((found.start() - 1, None, None, -1))
        listed = _List(name, name == "ol")
        if listed.ordered and tag_attributes.strip():
            attributes = _attributes(tag_attributes)
            listed.start = _integer(attributes.get("start"))
            listed.reversed = "reversed" in attributes
            listed.kind = attributes.get("type", "1").strip()[:1]
        stack.append(listed)
        open_by_name[name] = open_by_name.get(name, 0) + 1
    if not edits:
        return markup
    pieces: list[str] = []
    pos = 0
    for where, listed, value, depth in edits:
        pieces.append(markup[pos:where])
        pos = where + 1  # past the bullet (ITEM and the space stay), or the break
        if depth < 0:
            pieces.append(_LINE)
            continue
        if depth:
            pieces.append(INDENT * (2 * min(depth, MAX_INDENT)))
        if listed is None:
            pieces.append(BULLET[0])
            continue
        n = value if value is not None else listed.next
        if n is None:  # the list's first item
            n = listed.start if listed.start is not None else listed.items if listed.reversed else 1
        listed.next = n - 1 if listed.reversed else n + 1
        pieces.append(f"{n}." if listed.kind == "1" else _label(n, listed.kind))
    pieces.append(markup[pos:])
    return "".join(pieces)


# After a label, the breaks of a block that starts the item's text (<li><p>, what Markdown makes of a list with
# blank lines between its items) become a space, unless another label follows: an empty item stays apart.
_ITEM_BREAKS = re.compile("\x04[\x01\x02 ]++(?![^\x01\x02\x04 ]*\x04)")


def forged(markup: str) -> bool:
    """Whether ``markup`` holds a character reference that makes an :data:`ITEM` (``&#4;``, ``&#x04``): the
    parser turns it into the character, which would make the feed's "1." a label. Asked only of a story whose
    text holds an ITEM (one with a list), as a search for "&#" takes a microsecond a kilobyte."""
    return "&#" in markup and _ITEM_REFERENCE.search(markup) is not None


def unforged(markup: str) -> str:
    """``markup`` with each reference that makes an :data:`ITEM` made a space: nothing left of one can join what
    stands around it into another (``&#&#4;4;``)."""
    return _ITEM_REFERENCE.sub(" ", markup) if "&#" in markup else markup


def items_joined(text: str) -> str:
    """Each item's label on its text's line, the :data:`ITEM` markers gone, the label and its text apart by a
    stand-in for :data:`LABEL_END` (see :func:`labelled`). ``text`` is folded, with the line (``\\x01``) and
    paragraph (``\\x02``) markers of :mod:`feeds.html` still in it."""
    if _LABEL_MARK in text:  # the feed's own: every one left after this is a label's
        text = text.replace(_LABEL_MARK, "")
    if ITEM not in text:
        return text
    return _ITEM_BREAKS.sub(_LABEL_MARK, text).replace(ITEM, "")


def labelled(text: str) -> str:
    """Cleaned ``text`` with :data:`LABEL_END` after each label; a label that ends the text has none."""
    if _LABEL_MARK not in text:
        return text
    return text.rstrip(_LABEL_MARK).replace(_LABEL_MARK, LABEL_END)
