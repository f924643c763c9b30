"""Address keys: when two ways of writing a subscription's address name one feed.

A key is compared, never stored: a subscription keeps its address as the user gave it. Two addresses share a key
when every reader fetches the same thing from both (RFC 3986 section 6.2.2, and what our HTTP client sends):

- scheme and host in any case, a default port or none, an empty path or "/";
- an international host name or its IDNA ("xn--") form, as the HTTP client encodes it;
- percent-escapes in either case ("%2f" or "%2F"), an unreserved character escaped or not ("%7E" or "~"), and a
  character no address may hold (a space, "ü") written as it is or escaped as UTF-8 ("a b" or "a%20b");
- "." and ".." path segments, which the HTTP client removes before it sends the path;
- a local file as a path or as a ``file:`` URL ("/x/y.xml" or "file:///x/y.xml"), as the fetcher reads it.

A reserved character escaped or not ("%2F" or "/" in a path, "%3D" or "=" in a query) is a different address, and
so is "+" or "%20" in a query: servers tell them apart. A relative path (which only the store's own callers can
give it: ``add`` makes a path absolute, ``import`` refuses one) is compared as written: it names a file in
whatever folder each refresh runs in.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

#: A percent-escape, or a character that is neither unreserved, reserved nor "%" (escaped in a key). A "%" that
#: starts no escape stays as it is: the HTTP client sends it so.
_ESCAPE_OR_UNSAFE = re.compile(r"%([0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")

# What a key holds as it is: unreserved and reserved characters (but "?" and "#", which end a path), and the
# escapes it keeps (upper-case hex, not of an unreserved character).
_CHARS = r"A-Za-z0-9\-._~!$&'()*+,;=:@/\[\]"
_ESCAPE = r"%(?:[01][0-9A-F]|2[0-9A-CF]|3[A-F]|40|5[B-E]|60|7[B-DF]|[89A-F][0-9A-F])"

#: An address that is its own :func:`address_key` (most are): lower-case scheme and ASCII host, no port and no
#: login, a path, no empty query or fragment, escapes only as a key keeps them, nothing ``urlsplit`` drops.
#: Taking it apart costs about 6 us, 0.3 s for the keys of an import of 50,000 outlines; matched, under 0.5 us.
#: (Dot segments are ruled out apart: see :func:`address_key`.)
_KEYED = re.compile(
    rf"https?://[a-z0-9.-]+/[{_CHARS}]*(?:{_ESCAPE}[{_CHARS}]*)*"
    rf"(?:\?(?!#|$)[?{_CHARS}]*(?:{_ESCAPE}[?{_CHARS}]*)*)?"
    rf"(?:#(?!$)[?#{_CHARS}]*(?:{_ESCAPE}[?#{_CHARS}]*)*)?"
)


def address_key(url: str) -> str:
    """What two addresses of one feed share (see the module's docstring). "HTTP://Example.com:80/feed" and
    "http://example.com/feed" were two subscriptions, each story shown twice; so were "a b.xml" and
    "a%20b.xml", a host and its "xn--" form, and a file's path and its ``file:`` URL."""
    return url if _KEYED.fullmatch(url) and "/." not in url else _parsed_key(url)


def _parsed_key(url: str) -> str:
    """:func:`address_key` of any address, taken apart."""
    if url[:1] == "/":
        return url  # a local file's path: read as written
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme == "file":
        return _file_key(url, parts)
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    default = (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    host = _host_key(parts.hostname)
    host = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps [ ]
    host += f":{port}" if port is not None and not default else ""
    login = _escapes_key(parts.netloc.rpartition("@")[0])
    netloc = f"{login}@{host}" if login else host
    path = _without_dot_segments(_escapes_key(parts.path)) or "/"
    return urlunsplit((scheme, netloc, path, _escapes_key(parts.query), _escapes_key(parts.fragment)))


def _file_key(url: str, parts: SplitResult) -> str:
    """A ``file:`` URL's key: the path the fetcher reads (escapes decoded), so it is the key of that path."""
    if parts.netloc not in ("", "localhost") or not parts.path:
        return url  # another machine's file, or none: the fetcher refuses it
    # Imported here, not with the module: it loads http.client, ssl and email (about 15 ms of every start-up).
    from urllib.request import url2pathname

    return url2pathname(parts.path)


def _host_key(host: str) -> str:
    """A lower-case host name (as ``urlsplit`` gives it) in the IDNA form the HTTP client sends; one it cannot
    encode (the client refuses it too) as written."""
    if host.isascii():
        return host
    import idna  # only for an international name: the package loads its tables at import

    try:
        return str(idna.encode(host), "ascii")
    except (UnicodeError, ValueError):  # idna.IDNAError is a UnicodeError
        return host


def _escapes_key(text: str) -> str:
    """``text`` with its percent-escapes in upper case, escaped unreserved characters decoded, and characters no
    address may hold escaped as UTF-8 (RFC 3986 sections 2.1, 2.3 and 6.2.2.2)."""
    return _ESCAPE_OR_UNSAFE.sub(_escape_key, text) if text else text


def _escape_key(match: re.Match[str]) -> str:
    hex_pair = match.group(1)
    if hex_pair is None:
        return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))
    char = chr(int(hex_pair, 16))
    return char if char in _UNRESERVED else "%" + hex_pair.upper()


def _without_dot_segments(path: str) -> str:
    """``path`` without "." and ".." segments, as the HTTP client sends it (RFC 3986 section 5.2.4)."""
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path
    out: list[str] = []
    for segment in segments:
        if segment == "..":
            if out and out != [""]:
                out.pop()
        elif segment != ".":
            out.append(segment)
    return "/".join(out)
