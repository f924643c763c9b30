"""Hostile subscription lists through the installed `newsdesk import`, into a real store in a temporary folder."""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

from feeds.opml import MAX_TAGS
from feeds.store import Store
from tests.test_cli_hostile import newsdesk_command, newsdesk_env

DEPTH = 100_000


def _limit_memory() -> None:
    """2 GB of address space, far more than an import needs: the old import asked for 23 GB, and the machine
    killed it (or, on a smaller one, something else) instead of it answering."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def test_a_list_of_a_hundred_thousand_nested_folders_imports_in_little_memory(tmp_path: Path) -> None:
    """Each folder level copied the folder names above it, for tags: a 2 MB file nesting 100,000 folders needed
    memory in the square of its depth. A feed takes the first :data:`MAX_TAGS` folders as its tags."""
    body = (
        "".join(f'<outline text="f{n}">' for n in range(DEPTH))
        + '<outline type="rss" text="Deep" xmlUrl="http://127.0.0.1:9/deep.xml"/>'
        + "</outline>" * DEPTH
        + '<outline type="rss" text="Shallow" xmlUrl="http://127.0.0.1:9/shallow.xml"/>'
    )
    opml = tmp_path / "deep.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{body}</body></opml>')
    proc = subprocess.run(
        [*newsdesk_command(), "import", str(opml)],
        capture_output=True,
        text=True,
        env=newsdesk_env(tmp_path),
        preexec_fn=_limit_memory,
        timeout=300,
    )
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-500:])
    assert "imported 2 feeds" in proc.stdout
    with Store(tmp_path, readonly=True) as store:
        tags = {f.name: f.tags for f in store.feeds()}
    assert tags == {"Deep": tuple(f"f{n}" for n in range(MAX_TAGS)), "Shallow": ()}


def test_a_category_of_a_hundred_thousand_tags_gives_a_feed_a_few(tmp_path: Path) -> None:
    categories = ",".join(f"c{n}" for n in range(DEPTH))
    opml = tmp_path / "tags.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="World">'
        f'<outline type="rss" text="Many" category="{categories}" xmlUrl="http://127.0.0.1:9/m.xml"/>'
        "</outline></body></opml>"
    )
    proc = subprocess.run(
        [*newsdesk_command(), "import", str(opml)], capture_output=True, text=True, env=newsdesk_env(tmp_path)
    )
    assert proc.returncode == 0, proc.stderr
    with Store(tmp_path, readonly=True) as store:
        [feed] = store.feeds()
    assert feed.tags == ("World", *(f"c{n}" for n in range(MAX_TAGS - 1)))
