"""The keys that leave the reader for a story's links: o opens the story's own, u lists every link to open one;
through Pilot on a real store, with a recording browser."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from feeds.store import Store
from tests.snapshot_apps import messages, reader, until
from tests.snapshot_apps.stores import NOW, FeedSpec, build_store
from tui.app import NewsdeskApp
from tui.screens.links import LinksScreen
from tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


@pytest.fixture
def store(sample_store: Store) -> Store:
    return sample_store


def main(app: NewsdeskApp) -> MainScreen:
    return app.main_screen


async def test_o_opens_http_links_with_the_configured_browser(store: Store, tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(record)!r}).write_text(sys.argv[1])\n")
    app = reader(store, browser=f"{sys.executable} {script}")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        for _ in range(200):
            if record.exists() and record.read_text():
                break
            await pilot.pause(0.05)
        assert record.read_text() == main(app).story_list.rows[0].link
        assert f"Opening in the browser: {record.read_text()}" in messages(app)  # it said nothing at all


async def test_o_says_when_the_systems_browser_cannot_start(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GUI browser the system lists (webbrowser's BackgroundBrowser) whose program cannot be started: ``open``
    answers False, and the reader said "Opening in the browser" all the same. It says it could not."""
    import webbrowser

    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_tryorder", [])
    webbrowser.register("gone", None, webbrowser.BackgroundBrowser(str(tmp_path / "no-such-browser")))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        link = main(app).story_list.rows[0].link
        assert not any(m.startswith("Opening in the browser") for m in messages(app))
        assert f"Could not start the browser for {link}" in " ".join(messages(app))


async def test_o_with_no_browser_names_the_config_file_and_a_line_to_write(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No browser on the system (an empty PATH, no $BROWSER, no display): the reader said "set `browser` in the
    config", naming neither the file nor what to write in it."""
    import webbrowser

    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # found again, as at the first link a reader opens
    config = tmp_path / "conf" / "my config.toml"
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        said = f'No browser found: set `browser` in {config}, a line such as browser = "firefox".'
        assert said in messages(app), messages(app)


async def test_o_with_a_terminal_browser_where_the_terminal_cannot_be_handed_over(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser that runs in the terminal ($BROWSER, webbrowser's GenericBrowser) needs the reader suspended;
    where that cannot be (no terminal of its own, as here), ``o`` raised SuspendNotSupported and the reader
    died. It says why the link did not open and goes on."""
    import webbrowser

    monkeypatch.setattr(webbrowser, "_browsers", {})
    monkeypatch.setattr(webbrowser, "_tryorder", [])
    webbrowser.register("lynx", None, webbrowser.GenericBrowser("lynx"))
    app = reader(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert any("Cannot hand the terminal to the browser 'lynx'" in m for m in messages(app))
        await pilot.press("j")
        assert main(app).story_list.cursor == 1


async def test_u_lists_the_storys_links_and_enter_opens_one(tmp_path: Path) -> None:
    """The story view numbers the links of a story's text, and o opens only its page: a link in the text (or a
    podcast's audio beside its page) could not be opened from the reader. u lists them all; enter opens one."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(record)!r}).write_text(sys.argv[1])\n")
    store, _ = build_store(tmp_path / "data", [FeedSpec("x", "X", [("With links", 1)])])
    story = store.story("x-0")
    assert story is not None and story.link
    links = ("https://example.org/report.pdf", "https://example.org/episode.mp3")
    store.save_stories(story.feed_id, [replace(story, links=links, content_hash="y")], now=NOW)
    app = reader(store, browser=f"{sys.executable} {script}")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert "Open a story first (enter): u lists its links." in messages(app)
        await pilot.press("enter", "u")
        assert isinstance(app.screen, LinksScreen)
        assert [url for _label, url in app.screen.links] == [story.link, *links]
        assert [label for label, _url in app.screen.links] == [
            "page",
            "[1]",
            "[2]",
        ]  # as the story numbers them
        await pilot.press("j", "j", "enter")
        assert app.screen is main(app)
        for _ in range(200):
            if record.exists() and record.read_text():
                break
            await pilot.pause(0.05)
        assert record.read_text() == links[1]
    store.close()


async def test_o_refuses_links_that_are_not_http(tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    store, _ = build_store(tmp_path / "data", [FeedSpec("x", "X", [("Bad link", 1)])])
    story = store.story("x-0")
    assert story is not None
    store.save_stories(story.feed_id, [replace(story, link="javascript:alert(1)", content_hash="y")], now=NOW)
    app = reader(store, browser=f"{sys.executable} -c 'open({str(record)!r}, \"w\")'")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: any("only http and https" in m for m in messages(app)), what="the refusal")
        await pilot.pause(0.2)  # a browser started all the same would have written its record by now
        assert not record.exists()
    store.close()
