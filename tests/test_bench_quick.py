"""The benchmark suite works: ``python -m tests.bench --quick`` runs every part and writes well-formed figures.

A smoke test of the suite, not of speed: nothing here looks at how fast anything was (speed is measured by the
suite itself, never asserted in tests). It runs the real command in a child process, as CI and the lead do.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["refresh", "startup", "story", "keys", "search", "related", "entities", "writes", "memory"]
#: Rows every run must have, whatever is built yet: the suite's promise to whoever reads the JSON.
EXPECTED_KEYS = {
    "refresh": {
        "refresh.fresh.newsdesk",
        "refresh.fresh.newsboat",
        "refresh.fresh.ratio",
        "refresh.unchanged.newsdesk",
        "refresh.unchanged.newsboat",
        "refresh.unchanged.ratio",
        "refresh.stored",
        "refresh.visible",
    },
    "startup": {
        "startup.small.newsdesk",
        "startup.small.newsboat",
        "startup.large.newsdesk",
        "startup.large.newsboat",
        "startup.feeds.newsdesk",
    },
    "story": {
        f"story.{shape}"
        for shape in (
            "short",
            "paragraphs",
            "one_paragraph",
            "short_paragraphs",
            "names",
            "chinese_one_paragraph",
        )
    },
    "keys": {"keys.feeds.newsdesk", "keys.feeds.highlight", "keys.feeds.cpu", "keys.stories.newsdesk"},
    "search": {"search.small.p50", "search.small.p95", "search.large.p50", "search.large.p95"},
    "related": {"related.large.median", "related.large.p95"},
    "entities": {"entities.tokens_per_s"},
    "writes": {
        f"writes.{op}.{tier}"
        for op in ("read", "bookmark", "unbookmark")
        for tier in ("tiny", "small", "large", "growth")
    },
    "memory": {"memory.large.peak_rss", "memory.large.first_start_rss"},
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def test_quick_run_writes_every_section_with_numbers(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["meta"]["quick"] is True
    assert list(data["sections"]) == PARTS
    newsboat_missing = shutil.which("newsboat") is None
    for name, section in data["sections"].items():
        assert section["error"] is None, f"{name}: {section['error']}"
        keys = {row["key"] for row in section["rows"]}
        assert keys == EXPECTED_KEYS[name], name
        assert section["title"] in proc.stdout  # the table shows the part
        for row in section["rows"]:
            value = row["value"]
            if _is_number(value) or value == "not built yet":
                continue
            # Only figures that need newsboat may be missing, and only when newsboat is.
            assert newsboat_missing and value == "not available" and "newsboat" in row["what"], row
    rows = {row["key"]: row for s in data["sections"].values() for row in s["rows"]}
    # The refresh stored every generated story and the reader showed them.
    assert rows["refresh.stored"]["met"] is True
    assert rows["refresh.stored"]["value"] == rows["refresh.stored"]["stories"]
    assert rows["refresh.visible"]["met"] is True
    # A quick run judges no budget (its sizes are below the budgets'), but says what each budget is.
    assert all(
        row["met"] is None for key, row in rows.items() if key not in ("refresh.stored", "refresh.visible")
    )
    assert rows["memory.large.peak_rss"]["budget"] == "<= 300 MB"
