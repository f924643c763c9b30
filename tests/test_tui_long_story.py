"""Stories as long as the engine keeps (``feeds.text.MAX_TEXT``), read through Pilot on a real store: they open at
their beginning, the end key reaches their last paragraph, names are highlighted and search matches marked deep
into them, and n/N reach a match near the end. What is checked is what the story pane paints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.color import Color
from textual.pilot import Pilot

from feeds.enrich import extract_missing
from feeds.model import Entity
from feeds.store import Store
from feeds.text import MAX_TEXT
from tests.snapshot_apps import messages, reader, strip_text, until
from tests.snapshot_apps.stores import NOW, FeedSpec, build_store
from tui.app import NewsdeskApp
from tui.screens.main import MainScreen
from tui.screens.search_mode import MATCH_STYLE
from tui.widgets.enrich_panes import EntityPane
from tui.widgets.story_view import StoryView

pytestmark = pytest.mark.anyio
SIZE = (120, 40)
LONG, LONGEST = "long-0", "long-1"

SENTENCES = (
    "Ministers from twelve countries met in Geneva on Tuesday to discuss sharing river water across borders.",
    "Angela Merkel said the talks with the United Nations would go on next week in Berlin.",
    "Analysts at Goldman Sachs expect a draft agreement by the spring, though several delegations warned.",
    "The announcement followed months of negotiations behind closed doors in Brussels and Paris.",
)
OTHER = (
    "Farmers in Kenya and Uganda reported a second poor harvest, according to the World Bank.",
    "Narendra Modi opened a new rail line between Mumbai and Ahmedabad on Friday morning.",
    "Toyota and Samsung announced a joint battery plant near Osaka, employing three thousand people.",
    "Heavy rain closed schools across Sao Paulo while the Amazon river rose to a record level.",
)
FIRST = "Paragraph 00000 opens the story."
NEAR_TOP = "Paragraph 00003 mentions Zanzibar early on."
LAST = "The last paragraph: in the end Zanzibar hosted the signing, said Jacinda Ardern in Wellington."


def long_text(length: int, sentences: tuple[str, ...]) -> str:
    """About ``length`` characters: numbered paragraphs of ``sentences``, Zanzibar near the top and at the end."""
    paragraphs = [FIRST]
    size = len(FIRST)
    while size < length - len(LAST) - 400:
        n = len(paragraphs)
        body = " ".join(sentences[(n + k) % len(sentences)] for k in range(3))
        paragraphs.append(NEAR_TOP if n == 3 else f"Paragraph {n:05d}. {body}")
        size += len(paragraphs[-1]) + 2
    paragraphs.append(LAST)
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    # Two different texts: near-duplicates would fold into one row of the list.
    return {LONG: long_text(120_000, SENTENCES), LONGEST: long_text(MAX_TEXT - 1_000, OTHER)}


@pytest.fixture
def store(tmp_path: Path, texts: dict[str, str]) -> Iterator[Store]:
    """Two long stories and a short one, their names extracted as a first run's enrichment would store them."""
    spec = FeedSpec("long", "Long Reads", [("A long read", 1), ("The longest read", 2), ("A short one", 3)])
    store, _ = build_store(tmp_path / "data", [spec])
    for story_id, text in texts.items():
        story = store.story(story_id)
        assert story is not None
        store.save_stories(story.feed_id, [replace(story, text=text, content_hash=story_id)], now=NOW)
    extract_missing(store)
    yield store
    store.close()


def painted(view: StoryView) -> list[list[Segment]]:
    """The rows of the story's text the pane shows now, as the segments drawn (below a bookmark's banner, if any)."""
    body = view.body
    top = round(view.scroll_y) - body.virtual_region.y
    rows = range(max(top, 0), min(top + view.scrollable_content_region.height, body.size.height))
    return [list(body.render_line(y)) for y in rows]


def painted_text(view: StoryView) -> list[str]:
    return ["".join(segment.text for segment in row) for row in painted(view)]


async def open_story(pilot: Pilot[None], app: NewsdeskApp, story_id: str) -> StoryView:
    screen = app.main_screen
    screen.focus_pane("stories")
    assert screen.story_list.select_id(story_id)
    await pilot.press("enter")
    view = screen.story_view
    await until(pilot, lambda: view.story is not None and view.story.id == story_id and view.body.complete)
    return view


async def to_the_end(pilot: Pilot[None], view: StoryView) -> None:
    await pilot.press("end")
    await until(pilot, lambda: view.at_end)
    await pilot.pause()


@pytest.mark.parametrize("story_id", [LONG, LONGEST])
async def test_a_long_story_opens_at_its_top_and_end_reaches_its_last_paragraph(
    store: Store, story_id: str, texts: dict[str, str]
) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_story(pilot, app, story_id)
        shown = painted_text(view)
        assert shown[0].startswith(view.story.title if view.story else "?")
        assert any(row.startswith(FIRST) for row in shown)
        assert not any("The last paragraph" in row for row in shown)
        assert not view.at_end
        await to_the_end(pilot, view)
        shown = painted_text(view)
        assert view.scroll_y > 1000  # thousands of wrapped rows above
        assert any("The last paragraph" in row for row in shown)
        assert "Wellington." in " ".join(shown)
        # Every wrapped row of the whole text is there once: the rows add up to the text, in order.
        body = view.body
        rows = [strip_text(body.render_line(y)).rstrip() for y in range(body.size.height)]
        text = texts[story_id]
        assert " ".join(text[-300:].split()) + " Links [1]" in " ".join(r for r in rows if r)
        assert sum(row.startswith("Paragraph ") for row in rows) == text.count("Paragraph ")


