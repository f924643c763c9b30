"""Why a body that holds nothing to read, or is not even XML, is no feed: in words that fit where it came from.
A local file has no server: its error said "the server sent no content" and "the server calls it text/plain" (a
file's type is guessed from its name)."""

from __future__ import annotations

from feeds.text import clean_line

__all__ = ["empty", "not_xml"]


def _from_file(url: str) -> bool:
    """Whether ``url`` (the address the body came from; "" when unknown) names a local file."""
    return bool(url) and not url.lower().startswith(("http://", "https://"))


def empty(body: bytes, url: str) -> str:
    """Why a body with nothing to read is no feed: nothing at all, blanks, or NUL bytes only (a file whose content
    a crash lost keeps its size in zeros; it read "empty body", though it was not empty)."""
    where = "file" if _from_file(url) else "body"
    if b"\x00" in body[:4096] and not body.strip(b" \t\r\n\x00"):
        return f"the {where} is NUL bytes, not a feed"
    return "empty file: it holds no content" if where == "file" else "empty body: the server sent no content"


def not_xml(head: str, content_type: str, url: str) -> str:
    """Why a body that is not even XML is no feed, in words: it was "XML error at line 2: syntax error" for a
    page of plain text, a picture or a PDF (line 2 of a one-line text: feedparser puts a declaration first)."""
    mime = clean_line(content_type.split(";")[0].strip().lower(), 60)
    said = "the file's name says" if _from_file(url) else "the server calls it"
    called = f"; {said} {mime}" if mime else ""
    sample = head[:512]
    odd = sum(1 for ch in sample if not ch.isprintable() and ch not in "\n\r\t")
    if "\x00" in sample or "\ufffd" in sample or odd * 10 > len(sample):
        return f"not a feed: binary data, not XML{called}"
    start = clean_line(head[:40], 40)
    return f"not a feed: plain text, not XML (it begins “{start}”){called}"
