"""The entity pivot: every story, in any feed, that names one entity, newest first, with how often it came up.

The stories come from the entity index (feeds.entity_index), which first checks each feed's files against what
it indexed and re-reads changed feeds; that can touch the disk, so it runs in a thread worker: the screen paints
at once and fills in when the answer is ready. Enter opens a story in the reader; escape comes back.

A duplicate group (the same report in several feeds) is one row marked ×N, as in the story list: its first copy
in the list's order, newest first. The groups are the reader's (``StoryList.group_key``), found in the
background after start-up; when they arrive with the pivot open, its rows are drawn again.

A row is marked as the story list marks it: ● unread, ★ bookmarked (a ×N row while any copy is). An enrichment pass
ending with the pivot open (a refresh's new stories have their names now) looks again: the rows follow, the cursor
on its story.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ..widgets.cells import ago
from ..widgets.dupe_groups import collapse, stories_counted
from ..widgets.entity_style import ENTITY_LABELS, ENTITY_STYLES
from ..widgets.footer import KeyBar
from ..widgets.keyed_list import KeyedOptionList
from ..widgets.story_list import BOOKMARK_MARK, UNREAD_MARK
from ..writes import writes

if TYPE_CHECKING:
    from feeds.enrich import Pivot

    from ..app import NewsdeskApp


def over_days(days: int) -> str:
    """What the sparkline above shows, in words (it said "Per day over 342 days above.")."""
    if days == 0:
        return ""
    if days == 1:
        return "Above: every story naming it is from one day. "
    return f"Above: how many stories named it each day, over the {days:,} days from the first to the last. "


def days_shown(days: int) -> str:
    """The span of the sparkline beside the name in the compact head ("· 443 days"), read with it as "how many
    stories named it each day, over 443 days" (what the full head says in words under it)."""
    if days == 0:
        return ""
    return " · one day" if days == 1 else f" · {days:,} days"