async def test_space_pages_through_a_long_story_then_opens_the_next(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_story(pilot, app, LONGEST)
        await pilot.press("pagedown")
        assert view.scroll_y > 0 and view.story is not None and view.story.id == LONGEST
        await to_the_end(pilot, view)
        await pilot.press("space")  # at the end: the next unread story
        await until(pilot, lambda: view.story is not None and view.story.id != LONGEST)


async def test_names_near_the_end_of_a_long_story_are_drawn_in_their_types_style(store: Store) -> None:
    story = store.story(LONGEST)
    assert story is not None and story.entities
    last: Entity = max(story.entities, key=lambda e: e.start)
    assert last.start > len(story.text) - 200  # a name in the last paragraph
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main_screen._related_ready)
        view = await open_story(pilot, app, LONGEST)
        await to_the_end(pilot, view)
        variables = app.get_css_variables()
        accent = Color.parse(variables["text-accent"]).rich_color
        person = [seg for row in painted(view) for seg in row if "Ardern" in seg.text]
        assert person and all(
            s.style is not None and s.style.bold and s.style.color == accent for s in person
        )
        place = [seg for row in painted(view) for seg in row if seg.text == "Wellington"]
        assert place and all(s.style is not None and s.style.italic for s in place)
        # The words around them are plain.
        plain = [seg for row in painted(view) for seg in row if "hosted the signing" in seg.text]
        assert plain and not any(s.style is not None and (s.style.bold or s.style.italic) for s in plain)


async def test_search_marks_and_n_N_reach_a_match_near_the_end_of_a_long_story(store: Store) -> None:
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        assert isinstance(screen, MainScreen)
        await until(pilot, lambda: screen.search_service is not None and screen.search_service.ready)
        await pilot.press("slash", *"zanzibar")
        await until(pilot, lambda: screen._shown_query == "zanzibar" and screen.search_result is not None)
        assert {h.id for h in screen.story_list.rows} == {LONG, LONGEST}
        await pilot.press("enter")
        assert screen.story_list.select_id(LONGEST)
        await pilot.press("enter")
        view = screen.story_view
        # n/N right away: the rows below the first screen may still be being measured.
        await until(pilot, lambda: view.story is not None and view.story.id == LONGEST)
        assert isinstance(app.focused, StoryView)

        def marked() -> list[str]:
            return [seg.text for row in painted(view) for seg in row if seg.style and seg.style.reverse]

        assert marked() == ["Zanzibar"]  # the early match, on the first screen
        await pilot.press("n")  # to the early match's row
        await pilot.pause()
        lines = screen.match_lines()
        assert len(lines) == 2 and lines[1] > 1000
        assert round(view.scroll_y) == lines[0]
        await pilot.press("n")  # to the last paragraph, thousands of rows down
        await pilot.pause()
        assert round(view.scroll_y) == min(lines[1], round(view.max_scroll_y))
        assert marked() == ["Zanzibar"] and any("The last paragraph" in row for row in painted_text(view))
        await pilot.press("n")
        await pilot.pause()
        assert "No more matches below." in messages(app)
        await pilot.press("N")  # back up to the early one
        await pilot.pause()
        assert round(view.scroll_y) == lines[0] and marked() == ["Zanzibar"]
        # The marks outlive the redraw with the names, and still sit on the word only.
        screen.refresh_enrichment()
        await pilot.pause()
        body = view.body.content
        spans = [s for s in body.spans if s.style == MATCH_STYLE]  # type: ignore[union-attr]
        assert [body.plain[s.start : s.end] for s in spans] == ["Zanzibar", "Zanzibar"]  # type: ignore[union-attr]
        assert spans[-1].start > len(body.plain) - 200  # type: ignore[union-attr]
        # N above the first match goes on to the other result, at its last match.
        await pilot.press("N")
        await until(pilot, lambda: view.story is not None and view.story.id == LONG)
        assert "No more matches above." not in messages(app)
        last = screen.match_lines()[-1]
        assert round(view.scroll_y) <= last < view.scroll_y + view.scrollable_content_region.height


async def test_a_long_story_opened_before_its_names_are_stored_gets_them_from_a_thread(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    """A read-only store keeps no names, so the open story is tagged by the reader; a long one in a thread."""
    spec = FeedSpec("long", "Long Reads", [("A long read", 1), ("The longest read", 2)])
    writable, _ = build_store(tmp_path / "data", [spec])
    story = writable.story(LONGEST)
    assert story is not None
    writable.save_stories(story.feed_id, [replace(story, text=texts[LONGEST], content_hash="x")], now=NOW)
    writable.close()
    store = Store(tmp_path / "data", readonly=True)
    assert store.story(LONGEST).entities is None  # type: ignore[union-attr]
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        view = await open_story(pilot, app, LONGEST)
        await until(pilot, lambda: "Names: person" in view.body.content.plain)  # type: ignore[union-attr]
        await to_the_end(pilot, view)
        accent = Color.parse(app.get_css_variables()["text-accent"]).rich_color
        person = [seg for row in painted(view) for seg in row if "Ardern" in seg.text]
        assert person and all(
            s.style is not None and s.style.bold and s.style.color == accent for s in person
        )
        pane = app.main_screen.query_one("#entities", EntityPane)
        assert any(row.name == "Jacinda Ardern" for row in pane.rows)
    store.close()
