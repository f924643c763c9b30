"""What a story made of nothing but pictures, videos, sounds and embedded frames says of them, a line each.

A web comic's item is a bare ``<img>`` whose ``title`` is the joke; a video blog's is a YouTube ``<iframe>``; a
podcast's a ``<audio>``. Their text is empty once the markup is read (frames and media hold no reading text),
and the story showed "(this story has no text; o opens its link)". Such a story now reads, in document order,
"[image: alt — title]", "[video: https://www.youtube.com/embed/…]", "[audio: …]", "[embedded page: …]" or
"[embedded object: …]". An address is shown only when it is http(s) (made absolute against the story's base);
any other (``javascript:``, ``data:``, ``about:blank``) leaves the bare kind, "[video]". The lines are plain
text, cleaned as any other: nothing in them is ever read as markup. Only a story with no text of its own gets
them, so no other story's text changes.
"""

from __future__ import annotations

import html as _html
import re

from feeds.text import clean_text

#: Lines at most, in a story that is nothing but pictures and media.
MAX_IMAGES = 20
_EMBEDDED = re.compile(
    r"<(img|iframe|video|audio|object|embed|source)(?=[\s/>])([^<>]*)>?|</(video|audio|object)\s*>",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"""(?<![\w-])([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""")
# Hosts of video and audio players that sites embed in a frame (their subdomains too).
_VIDEO_HOSTS = (
    "youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "dailymotion.com", "dai.ly", "twitch.tv",
    "tiktok.com", "rumble.com", "wistia.com", "wistia.net", "jwplayer.com", "jwplatform.com", "brightcove.net",
    "streamable.com", "bilibili.com", "odysee.com", "ted.com",
)  # fmt: skip
_AUDIO_HOSTS = (
    "soundcloud.com", "spotify.com", "bandcamp.com", "mixcloud.com", "anchor.fm", "buzzsprout.com",
    "simplecast.com", "libsyn.com", "megaphone.fm", "podbean.com", "audioboom.com", "omny.fm",
    "podcasts.apple.com", "embed.podcasts.apple.com", "castbox.fm", "acast.com", "transistor.fm",
)  # fmt: skip
_HOST = re.compile(r"https?://(?:[^@/?#]*@)?([^:/?#]+)", re.IGNORECASE)


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), " ".join(_html.unescape(double or single or bare).split()))
    return found


def _address(attributes: dict[str, str], names: tuple[str, ...], base_url: str) -> str:
    """The first of ``names`` that holds an http(s) address (lazy loaders put it in ``data-src``), or ""."""
    from feeds.html import http_url  # here: feeds.html imports this module

    for name in names:
        value = attributes.get(name, "")
        if value.startswith("//") and not base_url:  # an embed code's "//www.youtube.com/embed/…"
            value = "https:" + value
        address = http_url(value, base_url) if value else ""
        if address:
            return address
    return ""


def _kind_by_address(address: str, otherwise: str) -> str:
    host = _HOST.match(address)
    name = host.group(1).lower().rstrip(".") if host else ""
    if any(name == h or name.endswith("." + h) for h in _VIDEO_HOSTS):
        return "video"
    if any(name == h or name.endswith("." + h) for h in _AUDIO_HOSTS):
        return "audio"
    return otherwise


def _kind_by_type(media_type: str, address: str, otherwise: str) -> str:
    media_type = media_type.lower()
    if media_type.startswith(("video/", "audio/", "image/")):
        return media_type.partition("/")[0]
    return _kind_by_address(address, otherwise)


def _line(kind: str, address: str) -> str:
    return f"[{kind}: {address}]" if address else f"[{kind}]"


def media_words(html: str, base_url: str = "") -> str:
    """The lines that say what the pictures and media of ``html`` are, in order; "" when they say nothing (a
    picture without alt or title adds no line: it would say only "[image]")."""
    lines: list[str] = []
    open_kind = ""  # an open <video>, <audio> or <object>: its <source> or <embed> may give its address
    open_name = open_address = ""

    def close() -> None:
        nonlocal open_kind
        if open_kind:
            lines.append(_line(open_kind, open_address))
            open_kind = ""

    for found in _EMBEDDED.finditer(_without_comments(html)):
        if len(lines) >= MAX_IMAGES:
            break
        name, ended = (found.group(1) or "").lower(), (found.group(3) or "").lower()
        if ended:
            if ended == open_name:
                close()
            continue
        said = _attributes(found.group(2))
        if name == "img":
            words = [w for w in dict.fromkeys((said.get("alt", ""), said.get("title", ""))) if w]
            if words and not open_kind:  # a picture inside a <video> is what a browser without video shows
                lines.append("[image: " + " — ".join(words) + "]")
        elif name in ("source", "embed") and open_kind:
            if not open_address:
                open_address = _address(said, ("src", "data-src"), base_url)
                if open_kind == "embedded object":
                    open_kind = _kind_by_type(said.get("type", ""), open_address, open_kind)
        elif name == "source":  # a <picture>'s: the <img> in it speaks for it
            continue
        elif name == "iframe":
            close()
            address = _address(said, ("src", "data-src", "data-lazy-src"), base_url)
            lines.append(_line(_kind_by_address(address, "embedded page"), address))
        elif name == "embed":
            close()
            address = _address(said, ("src",), base_url)
            lines.append(_line(_kind_by_type(said.get("type", ""), address, "embedded object"), address))
        else:  # video, audio, object
            close()
            open_name = name
            open_address = _address(said, ("data",) if name == "object" else ("src", "data-src"), base_url)
            if name == "object":
                open_kind = _kind_by_type(said.get("type", ""), open_address, "embedded object")
            else:
                open_kind = name
    close()
    return clean_text("\n".join(lines[:MAX_IMAGES]))


def _without_comments(html: str) -> str:
    """``html`` without its comments (an embed code commented out is not in the story). Linear."""
    start = html.find("<!--")
    if start < 0:
        return html
    kept: list[str] = []
    pos = 0
    while start >= 0:
        kept.append(html[pos:start])
        end = html.find("-->", start + 4)
        if end < 0:
            return "".join(kept)
        pos = end + 3
        start = html.find("<!--", pos)
    kept.append(html[pos:])
    return "".join(kept)
