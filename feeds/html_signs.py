"""The signs ``<`` and ``>`` of markup that start or end no tag: in a tag's attributes, in a comment, in the text
of an element the tokenizer reads as raw text (``<script>``, ``<style>``, ``<textarea>``, ...).

:func:`feeds.html_blocks.mark_blocks` puts its markers by patterns that look for a block tag's start ("<p",
"<pre", "<li", "<tr") and its end (">"). A "<p>" in an attribute (``<a title="see <p>here">``), in a comment or
in a script is no tag, but the patterns took it for one: ``<img alt="a <pre> b">`` kept the spaces and line
breaks of the text after it as a ``<pre>``'s, ``<!-- <li> -->`` in an ordered list numbered its next item 3 for 2,
``<img alt="<tr>">`` in a table's cell broke its row in two, and a ``>`` in a quoted value (``<td title="a>b">``)
ended a cell's tag inside its value. What a browser shows had none of that.

:func:`masked_signs` puts a stand-in for each such sign, so the patterns see the tags alone; :func:`unmasked`
puts the signs back in the marked markup, which both readers (feeds.html_plain and lexbor) get as before. Most
stories have no such sign: one search in C (:data:`_MAYBE`) says so, and the markup is marked as it is. The
others are read tag by tag as the HTML tokenizer reads them (:data:`_TOKEN`): a tag's attributes quoted with
``"`` or ``'`` or not quoted, comments (``<!-- -->``, ``<!-->``, ``--!>``), bogus comments (``<!x>``, ``<?x>``,
``</1>``), and the raw text of :data:`RAW_TEXT` up to its end tag. A script's "double escaped" text
(``<!--<script>`` inside a script) is read as ending at its first ``</script>``, as one written otherwise.
"""

from __future__ import annotations

import re

#: Elements whose text the tokenizer reads as text up to their end tag (``plaintext``: to the end), tags and all.
#: Not ``<noscript>``: lexbor parses a fragment with scripting off, and reads its content as markup.
RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
_RAW = "|".join(RAW_TEXT)
# The tokenizer's whitespace: space, tab, line feed, form feed, and a carriage return (made a line feed first).
_S = r"\t\n\f\r "
# A tag's attributes without "<" or ">" (where the tokenizer reads them, as :data:`_TOKEN` does), quoted or not.
_ATTRIBUTES = (
    rf"(?:[{_S}/]++|[^{_S}/><\"'][^{_S}/>=<]*+"  # a run of spaces and "/", or a name
    rf"""(?:[{_S}]*+=[{_S}]*+(?:"[^"<>]*+"|'[^'<>]*+'|[^{_S}><"'][^{_S}><]*+)?+)?+)*+"""  # "=" and a value
)
#: A sign of a "<" or ">" of no tag, looked for in the lower-case copy of the markup: one search in C, which
#: tries each "<" on its own. A false alarm costs a read tag by tag, nothing else. From a "<":
#: - raw text holding a "<" before its end tag, or ``<plaintext>`` (it has none);
#: - a tag whose attributes, read as the tokenizer reads them, stop before its end: at a "<" (in a name or a value
#:   not quoted), or at a quote (a quoted value holding "<" or ">"; or a quote where none opens a value, a false
#:   alarm);
#: - a bogus comment (``<!x>``, ``<?x>``, ``</1>``) or a comment holding a "<".
_MAYBE = re.compile(
    rf"<(?:({_RAW})(?=[{_S}/>]){_ATTRIBUTES}>[^<]*+<(?!/\1[{_S}/>])|plaintext[{_S}/>]"
    rf"""|/?[a-z][^{_S}/><]*+{_ATTRIBUTES}(?=[<"'])"""
    r"|[!?][^<>]*+<|/(?![a-z>])[^<>]*+<|!--(?:[^<-]++|-(?!-!?>))*+<)"
)
#: One token as the HTML tokenizer reads it, from its "<": a comment; a bogus comment or a doctype (to the first
#: ">"); a start or end tag (group ``start``: a start tag's name) and its attributes. Each may end at the end of
#: the markup instead. Possessive throughout: linear, whatever the markup.
_TOKEN = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"
    r"|<(?:!|\?|/(?![A-Za-z>]))[^>]*+>?"
    rf"|<(?:/[A-Za-z][^{_S}/>]*+|(?P<start>[A-Za-z][^{_S}/>]*+))"
    rf"(?:[{_S}/]++|[^{_S}/>][^{_S}/>=]*+(?:[{_S}]*+=[{_S}]*+"
    rf"""(?:"[^"]*+"?+|'[^']*+'?+|[^{_S}>]++)?+)?+)*+>?""",
    re.DOTALL,
)
#: The end of each raw text element's text: its end tag's start.
_RAW_END = {name: re.compile(rf"</{name}[{_S}/>]", re.IGNORECASE) for name in RAW_TEXT}
#: Stand-ins for "<" and ">": the first two of these the markup does not hold. Control characters that neither
#: the markup's own markers (feeds.html_blocks, feeds.html_lists) nor the marking passes use.
_STAND_INS = "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d\x1e\x1f\x05\x06\x07\x08"