class EntityPivot(Screen[str | None]):
    """Stories naming ``key``; dismissed with the id of the story to open, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="pivot.back", tooltip="Back to the reader"),
        # As in the story list: b and B did nothing here, and the stories worth keeping had to be opened one by
        # one to be bookmarked. B is a priority binding, so a note typed straight after it goes in (tui.typeahead).
        Binding(
            "b",
            "bookmark",
            "Bookmark",
            id="pivot.bookmark",
            tooltip="Bookmark the story under the cursor, or remove its bookmark (×N row: every copy's)",
        ),
        Binding(
            "B",
            "edit_bookmark",
            "Note/tags",
            id="pivot.bookmark_edit",
            tooltip="Note and tags for the bookmark of the story under the cursor (saves it too)",
            priority=True,
        ),
        # With refresh_minutes at 0 (the default) R was the only way to new stories, and here it did nothing.
        Binding(
            "R",
            "refresh_all",
            "Refresh all",
            id="pivot.refresh_all",
            tooltip="Fetch new stories of every feed (the stories naming it follow)",
        ),
    ]
    #: Under 20 rows the head is the name and count alone (see app.tcss): at 40x12 the sparkline and the words
    #: under it took every row, and the list of stories was below the screen's edge. Under 32 it is compact (2-3
    #: rows): the span of days and a one-row sparkline beside the name, the names seen with it under them; at
    #: 80x24 the full head (a sparkline three rows high, the sentence saying what it shows) took 8-9 of 24 rows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-compact"), (32, "-tall")]

    @dataclass
    class Ready(Message):
        result: Pivot

    def __init__(
        self,
        key: str,
        name: str,
        group_key: Callable[[str], str | None] = lambda _story_id: None,
        *,
        at: str | None = None,
    ) -> None:
        """``group_key``: a story's duplicate group (the story list's ``group_key``), None when it has none;
        ``at``: the story the cursor starts on, if listed (the one last opened from this name's pivot)."""
        super().__init__(id="entity-pivot")
        self.key = key
        self.entity_name = name
        self.group_key = group_key
        self.result: Pivot | None = None
        #: Each row's story id -> the stories it stands for (a ×N row: every copy listed), as drawn last.
        self.copies: dict[str, list[str]] = {}
        #: The story under the cursor when the pivot closed: where it opens next time (see ``at``).
        self.place: str | None = at

    @property
    def newsdesk(self) -> NewsdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="pivot-head"):
            with Container(id="pivot-top"):  # a column, or (compact) a row: the name, its days, the sparkline
                yield Static(Content.styled(self.entity_name, "bold"), id="pivot-title")
                yield Static(id="pivot-line")  # compact: the title with the span of days, wrapped if need be
                yield Sparkline([], id="pivot-sparkline")
            yield Static(Content("Looking through the stories…"), id="pivot-with")
            yield Static(id="pivot-often")  # compact: "Most often with", what #pivot-with says under the line
        yield KeyedOptionList(id="pivot-stories")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pivot-stories", OptionList).focus()
        self._scan()

    def rescan(self) -> None:
        """Look through the stories again: a refresh brought new ones, whose names are stored now. The pivot was
        drawn once: a refresh's three new stories naming the person were missing until it was closed and opened
        again."""
        self._scan()

    @work(thread=True, exclusive=True, group="pivot", exit_on_error=False)
    def _scan(self) -> None:
        from feeds.enrich import pivot  # numpy and the indexes: loaded after the first paint, not by tui.app

        self.post_message(self.Ready(pivot(self.newsdesk.store, self.key)))

    def on_entity_pivot_ready(self, message: EntityPivot.Ready) -> None:
        self.result = message.result
        self.show_result()

    def show_result(self) -> None:
        """Draw the stories found; again when a read-only copy forgot some the writer purged (they are left out,
        not offered to open and be told they are gone)."""
        result = self.result
        if result is None:
            return
        store, now = self.newsdesk.store, self.newsdesk.clock()
        headers = {h.id: h for h in store.headers()}  # in memory: no story body is read for the list
        kept = [sid for sid in result.story_ids if sid in headers]
        # The copies of one report fold into one row marked ×N, as the story list folds them (dupe_groups): the
        # Starliner report in three feeds was three unmarked rows. The title counts the rows, then the copies.
        groups = {story_id: key for story_id in kept if (key := self.group_key(story_id)) is not None}
        view = collapse([headers[story_id] for story_id in kept], groups)
        kind = ENTITY_LABELS.get(result.type, "name")
        title = Content.assemble(
            (result.name, ENTITY_STYLES.get(result.type, "bold")),
            (f" · {kind} · {stories_counted(len(view.rows), len(kept))}", "$text-muted"),
        )
        self.query_one("#pivot-title", Static).update(title)
        self.query_one("#pivot-sparkline", Sparkline).data = list(result.per_day)
        days = len(result.per_day)
        often = ", ".join(f"{name} ({n})" for name, n in result.companions) or "nobody else"
        with_ = Content.assemble(("Most often with: ", "$text-muted"), often)
        self.query_one("#pivot-with", Static).update(
            Content.assemble((over_days(days), "$text-muted"), with_)
        )
        self.query_one("#pivot-often", Static).update(with_)
        self.query_one("#pivot-line", Static).update(title + Content.styled(days_shown(days), "$text-muted"))
        stories = self.query_one("#pivot-stories", OptionList)
        self.copies = {}
        at = stories.highlighted_option.id if stories.highlighted_option is not None else self.place
        stories.clear_options()
        for index, header in enumerate(view.rows):
            feed = store.get_feed(header.feed_id)
            meta = f"{feed.name if feed else ''} · {ago(now - header.published)}"
            copies = view.kinds[index] if view.kinds is not None else 1
            group = view.members.get(view.key_of.get(header.id, ""), [header])
            self.copies[header.id] = [h.id for h in group]
            # Which were read and kept, as the story list shows them: after a refresh the new stories stood
            # among the ones read with nothing to tell them apart.
            unread = any(not store.is_read(h.id) and store.feed_of(h.id) is not None for h in group)
            marked = any(store.is_bookmarked(h.id) for h in group)
            prompt = Content.assemble(
                (UNREAD_MARK if unread else " ", "$text-accent"),
                (BOOKMARK_MARK if marked else " ", "$text-warning"),
                " ",
                (header.title or "(untitled)", "bold" if unread else ""),
                *(((f" ×{copies}", "$text-accent"),) if copies > 1 else ()),
                "  ",
                (meta, "$text-muted"),
            )
            stories.add_option(Option(prompt, id=header.id))
        if not kept:
            stories.add_option(Option(Content("No stored story names it yet."), disabled=True))
        else:
            shown = [header.id for header in view.rows]
            if at is not None and at not in shown and at in view.key_of:  # a copy now folded: its group's row
                at = view.members[view.key_of[at]][0].id
            stories.highlighted = shown.index(at) if at in shown else 0

    def _row(self) -> tuple[str, list[str]] | None:
        """The story under the cursor and the stories its row stands for; None on no story."""
        highlighted = self.query_one("#pivot-stories", OptionList).highlighted_option
        if highlighted is None or highlighted.id is None or highlighted.id not in self.copies:
            return None
        return highlighted.id, self.copies[highlighted.id]

    @writes("bookmark stories")
    def action_bookmark(self) -> None:
        """``b`` as in the story list: a ★ on the row comes off (every copy's; asking first when a note, tags or
        a story's last copy would go), else the story under the cursor is bookmarked."""
        row = self._row()
        if row is None:
            return
        story_id, copies = row
        main, store = self.newsdesk.main_screen, self.newsdesk.store
        marked = [i for i in copies if store.is_bookmarked(i)]

        def toggle() -> None:
            main._toggle_bookmark(story_id, marked, len(copies))
            self.show_result()

        question = main._loss_question(marked, len(copies)) if marked else None
        if question is None:
            toggle()
            return
        from .save_search import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen("Remove bookmark", question), lambda yes: toggle() if yes else None
        )

    @writes("change a bookmark's note and tags")
    def action_edit_bookmark(self) -> None:
        """``B`` as in the story list: the note and tags of the row's bookmark (a copy's, on a ×N row whose ★
        is a copy's), saving bookmarks the story if it was not yet."""
        row = self._row()
        if row is None:
            return
        story_id, copies = row
        main, store = self.newsdesk.main_screen, self.newsdesk.store
        target = next((i for i in copies if store.is_bookmarked(i)), story_id)
        header, mark = store.header(target), store.bookmark_of(target)
        title = header.title if header is not None else mark.story.title if mark is not None else ""
        from .bookmark_edit import BookmarkEdit, BookmarkEditScreen  # Textual's TextArea: loaded here

        def saved(edit: BookmarkEdit | None) -> None:
            main._save_bookmark(target, edit)
            self.show_result()

        screen = BookmarkEditScreen(title, mark.note if mark else "", mark.tags if mark else ())
        self.app.push_screen(screen, saved)

    @writes("refresh feeds")
    def action_refresh_all(self) -> None:
        """Refresh every feed, as R does in the reader, whose progress bar is under this screen: said here. When
        the new stories' names are stored, the pivot looks again (:meth:`rescan`)."""
        if self.newsdesk.start_refresh(None):
            self.notify("Refreshing every feed…")

    def _keep_place(self) -> None:
        highlighted = self.query_one("#pivot-stories", OptionList).highlighted_option
        if highlighted is not None and highlighted.id is not None:
            self.place = highlighted.id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._keep_place()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self._keep_place()
        self.dismiss(None)
