"""Entities and related stories in the reader: the enrichment worker, the sidebar, and the entity pivot.

A mixin of :class:`~tui.screens.main.MainScreen`. Enrichment (entity extraction, the related index) runs in a
thread worker after start-up (once the search index is open) and after each refresh, so the first paint never
waits for it; when it finishes the open story gets its highlights and the sidebar its suggestions. A story opened
before its entities are stored is tagged on the spot (a few milliseconds once the model is loaded) so its
highlights show with it; a long one is tagged in a thread (a 200,000-character story takes 300 ms) and its
highlights follow a moment later.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from feeds.model import Entity, Story, StoryHeader
from feeds.storage import StoreError

from ..messages import NamesStored
from ..widgets.dupe_groups import RELATED_COUNT, RELATED_FOLDED, fold_related
from ..widgets.enrich_panes import EntityPane, EntityRow, RelatedPane, RelatedRow, SidebarList
from .story_actions import GONE
from .story_history import StoryHistory

if TYPE_CHECKING:
    from feeds.enrich import RelatedService


#: Texts longer than this are tagged in a thread when opened untagged: extraction costs about 1.5 ms per 1,000
#: characters, and the reader must not stop answering keys for it.
TAG_IN_THREAD = 20_000


@dataclass
class OpenStoryTagged(Message):
    """The names of a story opened before they were stored, found in a thread."""

    story_id: str
    text: str
    entities: tuple[Entity, ...]
    title: str = ""


class EnrichActions(StoryHistory):
    """Sidebar and pivot behaviour; the host screen's members are described by ScreenHost. The stories its jumps
    (a related story, a name's story opened) leave are kept by StoryHistory, for ``[`` to go back to."""

    _related_service: RelatedService | None = None
    _related_ready: bool = False
    _enrich_cancel: threading.Event | None = None
    #: Stories a cancelled pass tagged but did not hand to the search index (it must not hold up a quit): the next
    #: pass of this session hands them over with its own. A lock, as a cancelled pass may end while the next runs.
    _unsearched: frozenset[str] = frozenset()
    _unsearched_lock = threading.Lock()  # shared by every screen: one is enough, and it is held for a moment
    _tagged: OpenStoryTagged | None = None  #: the last long story tagged in a thread
    #: Entity key -> the story the cursor was on when its pivot last closed, where it opens again.
    _pivot_places: dict[str, str] | None = None

    # -- worker ----------------------------------------------------------------------------------------------------
    @property
    def related_service(self) -> RelatedService:
        from feeds.enrich import RelatedService  # numpy and the index load only when enrichment starts

        if self._related_service is None:
            self._related_service = RelatedService(self.newsdesk.store)
        return self._related_service

    def start_enrich(self) -> None:
        """Extract missing entities and bring the related index up to date, in the background."""
        self.cancel_enrich()  # a running pass stops between feeds; the new one picks up where it left off
        self._enrich_cancel = threading.Event()
        self._enrich(self._enrich_cancel)

    @work(thread=True, exclusive=True, group="enrich", exit_on_error=False)
    def _enrich(self, cancel: threading.Event) -> list[str]:
        from feeds.enrich import enrich

        tagged = enrich(self.newsdesk.store, self.related_service, cancel=cancel)
        search = self.search_service
        with self._unsearched_lock:
            # A pass cancelled (quitting, or a refresh ending) ends now: re-indexing thousands of stories here
            # would hold up the quit. What it tagged goes to the next pass of this session (the one a refresh
            # starts), or else to the search index's check at the next start, which reads the changed feeds.
            if cancel.is_set() or search is None:
                self._unsearched |= frozenset(tagged)
                return tagged
            handed = [*self._unsearched.difference(tagged), *tagged]
            self._unsearched = frozenset()
        if handed:
            # The search index took these stories before they had names: it adds them (so person: finds them
            # in this session) here, before the pass ends and the duplicate finder starts, so the two peaks of
            # memory do not add up (a first start re-indexes every story).
            with contextlib.suppress(StoreError):  # a story unreadable now: the next start's check reads it
                search.update(handed)
                search.settle()
        # Every story whose names search now holds, those a cancelled pass tagged too: NamesStored recounts the
        # saved searches. With only this pass's, a pass that tagged nothing new (a refresh ended while the first
        # pass ran, and cancelled it) indexed that pass's names without a word, and `person:` counts stayed at 0.
        return handed

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "search-index" and worker.is_finished and self._enrich_cancel is None:
            if event.state == WorkerState.CANCELLED:  # the screen is going
                return
            # The first pass starts once the search index is open (loaded, or built and saved), not beside it:
            # on a first start the search index's build and the tagging's start made the peak of memory
            # together, and a later start opens the search index in a moment.
            self.start_enrich()
            return
        if event.worker.group != "enrich" or not event.worker.is_finished:
            return
        self.newsdesk.say_new_notes()  # a bodies file the pass found damaged (read for names or related)
        if event.state == WorkerState.SUCCESS:
            if event.worker.result:
                self.post_message(NamesStored(list(event.worker.result)))
            self._related_ready = True
            self.refresh_enrichment()
            from .entity_pivot import EntityPivot

            for screen in self.app.screen_stack:  # a refresh's new stories have names now: a pivot lists them
                if isinstance(screen, EntityPivot):
                    screen.rescan()
            self.newsdesk.settle_heap()  # the entity and related indexes are built: long-lived from now on
        elif event.state == WorkerState.ERROR:
            # Names that cannot be stored (a full disk) leave the related index served from the stories as stored.
            if isinstance(event.worker.error, StoreError):
                self._related_ready = True
                self.refresh_enrichment()
            self.app.notify(
                f"Could not find names and related stories: {event.worker.error}",
                severity="warning",
                markup=False,
            )

    def cancel_enrich(self) -> None:
        if self._enrich_cancel is not None:
            self._enrich_cancel.set()

    def on_unmount(self) -> None:
        # A thread cannot be killed: tell the pass to stop so quitting does not wait for a whole store's names.
        self.cancel_enrich()

    # -- the open story ----------------------------------------------------------------------------------------------
    def open_story(self, header: StoryHeader) -> None:
        super().open_story(header)
        self.refresh_enrichment(redraw=False)

    def _entities_of(self, story: Story, language: str) -> tuple[Entity, ...] | None:
        """The story's names: stored, tagged now, or (a long text) None while a thread tags it. ``language`` is
        what its feed declares (names are tagged in English stories only)."""
        from feeds import entities as ner
        from feeds.enrich import needs_entities

        if story.entities is not None and not needs_entities(story, ner.MODEL_VERSION):
            from feeds.entities.language import declared_english

            # tagged before its feed declared another language: enrichment drops them on its next pass
            return () if declared_english(language) is False else story.entities
        tagged = self._tagged
        if (
            tagged is not None
            and tagged.story_id == story.id
            and (tagged.text, tagged.title) == (story.text, story.title)
        ):
            return tagged.entities
        if len(story.text) > TAG_IN_THREAD:
            self._tag_in_thread(story, language)
            return None
        return tuple(ner.extract_story(story.title, story.text, language=language))

    @work(thread=True, exclusive=True, group="tag-open-story", exit_on_error=False)
    def _tag_in_thread(self, story: Story, language: str) -> None:
        from feeds import entities as ner

        entities = tuple(ner.extract_story(story.title, story.text, language=language))
        if not get_current_worker().is_cancelled:
            self.post_message(OpenStoryTagged(story.id, story.text, entities, story.title))

    def on_open_story_tagged(self, message: OpenStoryTagged) -> None:
        self._tagged = message
        opened = self.story_view.story
        if opened is not None and opened.id == message.story_id:
            self.refresh_enrichment()

    def refresh_enrichment(self, *, redraw: bool = True) -> None:
        """Highlights, entity list and related stories of the open story: re-read from the store (its names may be
        new), or with ``redraw`` False as just opened (read a moment ago: 13 ms for a long story's names)."""
        view = self.story_view
        if view.story is None:
            return
        app = self.newsdesk
        story = view.story
        if redraw:  # its names may be new; a bodies file that became unreadable keeps the copy shown
            with contextlib.suppress(StoreError):
                story = app.store.story(story.id) or story
        feed = app.store.get_feed(story.feed_id)
        language = feed.language if feed else ""
        entities = self._entities_of(story, language)
        rows: list[EntityRow] = []
        english = True
        if entities is not None:  # None: being tagged in a thread, shown when it is done
            view.highlight(entities, feed.name if feed else "", app.clock())
            from feeds.entities import group_entities, is_english

            rows = [EntityRow(k, t, n, m) for k, t, n, m in group_entities(entities)]
            english = bool(rows) or is_english(story.text, language)  # say why the list is empty
        # Redrawn (a refresh or a writer's change ended), the sidebars keep their cursors on their rows.
        self.query_one("#entities", EntityPane).show_rows(rows, english=english, keep=redraw)
        self.show_related(story.id, keep=redraw)

    def show_related(self, story_id: str, *, keep: bool = False) -> None:
        """The related stories of the open story ``story_id`` in the sidebar (a note while the index loads);
        with ``keep``, the row highlighted stays so if it is still there."""
        pane = self.query_one("#related", RelatedPane)
        app = self.newsdesk
        if not self._related_ready:
            pane.show_rows([], app.clock(), pending=True)
            return
        # A duplicate group (the same report in several feeds) is one row, at its best copy's place, marked ×N as
        # the story list marks it: three rows of one report pushed the other related stories out of the list.
        # The copies of the story being read come first, as one row saying so.
        stories = self.story_list
        own = stories.group_key(story_id)
        # One copy of a group at most is a candidate: a report in 300 feeds filled them all, one row and no other.
        suggestions = self.related_service.index.related(
            story_id, RELATED_COUNT * RELATED_FOLDED, fold=stories.group_key
        )
        rows: list[RelatedRow] = []
        texts: list[str] = []  # the open story's, read once a row needs them
        for suggestion, other, key in fold_related(suggestions, stories.group_key, own, app.store.header):
            feed = app.store.get_feed(other.feed_id)
            # Entity names read well; shared terms, shown only when no name is shared, are stems ("thoma"): shown
            # as the open story writes them ("Thomas").
            reasons = suggestion.shared_entities[:4]
            if not reasons and suggestion.shared_terms:
                if not texts:
                    opened = app.store.story(story_id)
                    texts = [opened.title, opened.text] if opened else [""]
                from feeds.related.written import as_written  # numpy: loaded after the first paint

                stemming = self.related_service.index.params.stemming
                reasons = as_written(suggestion.shared_terms, texts, stemming=stemming)[:3]
            rows.append(
                RelatedRow(
                    other.id,
                    other.title,
                    feed.name if feed else "",
                    other.published,
                    reasons,
                    copies=stories.copies_of(suggestion.id),
                    same_report=key == own,
                )
            )
        pane.show_rows(rows, app.clock(), keep=keep)

    # -- keys and choices --------------------------------------------------------------------------------------------
    def _reveal_sidebar(self) -> None:
        self.set_class(True, "-sidebar")
        self.set_pane("story")  # a narrow screen shows the story pane, where the sidebar is
        self.query_one("#related", RelatedPane).border_title = "Related"
        self.query_one("#entities", EntityPane).border_title = "Names"
        self.refresh_enrichment()

    def _story_open(self) -> bool:
        """Whether a story is open; if not, say so: the sidebar opened empty, focused, without a word."""
        if self.story_view.story is None:
            key = self.newsdesk.key_for
            self.app.notify(
                f"Open a story first ({key('cursor.select')}): {key('story.entities')} and {key('story.related')}"
                " show its names and related stories."
            )
            return False
        return True

    def action_focus_entities(self) -> None:
        self._sidebar_key(self.query_one("#entities", EntityPane))

    def action_focus_related(self) -> None:
        self._sidebar_key(self.query_one("#related", RelatedPane))

    def _sidebar_key(self, pane: SidebarList) -> None:
        """E or L: show the sidebar and move into its list; pressed in that list, hide the sidebar. Once shown it
        stayed for good, beside every story after, and on a narrow screen took 45% of the story's width."""
        if pane.has_focus:
            self.story_view.focus()  # focus first: hiding a focused widget would blur it to nowhere
            self.set_class(False, "-sidebar")
        elif self._story_open():
            self._reveal_sidebar()
            pane.focus()

    def on_sidebar_list_leave(self, message: SidebarList.Leave) -> None:
        message.stop()
        self.story_view.focus()

    def on_related_pane_chosen(self, message: RelatedPane.Chosen) -> None:
        message.stop()
        self.open_story_id(message.story_id)

    def on_entity_pane_chosen(self, message: EntityPane.Chosen) -> None:
        from .entity_pivot import EntityPivot

        message.stop()
        if self._pivot_places is None:
            self._pivot_places = {}
        places, key = self._pivot_places, message.row.key
        # Back to a name's pivot, the cursor is where it was: it started at the top each time, and after reading
        # one of 76 stories the way on was down the list again to find it.
        pivot = EntityPivot(key, message.row.name, self.story_list.group_key, at=places.get(key))

        def opened(story_id: str | None) -> None:
            if pivot.place is not None:
                places[key] = pivot.place
            if story_id:
                self.open_story_id(story_id)

        self.app.push_screen(pivot, opened)

    def open_story_id(self, story_id: str) -> None:
        """Open a story by id (from the sidebar or the pivot), in whatever list it is. When the story list holds
        it, the cursor goes to it (opening its group if a collapsed ×N row hides it, as the copies the sidebar
        suggests often are), so the story keys act on the story shown."""
        header = self.newsdesk.store.header(story_id)  # the story itself is read once, by open_story
        if header is None:
            self.app.notify(GONE, severity="warning")
            return
        self.leave_story(story_id)
        self.story_list.select_id(story_id)
        self.open_story(header)
        self.story_view.focus()
