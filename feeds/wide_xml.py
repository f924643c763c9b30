"""UTF-16 and UTF-32 feed documents made UTF-8 before feedparser reads them (see :func:`wide_to_utf8`)."""

from __future__ import annotations

import codecs
import re

_WIDE_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16-LE's, which it starts with
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_XML_DECLARATION = re.compile(rb"<\?xml[^>]{0,200}?\?>")


def wide_encoding(body: bytes) -> str:
    """UTF-16 or UTF-32 as the first bytes tell it (a BOM, or a first ``<`` or blank with its zero bytes), or ""."""
    for bom, name in _WIDE_BOMS:
        if body.startswith(bom):
            return name
    head = body[:4]
    if len(head) < 4:
        return ""
    for name, zeros, first in (
        ("utf-32-be", head[:3], head[3]),
        ("utf-32-le", head[1:], head[0]),
        ("utf-16-be", head[0:1] + head[2:3], head[1]),
        ("utf-16-le", head[1:2] + head[3:4], head[0]),
    ):
        if zeros.count(0) == len(zeros) and first in b"<\t\n\r ":
            return name
    return ""


def wide_to_utf8(body: bytes) -> bytes:
    """A UTF-16 or UTF-32 document as UTF-8, its XML declaration (if any) saying so; any other body as it is.

    feedparser reads the BOM, but with no encoding declaration it takes the header's charset, or UTF-8, or (with
    no Content-Type) ISO-8859-1, none of which fails on UTF-16's bytes: a UTF-16 feed with a BOM and no
    declaration - valid XML - was "not well-formed (invalid token)". Its first bytes decide instead.
    """
    name = wide_encoding(body)
    if not name:
        return body
    data = body.decode(name, "replace").removeprefix("\ufeff").encode("utf-8", "surrogatepass")
    found = _XML_DECLARATION.match(data)
    if found:
        data = b'<?xml version="1.0" encoding="utf-8"?>' + data[found.end() :]
    return data
