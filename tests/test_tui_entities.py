"""The reader's names and related stories, on the demo feeds: highlights, the entity pivot, the sidebar."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from textual.color import Color
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import OptionList

from feeds.model import Story
from feeds.store import Store
from tests.snapshot_apps import messages, reader, until
from tests.snapshot_apps.demo_store import story_titled
from tests.snapshot_apps.stores import NOW
from tests.test_entities_language import GERMAN
from tui.screens.entity_pivot import EntityPivot
from tui.screens.main import MainScreen
from tui.widgets.enrich_panes import NO_ENTITIES, NO_RELATED, NOT_ENGLISH, EntityPane, RelatedPane

XI_KIM = "Xi assures Kim Jong Un of China's steadfast support in Beijing"
SIZE = (140, 45)
pytestmark = pytest.mark.anyio


@pytest.fixture
def store(demo_copy: Store) -> Store:
    return demo_copy


async def sidebar_of(pilot: Pilot[None], screen: MainScreen, story_id: str) -> RelatedPane:
    """Wait for the related index, open the story ``story_id`` and press L: the sidebar, focused."""
    await until(pilot, lambda: screen._related_ready)
    screen.open_story_id(story_id)
    await pilot.press("L")
    return screen.query_one("#related", RelatedPane)


async def test_a_name_is_drawn_in_its_types_style(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        screen.open_story_id(story_titled(store, XI_KIM))
        await pilot.pause()
        body = screen.query_one("#story-body")
        strips = body.render_lines(Region(0, 0, body.size.width, body.size.height))
        accent = Color.parse(app.get_css_variables()["text-accent"]).rich_color
        styled = []
        for strip in strips[4:]:  # below title, meta, link and legend: the story's text
            for segment in strip:
                if "Kim Jong Un" in segment.text and segment.style is not None:
                    styled.append(segment.style)
        assert styled, "Kim Jong Un is not in the text drawn"
        person = [s for s in styled if s.bold and s.color == accent]
        assert person, styled
        legend = "".join(seg.text for seg in strips[3])
        assert legend.startswith("Names: person") and "place" in legend
        assert isinstance(accent, RichColor)


async def test_the_pivot_lists_every_story_naming_him(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        naming = {
            s.id
            for f in store.feeds()
            for s in store.stories(f.id)
            if "Kim Jong Un" in s.text or "Kim Jong Un" in s.title
        }
        screen.open_story_id(story_titled(store, XI_KIM))
        await pilot.press("E")
        pane = screen.query_one("#entities", EntityPane)
        assert pane.has_focus
        while pane.rows[int(pane.highlighted_option.id or 0)].name != "Kim Jong Un":  # type: ignore[union-attr]
            await pilot.press("down")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
        pivot = app.screen
        assert isinstance(pivot, EntityPivot) and pivot.result is not None
        assert naming <= set(pivot.result.story_ids)
        published = [store.story(i).published for i in pivot.result.story_ids]  # type: ignore[union-attr]
        assert published == sorted(published, reverse=True)
        assert "Xi Jinping" in {name for name, _ in pivot.result.companions}
        said = str(pivot.query_one("#pivot-with").render())
        days = len(pivot.result.per_day)  # "Per day over 342 days above." said it in a riddle
        assert days > 1 and f"Above: how many stories named it each day, over the {days:,} days" in said
        await pilot.press("enter")  # opens the newest in the reader
        await until(pilot, lambda: app.screen is screen)
        assert screen.story_view.story is not None
        assert screen.story_view.story.id == pivot.result.story_ids[0]


async def test_the_sidebar_lists_stories_of_the_same_event(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        pane = await sidebar_of(pilot, screen, story_titled(store, XI_KIM))
        assert pane.has_focus and pane.rows
        titles = {row.title for row in pane.rows}
        assert "Kim Jong Un arrives in Beijing by armoured train" in titles
        reasons = {r for row in pane.rows for r in row.reasons}
        assert {"Kim Jong Un", "Xi Jinping"} & reasons
        first = pane.rows[0].story_id
        await pilot.press("enter")
        assert screen.story_view.story is not None and screen.story_view.story.id == first


async def test_j_k_g_and_G_move_in_the_sidebar_and_the_pivot(store: Store) -> None:
    """The help lists j/k/g/G as the way to move a row; the sidebar and the pivot are option lists, which only
    knew the arrows."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        related = await sidebar_of(pilot, screen, story_titled(store, XI_KIM))
        last = related.option_count - 1
        assert related.has_focus and last >= 2 and related.highlighted == 0
        await pilot.press("j")
        assert related.highlighted == 1
        await pilot.press("G")
        assert related.highlighted == last
        await pilot.press("k")
        assert related.highlighted == last - 1
        await pilot.press("g")
        assert related.highlighted == 0
        await pilot.press("E")
        names = screen.query_one("#entities", EntityPane)
        first = names.highlighted
        assert names.has_focus and first is not None
        await pilot.press("j")
        assert names.highlighted is not None and names.highlighted > first
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
        stories = app.screen.query_one("#pivot-stories", OptionList)
        assert stories.has_focus and stories.option_count >= 2 and stories.highlighted == 0
        await pilot.press("j")
        assert stories.highlighted == 1
        await pilot.press("G")
        assert stories.highlighted == stories.option_count - 1
        await pilot.press("g")
        assert stories.highlighted == 0


