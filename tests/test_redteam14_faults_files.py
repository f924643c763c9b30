"""Red-team round 14: the process's limit of open files reached (``ulimit -n``) while the store saves.

A refresh of hundreds of feeds in a shell with a low limit had each feed it could not save fail with "could not
save 16 files (...): Too many open files", and a command that reached it elsewhere ended in "newsdesk: Too many
open files: .../feeds/parse.py": the system's words, which do not say that the limit is the shell's to raise,
nor what it is. Now: "too many files open at once (the limit, `ulimit -n`, is 26)". A real limit set in a child
process, real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHILD = """
import resource, sys
from pathlib import Path
from feeds.storage import StoreWriteError, atomic_write_bytes

resource.setrlimit(resource.RLIMIT_NOFILE, (26, 26))
held = []
try:
    while True:  # every descriptor taken, as by a refresh's connections and files
        held.append(open("/dev/null", "rb"))
except OSError:
    pass
try:
    atomic_write_bytes(Path(sys.argv[1]), b"{}")
except StoreWriteError as exc:
    print(exc)
else:
    print("saved")
"""


def test_a_save_at_the_open_files_limit_says_what_the_limit_is(tmp_path: Path) -> None:
    target = tmp_path / "feeds.json"
    target.write_bytes(b'{"feeds": {}}')
    child = [sys.executable, "-c", CHILD, str(target)]
    proc = subprocess.run(child, capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip()
    assert line.startswith("could not save feeds.json: too many files open at once"), line
    assert "(the limit, `ulimit -n`, is 26)" in line and line.endswith("the previous version is kept"), line
    assert target.read_bytes() == b'{"feeds": {}}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feeds.json"]
