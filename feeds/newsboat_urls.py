"""newsboat's subscription list (``~/.newsboat/urls``) read as :class:`~feeds.opml.OPMLFeed` entries.

A newsboat user's subscriptions live in that plain text file, not in OPML: ``newsdesk import ~/.newsboat/urls``
was refused with "not well-formed XML at line 1, column 6". The format: one feed a line, its address and then
its tags, a tag holding spaces in double quotes; a tag starting with ``~`` is the feed's title and one starting
with ``!`` hides the feed in newsboat (here it is no tag); ``#`` starts a comment line. newsboat's own kinds of
line (``query:``, ``exec:``, ``filter:``) are no feed addresses: the import skips them as it skips any such
address, and says how many.
"""

from __future__ import annotations

import shlex

from .opml import OPMLFeed
from .text import unique_tags

__all__ = ["looks_like_urls", "parse_urls"]


def looks_like_urls(text: str) -> bool:
    """True when ``text`` reads as a newsboat urls file: not markup, and its first line that is no comment
    starts with an address (``scheme:``)."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head = line.split(None, 1)[0].lstrip('"')  # newsboat quotes its query feeds: "query:Unread:..."
        scheme, colon, _rest = head.partition(":")
        return bool(colon) and scheme.isascii() and scheme.replace("+", "").replace("-", "").isalnum()
    return False


def parse_urls(text: str) -> list[OPMLFeed]:
    """The feeds of a newsboat urls file, in file order, without duplicate addresses."""
    found: dict[str, OPMLFeed] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, posix=True)
        except ValueError:  # an unbalanced quote: the words as written
            words = line.split()
        if not words:
            continue
        url, title, tags = words[0], "", []
        for word in words[1:]:
            if word.startswith("~"):
                title = word[1:].strip()
            elif word.startswith("!"):
                continue
            elif word.strip():
                tags.append(word.strip())
        if url not in found:
            found[url] = OPMLFeed(url, title, unique_tags(tags))
    return list(found.values())
