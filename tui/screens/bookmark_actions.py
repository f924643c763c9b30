"""What the bookmark keys do: ``b`` toggles the ★, ``B`` opens the note-and-tags dialog, and the banner over a
bookmarked story shows them.

A mixin of :class:`~tui.screens.main.MainScreen`, beside :class:`~tui.screens.story_actions.StoryActions`, so
bookmark behaviour lives in one file. Writes go to the store at once; the rows, counts and banner are redrawn
from it.

Taking a bookmark off asks first when it would lose something the reader cannot get back: a note or tags they
typed, or the story itself when the bookmark holds its last copy (its feed was removed, or retention dropped the
story). A bare bookmark on a story that is still stored goes at once: ``b`` again puts it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feeds.model import Story

from ..typeahead import skip_in_text_box
from ..widgets.bookmark_banner import BookmarkBanner
from ..writes import writes
from .host import ScreenHost
from .save_search import ConfirmScreen
from .story_actions import every_copy

if TYPE_CHECKING:
    from .bookmark_edit import BookmarkEdit

BANNER_ID = "bookmark-banner"


class BookmarkActions(ScreenHost):
    """The host screen's members are described by ScreenHost (see :class:`~tui.screens.story_actions.StoryActions`)."""

    def feed_name_of(self, story: Story) -> str:
        """The feed's name; for a story whose feed was removed, the name its bookmark remembers."""
        store = self.newsdesk.store
        feed = store.get_feed(story.feed_id)
        if feed is not None:
            return feed.name
        mark = self.newsdesk.store.bookmark_of(story.id)
        return mark.feed_title if mark else ""

    @property
    def bookmark_banner(self) -> BookmarkBanner:
        """The banner at the top of the story view, mounted on first use (the story view need not know it)."""
        found = self.story_view.query(f"#{BANNER_ID}")
        if found:
            return found.first(BookmarkBanner)
        banner = self.story_view.keep_measure(BookmarkBanner(id=BANNER_ID))
        self.story_view.mount(banner, before=0)
        return banner

    def show_bookmark(self, story_id: str) -> None:
        """Show the note and tags of ``story_id`` over its text, if it is the open story."""
        opened = self.story_view.story
        if opened is not None and opened.id == story_id:
            store = self.newsdesk.store
            gone = store.get_feed(opened.feed_id) is None
            self.bookmark_banner.show_mark(story_id, store.bookmark_of(story_id), feed_gone=gone)

    @writes("bookmark stories")
    def action_toggle_bookmark(self) -> None:
        """Toggle the ★ the row shows. A collapsed ×N row shows ★ while any copy is bookmarked, so there ``b``
        removes every copy's bookmark when it shows one (bookmarking the story on top would change nothing on
        screen, and a second press would not clear the ★ either); otherwise it bookmarks the story being read.
        Removing asks first when a note, tags or the only copy of a story would go with it (see the module doc).
        """
        current, store = self.current, self.newsdesk.store
        if current is None:
            return
        block = [h.id for h in self.acting_block]
        marked = [i for i in block if store.is_bookmarked(i)]
        question = self._loss_question(marked, len(block)) if marked and not store.readonly else None
        if question is None:
            self._toggle_bookmark(current.id, marked, len(block))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._toggle_bookmark(current.id, marked, len(block))

        self.app.push_screen(ConfirmScreen("Remove bookmark", question), answered)

    def _loss_question(self, marked: list[str], copies: int) -> str | None:
        """What removing the bookmarks of ``marked`` would lose for good, as a question; None if nothing."""
        store = self.newsdesk.store
        marks = {sid: mark for sid in marked if (mark := store.bookmark_of(sid)) is not None}
        typed = [m for m in marks.values() if m.note or m.tags]
        last_copy = [m for m in marks.values() if store.feed_of(m.story.id) is None]
        if not typed and not last_copy:
            return None
        one = len(marks) == 1
        lost = []
        if typed:
            lost.append("its note and tags" if one else f"the notes and tags of {len(typed)}")
        if last_copy:
            lost.append(
                "the story: it is no longer in its feed"
                if one
                else f"{len(last_copy)} stories no longer in their feeds"
            )
        if one:
            title = next(iter(marks.values())).story.title
            return f"Remove the bookmark of {title!r}? This loses {' and '.join(lost)}."
        which = every_copy(copies) if len(marks) == copies else f"{len(marks)} of its {copies} copies"
        return f"Remove the bookmarks of {which}? This loses {' and '.join(lost)}."

    def _toggle_bookmark(self, current_id: str, marked: list[str], copies: int) -> None:
        store, stories = self.newsdesk.store, self.story_list

        def change() -> None:
            for story_id in marked:
                store.unbookmark(story_id)
            if not marked:
                store.bookmark(current_id, shown=self.story_view.story)

        if self._write("change the bookmark", change):
            stories.refresh_story(current_id)
            self.update_counts()
            for story_id in marked or [current_id]:
                self.show_bookmark(story_id)
            if not marked:
                self.app.notify("Bookmarked.")
            elif marked == [current_id]:
                self.app.notify("Bookmark removed.")
            else:
                count = len(marked)
                of = every_copy(count) if count == copies else f"{count} of its {copies} copies"
                which = f"{'the bookmark' if count == 1 else 'the bookmarks'} of {of}"
                self.app.notify(f"Removed {which}.")

    @skip_in_text_box  # a priority binding (the note typed straight after B goes in): in the search box B is a letter
    @writes("change a bookmark's note and tags")
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
            block = self.acting_block
            current = next((h for h in block if store.is_bookmarked(h.id)), current)
        if store.readonly:
            self.app.notify("Cannot change the bookmark: the store is read-only.", severity="error")
            return
        from .bookmark_edit import BookmarkEditScreen  # with Textual's TextArea: loaded when first used

        mark = self.newsdesk.store.bookmark_of(current.id)
        screen = BookmarkEditScreen(current.title, mark.note if mark else "", mark.tags if mark else ())
        self.app.push_screen(screen, lambda edit: self._save_bookmark(current.id, edit))

    def _save_bookmark(self, story_id: str, edit: BookmarkEdit | None) -> None:
        if edit is None:
            return
        store = self.newsdesk.store
        was = store.is_bookmarked(story_id)
        shown = self.story_view.story  # kept if a refresh purged the story while the dialog was open

        def save() -> None:
            store.bookmark(story_id, note=edit.note, tags=edit.tags, shown=shown)

        if self._write("save the bookmark", save):
            self.story_list.refresh_story(story_id)
            self.update_counts()
            self.show_bookmark(story_id)
            self.app.notify("Bookmark saved." if was else "Bookmarked, with your note and tags.")
