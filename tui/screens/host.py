"""What the main screen offers the behaviour mixins it is built from, for the type checker.

:class:`~tui.screens.main.MainScreen` combines story, bookmark, search, saved-search, enrichment and group actions,
each in a module of its own. Each mixin uses some of the screen's members (its panes, the app, a few helpers);
they all inherit this one description of them instead of repeating it. At run time ``ScreenHost`` is ``object``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from feeds.enrich import RelatedService
    from feeds.model import Story, StoryHeader
    from feeds.search.service import SearchService

    from ..app import NewsdeskApp
    from ..widgets.feed_list import FeedList
    from ..widgets.search_bar import SearchBar
    from ..widgets.story_list import StoryList
    from ..widgets.story_view import StoryView

    class ScreenHost(Screen[None]):
        source: str
        search_active: bool
        search_service: SearchService | None

        @property
        def newsdesk(self) -> NewsdeskApp: ...
        @property
        def feed_list(self) -> FeedList: ...
        @property
        def story_list(self) -> StoryList: ...
        @property
        def story_view(self) -> StoryView: ...
        @property
        def search_bar(self) -> SearchBar: ...
        @property
        def related_service(self) -> RelatedService: ...
        @property
        def current(self) -> StoryHeader | None: ...
        @property
        def acting_block(self) -> list[StoryHeader]: ...

        def update_counts(self) -> None: ...
        def _write(self, action: str, do: Callable[[], object]) -> bool: ...
        def focus_pane(self, pane: str) -> None: ...
        def set_pane(self, pane: str) -> None: ...
        def show_source(self, key: str, *, keep: bool = False) -> None: ...
        def close_search(self) -> None: ...
        def open_story(self, header: StoryHeader) -> None: ...
        def select_when_shown(self, story_id: str) -> None: ...
        def feed_name_of(self, story: Story) -> str: ...
        def show_bookmark(self, story_id: str) -> None: ...

else:
    ScreenHost = object
