"""The reader's background builds after its first paint come one after the other: the first enrichment pass
(tagging names, the related index, the duplicate groups) starts once the search index is open. On a first start
on a large store that was never tagged, the search index's build and the tagging's start made the peak of
memory together (see README, Performance: Memory)."""

from __future__ import annotations

import pytest
from textual.message import Message
from textual.worker import Worker, WorkerState

from feeds.store import Store
from tests.snapshot_apps import until
from tests.snapshot_apps.stores import NOW
from tui.app import make_app
from tui.config import Config

pytestmark = pytest.mark.anyio


async def test_the_first_enrichment_pass_waits_for_the_search_index(sample_store: Store) -> None:
    def tagged() -> list[str]:
        return [h.id for h in sample_store.headers() if (s := sample_store.story(h.id)) and s.entities]

    assert not tagged()  # the first start on this store tags its stories
    seen: list[tuple[str, WorkerState]] = []

    def hook(message: Message) -> None:
        if isinstance(message, Worker.StateChanged):
            seen.append((message.worker.group, message.state))

    app = make_app(sample_store, Config(), clock=lambda: NOW)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.groups_ready)
        opened = seen.index(("search-index", WorkerState.SUCCESS))
        started = seen.index(("enrich", WorkerState.RUNNING))
        assert opened < started, seen
        assert seen.count(("enrich", WorkerState.SUCCESS)) == 1  # one pass, not one per search-index worker
    assert tagged()  # the pass ran and stored names
