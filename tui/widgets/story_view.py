"""The story view: title, feed, author, date, link, the clean text wrapped, and the story's links numbered.

Everything shown is the story's own plain text put into a Textual ``Content`` piece by piece (never parsed as
markup), so a title such as ``[@click=app.quit]`` is just characters on the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from feeds.model import Entity, Story

from .cells import ago
from .entity_style import highlighted, legend

PLACEHOLDER = "No story open. Choose one in the list and press enter."


def story_content(
    story: Story, feed_name: str, now: float, entities: Sequence[Entity] | None = None
) -> Content:
    """The whole story as one piece of content, styled by part; ``entities`` (spans over the text) highlighted."""
    meta = [feed_name]
    if story.author:
        meta.append(story.author)
    if story.published:
        try:
            when = datetime.fromtimestamp(story.published).strftime("%Y-%m-%d %H:%M") + " "
        except (ValueError, OverflowError, OSError):  # a feed dated 0001-01-01 is refused (found by fuzzing)
            when = ""
        meta.append(f"{when}({ago(now - story.published)})")
    parts: list[str | tuple[str, str]] = [
        (story.title or "(untitled)", "bold $text"),
        "\n",
        (" · ".join(m for m in meta if m), "$text-muted"),
    ]
    if story.link:
        parts += ["\n", (story.link, "$text-accent")]
    if entities:
        parts += ["\n", legend()]
    parts += [
        "\n\n",
        highlighted(story.text, entities or ())
        if story.text
        else "(this story has no text; o opens its link)",
    ]
    if story.links:
        parts += ["\n\n", ("Links", "bold"), "\n"]
        parts += [f"[{n}] {url}\n" for n, url in enumerate(story.links, 1)]
    return Content.assemble(*parts)


class StoryView(VerticalScroll, can_focus=True):
    """Scrolls one story; the sidebar beside it (related stories, entities) is the screen's business."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", id="cursor.down", tooltip="Scroll down a line", show=False),
        Binding("k,up", "scroll_up", "Up", id="cursor.up", tooltip="Scroll up a line", show=False),
        Binding(
            "home,g",
            "scroll_home",
            "First",
            id="cursor.first",
            tooltip="Go to the first row (the top of the story)",
            show=False,
        ),
        Binding(
            "end,G",
            "scroll_end",
            "Last",
            id="cursor.last",
            tooltip="Go to the last row (the end of the story)",
            show=False,
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            id="cursor.page_down",
            tooltip="Scroll a page down",
            show=False,
        ),
        Binding("pageup", "page_up", "Page up", id="cursor.page_up", tooltip="Scroll a page up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.story: Story | None = None
        #: Drawn over the story each time it is rendered (search matches), so redraws keep it.
        self.marks: Callable[[Content], Content] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(PLACEHOLDER), id="story-body")

    def show(
        self, story: Story | None, feed_name: str, now: float, entities: Sequence[Entity] | None = None
    ) -> None:
        """Show ``story`` from its top (None: the placeholder), its ``entities`` highlighted."""
        self.story = story
        body = self.query_one("#story-body", Static)
        body.update(
            Content(PLACEHOLDER)
            if story is None
            else self._marked(story_content(story, feed_name, now, entities))
        )
        self.scroll_home(animate=False, immediate=True)

    def highlight(self, entities: Sequence[Entity], feed_name: str, now: float) -> None:
        """Redraw the open story with ``entities`` highlighted, keeping the reader's place."""
        if self.story is not None:
            content = self._marked(story_content(self.story, feed_name, now, entities))
            self.query_one("#story-body", Static).update(content)

    def _marked(self, content: Content) -> Content:
        return self.marks(content) if self.marks is not None else content

    @property
    def at_end(self) -> bool:
        """Whether the last line is in view (so paging down has nowhere to go)."""
        return self.scroll_y >= self.max_scroll_y
