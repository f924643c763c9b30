"""What `newsdesk refresh` loads when every feed answers 304: nothing only a changed feed, another command or a
config file needs. Run in a fresh interpreter, as the command runs; its modules are read once it is done."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import feeds
from feeds.fetch import USER_AGENT
from tests import httpserver
from tests.feedgen import make_feed
from tests.httpserver import FeedServer
from tests.test_cli import fresh_run, newsdesk

ROOT = Path(__file__).resolve().parent.parent
feed_server = httpserver.feed_server

#: Each was loaded by every refresh: importlib.metadata for the User-Agent's version, multiprocessing for the
#: parse pool (made at the first body), feeds.bookmarks (and the html module) by the bookmark commands' module,
#: tomllib for a config file there was none of, feeds.fetch_tail (a large body's newest items) by the HTTP path.
LATER = ("importlib.metadata", "multiprocessing", "feeds.bookmarks", "html", "tomllib", "feeds.fetch_tail")

_REFRESH_AND_MODULES = f"""
import sys
from tui.cli import main
code = main(["refresh"])
print("loaded", *sorted(m for m in {LATER!r} if m in sys.modules), file=sys.stderr)
sys.exit(code)
"""


def _refresh(home: Path, config: Path) -> tuple[str, list[str]]:
    return fresh_run(home, _REFRESH_AND_MODULES, "loaded", config)


def test_a_refresh_where_every_feed_answers_304_loads_only_what_it_uses(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    home = tmp_path / "home"
    paths = [f"/f{n}.xml" for n in range(6)]
    for n, path in enumerate(paths):
        feed_server[path] = make_feed(n, 5)
        assert newsdesk(home, "add", feed_server.url(path), "--no-check").returncode == 0
    assert newsdesk(home, "refresh").returncode == 0  # every feed's validators kept
    out, loaded = _refresh(home, home / "no-config.toml")
    assert out.count(": 0 new, 0 updated") == len(paths), out
    assert loaded == []
    # A config file is still read, with its parser: a retention of one story a feed purges the others.
    config = tmp_path / "config.toml"
    config.write_text("retention_per_feed = 1\n", encoding="utf-8")
    out, loaded = _refresh(home, config)
    assert out.count(": 0 new, 0 updated") == len(paths), out
    assert loaded == ["tomllib"]
    listed = newsdesk(home, "stories", "--limit", "0", "--json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"feed_id"') == len(paths), listed.stdout[:2000]


def test_the_user_agent_names_the_version_the_package_is_installed_as() -> None:
    # Read from a constant, not looked up in the installed metadata on every refresh: the two must agree.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert feeds.VERSION == project["version"] == metadata.version("newsdesk")
    assert USER_AGENT.split()[0] == "newsdesk/" + feeds.VERSION


#: The command as the console script runs it (``main()`` with no arguments: the process is the command's), and how
#: many objects were left out of the collector's passes when the interpreter shut down.
_COMMAND_AND_FROZEN = """
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["newsdesk", *sys.argv[1:]]
from tui.cli import main
sys.exit(main())
"""


def test_the_command_shuts_down_without_walking_its_objects_again(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    # The collector's passes at shutdown walked every object of the imports, to free nothing that matters: about a
    # tenth of the CPU of a refresh where every feed answers 304. What the command printed and saved is all there.
    home = tmp_path / "home"
    feed_server["/f.xml"] = make_feed(1, 5)
    assert newsdesk(home, "add", feed_server.url("/f.xml"), "--no-check").returncode == 0
    env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_CONFIG": str(home / "no-config.toml")}
    for expected in (": 5 new, 0 updated", ": 0 new, 0 updated"):
        run = subprocess.run(
            [sys.executable, "-c", _COMMAND_AND_FROZEN, "refresh"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        assert expected in run.stdout, run.stdout
        frozen = [line for line in run.stderr.splitlines() if line.startswith("frozen ")]
        assert int(frozen[-1].split()[1]) > 10_000, run.stderr
    listed = newsdesk(home, "stories", "--limit", "0", "--json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"feed_id"') == 5, listed.stdout[:2000]
