"""Shared fixtures: where the shared data lives, no proxy, an HTTP client as the refresh makes it, the refreshed
demo store, and local time made UTC."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from feeds.fetch import make_client
from feeds.store import Store

if TYPE_CHECKING:
    from textual.app import App

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The shared data folder beside the project; tests that need it skip with a reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (CI has it beside the clone)")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may leave the machine: a proxy from the environment would carry even a .invalid look-up (and the
    commands the tests start inherit the environment)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def _app_busy(app: App[object]) -> bool:
    """Whether something is queued for the app or a widget of its screens, or the screen has an update to make
    (a layout, a repaint, callbacks waiting for the next refresh)."""
    pumps = [app, *(w for screen in app.screen_stack for w in screen.walk_children(with_self=True))]
    if any(pump._message_queue.qsize() for pump in pumps):
        return True
    screen = app.screen
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


@pytest.fixture(autouse=True)
def _keys_go_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's ``press`` returns once the process looks idle (under 1 ms of CPU in a 20 ms sleep) and the widgets
    have handled what was sent to them before; on a loaded machine that can be while the key is still on its way
    from the focused widget through its parents to the binding, or its effect not yet laid out (at loadavg 17,
    tests found the story not yet opened, the focus not yet moved). After it, rounds of a screen update and its
    own wait, until the app is not busy (:func:`_app_busy`): each round carries the key one hop further. At most
    30 (about half a second): a spinner is never done. A test that sends keys to land while the app is busy
    posts them itself (see test_dialog_escape_typed_ahead)."""
    from textual.pilot import Pilot

    press = Pilot.press

    async def press_through(self: Pilot[object], *keys: str) -> None:
        await press(self, *keys)
        for _ in range(30):
            if not _app_busy(self.app):
                return
            await asyncio.sleep(1 / 60)  # the screen updates on a 60 Hz timer
            await self._wait_for_screen()

    monkeypatch.setattr(Pilot, "press", press_through)


@pytest.fixture
def utc() -> Iterator[None]:
    """Local time made UTC: the reader draws story dates in local time, so its snapshots and the dates the Pilot
    tests read match on every machine. A module asks for it with ``pytest.mark.usefixtures("utc")``. Its own
    patch, undone before the zone is read again (undoing the test's ``monkeypatch`` undid the others' too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client() as c:
        yield c


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the demo feeds, refreshed (made once per test module). Tests copy it before they
    write, so they do not see each other's changes."""
    from tests.snapshot_apps.demo_store import demo_store

    root = tmp_path_factory.mktemp("demo")
    demo_store(root).close()
    return root


@pytest.fixture
def demo_copy(demo_root: Path, tmp_path: Path) -> Iterator[Store]:
    """A store opened on a private copy of :func:`demo_root` (the test may write to it)."""
    shutil.copytree(demo_root, tmp_path / "store")
    opened = Store(tmp_path / "store")
    yield opened
    opened.close()


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[Store]:
    """The small hand-made store of :func:`tests.snapshot_apps.stores.build_store`, in the test's own folder."""
    from tests.snapshot_apps.stores import build_store

    store, _ids = build_store(tmp_path / "data")
    yield store
    store.close()
