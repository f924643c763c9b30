"""What an item says in elements other than the ones RSS and Atom name for it: podcast, Media RSS, Feedburner and
Dublin Core fields, read by what each element means, for the XML path (:mod:`feeds.parse`).

- ``<itunes:title>`` is an episode's title when its ``<title>`` is empty or missing (podcast hosts write both, and
  some leave ``<title>`` out); ``<itunes:subtitle>`` is its text when it has no other (feedparser keeps it apart).
- ``<media:description>`` describes a media object (a picture's alt text on Mastodon, a video's description on
  YouTube): it is an item's text only when the item has none of its own (or only markup that shows nothing).
- ``<feedburner:origLink>`` and ``<feedburner:origEnclosureLink>`` are the addresses Feedburner's tracking
  redirects stand for: the story opens the page itself.
- ``<podcast:transcript>`` (Podcasting 2.0): the episode's words, one of the story's links.
- Authors: every author an item names (Atom's several ``<author>``s, repeated ``<dc:creator>``s), not one.
- An RSS ``<source>`` (the channel an item came from, as aggregators such as Google News write it) whose name ends
  the title ("Turnout hits record - The Daily Planet") is said once, as the story's author when it has none.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from feeds.html import http_url
from feeds.parse_story import _undeclared
from feeds.text import clean_line

#: What stands between a headline and its publisher's name at the end of an aggregator's title.
_PUBLISHER_DASHES = (" - ", " – ", " — ", " | ")


def podcast_title(entry: Any) -> str:
    """``<itunes:title>``, the episode's title, as feedparser keeps it (an unknown element: ``itunes_title``)."""
    value = dict.get(entry, "itunes_title")
    return value if isinstance(value, str) else ""


def origin_link(entry: Any, base: str) -> str:
    """The address Feedburner's ``<feedburner:origLink>`` gives for the item's page, "" for none (or none that is
    an http(s) address)."""
    value = dict.get(entry, "feedburner_origlink")
    return http_url(value, base) if isinstance(value, str) else ""


def origin_media(entry: Any, media: list[str], base: str) -> list[str]:
    """``media`` with Feedburner's redirect to the item's one enclosure put back to the file it stands for
    (``<feedburner:origEnclosureLink>``); as they were when there is none, or several enclosures."""
    value = dict.get(entry, "feedburner_origenclosurelink")
    found = http_url(value, base) if isinstance(value, str) else ""
    return [found] if found and len([m for m in media if m]) == 1 else media


def transcript_link(entry: Any, base: str) -> str:
    """The address of an episode's transcript (``<podcast:transcript url=...>``; feedparser keeps the last of
    several), "" for none."""
    found = dict.get(entry, "podcast_transcript")
    url = found.get("url") if isinstance(found, dict) else None
    return http_url(url, base) if isinstance(url, str) else ""


#: What markup that shows nothing is made of: tags, blanks and no-break spaces.
_NO_WORDS = re.compile(r"(?:<[^<>]*>|\s|&nbsp;|&#160;|&#xa0;)*", re.IGNORECASE)
_SHOWN_MEDIA = re.compile(r"<(?:img|iframe|video|audio|object|embed)\b", re.IGNORECASE)


def _says_nothing(value: str) -> bool:
    """Whether markup shows nothing: no words, no picture, no media (Mastodon's ``<p></p>`` for a post that is
    only a picture)."""
    return _NO_WORDS.fullmatch(value) is not None and not _SHOWN_MEDIA.search(value)


def own_text(candidates: list[tuple[str, Any]], media_texts: Collection[str], entry: Any) -> tuple[str, Any]:
    """The item's text among ``candidates`` (its content and summary, as (value, detail)): the longest of its
    own; else its ``<itunes:subtitle>``; else the longest (a media object's description, when that is all). Of
    its own, one that shows nothing is none when a media object describes itself: a Mastodon post that is only a
    picture (its description ``<p></p>``) had no text, and was titled with its address, though its picture's
    alt text said what it is."""
    own = [c for c in candidates if c[0].strip() and c[0] not in media_texts]
    if own and media_texts and all(_says_nothing(c[0]) for c in own):
        own = []
        candidates = [c for c in candidates if c[0] in media_texts] or candidates
    if own:
        return max(own, key=lambda c: len(c[0]))
    subtitle = dict.get(entry, "subtitle")
    if isinstance(subtitle, str) and subtitle.strip():
        return subtitle, dict.get(entry, "subtitle_detail")
    return max(candidates, key=lambda c: len(c[0]))


def all_authors(context: Any) -> str:
    """The authors an entry names, joined with ", " when there are several different names; "" when it names
    fewer than two (the caller takes its one author as before)."""
    names: list[str] = []
    seen: set[str] = set()
    for author in dict.get(context, "authors") or ():
        name = author.get("name") if isinstance(author, dict) else None
        if not isinstance(name, str):
            continue
        name = clean_line(_undeclared(name) if "<" in name or "&" in name else name)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return ", ".join(names) if len(names) > 1 else ""


def publisher_suffix(title: str, entry: Any) -> tuple[str, str]:
    """``title`` without the name of the item's RSS ``<source>`` at its end, and that name; (``title``, "") when
    the title does not end with it after a dash or a bar (or is nothing but it)."""
    source = dict.get(entry, "source")
    name = dict.get(source, "title") if isinstance(source, dict) else None
    name = clean_line(name) if isinstance(name, str) else ""
    if not name:
        return title, ""
    stripped = title.rstrip()
    for dash in _PUBLISHER_DASHES:
        suffix = dash + name
        if stripped.casefold().endswith(suffix.casefold()) and stripped[: -len(suffix)].strip():
            return stripped[: -len(suffix)].rstrip(), name
    return title, ""
