"""What a fourth walk through the reader found on terminals and environments the earlier walks did not use: the
installed command in a pseudo-terminal of its own, as a user starts it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from feeds.store import Store
from tests.terminal import plain, read_until_exit
from tests.test_cli import newsdesk, one_line_error

ROOT = Path(__file__).resolve().parents[1]


def _in_a_terminal(home: Path, term: str, *args: str) -> tuple[int | None, str]:
    """The installed command run with ``TERM=term`` on a pseudo-terminal of 80x24 (standard input, output and
    error), until it exits or 30 s pass; its exit status (None: still running, then ended) and what it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    exe = Path(sys.executable).with_name("newsdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui.cli"]
    env = {
        **os.environ,
        "NEWSDESK_HOME": str(home),
        "NEWSDESK_CONFIG": str(home / "no-config.toml"),
        "TERM": term,
    }
    proc = subprocess.Popen([*cmd, *args], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    try:
        out = read_until_exit(proc, master, 30)
    finally:
        os.close(master)
        try:
            code: int | None = proc.wait(10)  # its terminal closed: the process is ending
        except subprocess.TimeoutExpired:
            code = None
            proc.kill()
            proc.wait(10)
    return code, out.decode("utf-8", "replace")


@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_a_terminal_that_cannot_draw_a_screen_is_told_so_in_one_line(tmp_path: Path, term: str) -> None:
    """With TERM=dumb (Emacs' M-x shell, a serial console) the reader started anyway: it wrote its screen as escape
    sequences in 24-bit colour and waited for keys. newsboat says "Error opening terminal: unknown." to TERM=unknown
    and writes no escape sequence to TERM=dumb."""
    code, out = _in_a_terminal(tmp_path, term, "--demo")
    assert code == 2, out
    assert "\x1b" not in out  # no screen was drawn, not even the switch to the alternate screen
    lines = plain(out.encode()).strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsdesk: the reader needs a terminal that can move its cursor"), lines
    assert f"TERM={term} cannot" in lines[0]
    assert not (tmp_path / "demo").exists()  # refused before anything was written


def test_a_command_still_runs_on_a_dumb_terminal(tmp_path: Path) -> None:
    """Only the reader needs to draw: the commands print lines, which any terminal shows."""
    code, out = _in_a_terminal(tmp_path, "dumb", "--demo", "stories", "--limit", "2")
    assert code == 0, out
    assert len(plain(out.encode()).strip().splitlines()) >= 2


def test_a_demo_command_reads_beside_the_demo_reader(tmp_path: Path) -> None:
    """With `newsdesk --demo` open in one terminal, `newsdesk --demo search Trump` (the README's own example) in a
    second said "another newsdesk is using the data folder", where the same command on the user's store reads
    beside the reader. A command that writes still waits its turn."""
    assert newsdesk(tmp_path, "--demo", "feeds").returncode == 0  # the demo set up, as the reader does first
    with Store(tmp_path / "demo"):  # the reader holds the demo's folder
        for args in (("search", "Trump", "--limit", "2"), ("stories", "--limit", "2"), ("feeds",)):
            proc = newsdesk(tmp_path, "--demo", *args)
            assert proc.returncode == 0, (args, proc.stderr)
            assert len(proc.stdout.splitlines()) >= 2, (args, proc.stdout)
        one_line_error(
            newsdesk(tmp_path, "--demo", "add", "--no-check", "https://a.example/rss"), 1, "another newsdesk"
        )
