"""The note and tags of a bookmarked story, shown over its text in the story view.

Built from plain strings into a ``Content`` (never markup): notes and tags are typed by the user, but imported
bookmarks bring text from elsewhere, and a tag such as ``[b]`` must stay four characters.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from feeds.model import Bookmark


def banner_content(mark: Bookmark, *, feed_gone: bool = False) -> Content:
    """Tags on the first line (as ``#tag``), then the note, then (``feed_gone``) the feed it was saved from, since
    the story view cannot name a feed that was removed; empty when there is nothing to say."""
    parts: list[str | tuple[str, str]] = []
    if mark.tags:
        parts += [("Tags ", "bold"), ("  ".join(f"#{t}" for t in mark.tags), "$text-accent")]
    if mark.note:
        if parts:
            parts.append("\n")
        parts += [("Note ", "bold"), mark.note]
    if feed_gone and mark.feed_title:
        if parts:
            parts.append("\n")
        parts += [("From ", "bold"), mark.feed_title, (" (no longer subscribed)", "$text-muted")]
    return Content.assemble(*parts)


class BookmarkBanner(Static):
    """Shown (class ``-shown``) only while the open story is bookmarked with a note or tags.

    ``story_id`` says which story it describes, so a stale banner is never left over another story.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self.story_id: str | None = None

    def show_mark(self, story_id: str, mark: Bookmark | None, *, feed_gone: bool = False) -> None:
        """Describe ``mark`` (the bookmark of ``story_id``, or None when it has none)."""
        self.story_id = story_id
        content = banner_content(mark, feed_gone=feed_gone) if mark is not None else Content("")
        self.update(content)
        self.set_class(bool(content.plain), "-shown")
