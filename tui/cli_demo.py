"""The demo's store (`newsdesk --demo`, or the reader with nothing subscribed yet): subscribed to the bundled demo
files and read in, with no network. Both the reader and a `--demo` command set it up."""

from __future__ import annotations

from pathlib import Path

from feeds.store import Store


def load_demo(store: Store) -> None:
    """Subscribe the demo store to the bundled demo files (local files: no network) and read them in."""
    from feeds.addresses import address_key
    from feeds.demo import demo_feed_files
    from feeds.refresh import refresh as run_refresh

    files = demo_feed_files()
    repoint_demo_feeds(store, files)
    known = {address_key(f.url) for f in store.feeds()}  # a file's path is its key: "file:" URLs of it match
    for path in files:
        if str(path) not in known:
            store.add_feed(str(path), tags=("demo",))
    run_refresh(store, [f for f in store.feeds() if f.url.startswith(str(Path(path).parent))])


def repoint_demo_feeds(store: Store, files: list[Path]) -> None:
    """Point demo feeds subscribed from another copy of the code (a second clone, a moved package) at this
    copy's files. A demo feed is subscribed by its file's path; keyed by that path alone, each copy of the code
    subscribed the six outlets again (All went from 45 stories to 90). A feed keeps its id, so its stories,
    read marks and bookmarks stay with it."""
    from dataclasses import replace

    from feeds.addresses import address_key
    from feeds.model import Feed

    here = {str(p) for p in files}  # a file's path is its address key
    by_name: dict[str, list[Feed]] = {}
    for feed in store.feeds():
        if address_key(feed.url) in here or "demo" not in feed.tags or "://" in feed.url:
            continue
        old = Path(feed.url)
        if old.parent.name == "demo":  # the bundled folder, feeds/demo, wherever it was
            by_name.setdefault(old.name, []).append(feed)
    # This copy's files as subscribed, as a path or a "file:" URL: a feed moved onto one would share its address.
    subscribed = {Path(key).name for f in store.feeds() if (key := address_key(f.url)) in here}
    moved = [
        replace(by_name[p.name][0], url=str(p))
        for p in files
        if p.name in by_name and p.name not in subscribed
    ]
    if moved:
        store.update_feeds(moved)
