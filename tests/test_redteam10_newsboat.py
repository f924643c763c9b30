"""A newsboat cache whose dates are not numbers, imported with the installed command into a data folder in a
temporary directory. SQLite keeps whatever a column is given (an INTEGER column holds text too), so a cache
written by a script, a repair tool or another program can hold ``nan`` where newsboat writes Unix time."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import newsdesk
from tests.test_newsboat_cache import make_cache

FEED = "https://desk.example/feed.xml"


def test_a_date_that_is_no_number_dates_the_story_when_imported(tmp_path: Path) -> None:
    """``float("nan")`` passed for a date: the story was stored with no date at all, so every later command said
    "stories/….json has 1 damaged record(s); they are left out" and never listed it, though the import had
    counted it stored and bookmarked its flagged copy."""
    items = [
        {
            "guid": f"g{n}",
            "title": f"Item {n}",
            "url": f"https://desk.example/{n}",
            "feedurl": FEED,
            "pubDate": d,
        }
        for n, d in enumerate(["nan", "NaN", "-nan", 1704189600])
    ]
    cache = make_cache(tmp_path / "cache.db", [(FEED, "https://desk.example/", "Desk")], items)
    home = tmp_path / "data"
    done = newsdesk(home, "import", str(cache))
    assert done.returncode == 0, done.stderr
    listed = newsdesk(home, "stories")
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    assert sorted(line.rsplit(None, 2)[-2:] for line in listed.stdout.splitlines()) == [
        ["Item", str(n)] for n in range(4)
    ]
    assert "2024-01-02" in newsdesk(home, "show", listed.stdout.splitlines()[-1].split()[0]).stdout
