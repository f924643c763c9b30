"""`newsdesk entity` as a user runs it (the installed command), on the demo feeds plus an aggregator's reprint of
the Starliner report: a duplicate group is one line marked ×N, as in the reader's pivot and `newsdesk related`, and
the count says the lines and the copies. Before, the report in three feeds was three unmarked lines among the five
stories naming Butch Wilmore."""

from __future__ import annotations

import json
from pathlib import Path

from tests import dupes_demo
from tests.test_cli import newsdesk
from tests.test_cli_related_dupes import SPLASHDOWN, STARLINER, ids_by_title

reprint_root, root = dupes_demo.reprint_root, dupes_demo.root
NAME = "Butch Wilmore"  # named by the report's three copies, the Crew-10 story and NASA's


def test_a_group_naming_the_entity_is_one_line_marked_with_its_copies(root: Path, tmp_path: Path) -> None:
    titles = ids_by_title(tmp_path, root)
    three = {i for title, ids in titles.items() if title.startswith((STARLINER, SPLASHDOWN)) for i in ids}
    assert len(three) == 3
    proc = newsdesk(tmp_path, "--data-dir", str(root), "entity", NAME, "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["stories"]
    assert len([row for row in rows if row["id"] in three]) == 1, rows  # before: three rows of the one report
    assert {"id", "feed_id", "title", "published", "copies", "other_copies"} == set(rows[0])
    (group,) = [row for row in rows if row["copies"] > 1]
    assert {group["id"], *group["other_copies"]} == three and group["copies"] == 3
    # Its line is its newest copy's, where the newest-first order puts the group.
    stories = json.loads(
        newsdesk(tmp_path, "--data-dir", str(root), "stories", "--limit", "0", "--json").stdout
    )
    copies = [story for story in stories if story["id"] in three]  # their dates in ISO form, UTC: they sort
    assert group["id"] == max(copies, key=lambda story: story["published"])["id"]
    assert len(rows) == 3 and all(
        row["copies"] == 1 and not row["other_copies"] for row in rows if row is not group
    )
    assert [row["published"] for row in rows] == sorted((row["published"] for row in rows), reverse=True)
    proc = newsdesk(tmp_path, "--data-dir", str(root), "entity", NAME)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line[:12] for line in lines] == [row["id"][:12] for row in rows]
    (marked,) = [line for line in lines if " ×" in line]
    assert marked.startswith(f"{group['id']} ") and marked.endswith(f"  {group['title']} ×3")  # id, age, feed
    assert proc.stderr.strip() == f"3 stories name {NAME} (5 with copies)"  # before: "5 stories name ..."


def test_a_name_without_copies_is_counted_as_before(root: Path, tmp_path: Path) -> None:
    proc = newsdesk(tmp_path, "--data-dir", str(root), "entity", "SpaceX", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["stories"]
    assert len(rows) == 2 and all(row["copies"] == 1 and row["other_copies"] == [] for row in rows)
    proc = newsdesk(tmp_path, "--data-dir", str(root), "entity", "SpaceX")
    assert proc.stderr.strip() == "2 stories name SpaceX" and " ×" not in proc.stdout
