"""The line and paragraph markers :func:`feeds.html.html_to_text` puts before block tags, and the breaks they become.

A few regular-expression passes over the markup put control-character markers before the block tags (``<p>``,
``<li>``, ``<br>``, ...); the HTML parser keeps them in the text it collects, and :func:`breaks` makes them line
breaks afterwards. The markers are control characters that ``str.split`` does not take for whitespace. Being
ASCII, they keep an ASCII text ASCII, which Python stores and scans at one byte a character. Feed text cannot
bring its own: :mod:`feeds.html` removes them from the markup first, and any that an entity makes (``&#1;``)
only adds a line break.
"""

from __future__ import annotations

import re

from feeds.html_lists import BULLET, INDENT, numbered
from feeds.html_signs import masked_signs, unmasked

LINE = "\x01"  # a line break
PARA = "\x02"  # a paragraph break (blank line)
# A <pre>'s start and end tags, in the lower-case copy of the markup or in the markup itself; not "<preview>".
_PRE_START, _PRE_END = re.compile(r"<pre[\t\n\f\r />]"), re.compile(r"</pre[\t\n\f\r />]")
_PRE_START_ANY_CASE = re.compile(_PRE_START.pattern, re.IGNORECASE)
_PRE_END_ANY_CASE = re.compile(_PRE_END.pattern, re.IGNORECASE)
_PRE_PIECE = re.compile(r"(<[A-Za-z/!?][^<>]*>?)|[^<]+|<")  # a tag (left as it is), or text

# Block tags and the break they make. A marker goes just before each opening and closing block tag - runs of
# markers collapse into one break later - so it lands before the element and at the end of its content.
# Replacing the "<" with marker + "<", a plain literal, keeps the work in C (Python 3.11 expands a "\g<0>"
# template in Python, for every tag). Table rows and cells are marked by :func:`_mark_cells` instead: text
# between ``<table>`` and ``<td>`` would be moved out of the table by the parser ("foster parenting").
_PARA_NAMES = "p|h[1-6]|blockquote|pre|ul|ol|dl|figure|hr|section|article|header|footer|aside|address|main|details|center"
_LINE_NAMES = "div|dt|dd|figcaption|nav|summary|caption|form|fieldset|legend|br"
# One pass for all of them; group 1 is set for a paragraph tag, group 2 for an opening <li>. "</br>" is a break.
_BEFORE_BLOCK = re.compile(rf"<(?=/?(?:({_PARA_NAMES})|{_LINE_NAMES})[\s/>]|(li)[\s/>])", re.IGNORECASE)
# The same, for the tags not marked already (see mark_blocks). The look back comes after the "<", so the search
# still skips from one "<" to the next in C.
_BEFORE_OTHER_BLOCK = re.compile(
    rf"<(?<!\x02<)(?=/?(?:({_PARA_NAMES})|{_LINE_NAMES})[\s/>]|(li)[\s/>])", re.IGNORECASE
)
# A marker before "</table>" would sit in the table and be moved out in front of it: tables get theirs outside.
_AROUND_TABLE = re.compile(r"(?=<table[\s/>])|(?<=</table>)|(?<=</TABLE>)", re.IGNORECASE)
_CELL_TAG = re.compile(r"<(/?)(tr|td|th)(?=[\s/>])[^<>]*>", re.IGNORECASE)
_TABLE_TAG = re.compile(r"<[tT]")
_MARK_RUN = re.compile("[\x01\x02][\x01\x02 ]*")
#: A run of paragraph markers (and spaces) in text without line markers: found by its first character, at C speed.
_PARA_RUN = re.compile("\x02[\x02 ]*")

_BEFORE_PARA_TAG, _BEFORE_LINE_TAG, _BEFORE_ITEM = PARA + "<", LINE + "<", LINE + BULLET + "<"


def _break(match: re.Match[str]) -> str:
    return "\n\n" if PARA in match.group() else "\n"


