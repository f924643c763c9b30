"""The text of simple markup without the HTML parser: what lexbor's ``text()`` of it is, found by two patterns.

Making a lexbor document and freeing it costs about 12 us whatever the markup (its memory pools and tables),
more than parsing a 2 KB story; with collecting its text, a tenth of a refresh's parsing. Most stories are
paragraphs, links and emphasis: for those, the text the parser would collect is the markup with its tags cut
out and its character references read. :func:`plain_text` gives that text when the markup is sure to be such,
and None otherwise, for the parser to read it.

Sure means, checked in C: every ``<`` starts a tag of :data:`PLAIN_NAMES` (elements whose tags only open and
close elements: none moves text elsewhere as a table does, none makes the tokenizer read raw text as
``<script>``, ``<textarea>`` or ``<pre>``'s first line break do), written with ASCII names and attributes whose
extent the tokenizer sees as the pattern does; no comment, CDATA or bogus tag; no NUL or carriage return (the
parser drops or changes them), no lone surrogate (the parser's encoder drops it); and every ``&`` is a
reference ended by ``;`` whose meaning is the same to :func:`html.unescape` and to the HTML standard: a named
reference of the standard's table, or a number for a character that is neither a control character nor a
noncharacter. Anything else goes to the parser. The test that compares both on every story of the shared
feeds and on random markup is ``tests/test_html_plain.py``.
"""

from __future__ import annotations

import html
import re
from html.entities import html5

#: Elements whose start and end tags change no text: the parser opens and closes them (closing a paragraph, a
#: list item, a formatting element misnested) and keeps their text in document order. ``<pre>`` and
#: ``<listing>`` drop a line break after their start tag; tables move text; ``<select>``, ``<textarea>``,
#: ``<script>`` and the like read their content otherwise; ``<html>``, ``<body>``, ``<svg>``... change modes.
PLAIN_NAMES = frozenset([
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br", "center", "cite",
    "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav",
    "ol", "p", "q", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup", "time",
    "tt", "u", "ul", "var", "wbr",
])  # fmt: skip
# The tokenizer's whitespace is space, tab, line feed and form feed (a carriage return is never left to it).
_S = "[ \t\n\f]"
#: A tag, start or end, with attributes written plainly: a name of safe characters, a value quoted or of safe
#: characters, a space before each; group 1 its name. ASCII alone: a tag's name starts with an ASCII letter
#: (``<ſpan>`` is text to the parser). Splitting the markup by it gives the text between the tags and their
#: names in one pass in C (a pattern naming the elements took twice as long: a Python re tries every name).
_TAG = re.compile(
    rf"</?([A-Za-z][A-Za-z0-9]*)(?:{_S}+[A-Za-z_:][-A-Za-z0-9_:.]*(?:{_S}*={_S}*"
    rf"""(?:"[^"]*"|'[^']*'|[^ \t\n\f\r"'=<>`]+))?)*{_S}*/?>"""
)
_REFERENCE = re.compile(r"&(?:#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});|([A-Za-z][A-Za-z0-9]{0,31};))")


def _same_number(code: int) -> bool:
    """Whether :func:`html.unescape` and the HTML standard make the same character of ``&#code;``: they part on
    control characters (the standard keeps them, or maps some of them; unescape drops them) and noncharacters."""
    if code < 0x20:
        return code in (0x09, 0x0A, 0x0C)
    if code < 0xA0:
        return code < 0x7F
    return not (
        0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE or code > 0x10FFFF
    )


def _references_read_alike(text: str) -> bool:
    """Whether every ``&`` in ``text`` starts a reference both readers read alike (see the module)."""
    found = 0
    for ref in _REFERENCE.finditer(text):
        decimal, hexadecimal, name = ref.groups()
        if name is not None:
            if name not in html5:
                return False
        elif not _same_number(int(decimal) if decimal is not None else int(hexadecimal, 16)):
            return False
        found += 1
    return found == text.count("&")


def plain_text(markup: str) -> str | None:
    """The text lexbor's fragment parser collects from ``markup`` (``LexborHTMLParser(markup,
    is_fragment=True).text()``), when ``markup`` is simple enough to be sure of it without the parser (see the
    module); else None."""
    if "\0" in markup or "\r" in markup:
        return None
    if not markup.isascii():
        try:
            markup.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, which the parser's encoder drops
            return None
    pieces = _TAG.split(markup)  # text, a tag's name, text, ...
    names = set(pieces[1::2])
    if not names <= PLAIN_NAMES and not {name.lower() for name in names} <= PLAIN_NAMES:
        return None
    text = "".join(pieces[::2])
    if "<" in text:  # a tag of another shape, a comment, or a "<" the parser may read as text
        return None
    if "&" in text:
        # A tag ends a reference: "&am<b>p;" is "&amp;" to the parser. Joined by NUL (never in the markup, never
        # in a name or number), a reference cut by a tag is no reference, and the markup is declined.
        text = "\0".join(pieces[::2])
        if not _references_read_alike(text):
            return None
        text = html.unescape(text).replace("\0", "")
    return text
