"""Messages between the app's parts: small dataclasses, no behaviour.

The refresh worker runs in a thread and talks to the UI only through these (``post_message`` is thread-safe).
A widget's own events (a row highlighted, a row chosen) are nested in the widget's class instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # feeds.refresh pulls in the HTTP client and the parser: not needed for the first paint
    from feeds.refresh import Progress


@dataclass
class RefreshProgress(Message):
    """One feed of a refresh finished (fetched and stored, unchanged, or failed)."""

    progress: Progress


@dataclass
class NamesStored(Message):
    """Enrichment stored names for these stories, and the search index has them too (it took the stories before
    they had names): ``person:`` and the other name filters find them in this session."""

    story_ids: list[str]
