"""A feed's DOCTYPE made harmless before any XML parser reads it (see :func:`neutralise_doctype`)."""

from __future__ import annotations

import re

#: The longest DOCTYPE we read (feeds have none, or a line); a longer one is treated as unterminated.
MAX_DOCTYPE = 65_536
_DECL_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--.*?-->|<\?.*?\?>|\[|\]|>|[^\"'<\[\]>]+|<", re.DOTALL)
_SAFE_ENTITY = re.compile(
    rb"<!ENTITY\s+([A-Za-z_][\w.-]{0,63})\s+\"(&#[0-9]{1,7};|&#x[0-9A-Fa-f]{1,6};|[^&%\"<]{0,64})\"\s*>"
)
_DOCTYPE_NAME = re.compile(rb"<!DOCTYPE\s+([A-Za-z_][\w.:-]{0,63})", re.I)
_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def neutralise_doctype(data: bytes) -> bytes:
    """The document with its DOCTYPE made harmless: :func:`neutralised`'s first half."""
    return neutralised(data)[0]


def neutralised(data: bytes) -> tuple[bytes, bool]:
    """Rewrite the DOCTYPE of a UTF-8 XML document so no entity can expand into anything large or external.

    The DOCTYPE (only legal before the root element) is scanned token by token - quoted strings, comments and
    brackets, so a ``>`` inside its internal subset does not end it early - and replaced by a minimal one that
    keeps the root name, the Netscape RSS 0.91 public id (feedparser tells RSS versions by it) and only the
    literal entity declarations: a general entity whose value is a single character reference or up to 64
    characters without ``&``, ``%`` or ``<``. Everything else - SYSTEM/PUBLIC identifiers, external and
    parameter entities, entities defined in terms of other entities (the "billion laughs") - is gone.
    A DOCTYPE that does not end within :data:`MAX_DOCTYPE` bytes swallows the rest of the document; the second
    half of the answer says whether it ran past them (a hostile internal subset of megabytes of declarations),
    not just to the document's end (a body cut short): read as cut short, it was said to be one.
    """
    pos = 0
    while True:
        item = _PROLOG_ITEM.match(data, pos)
        if not item or item.end() == pos:
            break
        pos = item.end()
    while pos < len(data) and data[pos : pos + 1].isspace():
        pos += 1
    if data[pos : pos + 9].upper() != b"<!DOCTYPE":
        return data, False
    start, depth, end = pos, 0, -1
    for token in _DECL_TOKEN.finditer(data, pos + 9, pos + MAX_DOCTYPE):
        text = token.group()
        if text == b"[":
            depth += 1
        elif text == b"]":
            depth = max(0, depth - 1)
        elif text == b">" and depth == 0:
            end = token.end()
            break
    decl = data[start:end] if end > 0 else data[start:]
    name = _DOCTYPE_NAME.match(decl)
    parts = [b"<!DOCTYPE ", name.group(1) if name else b"feed"]
    if b"netscape" in decl.lower():
        parts.append(b' PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" ""')
    entities = [m.group() for m in _SAFE_ENTITY.finditer(decl)]
    if entities:
        parts.append(b" [\n" + b"\n".join(entities) + b"\n]")
    parts.append(b">")
    # on a line of its own: feedparser's own DOCTYPE handling (which keeps the literal entities for its
    # forgiving parser) only looks at declarations that start a line
    rewritten = data[:start] + b"\n" + b"".join(parts) + (data[end:] if end > 0 else b"")
    return rewritten, end < 0 and len(data) > start + MAX_DOCTYPE
