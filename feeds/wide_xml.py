"""A feed document's encoding as its bytes tell it, before feedparser reads it: UTF-16 and UTF-32 documents made
UTF-8 (see :func:`wide_to_utf8`), and the response headers feedparser's encoding rules read, corrected where a
server's label is wrong (see :func:`feed_headers`; UTF-8 labelled with a legacy charset: :func:`utf8_mislabelled`),
and UTF-8 with stray Windows-1252 bytes in it read as both (see :func:`stray_bytes_read`)."""

from __future__ import annotations

import codecs
import re

import feedparser.encodings

_WIDE_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16-LE's, which it starts with
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_XML_DECLARATION = re.compile(rb"<\?xml[^>]{0,200}?\?>")
#: What an encoding's name holds.
_NOT_IN_A_NAME = re.compile(rb"[^A-Za-z0-9._:-]")
_DECLARED_ENCODING = re.compile(rb"\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")


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


def utf8_mislabelled(body: bytes, charset: str) -> bool:
    """Whether ``body`` is UTF-8 although the header's ``charset`` or its XML declaration names another encoding.

    A server or a template that labels every page with its one charset (``AddDefaultCharset windows-1251``, a CMS
    whose declaration says ``ISO-8859-5`` while its database writes UTF-8) is common, and a single-byte charset
    never fails to decode: every Cyrillic, Greek or accented letter came out as mojibake ("Привет" read as
    "РџСЂРёРІРµС‚"). Text in a legacy charset is, in practice, never valid UTF-8 once it holds a byte past ASCII
    (a lead byte must be followed by exactly the right continuation bytes), so bytes that are decide: the label
    is wrong. A UTF-16 or UTF-32 label on a body without their zero bytes is wrong too (it failed as "not
    well-formed"); a body that really is UTF-16 or 32 is made UTF-8 before this is asked (:func:`wide_to_utf8`).
    """
    declared = _DECLARED_ENCODING.match(body[:300])
    labels = [charset, declared.group(1).decode("ascii") if declared else ""]
    names = set()
    for label in filter(None, labels):
        try:
            names.add(codecs.lookup(label).name)
        except LookupError:  # a charset nobody knows is skipped by feedparser anyway
            continue
    names.discard("utf-8")
    if not names:
        return False
    if body.isascii():  # ASCII reads the same in every single-byte charset: only a wide label is wrong
        return any(name.startswith(("utf-16", "utf-32")) for name in names)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_SELF_DESCRIBING = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,  # also the start of UTF-32-LE's
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_BE,
    b"\x00\x00\x00<",
    b"<\x00\x00\x00",
    b"\x00<\x00?",
    b"<\x00?\x00",
)
_WIDE_CHARSETS = ("utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs-4", "ucs2", "ucs4")


def feed_headers(content_type: str, body: bytes, url: str) -> dict[str, str]:
    """Response headers for feedparser's encoding rules (RFC 3023), corrected for common server mistakes.

    Servers often label UTF-8 feeds ``charset=ISO-8859-1`` or ``windows-1251``; a single-byte reading of UTF-8
    never fails, so it would silently turn every accent into mojibake. A body that is valid UTF-8 and not plain
    ASCII is UTF-8, whatever the header or the declaration says (see :func:`~feeds.wide_xml.utf8_mislabelled`).
    """
    headers: dict[str, str] = {}
    mime, charset = feedparser.encodings.parse_content_type(content_type)
    if content_type and body.startswith(_SELF_DESCRIBING):
        # RFC 7303: a byte order mark (or UTF-16/32's own first bytes) outranks the header's charset, and
        # feedparser would read text/xml without one as US-ASCII: an ASCII-only UTF-16 feed became garbage
        headers["content-type"] = "application/xml"
    elif utf8_mislabelled(body, charset):
        # the header or the declaration names a charset the bytes are not in; RFC 3023: this one outranks both
        headers["content-type"] = "application/xml; charset=utf-8"
    elif charset.lower().startswith(_WIDE_CHARSETS) and b"\x00" not in body[:2]:
        headers["content-type"] = mime  # a UTF-16/32 label on a body whose first bytes are single-byte text
    elif content_type:
        headers["content-type"] = content_type
    if url:
        headers["content-location"] = url
    return headers


def declared_name_cleaned(body: bytes) -> bytes:
    """``body`` with the encoding name of its XML declaration cut to the characters a name has.

    feedparser decodes the name as UTF-8 and hands it to Python's codecs: a stray byte in it
    (``encoding="ISO-8859-1\\xc3"``, a NUL) raised UnicodeDecodeError or "embedded null character", and the whole
    feed failed as "could not parse the feed". The name without it is usually the one meant ("ISO-8859-1"); one
    nobody knows is skipped as before."""
    found = feedparser.encodings.RE_XML_PI_ENCODING.match(body)  # the name as feedparser finds it
    if found is None or not _NOT_IN_A_NAME.search(found.group(1)):
        return body
    name = _NOT_IN_A_NAME.sub(b"", found.group(1))
    return body[: found.start(1)] + name + body[found.end(1) :]


_STRAY = re.compile("[\udc80-\udcff]")  # a byte UTF-8 could not read, as "surrogateescape" keeps it
_NOT_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8", "u8", "unicode-1-1-utf-8"})


def _windows_1252(stray: re.Match[str]) -> str:
    byte = ord(stray.group()) - 0xDC00
    return (
        bytes([byte]).decode("cp1252", "replace").replace("\ufffd", chr(byte))
    )  # its five unassigned: Latin-1


def stray_bytes_read(body: bytes, content_type: str) -> bytes:
    """``body`` as UTF-8 throughout, when it says it is UTF-8 (its declaration, its header's charset, or neither:
    XML's default) and is, but for no more bytes than it has UTF-8 characters past ASCII: each byte UTF-8
    cannot read is read as Windows-1252.

    A feed assembled from a UTF-8 template and text pasted from a Windows program ("It\x92s" for "It's") is
    UTF-8 but for a few bytes. feedparser then read the whole document in another encoding (Windows-1252, or
    ISO-8859-2 when a UTF-8 character held a byte Windows-1252 lacks): every accent and dash of the UTF-8 text
    turned to mojibake ("déjà" read as "dÃ©jÃ", "—" as "â€”") to mend the few pasted ones. Bytes that are
    UTF-8 stay UTF-8; only the stray ones are read as Windows-1252, as such text was written. A document mostly
    of bytes UTF-8 cannot read is in another encoding, undeclared, and is left to feedparser as before."""
    if body.isascii():
        return body
    declared = _DECLARED_ENCODING.match(body[:300])
    said = [
        feedparser.encodings.parse_content_type(content_type)[1],
        declared.group(1).decode() if declared else "",
    ]
    if any(name and name.lower() not in _UTF8_NAMES for name in said) or body.startswith(
        _SELF_DESCRIBING[1:]
    ):
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", "surrogateescape")
        stray = len(_STRAY.findall(text))
        if len(_NOT_ASCII.findall(text)) >= stray:
            return _STRAY.sub(_windows_1252, text).encode("utf-8")
    return body
