"""The story view: title, feed, author, date, link, the clean text wrapped, and the story's links numbered.

Everything shown is the story's own plain text put into a Textual ``Content`` piece by piece (never parsed as
markup), so a title such as ``[@click=app.quit]`` is just characters on the screen. The content is drawn by a
:class:`~tui.widgets.story_body.StoryBody`, which wraps and renders only what is on screen, so a story of
200,000 characters opens as fast as a short one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar, TypeVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.widget import Widget

from feeds.model import Entity, Story

from .cells import ago
from .entity_style import entity_spans, legend, with_spans
from .story_body import StoryBody

W = TypeVar("W", bound=Widget)

#: Home and end jump at once (no animation) when the target is more than this many screens away.
LONG_JUMP_SCREENS = 4
#: The keys the view's words name in an app without a keymap of its own (the reader names its own: ``key_for``).
KEY_DEFAULTS = {"cursor.select": "enter", "story.open_link": "o"}
PLACEHOLDER = "No story open. Choose one in the list and press {enter}."


def story_content(
    story: Story, feed_name: str, now: float, entities: Sequence[Entity] | None = None, *, open_key: str = "o"
) -> Content:
    """The whole story as one piece of content, styled by part; ``entities`` (spans over the text) highlighted.
    ``open_key`` is the key that opens the story's link (the user's keymap may have moved it off ``o``)."""
    meta = [feed_name]
    # A channel that signs its stories with its own name read "Al Jazeera English · Al Jazeera English · ...".
    if story.author and story.author.casefold() != feed_name.casefold():
        meta.append(story.author)
    try:  # every story has a date (its own, or when first seen); 0.0 is 1970-01-01, not "none"
        day = datetime.fromtimestamp(story.published)
        when = f"{day.year:04d}-{day:%m-%d %H:%M} "  # strftime's %Y writes the year 100 as "100"
    except (ValueError, OverflowError, OSError):  # a feed dated 0001-01-01 is refused (found by fuzzing)
        when = ""
    meta.append(f"{when}({ago(now - story.published)})")
    parts: list[str | tuple[str, str] | Content] = [
        (story.title or "(untitled)", "bold $text"),
        "\n",
        (" · ".join(m for m in meta if m), "$text-muted"),
    ]
    if story.link:
        parts += ["\n", (story.link, "$text-accent")]
    if entities:
        parts += ["\n", legend()]
    parts.append("\n\n")
    head = Content.assemble(*parts)
    text = Content(story.text).plain if story.text else ""
    empty = (
        f"(this story has no text; {open_key} opens its link)"
        if story.link
        else "(this story has no text and no link)"
    )
    tail_parts: list[str | tuple[str, str]] = [] if text else [empty]
    if story.links:
        tail_parts += ["\n\n", ("Links", "bold"), "\n"]
        tail_parts += [f"[{n}] {url}\n" for n, url in enumerate(story.links, 1)]
    tail = Content.assemble(*tail_parts)
    # Put together by hand, not by Content.assemble: that copies every span of its parts, thousands of names
    # in a long story, and each copy is work for the garbage collector too.
    after = len(head) + len(text)
    spans = entity_spans(story.text, entities or (), len(head)) if text else []
    if len(text) != len(story.text):  # control characters were dropped: no name may spill past the text
        spans = [Span(s.start, min(s.end, after), s.style) for s in spans if s.start < min(s.end, after)]
    # The title's own names (a headline's "Macron"), on the title as shown, which opens the head; not when the
    # shown title differs from the stored one (its offsets would be off).
    if entities and story.title and head.plain.startswith(story.title):
        spans += entity_spans(story.title, entities, title=True)
    return with_spans(
        Content(head.plain + text + tail.plain, [*head.spans], strip_control_codes=False),
        [*spans, *(Span(s.start + after, s.end + after, s.style) for s in tail.spans)],
    )


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

    def __init__(self, *, text_width: int = 0, id: str | None = None) -> None:
        """``text_width``: the widest the text runs, in cells (0: the full width; see :meth:`keep_measure`)."""
        super().__init__(id=id)
        self.text_width = text_width
        self.story: Story | None = None
        #: Drawn over the story each time it is rendered (search matches), so redraws keep it.
        self.marks: Callable[[Content], Content] | None = None

    def compose(self) -> ComposeResult:
        yield self.keep_measure(StoryBody(self._placeholder(), id="story-body"))

    def keep_measure(self, widget: W) -> W:
        """``widget`` (the text, the bookmark banner over it) stopped at ``text_width`` cells, left-aligned.

        On a wide terminal the story's lines ran to the pane's edge, 170 cells and more, hard to follow from one
        line to the next (newsboat's ``text-width`` does the same); a pane narrower than that keeps all its width.
        """
        widget.styles.max_width = self.text_width or None
        return widget

    @property
    def body(self) -> StoryBody:
        return self.query_one("#story-body", StoryBody)

    def show(
        self, story: Story | None, feed_name: str, now: float, entities: Sequence[Entity] | None = None
    ) -> None:
        """Show ``story`` from its top (None: the placeholder), its ``entities`` highlighted."""
        self.story = story
        self.body.update(
            self._placeholder()
            if story is None
            else self._marked(
                story_content(story, feed_name, now, entities, open_key=self._key("story.open_link"))
            )
        )
        self.scroll_home(animate=False, immediate=True)

    def highlight(self, entities: Sequence[Entity], feed_name: str, now: float) -> None:
        """Redraw the open story with ``entities`` highlighted, keeping the reader's place."""
        if self.story is not None:
            open_key = self._key("story.open_link")
            content = self._marked(story_content(self.story, feed_name, now, entities, open_key=open_key))
            self.body.update(content)

    def _key(self, binding_id: str) -> str:
        """The key the reader binds to ``binding_id`` now (the user's keymap applied), for the words shown."""
        key_for: Callable[[str], str] | None = getattr(self.app, "key_for", None)
        return key_for(binding_id) if key_for is not None else KEY_DEFAULTS[binding_id]

    def _placeholder(self) -> Content:
        return Content(PLACEHOLDER.format(enter=self._key("cursor.select")))

    def _marked(self, content: Content) -> Content:
        return self.marks(content) if self.marks is not None else content

    @property
    def at_end(self) -> bool:
        """Whether the last line is in view (so paging down has nowhere to go). Not while the story's height is
        partly an estimate: the end is not known yet."""
        return self.body.complete and self.scroll_y >= self.max_scroll_y

    def action_scroll_end(self) -> None:
        if not (self.allow_vertical_scroll or self.allow_horizontal_scroll):
            raise SkipAction()  # as Textual's own: the key goes on to the screen
        self.body.measure_all()  # the exact height first, or the jump would land on an estimate of the end
        self.scroll_end(animate=not self._far(self.max_scroll_y))

    def action_scroll_home(self) -> None:
        if not (self.allow_vertical_scroll or self.allow_horizontal_scroll):
            raise SkipAction()
        self.scroll_home(animate=not self._far(0))

    def _far(self, y: float) -> bool:
        """Whether ``y`` is more than a few screens away. A jump that far is made at once, not animated: the
        animation would draw (and the story body render) a new screenful of a long story at every frame, for a
        blur nobody can read."""
        return abs(y - self.scroll_y) > LONG_JUMP_SCREENS * max(self.size.height, 1)

    def jump_to_style(self, style: str, step: int) -> bool:
        """Scroll to the next (``step`` 1) or previous (-1) line holding text styled ``style`` (a search match);
        False when there is none that way."""
        body = self.body
        offset = body.virtual_region.y  # a bookmark's banner may stand above the text
        top = round(self.scroll_y) - offset
        target = next(body.rows_styled(style, after=top, step=step), None)
        if target is None or (step > 0 and body.complete and self.scroll_y >= self.max_scroll_y):
            return False  # none that way, or the rest are on screen already with nowhere further to scroll
        if not body.complete:  # lay out with the rows measured on the way, so the scroll is not cut short
            body.refresh(layout=True)
        self.scroll_to(y=target + offset, animate=False)
        return True
