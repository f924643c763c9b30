"""`newsdesk search`, run as a real process over a known store: text output, JSON in score order, hints, repair."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.model import Story
from feeds.store import Store
from tests.snapshot_apps.stores import NOW, build_store
from tests.test_cli import newsdesk, one_line_error


def known(home: Path) -> None:
    store, _ids = build_store(home)
    store.set_read(["atlas-2"])
    store.close()


def test_json_has_the_stories_fields_in_score_order(tmp_path: Path) -> None:
    known(tmp_path)
    proc = newsdesk(tmp_path, "search", "rail", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [r["id"] for r in out] == ["atlas-2"]
    row = out[0]
    assert row["feed"] == "Atlas Daily" and row["title"] == "Rail strike called off after overnight deal"
    assert row["read"] is True and row["bookmarked"] is False and row["rank"] == 1
    assert set(row) >= {"id", "feed_id", "feed", "title", "link", "author", "published", "read", "bookmarked"}
    both = json.loads(newsdesk(tmp_path, "search", "draft", "--json", "--sort", "date").stdout)
    published = [r["published"] for r in both]
    assert len(both) > 1 and published == sorted(published, reverse=True)
    assert [r["rank"] for r in both] == list(range(1, len(both) + 1))


def test_text_lines_limit_and_qualifiers(tmp_path: Path) -> None:
    known(tmp_path)
    proc = newsdesk(tmp_path, "search", "feed:kestrel", "--limit", "2")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 2 and all("Kestrel Ledger" in line for line in lines)
    assert "3 matching, 2 shown" in proc.stderr
    every = newsdesk(tmp_path, "search", "feed:kestrel", "--limit", "0")  # 0: all, as for `stories`
    assert len(every.stdout.strip().splitlines()) == 3 and "3 matching, 3 shown" in every.stderr
    unread = json.loads(newsdesk(tmp_path, "search", "is:read", "--json").stdout)
    assert [r["id"] for r in unread] == ["atlas-2"]


def test_a_malformed_query_searches_and_says_why(tmp_path: Path) -> None:
    known(tmp_path)
    proc = newsdesk(tmp_path, "search", 'title:"ferry')
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "unclosed quote" in proc.stderr
    assert "Ferry timetable" in proc.stdout


def test_a_stale_saved_index_is_repaired(tmp_path: Path) -> None:
    known(tmp_path)
    assert newsdesk(tmp_path, "search", "quokka", "--json").stdout.strip() == "[]"
    assert (tmp_path / "index" / "search.idx").is_file()
    with Store(tmp_path) as store:  # stories arrive behind the saved index's back
        feed = store.feeds()[0]
        story = Story(id="q-1", feed_id=feed.id, title="Quokka census", published=NOW, text="quokkas")
        store.save_stories(feed.id, [story], now=NOW)
    assert [r["id"] for r in json.loads(newsdesk(tmp_path, "search", "quokka", "--json").stdout)] == ["q-1"]


def test_a_negative_limit_is_a_user_error(tmp_path: Path) -> None:
    known(tmp_path)
    one_line_error(newsdesk(tmp_path, "search", "x", "--limit", "-1"), 2, "--limit")


def test_a_quoted_author_or_feed_is_whole_words(tmp_path: Path) -> None:
    """``author:"Reporter 3"`` listed Reporter 30 to 39 too: inside quotes each word matched as a prefix."""
    with Store(tmp_path) as store:
        for n in (3, 30, 39):
            feed = store.add_feed(f"http://127.0.0.1:9/{n}.xml", title=f"Metro {n}")
            story = Story(
                id=f"s{n}", feed_id=feed.id, title=f"Story {n}", author=f"Reporter {n}", published=NOW
            )
            store.save_stories(feed.id, [story], now=NOW)

    def found(query: str) -> list[str]:
        proc = newsdesk(tmp_path, "search", query, "--json")
        assert proc.returncode == 0, proc.stderr
        return sorted(r["id"] for r in json.loads(proc.stdout))

    assert found('author:"Reporter 3"') == ["s3"]
    assert found('feed:"Metro 3"') == ["s3"]
    assert found("author:reporter") == ["s3", "s30", "s39"]  # unquoted: the start of a name's word