def _free_pair(markup: str) -> str | None:
    """Two characters of :data:`_STAND_INS` that ``markup`` does not hold (as a pair: "<" then ">"), or None."""
    free = ""
    for each in _STAND_INS:
        if each not in markup:
            free += each
            if len(free) == 2:
                return free
    return None


def masked_signs(markup: str, low: str | None = None) -> tuple[str, str] | None:
    """``markup`` with a stand-in for each "<" and ">" of no tag, and the two stand-ins ("<"'s, then ">"'s); None
    when it has none (nearly always), or holds every stand-in (then it is marked as it is). ``low``:
    ``markup.lower()``, when the caller has it."""
    if _MAYBE.search(markup.lower() if low is None else low) is None:
        return None
    return read_masked(markup)


def read_masked(markup: str) -> tuple[str, str] | None:
    """:func:`masked_signs` without the search that tells the markup has no such sign: read tag by tag."""
    stand_ins = _free_pair(markup)
    if stand_ins is None:
        return None
    # A ">" in a comment or in raw text ends nothing that a marking pattern reads (each starts at a "<"): only a
    # tag's is put out of sight, which ended the tag for the patterns ("<td title='a>b'>").
    table, lt_only = str.maketrans("<>", stand_ins), str.maketrans("<", stand_ins[0])
    pieces: list[str] = []
    done = 0  # markup[:done] is in pieces
    at = 0
    while (token := _TOKEN.search(markup, at)) is not None:
        start, end = token.span()
        inner_end = end - 1 if end - start > 1 and markup[end - 1] == ">" else end
        inner = markup[start + 1 : inner_end]
        tag = markup[start + 1] != "!" and markup[start + 1] != "?"
        if "<" in inner or (tag and ">" in inner):
            pieces.append(markup[done : start + 1])
            pieces.append(inner.translate(table if tag else lt_only))
            done = inner_end
        at = end
        name = token.group("start")
        if name is not None and len(name) <= 9:
            name = name.lower()
            if name == "plaintext":
                text_end = len(markup)
            elif name in _RAW_END:
                close = _RAW_END[name].search(markup, end)
                text_end = close.start() if close is not None else len(markup)
            else:
                continue
            text = markup[end:text_end]
            if "<" in text:
                pieces.append(markup[done:end])
                pieces.append(text.translate(lt_only))
                done = text_end
            at = text_end
    if not pieces:
        return None
    pieces.append(markup[done:])
    return "".join(pieces), stand_ins


def unmasked(marked: str, stand_ins: str) -> str:
    """``marked`` (markup from :func:`masked_signs`, with markers put in it) with its "<" and ">" back."""
    return marked.replace(stand_ins[0], "<").replace(stand_ins[1], ">")
