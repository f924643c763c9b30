"""A child process for the crash tests: it writes to a store and reports each flushed write on stdout,
so the parent can kill it with SIGKILL at any moment and then check that every reported write survived.

    python -m tests.crash_child refresh ROOT     refresh every feed, print "saved <ids...>" after each feed
    python -m tests.crash_child marks ROOT       mark stories read one at a time, print "read <id>" after each
    python -m tests.crash_child enrich ROOT      name the stories and update the related index, print "named <n>"
                                                 after each feed's names are stored
"""

from __future__ import annotations

import sys

from feeds.refresh import Progress, refresh
from feeds.store import Store


def main(mode: str, root: str) -> None:
    store = Store(root)
    print("open", flush=True)
    if mode == "refresh":

        def saved(p: Progress) -> None:
            if p.result is not None and p.result.outcome in ("new", "updated"):
                print("saved", *p.new_story_ids, flush=True)

        refresh(store, on_progress=saved)
    elif mode == "enrich":
        from feeds.enrich import EnrichProgress, RelatedService, enrich

        def named(p: EnrichProgress) -> None:
            print("named", p.done, flush=True)

        enrich(store, RelatedService(store), on_progress=named)
    else:
        for header in store.headers():
            if not store.is_read(header.id):
                store.set_read([header.id])
                print("read", header.id, flush=True)
    print("done", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
