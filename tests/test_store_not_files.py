"""Something else than a file where the store reads one (a named pipe, a folder, a device) is refused in one line,
without waiting on it: a named pipe called feeds.json made every command hang. The installed `newsdesk` command
runs on real data folders in tmp dirs; its ``timeout`` only bounds a hang (a failure), it measures nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.refresh import refresh
from feeds.store import Store

ROOT = Path(__file__).resolve().parents[1]
FEED = ROOT / "tests" / "fixtures" / "feeds" / "rss20.xml"
OPML = ROOT / "feeds" / "demo" / "default-feeds.opml"


def newsdesk(
    home: Path, *args: str, config: Path | None = None, stdin: Path | None = None
) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {
        **os.environ,
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_CONFIG": str(config or home / "no-config.toml"),
    }
    with open(stdin or os.devnull, "rb") as source:
        proc = subprocess.run([*cmd, *args], capture_output=True, env=env, cwd=ROOT, stdin=source, timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def refused(proc: subprocess.CompletedProcess[str], words: str) -> None:
    """Exit 1 with ``newsdesk: <words>`` as the only line on standard error."""
    assert "Traceback" not in proc.stderr
    assert (proc.returncode, proc.stderr.strip().splitlines()) == (1, [f"newsdesk: {words}"]), proc.stderr


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder with one refreshed feed, and a read mark (so it has every kind of file)."""
    root = tmp_path / "data"
    with Store(root) as store:
        refresh(store, [store.add_feed(str(FEED))])
        story = store.headers()[0]
        store.set_read([story.id])
        store.bookmark(story.id)
    return root


def one_of(folder: Path) -> Path:
    return next(folder.glob("*.json"))


@pytest.mark.parametrize("name", ["feeds.json", "bookmarks.json", "stories/*", "marks/*", "newsdesk.lock"])
@pytest.mark.parametrize("read_only", [False, True], ids=["writing", "read-only"])
def test_a_named_pipe_for_a_store_file_is_refused(home: Path, name: str, read_only: bool) -> None:
    path = one_of(home / name[:-2]) if name.endswith("/*") else home / name
    path.unlink()
    os.mkfifo(path)
    proc = newsdesk(home, *(["--read-only"] if read_only else []), "stories")
    if name == "newsdesk.lock" and read_only:  # a reader takes no lock: it never opens the file
        assert proc.returncode == 0, proc.stderr
        return
    refused(proc, f"{path} is a named pipe (FIFO), not a regular file")
    assert path.is_fifo()  # left as it was


def test_a_named_pipe_for_a_bodies_file_is_refused_when_the_story_is_shown(home: Path) -> None:
    with Store(home, readonly=True) as store:
        story = store.headers()[0]
    path = home / "bodies" / f"{story.feed_id}.json"
    path.unlink()
    os.mkfifo(path)
    refused(newsdesk(home, "show", story.id), f"{path} is a named pipe (FIFO), not a regular file")


def test_a_named_pipe_for_the_backup_of_a_damaged_file_is_refused(home: Path) -> None:
    (home / "feeds.json").write_bytes(b"{ half a docu")
    bak = home / "feeds.json.bak"
    bak.unlink()
    os.mkfifo(bak)
    refused(newsdesk(home, "feeds"), f"{bak} is a named pipe (FIFO), not a regular file")
    assert list(home.glob("feeds.json.damaged-*"))  # the damaged file was kept aside, as ever


@pytest.mark.parametrize(
    ("kind", "make"), [("a folder", os.mkdir), ("a device", lambda p: os.symlink("/dev/zero", p))]
)
def test_a_folder_or_a_device_for_feeds_json_is_refused(home: Path, kind: str, make: object) -> None:
    path = home / "feeds.json"
    path.unlink()
    make(path)  # type: ignore[operator]
    refused(newsdesk(home, "feeds"), f"{path} is {kind}, not a regular file")


