"""The story list: unread mark, bookmark mark, title, feed and age, newest first, virtual.

Rows come from a plain list of :class:`~feeds.model.StoryHeader` and are drawn only when on screen (see
:class:`RowList`), so 50,000 stories mount and move as fast as 50. Near-duplicate stories (the same report in
several feeds) show as one row with a count, expanded and marked read as one (see :mod:`.dupe_groups`):
``all_rows`` is every story of the source, ``rows`` the rows shown. Every piece of text is a plain string fitted
to a width in cells, so CJK and emoji titles keep the feed and age columns aligned, and a title that looks like
markup is shown as it is.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from feeds.model import StoryHeader
from feeds.store import Store

from ..writes import writes
from .cells import age, fit, fit_right
from .dupe_groups import MEMBER, PLAIN, Collapsed, collapse, with_copies
from .row_list import RowList

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
AGE_WIDTH = 4
UNTITLED = "(untitled)"
MEMBER_INDENT = "  ↳ "


def columns(width: int) -> tuple[int, int]:
    """(title width, feed width) for a row ``width`` cells wide; the feed column goes first when space is short.

    A row is: space, unread mark, bookmark mark, space, title, two spaces, feed, space, age (4), space.
    """
    feed_width = min(20, max(8, width // 5)) if width >= 48 else 0
    fixed = 4 + (2 + feed_width if feed_width else 0) + 1 + AGE_WIDTH + 1
    return max(1, width - fixed), feed_width


def marked_segments(text: str, spans: list[tuple[int, int]], style: Style, match: Style) -> list[Segment]:
    """``text`` as segments, the ``spans`` (character offsets) in ``style + match``."""
    out: list[Segment] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or start >= end:
            continue
        if start > pos:
            out.append(Segment(text[pos:start], style))
        out.append(Segment(text[start:end], style + match))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:], style))
    return out


#: The group keys: the list's, and the main screen's for the story view (acting on the row of the story being read).
GROUP_BINDINGS: tuple[Binding, ...] = (
    Binding(
        "z",
        "toggle_group",
        "Expand group",
        id="group.toggle",
        tooltip="Show or hide the copies of a story in other feeds (rows marked ×N)",
        show=False,
    ),
    Binding(
        "M",
        "mark_group_read",
        "Mark group read",
        id="group.mark_read",
        tooltip="Mark every copy of the story under the cursor read",
        show=False,
    ),
)


class StoryList(RowList):
    """The stories of the selected source; the cursor follows a story (by id) when the rows change."""

    DEFAULT_CSS = """
    StoryList > .row-list--match {
        color: $text-warning;
        text-style: bold underline;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES | {"row-list--match"}

    BINDINGS: ClassVar[list[BindingType]] = [*GROUP_BINDINGS]

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another story."""

        header: StoryHeader

    @dataclass
    class Chosen(Message):
        """Enter or a click on a story: open it."""

        header: StoryHeader

    @dataclass
    class GroupRead(Message):
        """The group-read key: mark these stories (a group's members in this list) read."""

        story_ids: list[str]

    def __init__(
        self, store: Store, *, clock: Callable[[], float] = time.time, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.store = store
        self.clock = clock
        #: Every story of the source, in order; ``rows`` is what shows (groups collapsed).
        self.all_rows: list[StoryHeader] = []
        self.rows: list[StoryHeader] = []
        #: What the list says when it has no rows (the screen sets it for each source).
        self.empty_text = ""
        self._groups: Mapping[str, str] = {}
        self._group_sizes: Counter[str] = Counter()  # a group's key -> its stories, in every feed
        self._groups_known = False  # False until the first groups arrive from the worker
        self._expanded: set[str] = set()
        self._view = Collapsed([], None)
        #: Spans to mark in a title (search matches); None marks nothing.
        self.title_marks: Callable[[str], list[tuple[int, int]]] | None = None

    @property
    def current(self) -> StoryHeader | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def on_mount(self) -> None:
        self.set_interval(60, self.invalidate)  # ages ("5m") move on

    def set_rows(self, rows: list[StoryHeader], *, keep: bool = True, empty: str = "") -> None:
        """Show ``rows``. With ``keep``, the cursor stays on the same story and the view does not jump when
        stories arrive above it; otherwise the cursor goes to the top. ``empty``: what the list says if empty."""
        self.empty_text = empty
        self.all_rows = rows
        self._regroup(keep=keep)

    def set_groups(self, groups: Mapping[str, str]) -> bool:
        """New duplicate groups (story id -> group key, from a worker): collapse them, the cursor kept. False,
        and nothing done, when they are the groups the list already has (each enrichment pass finds them again).

        A group's key is its oldest story, so a refresh bringing an older copy (or joining two groups) gives the
        group a new key: an expanded group stays expanded under its new key, found through the stories it held,
        so the cursor stays on the copy it was on instead of falling back to the group's row."""
        if self._groups_known and groups == self._groups:
            return False
        if self._expanded:
            expanded = self._expanded
            self._expanded = {
                groups[story_id]
                for story_id, key in self._groups.items()
                if key in expanded and story_id in groups
            }
        self._groups = groups
        self._group_sizes = Counter(groups.values())
        self._groups_known = True
        self._regroup(keep=True)
        return True

    def _regroup(self, *, keep: bool) -> None:
        old = self.current if keep else None
        old_index = self.cursor
        self._view = collapse(self.all_rows, self._groups, self._expanded)
        self.rows = self._view.rows
        if old is None:
            self.scroll_to(y=0, animate=False, force=True)
            self.rows_changed(cursor=0)
            return
        index = self.index_of(old.id)
        if index is None:
            index = self._head_index(old.id)
        if index is None:
            self.rows_changed(cursor=min(old_index, len(self.rows) - 1))
        else:
            self.rows_changed(cursor=index, scroll_by=index - old_index)

    def _head_index(self, story_id: str) -> int | None:
        """Where the row of the group holding ``story_id`` is (None when it is in no group here)."""
        key = self._view.key_of.get(story_id)
        return None if key is None else self.index_of(self._view.members[key][0].id)

    # -- duplicate groups ----------------------------------------------------------------------------------------
    def group_at_cursor(self) -> list[StoryHeader]:
        """The stories of the group under the cursor (its row or a member row), list order; [] when none."""
        current = self.current
        key = self._view.key_of.get(current.id) if current is not None else None
        return list(self._view.members[key]) if key is not None else []

    def group_key(self, story_id: str) -> str | None:
        """The key of the duplicate group ``story_id`` is in, in any feed (None: none, or not known yet)."""
        return self._groups.get(story_id)

    @property
    def folds(self) -> bool:
        """Whether some duplicate group of the list shows as one row (its count then differs from its rows')."""
        return bool(self._view.key_of)

    def count_shown(self, ids: Collection[str]) -> int:
        """How many rows the stories ``ids`` take: a duplicate group's copies count once (an expanded group's
        too: opening it shows its copies, not more stories). The groups are those of every feed, so stories not
        in the list yet (a saved search's matches, counted in a worker) fold as they will once shown."""
        groups = self._groups
        return len({groups.get(story_id) or story_id for story_id in ids}) if groups else len(ids)

    def count_text(self, stories: Sequence[StoryHeader] | None = None) -> str:
        """:meth:`count_shown` of ``stories`` (every story of this list by default) as a title says it, the
        copies after: "43 (45 with copies)" (as the entity pivot's title does); "45" when nothing folds. The
        header said "All · 45" over 43 rows."""
        ids = [header.id for header in (self.all_rows if stories is None else stories)]
        shown = self.count_shown(ids) if self.folds else len(ids)  # the list's stories: none fold
        return f"{shown:,}{with_copies(shown, len(ids))}"

    def copies_of(self, story_id: str) -> int:
        """How many stories ``story_id``'s group holds in every feed, itself included (1 when it has none)."""
        key = self._groups.get(story_id)
        return self._group_sizes[key] if key is not None else 1

    def group_size(self, story_id: str) -> int:
        """How many stories of this list are in ``story_id``'s group (1 when it has no duplicates here)."""
        key = self._view.key_of.get(story_id)
        return len(self._view.members[key]) if key is not None else 1

    def hidden_under(self, index: int) -> list[StoryHeader]:
        """The copies that the collapsed group's row at ``index`` hides ([] for any other row)."""
        kinds = self._view.kinds
        if kinds is None or not 0 <= index < len(kinds) or kinds[index] < 2:
            return []
        key = self._view.key_of[self.rows[index].id]
        return [] if key in self._expanded else self._view.members[key][1:]

    def stands_for(self, index: int) -> list[StoryHeader]:
        """The stories the row at ``index`` stands for: its own and, on a collapsed ×N row, the copies it hides
        (its marks show theirs, and ``m`` and ``b`` act on them all); [] past the rows."""
        if not 0 <= index < len(self.rows):
            return []
        return [self.rows[index], *self.hidden_under(index)]

    def reading_order(self, step: int, opened: str | None) -> Iterator[StoryHeader]:
        """The stories after (``step`` 1) or before (-1) the cursor's, in the order the list reads with every
        group open: a collapsed group's hidden copies come right after its row. The walk starts past ``opened``
        (the story open now) when it is the cursor's or one its row hides; otherwise the cursor's own story comes
        first. Lazy, so finding the next unread story costs the distance to it, not the list's length."""
        rows, start = self.rows, self.cursor
        if not 0 <= start < len(rows):
            return
        block = self.stands_for(start)
        at = next((i for i, header in enumerate(block) if header.id == opened), None)
        if at is not None:
            yield from block[at + 1 :] if step > 0 else reversed(block[:at])
        else:
            yield from block if step > 0 else block[:1]
        index = start + step
        while 0 <= index < len(rows):
            block = self.stands_for(index)
            yield from block if step > 0 else reversed(block)
            index += step

    def is_expanded(self, story_id: str) -> bool:
        key = self._view.key_of.get(story_id)
        return key is not None and key in self._expanded

    def action_toggle_group(self) -> None:
        """Expand the group under the cursor (its members indented below its row), or collapse it."""
        members = self.group_at_cursor()
        if not members:
            if self._groups_known:
                self.app.notify("No copies of this story in this list.", timeout=3)
            else:
                self.app.notify("Still looking for copies of stories in several feeds…", timeout=3)
            return
        key = self._view.key_of[members[0].id]
        self._expanded ^= {key}
        head = members[0].id
        self._view = collapse(self.all_rows, self._groups, self._expanded)
        self.rows = self._view.rows
        index = self.index_of(head)
        self.rows_changed(cursor=index)
        if index is not None and key in self._expanded:  # show the opened members when they fit
            height = self.scrollable_content_region.height
            end = index + len(members) - 1
            if height > 0 and end >= self.scroll_offset.y + height:
                self.scroll_to(y=min(index, end - height + 1), animate=False, force=True)
        self.cursor_moved()

    @writes("mark stories read")
    def action_mark_group_read(self) -> None:
        """Ask the screen to mark the group under the cursor read (just the story when it has no copies)."""
        members = self.group_at_cursor()
        if not members and self.current is not None:
            members = [self.current]
        if members:
            self.post_message(self.GroupRead([header.id for header in members]))

    def index_of(self, story_id: str) -> int | None:
        for index, header in enumerate(self.rows):
            if header.id == story_id:
                return index
        return None

    def select_id(self, story_id: str) -> bool:
        """Move the cursor to the story ``story_id`` (expanding its group if it hides in one); False when it is
        not in the list."""
        index = self.index_of(story_id)
        if index is None and story_id in self._view.key_of:
            self._expanded.add(self._view.key_of[story_id])
            self._regroup(keep=True)
            index = self.index_of(story_id)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def refresh_story(self, story_id: str) -> None:
        """Repaint a story's row (its read or bookmark mark changed)."""
        if story_id in self._view.key_of:  # its group's row shows its read mark too: repaint what shows
            self.invalidate()
            return
        current = self.current
        if current is not None and current.id == story_id:
            self.refresh_row(self.cursor)
        else:
            index = self.index_of(story_id)
            if index is not None:
                self.refresh_row(index)

    def row_count(self) -> int:
        return len(self.rows)

    def render_line(self, y: int) -> Strip:
        """The rows; an empty list says why on its first line (``empty_text``, set by the screen)."""
        if self.rows or y != 0 or not self.empty_text:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        text = fit(" " + self.empty_text, width)
        return Strip([Segment(text, self.rich_style + self.part_style("dim"))]).adjust_cell_length(width)

    def reads_as_read(self, story_id: str) -> bool:
        """Read, or kept only by its bookmark: a removed feed's read marks went with it, and such a story showed
        the unread dot for good, even while it was being read."""
        return self.store.is_read(story_id) or self.store.feed_of(story_id) is None

    def render_row(self, index: int, width: int, style: Style, cursor: bool) -> list[Segment]:
        header = self.rows[index]
        kind = self._view.kinds[index] if self._view.kinds is not None else PLAIN
        hidden = self.hidden_under(index) if kind > 1 else []
        if hidden:  # a collapsed group's row: unread while any copy is, ★ while any copy is bookmarked
            read = self.reads_as_read(header.id) and all(self.reads_as_read(h.id) for h in hidden)
            marked = self.store.is_bookmarked(header.id) or any(
                self.store.is_bookmarked(h.id) for h in hidden
            )
        else:  # an expanded group's row shows its own story's marks: the copies show theirs below it
            read = self.reads_as_read(header.id)
            marked = self.store.is_bookmarked(header.id)
        title_width, feed_width = columns(width)
        overlay = self.part_style("cursor") if cursor else Style()
        dim = style + self.part_style("dim") + overlay
        title_style = style + (self.part_style("dim") if read else self.part_style("strong")) + overlay
        segments = [
            Segment(" ", style),
            Segment(" " if read else UNREAD_MARK, style + self.part_style("accent") + overlay),
            Segment(BOOKMARK_MARK if marked else " ", style + self.part_style("warning") + overlay),
            Segment(" ", style),
        ]
        suffix = ""
        if kind == MEMBER:
            segments.append(Segment(fit(MEMBER_INDENT, min(title_width, len(MEMBER_INDENT))), dim))
            title_width = max(1, title_width - len(MEMBER_INDENT))
        elif kind > 1:
            suffix = f" ×{kind}" + (" ▾" if self._view.key_of[header.id] in self._expanded else "  ")
            if title_width > len(suffix) + 8:
                title_width -= len(suffix)
            else:
                suffix = ""
        title = fit(header.title or UNTITLED, title_width)
        if self.title_marks is None:
            segments.append(Segment(title, title_style))
        else:
            segments.extend(
                marked_segments(title, self.title_marks(title), title_style, self.part_style("match"))
            )
        if suffix:
            segments.append(Segment(suffix, style + self.part_style("accent") + overlay))
        if feed_width:
            feed = self.store.get_feed(header.feed_id)
            segments.append(Segment("  ", style))
            segments.append(Segment(fit(feed.name if feed else "", feed_width), dim))
        segments.append(Segment(" ", style))
        segments.append(Segment(fit_right(age(self.clock() - header.published), AGE_WIDTH), dim))
        segments.append(Segment(" ", style))
        return segments

    def cursor_moved(self) -> None:
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    def row_selected(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
