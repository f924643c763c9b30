"""A theme picked in the palette (ctrl+p, "app: Theme") is there at the next start: it lasted one session. It is
kept in the store's folder, never in the user's config file; a theme set in the config after the pick wins; a
read-only copy writes nothing. Each test runs a reader, ends it, and runs another over the same folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from feeds.store import Store
from tests.snapshot_apps import palette_offers, reader, until
from tests.snapshot_apps.stores import KEEP_ALL, build_store
from tui.app import NewsdeskApp
from tui.commands import system_commands
from tui.theme_choice import KEPT_HELP, SESSION_HELP

pytestmark = pytest.mark.anyio
SIZE = (100, 30)
PICK = "textual-light"


async def pick_theme(app: NewsdeskApp, theme: str, *, quit_: bool = True) -> None:
    """Run ``app``, pick ``theme`` in the palette's theme switcher as a user does, and quit with q."""
    async with app.run_test(size=SIZE) as pilot:
        assert await palette_offers(pilot, app, "app: theme") == ["app: Theme"]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        themes = app.screen.query_one(CommandList)
        await until(pilot, lambda: themes.option_count > 1)
        await pilot.press(*theme, "enter")
        await until(pilot, lambda: app.theme == theme)
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        if quit_:
            await pilot.press("q")


async def theme_at_start(store: Store, **settings: object) -> str:
    app = reader(store, **settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return app.theme


async def test_a_theme_picked_in_the_palette_is_there_at_the_next_start(tmp_path: Path) -> None:
    store, _ids = build_store(tmp_path / "data")
    await pick_theme(reader(store, theme="textual-dark"), PICK)
    store.close()
    again = Store(tmp_path / "data", retention=KEEP_ALL)
    assert await theme_at_start(again, theme="textual-dark") == PICK
    again.close()


async def test_a_theme_set_in_the_config_after_the_pick_wins(tmp_path: Path) -> None:
    """The user edited the config since picking: they meant the config's theme. Left as it was, the pick stays."""
    store, _ids = build_store(tmp_path / "data")
    await pick_theme(reader(store), PICK)  # picked while the config named the default theme
    assert await theme_at_start(store, theme="nord") == "nord"
    assert await theme_at_start(store) == PICK  # the config as it was at the pick: the pick
    store.close()


async def test_a_pick_the_config_named_anyway_is_kept_as_chosen(tmp_path: Path) -> None:
    store, _ids = build_store(tmp_path / "data")
    await pick_theme(reader(store, theme="nord"), "gruvbox")
    assert store.chosen_theme() == ("gruvbox", "nord")
    assert await theme_at_start(store, theme="nord") == "gruvbox"
    assert await theme_at_start(store, theme="textual-dark") == "textual-dark"
    store.close()


async def test_a_read_only_copy_uses_the_pick_and_writes_none(tmp_path: Path) -> None:
    """Two copies: the one that writes keeps its pick; the read-only one beside it starts with that pick, may
    pick another for its session, and writes nothing (its palette says the pick is for this session)."""
    writer, _ids = build_store(tmp_path / "data")
    writer.keep_chosen_theme("nord", "")  # picked while the config named no theme
    copy = Store(tmp_path / "data", readonly=True)
    before = {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}
    app = reader(copy)
    assert [c.help for c in system_commands(app)] == [SESSION_HELP]
    # where a pick is kept: it said "the config's theme does", though this copy started with the writer's pick
    assert "the copy that writes this data folder keeps" in SESSION_HELP and "config" not in SESSION_HELP
    assert [c.help for c in system_commands(reader(writer))] == [KEPT_HELP]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    await pick_theme(reader(copy), PICK)
    after = {p: p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file()}
    assert after == before
    assert writer.chosen_theme() == ("nord", "") == copy.chosen_theme()
    copy.close()
    writer.close()


async def test_a_pick_is_kept_at_once_not_only_on_quitting(tmp_path: Path) -> None:
    """A reader killed (kill -9, a closed terminal) never quits: the pick was written when it was made."""
    store, _ids = build_store(tmp_path / "data")
    await pick_theme(reader(store), PICK, quit_=False)
    store.close()
    again = Store(tmp_path / "data", readonly=True)
    assert again.chosen_theme() == (PICK, "")  # the config named no theme
    again.close()


async def test_the_default_theme_written_into_the_config_after_the_pick_wins(tmp_path: Path) -> None:
    """Picked with no theme in the config, then `theme = "textual-dark"` written there to go back to the default:
    the config names a theme it did not name at the pick, so it wins. The pick was kept beside the default's name,
    as if the config had named it, and stayed."""
    store, _ids = build_store(tmp_path / "data")
    await pick_theme(reader(store), PICK)  # no theme in the config
    assert await theme_at_start(store) == PICK
    assert await theme_at_start(store, theme="textual-dark") == "textual-dark"
    store.close()
