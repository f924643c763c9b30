"""A config file that is not one, given by mistake (`--config ~/Downloads/disk.img`, a `NEWSDESK_CONFIG` left
pointing at a log): it was read whole, whatever its size, before TOML refused its first line. A 1 GB file took
2.1 GB of memory and 6 s for `newsdesk feeds`, and a larger one could end every command in the out-of-memory
killer. A config is a few lines: at most 1 MB is read, and a larger file is refused as any unreadable config is
(defaults, no story purged, one line)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_cli import ROOT


def test_a_huge_file_given_as_the_config_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "disk.img"
    with big.open("wb") as fh:  # sparse: 4 GB on the way to the command, nothing on the disk
        fh.truncate(4 * 2**30)
    env = {**os.environ, "NEWSDESK_HOME": str(tmp_path / "home"), "NEWSDESK_CONFIG": str(big)}
    exe = Path(sys.executable).with_name("newsdesk")
    # Under a 1 GB address-space limit: reading the file whole cannot fit, reading 1 MB of it can.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{limit}; import os, sys; os.execv(sys.argv[1], sys.argv[1:])",
            str(exe),
            "feeds",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "config" in line]
    assert len(lines) == 1 and "Error" not in proc.stderr, proc.stderr
    assert f"the config file {big} is larger than 1 MB" in lines[0], lines[0]
    assert "no story is purged until it is fixed" in lines[0]


def test_a_config_of_a_few_lines_still_reads(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("# " + "x" * 100_000 + "\nretention_per_feed = 7\nbogus = 1\n")
    env = {**os.environ, "NEWSDESK_HOME": str(tmp_path / "home"), "NEWSDESK_CONFIG": str(config)}
    exe = Path(sys.executable).with_name("newsdesk")
    proc = subprocess.run([str(exe), "feeds"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0
    assert proc.stderr.splitlines()[0] == "newsdesk: config: unknown setting `bogus` (ignored)", proc.stderr
