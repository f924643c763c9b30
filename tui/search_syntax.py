"""The search language in brief, for the help screen and `newsdesk search --help` alike (the whole of it is in
:mod:`feeds.search.query`): what to type, and what it finds."""

from __future__ import annotations

#: What to type, and what it finds; in the order a user learns it.
SYNTAX: tuple[tuple[str, str], ...] = (
    ("kim jong", 'every word; a finished word finds its inflections ("election", "elections")'),
    ("elect*", "words starting so"),
    ('"kim jong un"', "a phrase: the words together, in order"),
    ("-word  -feed:bbc", "leave out what matches (NOT word too)"),
    ("a OR b", "either"),
    ("title:  feed:  author:", "the story's title, its feed, its author"),
    ("tag:name", "a feed's tag or a bookmark's tag"),
    ("person:  org:  place:", "a name the story mentions (entity: any kind)"),
    ("note:word", "a bookmark whose note says it; plain words find a bookmark by its note too"),
    ("is:unread  is:read", "is:bookmarked too"),
    ("after:7d  before:2026-01", "dates: 2026-01-31, today, yesterday, 12h, 2w, 3m, 1y"),
)


def syntax_text(width: int = 79) -> str:
    """:data:`SYNTAX` as plain lines of at most ``width`` columns (what it finds wraps under itself)."""
    import textwrap

    left = max(len(typed) for typed, _ in SYNTAX) + 2
    lines = []
    for typed, finds in SYNTAX:
        wrapped = textwrap.wrap(finds, max(width - left - 2, 20)) or [""]
        lines.append(f"  {typed.ljust(left)}{wrapped[0]}")
        lines += [" " * (left + 2) + more for more in wrapped[1:]]
    return "\n".join(lines)