def test_a_named_pipe_for_the_config_file(home: Path) -> None:
    """Found by itself (``$NEWSDESK_CONFIG``, the XDG path), it is passed over with the default settings; named
    with ``--config``, it is refused."""
    pipe = home.parent / "config.toml"
    os.mkfifo(pipe)
    found = newsdesk(home, "feeds", config=pipe)
    assert found.returncode == 0 and "Harbour & Hill Gazette" in found.stdout, found.stderr
    refused(
        newsdesk(home, "--config", str(pipe), "feeds"), f"{pipe} is a named pipe (FIFO), not a regular file"
    )


def test_an_import_reads_from_a_pipe(tmp_path: Path) -> None:
    """An import's source is named on its command line by the user, who may well mean a pipe (``/dev/stdin``,
    ``<(curl ...)``): it is read, up to the import's size cap, as before."""
    proc = newsdesk(tmp_path / "data", "import", "/dev/stdin", stdin=OPML)
    assert proc.returncode == 0 and proc.stdout.startswith("imported 14 feeds"), proc.stderr


def _misfit(home: Path, name: str, kind: str) -> Path:
    """Put ``kind`` where the index file ``name`` belongs: what ``file_kind`` calls it is returned with it."""
    (home / "index").mkdir(exist_ok=True)
    path = home / "index" / name
    path.unlink(missing_ok=True)
    {
        "a named pipe (FIFO)": os.mkfifo,
        "a folder": os.mkdir,
        "a device": lambda p: os.symlink("/dev/zero", p),
    }[kind](path)
    return path


#: A command that reads each index (a named pipe there held it for ever).
READS = {
    "search.idx": ("search", "storm"),
    "entities.json": ("entity", "More"),
    "related.npz": ("related", "STORY"),
    "related-pending.json": ("related", "STORY"),
}
KINDS = ["a named pipe (FIFO)", "a folder", "a device"]


def reads(home: Path, name: str) -> list[str]:
    with Store(home, readonly=True) as store:
        story = store.headers()[0].id
    return [story if arg == "STORY" else arg for arg in READS[name]]


def said(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The notices on standard error (a search counts its hits there too)."""
    return [line for line in proc.stderr.splitlines() if line.startswith("newsdesk:")]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(READS))
def test_a_misfit_among_the_indexes_is_moved_aside(home: Path, name: str, kind: str) -> None:
    """The indexes are derived data: the writer moves what stands in an index file's way aside, says so in one
    line, and answers from an index built again; it refused to start."""
    before = newsdesk(home, *reads(home, name)).stdout  # the index files are there, as after any use
    path = _misfit(home, name, kind)
    proc = newsdesk(home, *reads(home, name))
    assert (proc.returncode, proc.stdout) == (0, before), proc.stderr
    aside = path.with_name(f"{name}.not-a-file")
    assert said(proc) == [
        f"newsdesk: {path} is {kind}, not a regular file: moved aside to {aside.name}, its index is built again"
    ]
    assert os.path.lexists(aside) and (path.is_file() or not os.path.lexists(path))
    again = newsdesk(home, *reads(home, name))  # once: what is aside is never looked at again
    assert (again.returncode, said(again), again.stdout) == (0, [], proc.stdout)


@pytest.mark.parametrize("name", list(READS))
def test_a_reader_passes_over_a_named_pipe_among_the_indexes(home: Path, name: str) -> None:
    """A ``--read-only`` copy moves nothing: it answers without opening the pipe (its loaders refuse anything but
    a regular file without waiting on it), and says so in one line."""
    before = newsdesk(home, *reads(home, name)).stdout
    path = _misfit(home, name, "a named pipe (FIFO)")
    proc = newsdesk(home, "--read-only", *reads(home, name))
    assert (proc.returncode, proc.stdout) == (0, before), proc.stderr
    assert said(proc) == [
        f"newsdesk: {path} is a named pipe (FIFO), not a regular file: passed over, its index is built in memory"
    ]
    assert path.is_fifo()  # left as it was


def test_a_named_pipe_among_the_bodies_is_refused_at_start(home: Path) -> None:
    """Bodies are read when a story is opened, in the middle of the reader's work: the store looks at start."""
    path = one_of(home / "bodies")
    path.unlink()
    os.mkfifo(path)
    refused(newsdesk(home, "feeds"), f"{path} is a named pipe (FIFO), not a regular file")