async def test_E_and_L_before_any_story_is_open_say_so(store: Store) -> None:
    """They opened an empty sidebar and moved the focus into it, without a word."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        for key in ("E", "L"):
            await pilot.press(key)
            assert app.focused is screen.story_list and not screen.has_class("-sidebar")
        assert (
            messages(app).count("Open a story first (enter): E and L show its names and related stories.")
            == 2
        )


async def test_a_story_without_neighbours_says_so(store: Store) -> None:
    feed = store.feeds()[0]
    lonely = Story(
        id="lonely-one",
        feed_id=feed.id,
        title="Beekeepers count a record honey harvest",
        published=NOW - 3600,
        text="The orchard cooperative weighed its honey combs and found twice the usual yield this summer.",
    )
    store.save_stories(feed.id, [lonely], now=NOW)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        pane = await sidebar_of(pilot, screen, "lonely-one")
        assert pane.rows == []
        assert [str(o.prompt) for o in pane.options] == [NO_RELATED]


async def test_the_names_panel_says_why_a_story_has_none(store: Store) -> None:
    feed = store.feeds()[0]
    german = Story(id="german-one", feed_id=feed.id, title="OLED-TVs", published=NOW - 60, text=GERMAN)
    plain = Story(
        id="no-names",
        feed_id=feed.id,
        title="Beekeepers count a record honey harvest",
        published=NOW - 120,
        text="The orchard cooperative weighed its honey combs and found twice the usual yield this summer.",
    )
    store.save_stories(feed.id, [german, plain], now=NOW)
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        screen.open_story_id("german-one")
        await pilot.press("E")
        pane = screen.query_one("#entities", EntityPane)
        assert pane.rows == []
        assert [str(o.prompt) for o in pane.options] == [NOT_ENGLISH]  # not a silent empty list
        screen.open_story_id("no-names")
        await pilot.pause()
        assert [str(o.prompt) for o in pane.options] == [NO_ENTITIES]  # English, with no names in it


async def test_E_or_L_again_hides_the_sidebar(store: Store) -> None:
    """The sidebar, once shown, stayed beside every story for good (on a narrow screen, 45% of its width): no
    key took it away. E or L pressed in its own list hides it and puts the focus back on the story."""
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        related = await sidebar_of(pilot, screen, story_titled(store, XI_KIM))
        assert screen.has_class("-sidebar") and related.has_focus
        await pilot.press("L")
        assert not screen.has_class("-sidebar") and app.focused is screen.story_view
        await pilot.press("E")
        names = screen.query_one("#entities", EntityPane)
        assert screen.has_class("-sidebar") and names.has_focus
        await pilot.press("L")  # the other list's key moves there, the sidebar stays
        assert screen.has_class("-sidebar") and related.has_focus
        await pilot.press("escape", "E")  # from the story: E shows the names, it does not hide them
        assert screen.has_class("-sidebar") and names.has_focus
        await pilot.press("E")
        assert not screen.has_class("-sidebar") and app.focused is screen.story_view
        assert not screen.query_one("#sidebar").display


@pytest.mark.parametrize("size", [(40, 12), (50, 15)])
async def test_the_pivot_on_a_small_screen_shows_its_stories(store: Store, size: tuple[int, int]) -> None:
    """At 40x12 the sparkline and the words under it (seven lines at that width) took every row: the list of
    stories, which has the focus and is what the pivot is for, was below the screen's edge. On a short screen the
    head is the entity's name and count alone."""
    app = reader(store)
    async with app.run_test(size=size) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen._related_ready)
        screen.open_story_id(story_titled(store, XI_KIM))
        await pilot.press("E", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityPivot) and app.screen.result is not None)
        await pilot.pause()
        stories = app.screen.query_one("#pivot-stories", OptionList)
        assert stories.has_focus
        assert stories.region.height >= size[1] - 4, stories.region
        assert "stories" in str(app.screen.query_one("#pivot-title").render())
