"""What `newsdesk COMMAND --help` says is what the command does, on the bundled demo feeds (no network), run as
the installed command in a temporary data folder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import newsdesk


def _help(home: Path, *command: str) -> str:
    proc = newsdesk(home, *command, "--help")
    assert proc.returncode == 0, proc.stderr
    return " ".join(proc.stdout.split())


def test_search_help_says_the_json_follows_the_sort_and_the_sort_is_as_said(tmp_path: Path) -> None:
    """`--json` said "best first", and `--sort date` lists the newest first; `--sort` said only "result order",
    naming neither order nor the default."""
    said = _help(tmp_path, "search")
    assert "best first" not in said.split("--json", 2)[2].split("--limit")[0]
    assert "relevance (best first, the default) or date (newest first)" in said
    dated = newsdesk(tmp_path, "--demo", "search", "Trump", "--sort", "date", "--json", "--limit", "0")
    assert dated.returncode == 0, dated.stderr
    rows = json.loads(dated.stdout)
    assert len(rows) > 2 and [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["published"] for r in rows] == sorted((r["published"] for r in rows), reverse=True)


def test_entity_help_names_every_kind_of_name_it_answers_for(tmp_path: Path) -> None:
    """`entity` said "one person, organisation or place", and answers for the other names (MISC) too."""
    assert "every story naming one person, organisation, place or other name" in _help(tmp_path, "entity")
    proc = newsdesk(tmp_path, "--demo", "entity", "North Korean", "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["type"] == "MISC" and found["stories"], found
