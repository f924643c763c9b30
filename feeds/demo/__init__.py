"""Bundled demo data: invented outlets' feeds and the default subscription list.

The demo feeds let a person try newsdesk with no network: six fictional outlets (under the reserved
``.example`` domain) report real, widely covered events of 2024-2025 in our own words, several stories per event
from different angles, so entity highlighting, the entity pivot, related stories and duplicate groups all have
something to show. The feeds come in four formats (RSS 2.0, Atom 1.0, RSS 1.0/RDF and JSON Feed 1.1) so the demo
also exercises every branch of the parser. ``default-feeds.opml`` is the list of real public world-news feeds
offered on first run; nothing here is ever fetched by the tests.
"""

from __future__ import annotations

from pathlib import Path

DEMO_DIR = Path(__file__).parent
DEFAULT_SUBSCRIPTIONS = DEMO_DIR / "default-feeds.opml"

#: The feed files, by the format their suffix names.
FEED_SUFFIXES: tuple[str, ...] = (".rss", ".atom", ".rdf", ".json")


def demo_feed_files() -> list[Path]:
    """Every bundled demo feed, in a stable order (by file name), so demo ids and screenshots do not shift."""
    return sorted(p for p in DEMO_DIR.iterdir() if p.is_file() and p.suffix in FEED_SUFFIXES)
