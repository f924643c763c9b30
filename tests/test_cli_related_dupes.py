"""`newsdesk related` as a user runs it (the installed command), on the demo feeds plus an aggregator's reprint of
the Starliner report: a duplicate group is one line marked ×N, as in the reader's sidebar, and the story's own
copies are said once, on top. Before, the report in three feeds was three unmarked lines."""

from __future__ import annotations

import json
from pathlib import Path

from tests import dupes_demo
from tests.test_cli import newsdesk

reprint_root, root = dupes_demo.reprint_root, dupes_demo.root
CREW = "Crew-10 docks at the ISS"  # related to the Starliner report, in no group
STARLINER = "Stranded no more"  # the report's title in two feeds (the demo's outlet and the aggregator)
SPLASHDOWN = "Williams and Wilmore splash down"  # its third copy, under another outlet's title


def related(home: Path, root: Path, story_id: str, *json_flag: str) -> str:
    proc = newsdesk(home, "--data-dir", str(root), "related", story_id, *json_flag)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def ids_by_title(home: Path, root: Path) -> dict[str, list[str]]:
    proc = newsdesk(home, "--data-dir", str(root), "stories", "--limit", "0", "--json")
    titles: dict[str, list[str]] = {}
    for story in json.loads(proc.stdout):
        titles.setdefault(story["title"], []).append(story["id"])
    return titles


def test_a_related_group_is_one_line_marked_with_its_copies(root: Path, tmp_path: Path) -> None:
    titles = ids_by_title(tmp_path, root)
    (crew,) = next(ids for title, ids in titles.items() if title.startswith(CREW))
    three = {i for title, ids in titles.items() if title.startswith((STARLINER, SPLASHDOWN)) for i in ids}
    assert len(three) == 3
    rows = json.loads(related(tmp_path, root, crew, "--json"))["related"]
    assert len([row for row in rows if row["id"] in three]) == 1  # before: three rows of the one report
    assert {"id", "title", "feed_id", "score", "shared_entities", "shared_terms", "duplicate"} <= set(rows[0])
    groups = [row for row in rows if row["copies"] > 1]
    assert len(groups) == 1, rows
    (group,) = groups
    assert {group["id"], *group["other_copies"]} == three and len(group["other_copies"]) == 2
    assert not group["same_report"] and len(rows) >= 3
    text = related(tmp_path, root, crew).splitlines()
    (line,) = [line for line in text if line.startswith(group["id"][:12])]
    assert f"{group['title']} ×3  (shares " in line
    assert len(text) == len(rows) and sum(" ×" in line for line in text) == 1


def test_a_storys_own_copies_are_one_line_on_top_that_says_so(root: Path, tmp_path: Path) -> None:
    titles = ids_by_title(tmp_path, root)
    starliner = next(ids for title, ids in titles.items() if title.startswith(STARLINER))[0]
    rows = json.loads(related(tmp_path, root, starliner, "--json"))["related"]
    three = {i for title, ids in titles.items() if title.startswith((STARLINER, SPLASHDOWN)) for i in ids}
    assert [row["id"] in three for row in rows].count(True) == 1  # before: its two copies, two rows on top
    assert rows[0]["same_report"] and rows[0]["copies"] == 3 and rows[0]["id"] != starliner
    assert len(rows[0]["other_copies"]) == 1 and starliner not in rows[0]["other_copies"]
    assert {starliner, rows[0]["id"], *rows[0]["other_copies"]} == three
    assert not any(row["same_report"] for row in rows[1:]) and len(rows) >= 3
    text = related(tmp_path, root, starliner).splitlines()
    assert text[0].endswith("(the same report as this story; 2 copies)")
    assert " ×" not in text[0] and not any("same report" in line for line in text[1:])
