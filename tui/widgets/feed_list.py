"""The feed list: virtual feeds, groups and feeds with unread counts, a mark on failing feeds, saved searches.

Feeds are few, but titles come from the feeds themselves, so rows are drawn from plain strings (never markup)
with the same cell-exact fitting as the story list. Saved searches come last, in their own group; their unread
counts are computed by the screen in a worker (a search each), so the list shows them without counts first and
fills the counts in when they arrive: the first paint never waits for a search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from feeds.saved_searches import KEY_PREFIX, SavedSearch, key_of, name_of

from ..writes import read_only, refusal, writes
from .cells import fit, fit_right
from .row_list import RowList
from .sources import FeedEntry

FAILING_MARK = "!"
#: A feed read in part (larger than the size cap): dim, apart from a failure's mark (see feeds.oversize).
WARNED_MARK = "~"
SAVED_GROUP = "Saved searches"
SAVED_GROUP_KEY = KEY_PREFIX  #: the group row's key: ``search:`` with no name
#: The actions that act on the saved search under the cursor only, and what their notice says they do.
SAVED_ONLY = {"delete_saved": "deletes", "rename_saved": "renames"}


def saved_entries(searches: list[SavedSearch]) -> list[FeedEntry]:
    """The rows of the saved-search group: a heading, then each search with its unread count (once counted)."""
    if not searches:
        return []
    rows = [FeedEntry(SAVED_GROUP_KEY, SAVED_GROUP, 0, "group")]
    rows += [FeedEntry(key_of(s.name), s.name, max(0, s.unread), "feed", depth=1) for s in searches]
    return rows


class FeedList(RowList):
    """Rows of :class:`FeedEntry`; the cursor stays on the same entry (by key) when the list is rebuilt."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "D,delete",
            "delete_saved",
            "Delete search",
            id="search.delete_saved",
            tooltip="Delete the saved search under the cursor (asks first)",
        ),
        Binding(
            "f2",
            "rename_saved",
            "Rename search",
            id="search.rename_saved",
            tooltip="Rename the saved search under the cursor",
            priority=True,  # the name typed straight after it goes into the dialog (tui/typeahead.py)
        ),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another entry: the story list should show its stories."""

        entry: FeedEntry

    @dataclass
    class Chosen(Message):
        """Enter or a click on an entry: go to its stories."""

        entry: FeedEntry

    class Rebuilt(Message):
        """The feeds' counts were redrawn from the store: the saved searches' counts are due again."""

    @dataclass
    class SavedAction(Message):
        """Delete (``delete``) the saved search ``name``: the screen asks and writes. (Rename runs the screen's
        action in the key's own turn instead, so the new name typed straight after F2 finds the dialog open.)"""

        action: str
        name: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[FeedEntry] = []
        self._feeds: list[FeedEntry] = []
        self.saved: list[SavedSearch] = []

    @property
    def current(self) -> FeedEntry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    @property
    def current_saved(self) -> str | None:
        """The name of the saved search under the cursor (None on anything else)."""
        name = name_of(self.current.key) if self.current else None
        return name or None

    def set_entries(self, entries: list[FeedEntry], select: str | None = None) -> None:
        """Show ``entries`` then the saved searches; keep the cursor on the entry with key ``select`` (default:
        the current one). Posts :class:`Rebuilt` so the saved searches get counted again."""
        self._feeds = entries
        self._show(select)
        self.post_message(self.Rebuilt())

    def set_saved(self, searches: list[SavedSearch], select: str | None = None) -> None:
        """Show these saved searches (counted or not) under the feeds."""
        self.saved = searches
        self._show(select)

    def _show(self, select: str | None) -> None:
        key = select if select is not None else (self.current.key if self.current else "all")
        # A feed with two tags is in two groups: the cursor stays on the copy it was on, not the first
        nth = sum(e.key == key for e in self.entries[: self.cursor]) if select is None else 0
        self.entries = self._feeds + saved_entries(self.saved)
        places = [i for i, e in enumerate(self.entries) if e.key == key] or [0]
        index = places[min(nth, len(places) - 1)]
        self.rows_changed(cursor=index)
        self.refresh_bindings()

    @property
    def feed_rows(self) -> list[FeedEntry]:
        """The rows of the feeds (and virtual feeds and groups), as last set: the saved searches' follow them."""
        return self._feeds

    def replace_entries(self, changed: dict[int, FeedEntry]) -> None:
        """Put new rows in place of the feed rows at these positions of :attr:`feed_rows` (a failing mark that
        changed), repainting only them: the saved searches' counts and the cursor stay as they are."""
        for index, entry in changed.items():
            self._feeds[index] = self.entries[index] = entry
            self.refresh_row(index)

    def set_counts(self, changed: dict[int, FeedEntry]) -> None:
        """New counts for the feed rows at these positions (:func:`~tui.widgets.sources.with_counts`), repainting
        only them; posts :class:`Rebuilt`, as the saved searches' unread counts may have changed too."""
        self.replace_entries(changed)
        self.post_message(self.Rebuilt())

    def select_key(self, key: str) -> bool:
        """Move the cursor to the entry ``key``; False when there is none."""
        for index, entry in enumerate(self.entries):
            if entry.key == key:
                self.move_cursor(index)
                return True
        return False

    def row_count(self) -> int:
        return len(self.entries)

    def render_row(self, index: int, width: int, style: Style, cursor: bool) -> list[Segment]:
        """`` [!] label count ``: a row with no count to show gives its label the count's cells too (a feed with
        nothing unread was cut two cells short of the pane for a column it left blank)."""
        entry = self.entries[index]
        count = f"{entry.count:,}" if entry.count else ""
        count_width = min(len(count), max(0, width - 6))
        indent = "  " * entry.depth
        label_width = max(0, width - 4 - len(indent) - (count_width + 1 if count_width else 0))
        label_style = self.part_style("strong") if entry.kind != "feed" else Style()
        mark = FAILING_MARK if entry.failing else WARNED_MARK if entry.warned else " "
        overlay = self.part_style("cursor") if cursor else Style()
        segments = [
            Segment(" " + indent, style),
            Segment(mark, style + self.part_style("dim" if mark == WARNED_MARK else "warning") + overlay),
            Segment(" ", style),
            Segment(fit(entry.label, label_width), style + label_style + overlay),
        ]
        if count_width:
            segments += [
                Segment(" ", style),
                Segment(fit_right(count, count_width), style + self.part_style("dim") + overlay),
            ]
        return [*segments, Segment(" ", style)]

    def cursor_moved(self) -> None:
        self.refresh_bindings()
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Delete and rename act on a saved search only: elsewhere they leave the footer and the palette (and the
        key passes; :meth:`on_key` says why, when nothing else takes it)."""
        if action in SAVED_ONLY:
            return self.current_saved is not None
        return True

    def on_key(self, event: events.Key) -> None:
        """D or F2 on a feed, a group or a virtual feed did nothing at all, though help lists "D Delete search":
        say they act on a saved search. Only when the key is one of theirs now (the keymap applied) and no other
        binding of the screen or the app answers to it: the key still passes to those."""
        if self.current_saved is not None:
            return
        ours = [
            b for b in self._bindings.key_to_bindings.get(event.key, ()) if b.action in SAVED_ONLY and b.id
        ]
        if not ours or any(event.key in node._bindings.key_to_bindings for node in (self.screen, self.app)):
            return
        event.stop()
        event.prevent_default()
        binding = ours[0]
        if read_only(self.app):  # no row would do: say what any saved search's row says here
            what = getattr(getattr(self, f"action_{binding.action}"), "writes_store", "change saved searches")
            self.app.notify(refusal(what), severity="warning", markup=False)
            return
        key_for = getattr(self.app, "key_for", None)
        key = key_for(binding.id) if callable(key_for) else binding.key.split(",")[0]
        where = f"move the cursor to one under {SAVED_GROUP} first" if self.saved else "there are none yet"
        self.app.notify(f"{key} {SAVED_ONLY[binding.action]} a saved search: {where}.", markup=False)

    @writes("delete saved searches")
    def action_delete_saved(self) -> None:
        if self.current_saved is not None:
            self.post_message(self.SavedAction("delete", self.current_saved))

    @writes("rename saved searches")
    async def action_rename_saved(self) -> None:
        # In this turn, not through a message: the keys typed after F2 find the name dialog open.
        await self.run_action("screen.rename_saved_search")

    def row_selected(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