def breaks(text: str) -> str:
    """Each run of markers (and the spaces among them) made a blank line if it holds a paragraph marker, else a
    line break. Text with paragraphs alone (the common case) takes one substitution in C that finds each run by
    its first character, instead of a Python call per run and a pattern tried at every character (a tenth of
    the conversion's time); both stay linear, however long a run of markers a story has."""
    if LINE not in text:
        return _PARA_RUN.sub("\n\n", text) if PARA in text else text
    return _MARK_RUN.sub(_break, text)


def _block_marker(match: re.Match[str]) -> str:
    return _BEFORE_PARA_TAG if match.group(1) else _BEFORE_ITEM if match.group(2) else _BEFORE_LINE_TAG


def mark_blocks(markup: str, low: str | None = None) -> str:
    """Put line/paragraph markers before block tags, bullets (numbers in ordered lists) before list items,
    breaks in tables. ``low``: ``markup.lower()``, when the caller has it.

    The plain ``<p>`` and ``</p>``, most of a story's block tags, are marked first by ``str.replace``, in C; the
    pattern then marks the other block tags, with a Python call each, passing over a tag with a paragraph marker
    just before it. The markup holds no paragraph marker of its own (see :mod:`feeds.html`; ``<pre>``'s lines
    are line markers), so that marker is one just put there: each tag is marked once, as one pass did."""
    low = markup.lower() if low is None else low
    masked = masked_signs(markup, low)
    if masked is not None:  # a "<" or ">" of no tag (feeds.html_signs): out of the patterns' sight meanwhile
        text, stand_ins = masked
        return unmasked(_marked(text, None), stand_ins)
    return _marked(markup, low)


def _marked(markup: str, low: str | None) -> str:
    kept = _keep_pre_lines(markup, low).replace("<p>", "\x02<p>").replace("</p>", "\x02</p>")
    markup = numbered(_BEFORE_OTHER_BLOCK.sub(_block_marker, kept))
    if _TABLE_TAG.search(markup):
        markup = _mark_cells(_AROUND_TABLE.sub(PARA, markup))
    return markup


def _mark_cells(markup: str) -> str:
    """Rows start a line in their first cell; later cells are set apart by a space."""
    in_row = False

    def mark(match: re.Match[str]) -> str:
        nonlocal in_row
        whole, closing, tag = match.group(0), match.group(1), match.group(2).lower()
        if tag == "tr":
            in_row = not closing
            return whole
        if closing:
            return whole
        if in_row:
            in_row = False
            return whole + LINE
        return whole + " "

    return _CELL_TAG.sub(mark, markup)


def _pre_text(found: re.Match[str]) -> str:
    text = found.group()
    if found.group(1) or text == "<":  # a tag's own spaces separate its attributes
        return text
    if "\t" in text:
        text = text.replace("\t", "    ")
    # A blank line of code is kept (two line markers would fold into one break): it holds one kept space.
    return text.replace(" ", INDENT).replace("\n\n", "\n" + INDENT + "\n").replace("\n", LINE)


def _keep_pre_lines(markup: str, low: str | None = None) -> str:
    """Newlines inside ``<pre>`` are line breaks (elsewhere they are just spaces), and its spaces are kept: code
    lost its indentation. Linear, whatever the input. ``markup`` itself when it has no ``<pre>``."""
    low = markup.lower() if low is None else low
    if "<pre" not in low:
        return markup
    if len(low) != len(markup):  # "İ" lowers to two characters: look in the markup itself
        low, pre_start, pre_end = markup, _PRE_START_ANY_CASE, _PRE_END_ANY_CASE
    else:
        pre_start, pre_end = _PRE_START, _PRE_END
    out: list[str] = []
    pos = 0
    start = pre_start.search(low)
    while start is not None:
        end = pre_end.search(low, start.end())
        if end is None:
            break
        out.append(markup[pos : start.start()])
        out.append(_PRE_PIECE.sub(_pre_text, markup[start.start() : end.start()]))
        pos = end.start()
        start = pre_start.search(low, end.end())
    if not out:
        return markup
    out.append(markup[pos:])
    return "".join(out)
