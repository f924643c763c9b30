"""What the bookmark keys do beyond ``b``: the note-and-tags dialog, and the banner over a bookmarked story.

A mixin of :class:`~tui.screens.main.MainScreen`, beside :class:`~tui.screens.story_actions.StoryActions`, so
bookmark behaviour lives in one file. Writes go to the store at once; the rows, counts and banner are redrawn
from it.
"""

from __future__ import annotations

from feeds.model import Bookmark, Story

from ..widgets.bookmark_banner import BookmarkBanner
from .bookmark_edit import BookmarkEdit, BookmarkEditScreen
from .host import ScreenHost

BANNER_ID = "bookmark-banner"


class BookmarkActions(ScreenHost):
    """The host screen's members are described by ScreenHost (see :class:`~tui.screens.story_actions.StoryActions`)."""

    def feed_name_of(self, story: Story) -> str:
        """The feed's name; for a story whose feed was removed, the name its bookmark remembers."""
        store = self.newsdesk.store
        feed = store.get_feed(story.feed_id)
        if feed is not None:
            return feed.name
        mark = self.bookmark_of(story.id)
        return mark.feed_title if mark else ""

    def bookmark_of(self, story_id: str) -> Bookmark | None:
        store = self.newsdesk.store
        if not store.is_bookmarked(story_id):
            return None
        return next((m for m in store.bookmarks() if m.story.id == story_id), None)

    @property
    def bookmark_banner(self) -> BookmarkBanner:
        """The banner at the top of the story view, mounted on first use (the story view need not know it)."""
        found = self.story_view.query(f"#{BANNER_ID}")
        if found:
            return found.first(BookmarkBanner)
        banner = BookmarkBanner(id=BANNER_ID)
        self.story_view.mount(banner, before=0)
        return banner

    def show_bookmark(self, story_id: str) -> None:
        """Show the note and tags of ``story_id`` over its text, if it is the open story."""
        opened = self.story_view.story
        if opened is not None and opened.id == story_id:
            gone = self.newsdesk.store.get_feed(opened.feed_id) is None
            self.bookmark_banner.show_mark(story_id, self.bookmark_of(story_id), feed_gone=gone)

    def action_edit_bookmark(self) -> None:
        """Open the dialog for the bookmark the row shows; saving bookmarks the story if it was not yet.

        A collapsed ×N row shows ★ while any copy it stands for is bookmarked: when the story being read has no
        bookmark but a copy does, ``B`` edits that copy's note and tags (as ``b`` takes off the ★ the row
        shows) instead of starting a second bookmark on the story on top."""
        current = self.current
        if current is None:
            return
        store = self.newsdesk.store
        if not store.is_bookmarked(current.id):
            block = self.story_list.stands_for(self.story_list.cursor)
            current = next((h for h in block if store.is_bookmarked(h.id)), current)
        if store.readonly:
            self.app.notify("Cannot change the bookmark: the store is read-only.", severity="error")
            return
        mark = self.bookmark_of(current.id)
        screen = BookmarkEditScreen(current.title, mark.note if mark else "", mark.tags if mark else ())
        self.app.push_screen(screen, lambda edit: self._save_bookmark(current.id, edit))

    def _save_bookmark(self, story_id: str, edit: BookmarkEdit | None) -> None:
        if edit is None:
            return
        store = self.newsdesk.store
        was = store.is_bookmarked(story_id)
        if self._write("save the bookmark", lambda: store.bookmark(story_id, note=edit.note, tags=edit.tags)):
            self.story_list.refresh_story(story_id)
            self.update_counts()
            self.show_bookmark(story_id)
            self.app.notify("Bookmark saved." if was else "Bookmarked, with your note and tags.")
