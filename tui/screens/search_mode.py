"""Search as you type on the main screen: the bar, the worker that runs each keystroke, the results as a source.

A mixin of :class:`~tui.screens.main.MainScreen` (Textual calls every class's ``on_*`` handler along the MRO, so
the handlers here run beside the screen's own). The index is loaded and checked against the store in a thread
worker after the first paint; each keystroke starts an exclusive worker (a newer keystroke cancels the older
one) and a result is shown only if it answers what is in the box now. Escape in the bar puts back the list and
the story the reader came from.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import Input
from textual.worker import get_current_worker

from feeds.model import StoryHeader

from ..messages import NamesStored
from ..typeahead import skip_in_text_box
from ..widgets.dupe_groups import stories_counted, with_copies
from ..widgets.entity_style import with_spans
from ..widgets.search_bar import SearchBar
from .host import ScreenHost

if TYPE_CHECKING:
    from feeds.search import SearchResult
    from feeds.search.service import SearchService


Sort = Literal["relevance", "date"]
RESULT_LIMIT = 500
MATCH_STYLE = "bold reverse"


@dataclass
class SearchDone(Message):
    """A search worker finished: the query and sort it answered, its result and the rows to show."""

    query: str
    sort: Sort
    result: SearchResult
    rows: list[StoryHeader]
    seconds: float


class IndexReady(Message):
    """The index is loaded and matches the store."""


class IndexUpdated(Message):
    """A refresh's new stories are in the index (the updates run in threads, in no set order: whichever ends
    last, a message follows it)."""


class SearchMode(ScreenHost):
    """The search half of the main screen. The host screen's members are described by ScreenHost."""

    search_service: SearchService | None = None
    search_active = False  #: results of a query fill the story list
    search_sort: Sort = "relevance"
    search_result: SearchResult | None = None
    saved_result: SearchResult | None = None  #: a shown saved search's result (SavedSearchActions sets it)
    search_timings: list[float]  #: seconds per search, for the report and the benchmark
    _search_return: tuple[str, str | None] = ("all", None)  # (source, story id) to go back to
    _shown_query = ""
    _shown_order = "date"  #: what the shown results are sorted by, as their title says it

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    # -- the index -----------------------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.search_timings = []
        self.call_after_refresh(self._open_index)  # after the first paint: the engine brings numpy in

    @work(thread=True, group="search-index", exit_on_error=False)
    def _open_index(self) -> None:
        from feeds.search.service import SearchService

        service = SearchService(self.newsdesk.store)
        self.search_service = service  # set before it opens: stories a refresh saves meanwhile are queued
        service.open()
        self.post_message(IndexReady())

    def on_index_ready(self, message: IndexReady) -> None:
        self.newsdesk.settle_heap()  # the search index is built: long-lived from now on
        self.newsdesk.say_new_notes()  # a bodies file its pass found damaged (at the reader's start), said now
        if self.search_active:
            self._start_search()

    def on_index_updated(self, message: IndexUpdated) -> None:
        if self.search_active and not self.newsdesk.refreshing:  # stories indexed after the refresh settled
            self._start_search()

    def search_index_new(self, story_ids: Iterable[str]) -> None:
        """A refresh saved these stories: index them (in a worker)."""
        ids = list(story_ids)
        if ids and self.search_service is not None:
            self._update_index(ids, finished=False)

    def on_names_stored(self, message: NamesStored) -> None:
        """The enrichment pass gave the index these stories' names: a search on screen may find more now."""
        if self.search_active and not self.newsdesk.refreshing:
            self._start_search()

    def search_index_settle(self) -> None:
        """A refresh ended: drop purged stories, save the index, and refresh shown results."""
        if self.search_service is not None:
            self._update_index([], finished=True)

    @work(thread=True, group="search-update", exit_on_error=False)
    def _update_index(self, ids: list[str], finished: bool) -> None:
        service = self.search_service
        assert service is not None
        if ids:
            service.update(ids)
            if service.ready:
                self.post_message(IndexUpdated())
        if finished and service.ready:
            service.settle()
            self.post_message(IndexReady())

    # -- the bar -------------------------------------------------------------------------------------------------
    @skip_in_text_box
    def action_search(self) -> None:
        """Open the bar (or go back to it), remembering the list and story to return to. The key is a priority
        binding, so it comes here first wherever the focus is: in a text box it is the box's ("a/b")."""
        bar = self.search_bar
        if not self.search_active:
            current = self.story_list.current
            self._search_return = (self.source, current.id if current else None)
            self.search_active = True
            bar.open("")
            self._start_search()
        else:
            bar.open()

    def close_search(self) -> None:
        """Leave search: the bar hides, the previous source comes back with the cursor on its old story."""
        if not self.search_active:
            return
        self.search_active = False
        self.search_result = None
        self.story_list.title_marks = None
        self.search_bar.close()
        source, story_id = self._search_return
        self.show_source(source)
        if story_id is not None and not self.story_list.select_id(story_id):
            self.select_when_shown(story_id)  # a saved search: its stories come from a worker
        self.focus_pane("stories")

    def on_search_bar_closed(self, message: SearchBar.Closed) -> None:
        self.close_search()

    def on_search_bar_to_results(self, message: SearchBar.ToResults) -> None:
        self.focus_pane("stories")

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.search_active and event.input.id == "search-input":
            self._start_search()

    def action_toggle_search_sort(self) -> None:
        self.search_sort = "date" if self.search_sort == "relevance" else "relevance"
        if self.search_active:
            self._start_search()
            self.app.notify(f"Search results by {self.search_sort}.")
        else:  # no results on screen to reorder: it said "Search results by date." all the same
            self.app.notify(f"The next search orders its results by {self.search_sort}.")

    # -- running a search ----------------------------------------------------------------------------------------
    def rerun_search(self) -> None:
        """Run the shown query again (the store changed: a refresh, a mark), the cursor kept on its story."""
        self._start_search()

    def _start_search(self) -> None:
        service = self.search_service
        if service is None or not service.ready:
            self.search_bar.set_hint("Indexing stories… results come when it is done.")
            return
        self._search(self.search_bar.query_text, self.search_sort)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str, sort: Sort) -> None:
        service = self.search_service
        assert service is not None
        started = time.perf_counter()
        result = service.search(query, limit=RESULT_LIMIT, sort=sort, now=self.newsdesk.clock())
        if get_current_worker().is_cancelled:
            return
        rows = service.headers(result.ids)
        self.post_message(SearchDone(query, sort, result, rows, time.perf_counter() - started))

    def on_search_done(self, message: SearchDone) -> None:
        """Show a result, unless the box or the sort changed since it was asked (a stale answer)."""
        if (
            not self.search_active
            or message.query != self.search_bar.query_text
            or message.sort != self.search_sort
        ):
            return
        self.search_timings.append(message.seconds)
        result = message.result
        self.search_result = result
        keep = message.query == self._shown_query
        self._shown_query = message.query
        self.story_list.title_marks = result.highlight if result.terms else None
        self.story_list.set_rows(message.rows, keep=keep, empty="No story matches the search.")
        self.story_list.invalidate()
        from feeds.search.query import NOTHING_LEFT, parse_query  # loaded with the engine by now (numpy)

        parsed = parse_query(message.query)
        # Nothing to rank by (no words typed, only qualifiers): the index lists such results newest first.
        self._shown_order = message.sort if parsed.has_text else "date"
        if result.hints:
            # `person:` lists every story, as the empty box does (the next key may give the value), and says so in
            # the words `newsdesk search person:` says it lists none: "Search · 14" over the hint alone read as
            # 14 stories matching it.
            left = f"; {NOTHING_LEFT}, every story listed" if parsed.nothing_left else ""
            self.search_bar.set_hint(" · ".join(result.hints) + left, warning=True)
        self.retitle_search()

    def retitle_search(self) -> None:
        """The results' title: how many stories the rows show, a duplicate group's copies once, then with them
        ("Search · 15 (17 with copies) · by date", :meth:`StoryList.count_shown`), as the story list's title; then
        how many match in all when more match than the list holds. It said "Search · 17" over 15 rows. The line
        under the search box says the same count, "15 stories (17 with copies)", redone as the groups arrive."""
        result = self.search_result
        if result is None:
            return
        held = len(self.story_list.all_rows)
        shown = self.story_list.count_shown([header.id for header in self.story_list.all_rows])
        count = f"{shown:,}{with_copies(shown, held)}"
        if result.total > held:
            count = f"{count} of {result.total:,}"
        self.story_list.border_title = Content(f"Search · {count} · by {self._shown_order}")
        if not result.hints:  # the line under the box counts as the title does (it said "17 stories" over 15)
            found = (
                stories_counted(shown, held)
                if result.total == held
                else stories_counted(result.total, result.total)
            )
            key = self.newsdesk.key_for
            save = "" if self.newsdesk.store.readonly else f" · {key('search.save')}: save"  # it cannot there
            self.search_bar.set_hint(
                f"{found} · enter: results · {key('search.sort')}: sort{save} · {key('search.close')}: close"
            )

    # -- the opened story ----------------------------------------------------------------------------------------
    def open_story(self, header: StoryHeader) -> None:
        """Open a story; from search results or a saved search, with the matches marked. The marks are the story
        view's overlay, so they stay when enrichment redraws the story with its names highlighted."""
        result = self.search_result if self.search_active else self.saved_result
        if result is not None and result.terms:
            self.story_view.marks = SearchMarks(result)
        else:
            self.story_view.marks = None
        super().open_story(header)

    def match_lines(self) -> list[int]:
        """The rows of the opened story (as wrapped on screen, from its title) that hold a highlighted match."""
        return list(self.story_view.body.rows_styled(MATCH_STYLE))

    def _jump_match(self, step: int) -> bool:
        """``n``/``N`` in a story opened from search results: the next or previous match, going on into the next
        (or previous) result past the story's last (or first) match, as a pager's search goes on to the next
        file. False when no story from the results is open (the keys then mean what they mean elsewhere)."""
        opened = self.story_view.story
        if not (self.search_active and self.search_result is not None and opened is not None):
            return False
        if self.story_view.jump_to_style(MATCH_STYLE, step):
            return True
        following = next(self.story_list.reading_order(step, opened.id), None)
        if following is None:
            self.app.notify("No more matches " + ("below." if step > 0 else "above."))
            return True
        self.story_list.select_id(following.id)
        self.open_story(following)
        self.call_after_refresh(self._show_match, step)
        return True

    def _show_match(self, step: int) -> None:
        """In a result just opened by ``n``/``N``: bring its first (``step`` 1) or last (-1) match on screen."""
        view, body = self.story_view, self.story_view.body
        found = next(body.rows_styled(MATCH_STYLE, after=-1 if step > 0 else 1 << 30, step=step), None)
        if found is None:
            return
        target = found + body.virtual_region.y
        if not view.scroll_y <= target < view.scroll_y + view.scrollable_content_region.height:
            if not body.complete:
                body.refresh(layout=True)
            view.scroll_to(y=target, animate=False)

    def reading_a_result(self) -> bool:
        """Whether the story view has the focus and a story opened from search results: there ``n`` is
        ``next_match`` (the footer and the palette say so), elsewhere ``next_unread``. The focus asked is this
        screen's: the app's is the palette's while that is open over the story."""
        return (
            self.focused is self.story_view
            and self.search_active
            and self.search_result is not None
            and self.story_view.story is not None
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``next_match`` only while reading a result; otherwise ``n`` falls through to ``next_unread``."""
        if action == "next_match":
            return self.reading_a_result()
        return super().check_action(action, parameters)

    def action_next_match(self) -> None:
        """``n`` in a story opened from search results: the next match (then the next result's first)."""
        if not self._jump_match(1):
            super().action_next_unread()  # type: ignore[misc]

    def action_next_unread(self) -> None:
        """``n`` elsewhere: the next unread story (a keymap may have put next_match on another key: then ``n``
        still jumps between matches in a result, as it always did)."""
        if not (self.reading_a_result() and self._jump_match(1)):
            super().action_next_unread()  # type: ignore[misc]

    def action_previous_match(self) -> None:
        """``N``: in a story opened from search results, the previous match (then the previous result's last).
        Elsewhere it says so, and names the key that marks a story read or unread: newsboat's N does that."""
        if not self._jump_match(-1):
            key = self.newsdesk.key_for
            self.app.notify(
                f"{key('search.previous_match')} jumps between matches in a story opened from search"
                f" ({key('search.open')}); {key('story.toggle_read')} marks a story read or unread."
            )


class SearchMarks:
    """The story view's overlay for one result: ``mark_matches`` with the matches of each text remembered. A story
    is drawn twice as it opens (at once, then with its names) and again on each enrichment, with the same title and
    text each time; finding the matches in a long story's text takes 30 ms."""

    def __init__(self, result: SearchResult) -> None:
        self.result = result
        self._found: dict[str, list[tuple[int, int]]] = {}

    def highlight(self, text: str) -> list[tuple[int, int]]:
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= 4:  # a title and a text, two stories' worth
                self._found.clear()
            found = self._found[text] = self.result.highlight(text)
        return found

    def __call__(self, content: Content) -> Content:
        return mark_matches(content, self)


def mark_matches(content: Content, result: SearchResult | SearchMarks) -> Content:
    """Mark the query's matches in the story's title and text (the text starts after the first blank line)."""
    plain = content.plain
    title_end = plain.find("\n")
    text_start = plain.find("\n\n")
    spans = [
        Span(start, end, MATCH_STYLE)
        for start, end in result.highlight(plain[: title_end if title_end >= 0 else len(plain)])
    ]
    if text_start >= 0:
        text_start += 2
        spans += [
            Span(text_start + start, text_start + end, MATCH_STYLE)
            for start, end in result.highlight(plain[text_start:])
        ]
    return with_spans(content, spans)
