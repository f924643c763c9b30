"""A prefix expands to the words the stories left hold, not to words only removed stories held (the installed
command and the search service over a real store in a temporary folder).

The index keeps a removed story's postings until it compacts (a quarter of it removed): its words counted in the
document frequencies that choose a prefix's capped expansions, so after `newsdesk remove` of a feed whose stories
held 64 words starting "vel", `search vel*` expanded to those 64 words, found no story, and left out the one story
left that says "velzz" (nor was it marked in that story)."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.model import Story
from feeds.search.service import SearchService
from feeds.store import Store
from tests.snapshot_apps.stores import NOW
from tests.test_cli import newsdesk

#: 64 words starting "vel" (a prefix of three letters expands to at most 64), each in both stories of one feed.
GONE_WORDS = [f"vel{a}{b}" for a in "abcdefgh" for b in "abcdefgh"]


def desk(root: Path) -> str:
    """Two feeds; returns the id of the story of the one kept."""
    with Store(root) as store:
        gone = store.add_feed("https://gone.example/feed.xml", title="Gone")
        kept = store.add_feed("https://kept.example/feed.xml", title="Kept")
        text = " ".join(GONE_WORDS)
        store.save_stories(
            gone.id,
            [Story(id=f"g{n}", feed_id=gone.id, title=f"Gone {n}", text=text, published=NOW) for n in (1, 2)],
            now=NOW,
        )
        story = Story(id="k1", feed_id=kept.id, title="Kept", text="The velzz report.", published=NOW)
        store.save_stories(kept.id, [story], now=NOW)
    return "k1"


def found(home: Path, query: str) -> list[str]:
    proc = newsdesk(home, "search", query, "--json", "--limit", "0")
    assert proc.returncode == 0, proc.stderr
    return sorted(row["id"] for row in json.loads(proc.stdout))


def test_a_prefix_finds_the_stories_left_after_a_feed_is_removed(tmp_path: Path) -> None:
    kept = desk(tmp_path)
    assert found(tmp_path, "vel*") == ["g1", "g2"]  # the index is built and saved, velzz the least frequent
    proc = newsdesk(tmp_path, "remove", "Gone")
    assert proc.returncode == 0, proc.stderr
    assert found(tmp_path, "vel*") == [kept]  # it listed none
    with Store(tmp_path, readonly=True) as store:  # as the reader searches and marks the matches
        service = SearchService(store)
        service.open()
        assert service.index.stats()["dead"] == 2  # not compacted: the removed stories' postings are kept
        result = service.search("vel")
        assert result.ids == [kept]
        assert result.highlight("The velzz report.") == [(4, 9)]


def test_the_word_counts_are_those_of_the_stories_left(tmp_path: Path) -> None:
    """Removing and replacing documents keeps each word's document frequency that of the live documents, as a
    compaction or a fresh index counts it, over several segments and after a save and a load."""
    from collections import Counter

    from feeds.search.index import SearchDoc, SearchIndex
    from feeds.search.tokens import tokenize

    def doc(n: int, edit: int = 0) -> SearchDoc:
        words = " ".join(f"w{(n * 7 + k + edit) % 97}" for k in range(n % 11 + 1))
        return SearchDoc(f"d{n}", "f", "Feed", (), f"Title {n % 5}", f"{words} w{n}", "", NOW)

    index = SearchIndex()
    for start in range(0, 600, 150):  # several chunks: segments, merged as they come
        index.add([doc(n) for n in range(start, start + 150)])
    index.remove([f"d{n}" for n in range(0, 600, 6)])
    index.add([doc(n, edit=5) for n in range(1, 600, 10)])  # replaced: the old version's words go
    live = {n: doc(n, edit=5) if n % 10 == 1 else doc(n) for n in range(600) if n % 6}

    def counted(ix: SearchIndex) -> dict[str, int]:
        df = ix._vocab.df.view()
        return {word: int(df[gid]) for gid, word in enumerate(ix._vocab.terms) if df[gid]}

    expected = Counter(word for d in live.values() for word in set(tokenize(d.title) + tokenize(d.text)))
    assert index.stats()["dead"] == 160  # postings of removed documents kept: not compacted
    assert counted(index) == dict(expected)
    index.save(tmp_path / "search.idx")
    assert counted(SearchIndex.load(tmp_path / "search.idx")) == dict(expected)
    index.compact()
    assert index.stats()["dead"] == 0 and counted(index) == dict(expected)
