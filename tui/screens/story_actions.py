"""What the story keys do: open, next/previous unread, page, read marks, links, mark all read.

A mixin of :class:`~tui.screens.main.MainScreen`, kept apart so the screen file is about panes and sources and
this one about acting on stories. Every change goes to the store at once (it writes durably), then the rows
that show it are repainted.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

from feeds.model import StoryHeader
from feeds.saved_searches import name_of
from feeds.storage import StoreError

from ..widgets.sources import FeedEntry, feed_entries, source_label, with_counts
from ..widgets.story_list import GROUP_BINDINGS
from ..writes import writes
from .host import ScreenHost
from .save_search import ConfirmScreen
from .story_history import HISTORY_BINDINGS

#: Said when a key acts on a story the store no longer has.
GONE = "That story is gone (purged, or its feed was removed)."
#: The keys that act on one story: the story list's cursor row, or the story being read.
ROW_ACTIONS = ("toggle_read", "toggle_bookmark", "edit_bookmark", "open_link", "show_links")
#: The story list's z and M, bound on the screen for the story view too, and newsboat's J and K: the next or
#: previous story of the list, read or not (n and p skip the read ones). A newsboat user's J in a story did
#: nothing at all; in a list J and K move the cursor, as j and k do. And [, back to the story a jump left
#: (tui/screens/story_history.py).
READING_BINDINGS = (
    *GROUP_BINDINGS,
    *HISTORY_BINDINGS,
    Binding(
        "J",
        "next_story",
        "Next story",
        id="story.next",
        tooltip="Open the next story, read or not (in a list: a row down)",
        show=False,
    ),
    Binding(
        "K",
        "previous_story",
        "Prev story",
        id="story.previous",
        tooltip="Open the previous story, read or not (in a list: a row up)",
        show=False,
    ),
)


def every_copy(count: int) -> str:
    """The copies a ×N row stands for, as a notice names them: "both copies", "all 3 copies" ("all 2 copies"
    read oddly)."""
    if count == 1:
        return "the story"
    return "both copies" if count == 2 else f"all {count} copies"


class StoryActions(ScreenHost):
    """Actions on the story under the story list's cursor. The host screen's members are described by ScreenHost."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On a narrow screen the feed list is the only pane shown: the story keys acted on the story list's
        cursor row, out of sight ("Bookmarked." of a story never seen). There they are not offered."""
        if action in ROW_ACTIONS and self.pane == "feeds" and self.has_class("-narrow"):
            return False
        return super().check_action(action, parameters)

    def count_feeds(self, *, full: bool = False) -> list[FeedEntry]:
        """Redraw the feed list's counts from the store, only the rows whose count changed (after ``m`` or ``b``,
        or ``full``: every row, for titles and failing marks too); the feed rows as they now are."""
        changed = None if full else with_counts(self.feed_list.feed_rows, self.newsdesk.store)
        if changed is None:
            self.feed_list.set_entries(feed_entries(self.newsdesk.store))
        else:
            self.feed_list.set_counts(changed)
        return self.feed_list.feed_rows

    @property
    def current(self) -> StoryHeader | None:
        """The story the keys act on: the one being read when the cursor's row stands for it, else the row's own.

        Opening a story moves the cursor to it, so the two are usually one row. A collapsed ×N row also stands
        for the copies it hides: after folding a group with ``z`` while reading one of its copies (or when the
        groups arrive after a copy was opened), ``space``, ``b`` and ``o`` keep acting on the copy being read
        rather than reopening the story on top, which would throw away the reader's place."""
        block, opened = self.acting_block, self.story_view.story
        if opened is not None:
            for header in block:
                if header.id == opened.id:
                    return header
        return block[0] if block else None

    @property
    def acting_block(self) -> list[StoryHeader]:
        """The stories ``m`` and ``b`` act on: the cursor's row, with the copies a collapsed ×N row hides; but
        in the story view, the story shown when that row does not stand for it (opened from the sidebar or the
        pivot out of a list that does not hold it, or purged by a refresh since): the keys acted on a row the
        reader was not looking at."""
        stories, opened = self.story_list, self.story_view.story
        block = stories.stands_for(stories.cursor)
        if opened is not None and self.story_view.has_focus_within and all(h.id != opened.id for h in block):
            return [opened.header()]
        return block

    def open_story(self, header: StoryHeader) -> None:
        """Show a story; mark it read when the config says so."""
        app = self.newsdesk
        try:  # its feed's bodies file may be unreadable (no permission, a named pipe put there)
            story = app.store.story(header.id)
        except StoreError as exc:
            app.notify(f"Cannot open the story: {exc}", severity="error", markup=False)
            return
        app.say_new_notes()  # its bodies file found damaged as it was read, and put aside: said now, once
        if story is None:
            app.notify(GONE, severity="warning")
            if app.store.readonly:  # the writer purged it: its row (and those purged with it) go now
                self.look_for_purges()
            return
        if app.config.mark_read_on_open and not app.store.readonly and not app.store.is_read(header.id):
            self._set_read(header.id, True)
        self.story_view.show(story, self.feed_name_of(story), app.clock())
        self.show_bookmark(story.id)

    def _write(self, action: str, do: Callable[[], object]) -> bool:
        """Run a store write; a failure (read-only store, full disk) becomes a notification."""
        try:
            do()
        except StoreError as exc:
            self.app.notify(f"Cannot {action}: {exc}", severity="error", markup=False)
            return False
        return True

    def _set_read(self, story_id: str, read: bool, copies: list[str] | None = None) -> None:
        """Mark a story (and ``copies``, the stories its collapsed row hides) read or unread."""
        ids = [story_id, *(copies or [])]
        if self._write("mark the story", lambda: self.newsdesk.store.set_read(ids, read)):
            self.story_list.refresh_story(story_id)
            self.update_counts()

    def _step_unread(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) unread story. A copy hidden under a collapsed ×N row counts:
        its group opens and the cursor goes to the copy itself, so the row under the cursor is always the story
        shown, and ``m``, ``b`` and ``o`` act on what is being read."""
        stories = self.story_list
        opened = self.story_view.story
        for header in stories.reading_order(step, opened.id if opened is not None else None):
            if not stories.reads_as_read(header.id):
                stories.select_id(header.id)
                self.open_story(header)
                self._show_story_pane()
                return
        # The walk does not wrap: say when unread stories are left the other way, and which key reaches them
        # ("No more unread stories below." with three unread above read as "all read").
        here, there = ("below", "above") if step > 0 else ("above", "below")
        start = opened.id if opened is not None else None
        if any(not stories.reads_as_read(h.id) for h in stories.reading_order(-step, start)):
            back = self.newsdesk.key_for("story.previous_unread" if step > 0 else "story.next_unread")
            self.app.notify(f"No more unread stories {here}; {back} goes to the ones {there}.")
            return
        self.app.notify(f"No more unread stories {here}.")

    def _show_story_pane(self) -> None:
        """On a narrow screen (one pane at a time), show the story just opened: n, p and space in the feed list or
        the story list opened it in the hidden story pane and marked it read, and the screen stayed as it was."""
        if self.has_class("-narrow") and self.pane != "story":
            self.focus_pane("story")

    def action_next_unread(self) -> None:
        self._step_unread(1)

    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    def _step_story(self, step: int) -> None:
        """Open the story of the row after (``step`` 1) or before (-1) the cursor's, read or not; in the feed list
        or the story list, move that list's cursor a row instead."""
        if self.pane != "story":
            rows = self.feed_list if self.pane == "feeds" else self.story_list
            rows.move_cursor(rows.cursor + step)
            return
        stories = self.story_list
        block = stories.stands_for(stories.cursor + step)
        if not block:
            self.app.notify(f"No more stories {'below' if step > 0 else 'above'}.")
            return
        stories.move_cursor(stories.cursor + step)
        self.open_story(block[0])

    def action_next_story(self) -> None:
        self._step_story(1)

    def action_previous_story(self) -> None:
        self._step_story(-1)

    def action_page_down(self) -> None:
        current, view = self.current, self.story_view
        if current is None:
            return
        if view.story is None or view.story.id != current.id:
            self.open_story(current)
            self._show_story_pane()
        elif view.at_end:
            self._step_unread(1)
        else:
            view.scroll_page_down(animate=False)

    @writes("mark stories read or unread")
    def action_toggle_read(self) -> None:
        """Toggle the read mark the row shows. A collapsed ×N row shows unread while any copy is, so there ``m``
        marks every copy: toggling only the story on top would leave the mark as it was when a hidden copy is
        unread, and a second press would not clear it either."""
        store = self.newsdesk.store
        ids = [h.id for h in self.acting_block]
        if not ids:
            return
        # Purged or unsubscribed while on screen: no mark to keep.
        if all(store.feed_of(i) is None for i in ids):
            self.app.notify(GONE, severity="warning")
            return
        read = not all(store.is_read(i) for i in ids)
        self._set_read(ids[0], read, ids[1:])
        if len(ids) > 1:
            self.app.notify(f"Marked {every_copy(len(ids))} {'read' if read else 'unread'}.", timeout=3)

    def action_open_link(self) -> None:
        if self.current is None:
            return
        if not self.current.link:
            self.app.notify("This story has no link.", severity="warning")
            return
        self.newsdesk.open_link(self.current.link)

    def action_show_links(self) -> None:
        """``u``: every link of the story being read, to open any of them (``o`` opens its page only)."""
        from .links import LinksScreen, links_of

        story = self.story_view.story
        if story is None:
            key = self.newsdesk.key_for
            self.app.notify(
                f"Open a story first ({key('cursor.select')}): {key('story.links')} lists its links."
            )
            return
        links = links_of(story)
        if not links:
            self.app.notify("This story has no links.", severity="warning")
            return

        def chosen(url: str | None) -> None:
            if url:
                self.newsdesk.open_link(url)

        self.app.push_screen(LinksScreen(links), chosen)

    @writes("mark stories read")
    def action_mark_feed_read(self) -> None:
        """Mark every story of the list read: at once for one feed's list; asked first for a list of several
        feeds (All, Unread, a tag, a search), where a stray ``A`` took thousands of unread stories with no way
        back (newsboat asks before marking a feed read)."""
        ids = [h.id for h in self.story_list.all_rows]  # with the copies a collapsed group hides
        store = self.newsdesk.store
        unread = [i for i in ids if not store.is_read(i)]
        if not unread:  # it said "Marked 0 stories read.", as if A had failed
            self.app.notify(
                "Nothing to mark: the list is empty." if not ids else "Every story here is read already."
            )
            return
        feeds = {store.feed_of(i) for i in unread}
        if len(feeds) < 2:
            self._mark_read(ids)
            return
        # The list's own name, not its title cut at the first " · ": a tag, an OPML folder or a saved search named
        # "World · Europe" was asked about as "World", another list.
        name = (
            "the search results"
            if self.search_active
            else name_of(self.source) or source_label(store, self.source)
        )
        question = (
            f"Mark all {len(unread):,} unread stories of {name} read? They come from {len(feeds):,} feeds."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_read(ids)

        self.app.push_screen(ConfirmScreen("Mark all read", question), answered)

    def _mark_read(self, ids: list[str]) -> None:
        changed: list[int] = []
        if self._write("mark the stories", lambda: changed.append(self.newsdesk.store.set_read(ids))):
            self.story_list.invalidate()
            self.update_counts()
            count = changed[0] if changed else 0
            self.app.notify(f"Marked {count:,} {'story' if count == 1 else 'stories'} read.")
