"""The sidebar beside the story: its related stories and its named entities, each a list one can move into.

Both are plain option lists whose prompts are built from the store's plain text as ``Content`` (never markup).
Choosing an option posts a small message; the screen decides what it opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .cells import ago
from .dupe_groups import NO_REASON
from .entity_style import ENTITY_LABELS, ENTITY_STYLES
from .keyed_list import KeyedOptionList

NO_RELATED = "No related stories"
NO_ENTITIES = "No names found in this story"
#: The model knows English only (see feeds.entities.language): an empty list says so rather than look like a miss.
NOT_ENGLISH = "Names are found in English stories only"


@dataclass(frozen=True, slots=True)
class RelatedRow:
    """One suggestion as shown: the story, its feed's name, when it was published, and why it is related.

    ``copies``: the stories of its duplicate group (the same report in several feeds), which the row stands for
    as the story list's ``×N`` row does; ``same_report``: it is a copy of the story being read."""

    story_id: str
    title: str
    feed_name: str
    published: float
    reasons: tuple[str, ...]
    copies: int = 1
    same_report: bool = False


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One entity of the story: its key, type, the name shown, and how often the story mentions it."""

    key: str
    type: str
    name: str
    mentions: int


class SidebarList(KeyedOptionList):
    """An option list that escape leaves for the story view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", id="sidebar.back", tooltip="Back to the story", show=False),
    ]

    @dataclass
    class Leave(Message):
        """Escape: focus goes back to the story."""

    def action_leave(self) -> None:
        self.post_message(self.Leave())


class RelatedPane(SidebarList):
    """The stories most related to the open one, best first, each with its reasons."""

    @dataclass
    class Chosen(Message):
        story_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[RelatedRow] = []

    def show_rows(
        self, rows: Sequence[RelatedRow], now: float, *, pending: bool = False, keep: bool = False
    ) -> None:
        """Show ``rows`` (``pending``: a note that they are being found), the first highlighted; with ``keep``,
        the story highlighted before stays highlighted if it is still listed (the same story's rows, redone)."""
        old = self.highlighted
        kept = self.rows[old].story_id if keep and old is not None and old < len(self.rows) else None
        self.rows = list(rows)
        self.clear_options()
        if pending:
            self.add_option(Option(Content("Finding related stories…"), disabled=True))
        elif not rows:
            self.add_option(Option(Content(NO_RELATED), disabled=True))
        for row in rows:
            meta = (
                f"{row.feed_name} · {ago(now - row.published)}"  # 0.0 is a date (1970-01-01) like any other
            )
            if row.same_report:  # its reasons would be every word of the story being read
                others = row.copies - 1
                why = "the same report as this story" + (f" ({others} copies)" if others > 1 else "")
            else:
                why = "shares " + ", ".join(row.reasons) if row.reasons else NO_REASON
            count = f" ×{row.copies}" if row.copies > 1 and not row.same_report else ""
            prompt = Content.assemble(
                (row.title or "(untitled)", "bold"),
                *((count, "$text-accent"),) if count else (),
                "\n",
                (meta, "$text-muted"),
                *(("\n", (why, "$text-muted italic")) if why else ()),
            )
            self.add_option(Option(prompt, id=row.story_id))
        ids = [row.story_id for row in self.rows]
        self.highlighted = ids.index(kept) if kept in ids else 0 if rows else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))


class EntityPane(SidebarList):
    """The open story's entities grouped by type, with mention counts."""

    @dataclass
    class Chosen(Message):
        row: EntityRow

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[EntityRow] = []

    def show_rows(self, rows: Sequence[EntityRow], *, english: bool = True, keep: bool = False) -> None:
        """The story's names; with none, why: none found, or (``english`` False) the story is not English. With
        ``keep``, the name highlighted before stays highlighted if it is still listed (the same story's names,
        redrawn: a refresh ending moved the cursor back to the first name, off the one about to be pivoted on)."""
        old = self.highlighted_option
        was = self.rows[int(old.id)] if keep and old is not None and old.id is not None else None
        kept = (was.key, was.type) if was is not None else None
        self.rows = list(rows)
        self.clear_options()
        if not rows:
            self.add_option(Option(Content(NO_ENTITIES if english else NOT_ENGLISH), disabled=True))
        for kind, style in ENTITY_STYLES.items():
            of_kind = [(i, r) for i, r in enumerate(self.rows) if r.type == kind]
            if not of_kind:
                continue
            self.add_option(
                Option(Content.styled(ENTITY_LABELS[kind].capitalize(), "$text-muted"), disabled=True)
            )
            for index, row in of_kind:
                prompt = Content.assemble((row.name, style), (f" ({row.mentions})", "$text-muted"))
                self.add_option(Option(prompt, id=str(index)))
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        same = next((i for i, row in enumerate(self.rows) if (row.key, row.type) == kept), None)
        self.highlighted = first if same is None else self.get_option_index(str(same))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self.rows[int(event.option.id)]))
